/**
 * Pengumuman (config:write): the notices residents read on the public status page (`/status`) —
 * list, publish (announcement or planned maintenance, affected services, WITA start/end), add an
 * update, close. Every change is audited by the server.
 */
import { useState } from 'react';
import { noticePhase } from '../../../shared/schemas/notice.js';
import { formatDateTimeWita } from '../../i18n/format.js';
import { t } from '../../i18n/index.js';
import {
  createNotice,
  isoToWitaInput,
  listNotices,
  patchNotice,
  witaInputToIso,
  type NoticeRow,
} from './configApi.js';
import { headline, localError, toFormError, type FormError, type Issue } from './errors.js';
import { useServices } from './lookups.js';
import {
  ConfigForm,
  ConfigTable,
  ConfirmButton,
  Field,
  LoadState,
  Panel,
  RowStatus,
  SelectField,
  TextField,
  useAction,
  useResource,
  useRowAction,
} from './ui.js';

const FIELDS = ['title', 'body', 'kind', 'serviceIds', 'startsAt', 'endsAt'] as const;
const label = (f: string): string | undefined =>
  (FIELDS as readonly string[]).includes(f) ? t(`cfg.notice.${f as (typeof FIELDS)[number]}`) : undefined;

function UpdateBox({ n, onDone }: { n: NoticeRow; onDone: () => void }) {
  const [text, setText] = useState('');
  const action = useRowAction();
  return (
    <form
      className="cfg-inline-form cfg-notice-update"
      onSubmit={(e) => {
        e.preventDefault();
        if (!text.trim()) return;
        action.run(async () => {
          await patchNotice(n.id, { update: text.trim(), expectedVersion: n.version });
          setText('');
          onDone();
          return t('cfg.notice.updated');
        });
      }}
    >
      <input
        className="cfg-small-input"
        aria-label={t('cfg.notice.update')}
        value={text}
        maxLength={2000}
        onChange={(e) => setText(e.target.value)}
        data-testid="notice-update-text"
      />
      <button
        type="submit"
        className="btn"
        disabled={action.busy || !text.trim()}
        data-testid="notice-update"
      >
        {t('cfg.notice.addUpdate')}
      </button>
      <RowStatus action={action} />
    </form>
  );
}

