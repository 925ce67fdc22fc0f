/**
 * Wall displays (admin, supervisor): list with where each wall was last seen (online dot, WITA time,
 * how long ago, server instance), what it shows; create (the wall URL with its token shown once),
 * edit what its wall shows (applied to the open wall at once), revoke.
 */
import { useEffect, useState } from 'react';
import { formatAge, formatDateTimeWita } from '../../i18n/format.js';
import { t } from '../../i18n/index.js';
import type { Display } from '../../../shared/schemas/index.js';
import { createDisplay, listDisplays, revokeDisplay } from './configApi.js';
import { DisplayForm, VIEW_LABEL } from './DisplayForm.js';
import { toFormError, type FormError } from './errors.js';
import { NewCredential } from './KeysSection.js';
import {
  ConfigList,
  ConfirmButton,
  EditButton,
  ListPanel,
  useAction,
  useResource,
  useRowAction,
} from './ui.js';

const FIELDS = ['name'] as const;
/** How often the list is read again, so the online dots and "last seen" stay current. */
const REFRESH_MS = 30_000;

export function DisplaysSection() {
  const displays = useResource(listDisplays, 'displays');
  const action = useRowAction();
  const [editing, setEditing] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<FormError | null>(null);
  const create = useAction();
  const { reload } = displays;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const id = setInterval(() => {
      setNow(Date.now());
      reload();
    }, REFRESH_MS);
    return () => clearInterval(id);
  }, [reload]);

  const revoke = (d: Display): void => {
    action.run(async () => {
      await revokeDisplay(d.id);
      displays.reload();
      return t('cfg.displays.revoked', { name: d.name });
    });
  };
  const submit = (): void => {
    setError(null);
    void create.run(
      async () => {
        const made = await createDisplay(name.trim());
        setUrl(made.url);
        setName('');
        displays.reload();
        return t('cfg.displays.created', { name: name.trim() });
      },
      (e) => setError(toFormError(e, FIELDS, () => t('cfg.name'))),
    );
  };
  const edited = editing ? displays.data?.find((d) => d.id === editing) : undefined;

  return (
    <>
      <ListPanel
        title={t('cfg.section.displays')}
        testId="cfg-displays"
        hint={t('cfg.displays.help')}
        resource={displays}
        action={action}
      >
        {displays.data ? (
          <DisplayTable
            rows={displays.data}
            now={now}
            busy={action.busy}
            editing={editing}
            onEdit={(d) => setEditing(editing === d.id ? null : d.id)}
            onRevoke={revoke}
          />
        ) : null}
        {edited && !edited.revokedAt ? (
          <DisplayForm
            key={edited.id}
            display={edited}
            onSaved={(saved) => {
              setEditing(null);
              displays.reload();
              action.setNotice(t('cfg.displays.updated', { name: saved }));
            }}
            onCancel={() => setEditing(null)}
          />
        ) : null}
      </ListPanel>
      <NewCredential
        kind="display"
        title={t('cfg.displays.new')}
        secret={
          url
            ? {
                label: t('cfg.displays.url'),
                value: url,
                warning: t('cfg.displays.urlWarning'),
                testId: 'display-url',
              }
            : null
        }
        onSecretDone={() => setUrl(null)}
        name={name}
        onName={setName}
        nameHint={t('cfg.displays.nameHint')}
        error={error}
        busy={create.busy}
        notice={create.notice}
        onSubmit={submit}
        submitLabel={t('cfg.displays.create')}
      />
    </>
  );
}

type TableProps = {
  rows: Display[];
  now: number;
  busy: boolean;
  editing: string | null;
  onEdit: (d: Display) => void;
  onRevoke: (d: Display) => void;
};

function DisplayTable({ rows, now, busy, editing, onEdit, onRevoke }: TableProps) {
  return (
    <ConfigList
      rows={rows}
      testId="displays-table"
      caption={t('cfg.section.displays')}
      columns={[
        t('cfg.name'),
        t('col.status'),
        t('cfg.displays.lastSeen'),
        t('cfg.displays.instance'),
        t('cfg.displays.shows'),
        t('col.created'),
        t('col.actions'),
      ]}
    >
      {(d) => (
        <tr
          key={d.id}
          data-testid="displays-row"
          data-name={d.name}
          data-online={d.online ? 'true' : 'false'}
        >
          <td>{d.name}</td>
          <td>
            {d.revokedAt ? (
              t('cfg.revokedAt', { at: formatDateTimeWita(d.revokedAt) })
            ) : (
              <span className="cfg-presence">
                <span
                  className={`cfg-dot${d.online ? ' cfg-dot--on' : ''}`}
                  aria-hidden="true"
                  data-testid="display-dot"
                />
                {d.online
                  ? t('cfg.displays.online')
                  : d.lastSeenAt
                    ? t('cfg.displays.offline')
                    : t('cfg.displays.neverSeen')}
              </span>
            )}
          </td>
          <td data-testid="display-last-seen">
            {d.lastSeenAt ? (
              <>
                {formatDateTimeWita(d.lastSeenAt)}{' '}
                <span className="cfg-hint">
                  ({t('live.ago', { age: formatAge(now - Date.parse(d.lastSeenAt)) })})
                </span>
              </>
            ) : (
              '—'
            )}
          </td>
          <td data-testid="display-instance">{d.instance ? <code>{d.instance}</code> : '—'}</td>
          <td data-testid="display-shows">
            {d.config
              ? t('cfg.displays.summary', {
                  views: d.config.views.map((v) => t(VIEW_LABEL[v])).join(', '),
                  seconds: d.config.rotateSeconds,
                  language: t(`cfg.displays.lang.${d.config.language}`),
                })
              : t('cfg.displays.urlParams')}
          </td>
          <td>{formatDateTimeWita(d.createdAt)}</td>
          <td className="cfg-row-actions">
            {d.revokedAt ? null : (
              <>
                <EditButton
                  what={d.name}
                  testId="displays-edit"
                  aria-expanded={editing === d.id}
                  disabled={busy}
                  onClick={() => onEdit(d)}
                />
                <ConfirmButton
                  label={t('cfg.revoke')}
                  confirmLabel={t('cfg.confirmRevoke')}
                  what={d.name}
                  testId="displays-revoke"
                  disabled={busy}
                  onConfirm={() => onRevoke(d)}
                />
              </>
            )}
          </td>
        </tr>
      )}
    </ConfigList>
  );
}
