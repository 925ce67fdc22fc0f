/** Agencies (config:write): list, add/edit, delete (refused with the reasons while services or users name it). */
import { useState } from 'react';
import { t } from '../../i18n/index.js';
import { ApiError } from '../../live/api.js';
import { deleteAgency, listKecamatan } from './configApi.js';
import type { Agency } from '../../../shared/schemas/index.js';
import { headline, toFormError } from './errors.js';
import { useAgencies } from './lookups.js';
import { AgencyForm, EMPTY, formOf, type Form } from './AgencyForm.js';
import {
  ConfigTable,
  DeleteButton,
  EditButton,
  LoadState,
  Notice,
  Panel,
  useAction,
  useResource,
} from './ui.js';

export function AgenciesSection() {
  const agencies = useAgencies();
  const kecamatan = useResource(listKecamatan, 'kecamatan');
  const [editing, setEditing] = useState<{ isNew: boolean; form: Form } | null>(null);
  const action = useAction();
  const [rowError, setRowError] = useState<{ message: string; issues: string[] } | null>(null);

  const remove = (a: Agency): void => {
    setRowError(null);
    void action.run(
      async () => {
        await deleteAgency(a.id);
        agencies.reload();
        return t('cfg.agency.deleted', { name: a.shortName });
      },
      (e) => {
        if (e instanceof ApiError && e.code === 'in_use') {
          const f = toFormError(e, [], (p) =>
            p === 'services'
              ? t('cfg.section.services')
              : p === 'users'
                ? t('cfg.section.users')
                : p === 'routing'
                  ? t('cfg.agency.routing')
                  : undefined,
          );
          setRowError({ message: t('cfg.agency.inUse', { name: a.shortName }), issues: f.other });
        } else setRowError({ message: headline(e), issues: [] });
      },
    );
  };

  const kecOptions = [
    { value: '', label: t('cfg.none') },
    ...(kecamatan.data ?? []).map((k) => ({ value: k.code, label: `${k.name} (${k.code})` })),
  ];
  const kecName = (code: string | undefined): string =>
    code ? (kecamatan.data?.find((k) => k.code === code)?.name ?? code) : '—';

  return (
    <Panel
      title={t('cfg.section.agencies')}
      testId="cfg-agencies"
      actions={
        <button
          type="button"
          className="btn btn--small btn--primary"
          data-testid="agency-add"
          onClick={() => setEditing({ isNew: true, form: EMPTY })}
        >
          {t('cfg.agency.add')}
        </button>
      }
    >
      <LoadState resource={agencies} errorText={headline} />
      <Notice text={action.notice} />
      {rowError ? (
        <div className="error-text" role="alert" data-testid="agency-delete-error">
          <p>{rowError.message}</p>
          {rowError.issues.length ? (
            <ul>
              {rowError.issues.map((m, i) => (
                <li key={i}>{m}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {editing ? (
        <AgencyForm
          key={editing.isNew ? 'new' : editing.form.id}
          initial={editing.form}
          isNew={editing.isNew}
          kecamatan={kecOptions}
          onCancel={() => setEditing(null)}
          onSaved={(name) => {
            setEditing(null);
            agencies.reload();
            action.setNotice(t('cfg.agency.saved', { name }));
          }}
        />
      ) : null}
      {agencies.data ? (
        <ConfigTable
          testId="agencies-table"
          caption={t('cfg.section.agencies')}
          columns={[
            t('cfg.agency.id'),
            t('cfg.agency.shortName'),
            t('cfg.agency.name'),
            t('cfg.agency.kind'),
            t('cfg.agency.kecamatanCode'),
            t('cfg.agency.location'),
            t('col.actions'),
          ]}
        >
          {agencies.data.map((a) => (
            <tr key={a.id} data-testid="agency-row" data-id={a.id}>
              <td>
                <code>{a.id}</code>
              </td>
              <td>{a.shortName}</td>
              <td>
                {a.name}
                {a.verified ? null : <span className="muted"> · {t('cfg.agency.unverified')}</span>}
              </td>
              <td>{t(`cfg.agency.kind.${a.kind}`)}</td>
              <td>{kecName(a.kecamatanCode)}</td>
              <td className="cfg-num">
                {a.location[1].toFixed(4)}, {a.location[0].toFixed(4)}
                {a.approximate ? <span className="muted"> ≈</span> : null}
              </td>
              <td className="cfg-row-actions">
                <EditButton
                  what={a.shortName}
                  testId="agency-edit"
                  onClick={() => setEditing({ isNew: false, form: formOf(a) })}
                />
                <DeleteButton
                  what={a.shortName}
                  testId="agency-delete"
                  disabled={action.busy}
                  onConfirm={() => remove(a)}
                />
              </td>
            </tr>
          ))}
        </ConfigTable>
      ) : null}
    </Panel>
  );
}
