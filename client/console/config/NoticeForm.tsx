/**
 * The notice form: publish a new notice, or change one (kind, title, text, affected services, WITA
 * start and end). A change sends only the fields edited, with the version the form started from: a
 * notice changed elsewhere meanwhile answers 409, shown with the newer version to load.
 */
import { useState } from 'react';
import { MAX_NOTE_LENGTH } from '../../../shared/limits.js';
import { NoticeSchema, type Notice } from '../../../shared/schemas/notice.js';
import { formatDateTimeWita } from '../../i18n/format.js';
import { t } from '../../i18n/index.js';
import { ApiError } from '../../live/api.js';
import { createNotice, isoToWitaInput, patchNotice, witaInputToIso } from './configApi.js';
import { localError, toFormError, type FormError, type Issue } from './errors.js';
import { ConfigForm, Field, SelectField, TextField, useAction } from './ui.js';

const FIELDS = ['title', 'body', 'kind', 'serviceIds', 'startsAt', 'endsAt'] as const;
const label = (f: string): string | undefined =>
  (FIELDS as readonly string[]).includes(f) ? t(`cfg.notice.${f as (typeof FIELDS)[number]}`) : undefined;

type Kind = Notice['kind'];

/** What the form holds: times as typed in WITA (`YYYY-MM-DDTHH:MM`, end empty for none). */
type Draft = {
  kind: Kind;
  title: string;
  body: string;
  serviceIds: string[];
  startsAt: string;
  endsAt: string;
};

const draftOf = (n: Notice): Draft => ({
  kind: n.kind,
  title: n.title,
  body: n.body,
  serviceIds: n.serviceIds,
  startsAt: isoToWitaInput(Date.parse(n.startsAt)),
  endsAt: n.endsAt ? isoToWitaInput(Date.parse(n.endsAt)) : '',
});
const newDraft = (): Draft => ({
  kind: 'announcement',
  title: '',
  body: '',
  serviceIds: [],
  startsAt: isoToWitaInput(Date.now()),
  endsAt: '',
});
const sameSet = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((x) => b.includes(x));

type Props = {
  services: readonly { id: string; name: string }[];
  /** After a save, with the line to show. */
  onSaved: (message: string) => void;
} & (
  | { notice?: undefined }
  | {
      /** The notice being changed. */
      notice: Notice;
      onCancel: () => void;
      /** After a 409: start over from the newer version. */
      onLoad: (latest: Notice) => void;
    }
);

