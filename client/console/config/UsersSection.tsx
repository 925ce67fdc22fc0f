/** Users (admin): list, create, change role/agency/password/disabled/name/contacts, delete. */
import { useState } from 'react';
import { formatDateTimeWita } from '../../i18n/format.js';
import { t } from '../../i18n/index.js';
import type { SessionUser } from '../../live/api.js';
import type { User } from '../../../shared/schemas/index.js';
import { ContactLinks } from '../../components/ContactLinks.js';
import { deleteUser, listUsers } from './configApi.js';
import { headline } from './errors.js';
import { agencyName, agencyOptions, useAgencies } from './lookups.js';
import { EditUser, NewUser } from './UserForms.js';
import {
  ConfigTable,
  DeleteButton,
  EditButton,
  LoadState,
  Panel,
  RowStatus,
  useResource,
  useRowAction,
} from './ui.js';

export function UsersSection({ me }: { me: SessionUser }) {
  const users = useResource(listUsers, 'users');
  const agencies = useAgencies();
  const [editing, setEditing] = useState<string | null>(null);
  const action = useRowAction();

  const remove = (u: User): void => {
    action.run(async () => {
      await deleteUser(u.id);
      users.reload();
      return t('cfg.users.deleted', { name: u.username });
    });
  };

  return (
    <>
      <Panel title={t('cfg.section.users')} testId="cfg-users">
        <LoadState resource={users} errorText={headline} />
        <RowStatus action={action} />
        {users.data ? (
          <ConfigTable
            testId="users-table"
            caption={t('cfg.section.users')}
            columns={[
              t('cfg.users.username'),
              t('cfg.users.role'),
              t('cfg.users.agencyId'),
              t('contact.nameAndContacts'),
              t('col.created'),
              t('col.status'),
              t('col.actions'),
            ]}
          >
            {users.data.map((u) => (
              <tr key={u.id} data-testid="user-row" data-username={u.username}>
                <td>{u.username}</td>
                <td>{t(`role.${u.role}`)}</td>
                <td>{u.role === 'liaison' || u.agencyId ? agencyName(agencies.data, u.agencyId) : '—'}</td>
                <td data-testid="user-contacts">
                  {u.displayName ? <div>{u.displayName}</div> : null}
                  <ContactLinks contacts={u.contacts} name={u.displayName ?? u.username} sayNone />
                </td>
                <td>{formatDateTimeWita(u.createdAt)}</td>
                <td>{u.disabled ? t('cfg.users.isDisabled') : t('cfg.users.isActive')}</td>
                <td className="cfg-row-actions">
                  <EditButton
                    what={u.username}
                    aria-expanded={editing === u.id}
                    onClick={() => setEditing(editing === u.id ? null : u.id)}
                  />
                  <DeleteButton
                    what={u.username}
                    testId="user-delete"
                    disabled={action.busy || u.id === me.id}
                    onConfirm={() => remove(u)}
                  />
                </td>
              </tr>
            ))}
          </ConfigTable>
        ) : null}
        {editing && users.data?.find((u) => u.id === editing) ? (
          <EditUser
            key={editing}
            user={users.data.find((u) => u.id === editing) as User}
            agencies={agencyOptions(agencies.data, t('cfg.none'))}
            onSaved={(name) => {
              setEditing(null);
              users.reload();
              action.setNotice(t('cfg.users.updated', { name }));
            }}
            onCancel={() => setEditing(null)}
          />
        ) : null}
      </Panel>
      <NewUser agencies={agencyOptions(agencies.data)} onCreated={users.reload} />
    </>
  );
}
