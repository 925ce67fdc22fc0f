/**
 * Stored configuration the server left out because it fails its schema (an older version's or a
 * hand edit): shown above every settings section with the reason, so an admin can remove it here
 * or fix it by saving the entry again in its own section.
 */
import { t } from '../../i18n/index.js';
import { listInvalidEntries, removeInvalidEntry, type InvalidEntryRow } from './configApi.js';
import { DeleteButton, RowStatus, useResource, useRowAction } from './ui.js';

const KINDS = {
  service: 'cfg.invalid.kind.service',
  agency: 'cfg.invalid.kind.agency',
  'escalation-policy': 'cfg.invalid.kind.escalation-policy',
  maintenance: 'cfg.invalid.kind.maintenance',
  'notification-channel': 'cfg.invalid.kind.notification-channel',
} as const;
const kindName = (kind: string): string => (kind in KINDS ? t(KINDS[kind as keyof typeof KINDS]) : kind);

export function InvalidEntries() {
  const entries = useResource(listInvalidEntries, 'invalid');
  const action = useRowAction();
  const list = entries.data ?? [];
  if (list.length === 0 && !action.notice) return null;
  const remove = (e: InvalidEntryRow) =>
    action.run(async () => {
      await removeInvalidEntry(e);
      entries.reload();
      return t('cfg.invalid.removed', { id: e.id });
    });
  return (
    <section
      className="cfg-invalid"
      role="alert"
      data-testid="cfg-invalid"
      aria-labelledby="cfg-invalid-title"
    >
      <h2 id="cfg-invalid-title">⚠ {t('cfg.invalid.title', { n: list.length })}</h2>
      <p>{t('cfg.invalid.hint')}</p>
      <RowStatus action={action} />
      <ul>
        {list.map((e) => (
          <li key={`${e.kind}:${e.id}`} data-testid={`cfg-invalid-${e.kind}-${e.id}`}>
            <strong>
              {kindName(e.kind)} <code>{e.id}</code>
            </strong>
            <span className="cfg-invalid__message">{e.message}</span>
            <DeleteButton
              what={`${e.kind} ${e.id}`}
              testId={`cfg-invalid-delete-${e.kind}-${e.id}`}
              disabled={action.busy}
              onConfirm={() => remove(e)}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}