export function NoticeForm(props: Props) {
  const { services, onSaved } = props;
  const start = props.notice ? draftOf(props.notice) : null;
  const [d, setD] = useState<Draft>(() => start ?? newDraft());
  const [error, setError] = useState<FormError | null>(null);
  const [theirs, setTheirs] = useState<Notice | null>(null);
  const action = useAction();
  const set =
    <K extends keyof Draft>(k: K) =>
    (v: Draft[K]) =>
      setD((cur) => ({ ...cur, [k]: v }));

  const submit = (): void => {
    setError(null);
    setTheirs(null);
    const issues: Issue[] = [];
    if (!d.title.trim()) issues.push({ path: ['title'], message: t('cfg.notice.titleRequired') });
    const s = witaInputToIso(d.startsAt);
    const e = d.endsAt ? witaInputToIso(d.endsAt) : null;
    if (!s) issues.push({ path: ['startsAt'], message: t('cfg.silence.endRequired') });
    if (d.endsAt && !e) issues.push({ path: ['endsAt'], message: t('cfg.silence.endRequired') });
    if (s && e && e <= s) issues.push({ path: ['endsAt'], message: t('cfg.mw.endAfterStart') });
    if (issues.length) {
      setError(localError(issues, FIELDS, label));
      return;
    }
    const title = d.title.trim();
    if (!props.notice) {
      void action.run(
        async () => {
          await createNotice({ ...d, title, startsAt: s, endsAt: e });
          setD((cur) => ({ ...cur, title: '', body: '', serviceIds: [] }));
          onSaved(t('cfg.notice.created'));
          return t('cfg.notice.created');
        },
        (err) => setError(toFormError(err, FIELDS, label)),
      );
      return;
    }
    const { notice } = props;
    const was = start ?? d;
    // Only what was edited: an untouched time keeps its seconds, an untouched field its value.
    const patch = {
      ...(d.kind !== was.kind ? { kind: d.kind } : {}),
      ...(title !== was.title ? { title } : {}),
      ...(d.body !== was.body ? { body: d.body } : {}),
      ...(!sameSet(d.serviceIds, was.serviceIds) ? { serviceIds: d.serviceIds } : {}),
      ...(d.startsAt !== was.startsAt ? { startsAt: s } : {}),
      ...(d.endsAt !== was.endsAt ? { endsAt: e } : {}),
    };
    if (!Object.keys(patch).length) {
      onSaved(t('cfg.notice.unchanged'));
      return;
    }
    void action.run(
      async () => {
        await patchNotice(notice.id, { ...patch, expectedVersion: notice.version });
        onSaved(t('cfg.notice.saved', { title }));
        return null;
      },
      (err) => {
        const conflict = err instanceof ApiError && err.status === 409;
        const f = toFormError(err, FIELDS, label);
        setError(conflict ? { ...f, message: t('cfg.notice.conflict') } : f);
        // The 409 carries the stored notice as `details.current`.
        const cur = conflict
          ? NoticeSchema.safeParse((err.details as { current?: unknown } | undefined)?.current)
          : null;
        setTheirs(cur?.success ? cur.data : null);
      },
    );
  };

  const editing = props.notice;
  return (
    <ConfigForm
      testId={editing ? 'notice-edit' : 'notice-form'}
      heading={editing ? t('cfg.notice.editTitle', { title: editing.title }) : undefined}
      onSubmit={submit}
      error={error}
      busy={action.busy}
      submitLabel={editing ? t('cfg.save') : t('cfg.notice.create')}
      submitTestId={editing ? 'notice-save' : 'notice-create'}
      onCancel={editing ? props.onCancel : undefined}
      notice={editing ? undefined : action.notice}
      status={
        editing && theirs ? (
          <div className="cfg-conflict" role="status" data-testid="notice-conflict">
            <p>
              {t('cfg.notice.theirs', {
                at: formatDateTimeWita(theirs.updatedAt),
                title: theirs.title,
              })}
            </p>
            <button
              type="button"
              className="btn btn--small"
              data-testid="notice-load-theirs"
              onClick={() => props.onLoad(theirs)}
            >
              {t('cfg.notice.loadTheirs')}
            </button>
          </div>
        ) : null
      }
    >
      <div className="cfg-grid">
        <SelectField
          label={t('cfg.notice.kind')}
          name="kind"
          value={d.kind}
          onChange={(v) => set('kind')(v === 'maintenance' ? 'maintenance' : 'announcement')}
          options={[
            { value: 'announcement', label: t('cfg.notice.kind.announcement') },
            { value: 'maintenance', label: t('cfg.notice.kind.maintenance') },
          ]}
        />
        <TextField
          label={t('cfg.notice.title')}
          name="title"
          value={d.title}
          onChange={set('title')}
          error={error}
          required
        />
        <TextField
          label={t('cfg.notice.startsAt')}
          name="startsAt"
          type="datetime-local"
          value={d.startsAt}
          onChange={set('startsAt')}
          error={error}
          required
          hint={t('cfg.witaHint')}
        />
        <TextField
          label={t('cfg.notice.endsAt')}
          name="endsAt"
          type="datetime-local"
          value={d.endsAt}
          onChange={set('endsAt')}
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
            maxLength={MAX_NOTE_LENGTH}
            value={d.body}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            data-testid="input-body"
            onChange={(e) => set('body')(e.target.value)}
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
            value={d.serviceIds}
            aria-describedby={describedBy}
            onChange={(e) => set('serviceIds')([...e.target.selectedOptions].map((o) => o.value))}
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
  );
}