export function NoticesSection() {
  const notices = useResource(listNotices, 'notices');
  const services = useServices();
  const action = useRowAction();
  const now = new Date().toISOString();
  const close = (n: NoticeRow): void => {
    action.run(async () => {
      await patchNotice(n.id, { status: 'closed', expectedVersion: n.version });
      notices.reload();
      return t('cfg.notice.closed');
    });
  };
  const names = new Map((services.data ?? []).map((s) => [s.id, s.name]));
  return (
    <>
      <Panel title={t('cfg.section.notices')} testId="cfg-notices">
        <p className="cfg-hint">
          {t('cfg.notice.help')}{' '}
          <a href="/status" target="_blank" rel="noreferrer">
            /status
          </a>
        </p>
        <LoadState resource={notices} errorText={headline} />
        <RowStatus action={action} />
        {notices.data && !notices.data.length ? <p className="panel__empty">{t('cfg.empty')}</p> : null}
        {notices.data?.length ? (
          <ConfigTable
            testId="notices-table"
            caption={t('cfg.section.notices')}
            columns={[t('cfg.notice.title'), t('cfg.notice.when'), t('cfg.notice.phase'), t('col.actions')]}
          >
            {notices.data.map((n) => {
              const phase = noticePhase(n, now);
              return (
                <tr key={n.id} data-testid="notice-row">
                  <td>
                    <strong>{n.title}</strong>
                    <div className="cfg-hint">
                      {t(`cfg.notice.kind.${n.kind}`)}
                      {n.serviceIds.length
                        ? ` · ${n.serviceIds.map((id) => names.get(id) ?? id).join(', ')}`
                        : ''}
                    </div>
                    {n.updates.length ? (
                      <ul className="cfg-hint">
                        {n.updates.map((u) => (
                          <li key={u.at}>
                            {formatDateTimeWita(u.at)} — {u.body}
                          </li>
                        ))}
                      </ul>
                    ) : null}
                    {n.status === 'active' ? <UpdateBox n={n} onDone={notices.reload} /> : null}
                  </td>
                  <td>
                    {formatDateTimeWita(n.startsAt)}
                    {n.endsAt ? ` – ${formatDateTimeWita(n.endsAt)}` : ''}
                  </td>
                  <td>{t(`cfg.notice.phase.${phase}`)}</td>
                  <td>
                    {n.status === 'active' ? (
                      <ConfirmButton
                        label={t('cfg.notice.close')}
                        confirmLabel={t('cfg.notice.closeConfirm')}
                        what={n.title}
                        testId="notice-close"
                        disabled={action.busy}
                        onConfirm={() => close(n)}
                      />
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </ConfigTable>
        ) : null}
      </Panel>
      <NewNotice services={services.data ?? []} onCreated={notices.reload} />
    </>
  );
}

function NewNotice({
  services,
  onCreated,
}: {
  services: readonly { id: string; name: string }[];
  onCreated: () => void;
}) {
  const [kind, setKind] = useState<'announcement' | 'maintenance'>('announcement');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [serviceIds, setServiceIds] = useState<string[]>([]);
  const [startsAt, setStartsAt] = useState(() => isoToWitaInput(Date.now()));
  const [endsAt, setEndsAt] = useState('');
  const [error, setError] = useState<FormError | null>(null);
  const action = useAction();

  const submit = (): void => {
    setError(null);
    const issues: Issue[] = [];
    if (!title.trim()) issues.push({ path: ['title'], message: t('cfg.notice.titleRequired') });
    const s = witaInputToIso(startsAt);
    const e = endsAt ? witaInputToIso(endsAt) : null;
    if (!s) issues.push({ path: ['startsAt'], message: t('cfg.silence.endRequired') });
    if (s && e && e <= s) issues.push({ path: ['endsAt'], message: t('cfg.mw.endAfterStart') });
    if (issues.length) {
      setError(localError(issues, FIELDS, label));
      return;
    }
    void action.run(
      async () => {
        await createNotice({ kind, title: title.trim(), body, serviceIds, startsAt: s, endsAt: e });
        setTitle('');
        setBody('');
        setServiceIds([]);
        onCreated();
        return t('cfg.notice.created');
      },
      (err) => setError(toFormError(err, FIELDS, label)),
    );
  };

  return (
    <Panel title={t('cfg.notice.new')} testId="cfg-notices-new">
      <ConfigForm
        testId="notice-form"
        onSubmit={submit}
        error={error}
        busy={action.busy}
        submitLabel={t('cfg.notice.create')}
        submitTestId="notice-create"
        notice={action.notice}
      >
        <div className="cfg-grid">
          <SelectField
            label={t('cfg.notice.kind')}
            name="kind"
            value={kind}
            onChange={(v) => setKind(v === 'maintenance' ? 'maintenance' : 'announcement')}
            options={[
              { value: 'announcement', label: t('cfg.notice.kind.announcement') },
              { value: 'maintenance', label: t('cfg.notice.kind.maintenance') },
            ]}
          />
          <TextField
            label={t('cfg.notice.title')}
            name="title"
            value={title}
            onChange={setTitle}
            error={error}
            required
          />
          <TextField
            label={t('cfg.notice.startsAt')}
            name="startsAt"
            type="datetime-local"
            value={startsAt}
            onChange={setStartsAt}
            error={error}
            required
            hint={t('cfg.witaHint')}
          />
          <TextField
            label={t('cfg.notice.endsAt')}
            name="endsAt"
            type="datetime-local"
            value={endsAt}
            onChange={setEndsAt}
            error={error}
            hint={t('cfg.witaHint')}
          />
        </div>
        <Field label={t('cfg.notice.body')} name="body" error={error}>
          {({ id, describedBy, invalid }) => (
            <textarea
              id={id}
              name="body"
              rows={4}
              maxLength={2000}
              value={body}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              onChange={(e) => setBody(e.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('cfg.notice.serviceIds')}
          name="serviceIds"
          error={error}
          hint={t('cfg.notice.servicesHint')}
        >
          {({ id, describedBy }) => (
            <select
              id={id}
              name="serviceIds"
              multiple
              size={6}
              value={serviceIds}
              aria-describedby={describedBy}
              onChange={(e) => setServiceIds([...e.target.selectedOptions].map((o) => o.value))}
            >
              {services.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          )}
        </Field>
      </ConfigForm>
    </Panel>
  );
}
