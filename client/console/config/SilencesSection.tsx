/** Silences (config:write): list, preview how many open alerts one would cover, create with reason and end (WITA), end early. */
import { useState } from 'react';
import { formatDateTimeWita } from '../../i18n/format.js';
import { t } from '../../i18n/index.js';
import {
  createSilence,
  endSilence,
  isoToWitaInput,
  listSilences,
  previewSilence,
  witaInputToIso,
} from './configApi.js';
import type { Silence, SilenceInput } from '../../../shared/schemas/index.js';
import { localError, toFormError, type FormError, type Issue } from './errors.js';
import { useAgencies, useServices } from './lookups.js';
import {
  EMPTY_SCOPE,
  ScopeReasonFields,
  scopeBody,
  scopeReasonIssues,
  scopeText,
  type Scope,
  type ScopeLookups,
} from './ScopePicker.js';
import {
  ConfigForm,
  ConfigList,
  ConfirmButton,
  ListPanel,
  Panel,
  TextField,
  useAction,
  useResource,
  useRowAction,
} from './ui.js';

const FIELDS = ['agencyId', 'serviceId', 'reason', 'startsAt', 'endsAt'] as const;
const label = (f: string): string | undefined =>
  (FIELDS as readonly string[]).includes(f) ? t(`cfg.silence.${f as (typeof FIELDS)[number]}`) : undefined;

function stateOf(s: Silence, now: string): string {
  if (s.expired || s.endsAt <= now) return t('cfg.silence.ended');
  if (s.startsAt > now) return t('cfg.silence.scheduled');
  return t('cfg.active');
}

export function SilencesSection() {
  const silences = useResource(listSilences, 'silences');
  const agencies = useAgencies();
  const services = useServices();
  const action = useRowAction();
  const now = new Date().toISOString();

  const end = (s: Silence): void => {
    action.run(async () => {
      await endSilence(s.id);
      silences.reload();
      return t('cfg.silence.endedNow');
    });
  };
  const rows = silences.data ? [...silences.data].sort((a, b) => b.endsAt.localeCompare(a.endsAt)) : null;

  return (
    <>
      <ListPanel
        title={t('cfg.section.silences')}
        testId="cfg-silences"
        hint={t('cfg.silence.help')}
        resource={silences}
        action={action}
      >
        <ConfigList
          rows={rows}
          testId="silences-table"
          caption={t('cfg.section.silences')}
          columns={[
            t('cfg.scope'),
            t('cfg.silence.reason'),
            t('cfg.silence.startsAt'),
            t('cfg.silence.endsAt'),
            t('cfg.silence.author'),
            t('col.status'),
            t('col.actions'),
          ]}
        >
          {(s) => (
            <tr key={s.id} data-testid="silence-row">
              <td>{scopeText(s, agencies.data, services.data)}</td>
              <td>{s.reason}</td>
              <td>{formatDateTimeWita(s.startsAt)}</td>
              <td>{formatDateTimeWita(s.endsAt)}</td>
              <td>{s.author?.username ?? '—'}</td>
              <td>{stateOf(s, now)}</td>
              <td>
                {!s.expired && s.endsAt > now ? (
                  <ConfirmButton
                    label={t('cfg.silence.end')}
                    confirmLabel={t('cfg.silence.confirmEnd')}
                    what={s.reason}
                    testId="silence-end"
                    disabled={action.busy}
                    onConfirm={() => end(s)}
                  />
                ) : null}
              </td>
            </tr>
          )}
        </ConfigList>
      </ListPanel>
      <NewSilence agencies={agencies.data} services={services.data} onCreated={silences.reload} />
    </>
  );
}

function NewSilence({ agencies, services, onCreated }: ScopeLookups & { onCreated: () => void }) {
  const [scope, setScope] = useState<Scope>(EMPTY_SCOPE);
  const [reason, setReason] = useState('');
  const [endsAt, setEndsAt] = useState(() => isoToWitaInput(Date.now() + 2 * 3_600_000));
  const [error, setError] = useState<FormError | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const action = useAction();

  const body = (): SilenceInput | null => {
    const issues: Issue[] = [];
    const end = witaInputToIso(endsAt);
    if (!end) issues.push({ path: ['endsAt'], message: t('cfg.silence.endRequired') });
    else if (end <= new Date().toISOString())
      issues.push({ path: ['endsAt'], message: t('cfg.silence.endFuture') });
    const sc = scopeBody(scope);
    issues.push(...scopeReasonIssues(scope, reason));
    if (issues.length || !end) {
      setError(localError(issues, FIELDS, label));
      return null;
    }
    return { ...sc, reason: reason.trim(), endsAt: end };
  };
  const check = (): void => {
    setError(null);
    setPreview(null);
    const b = body();
    if (!b) return;
    void action.run(
      async () => {
        setPreview(t('cfg.silence.preview', { n: await previewSilence(b) }));
        return null;
      },
      (e) => setError(toFormError(e, FIELDS, label)),
    );
  };
  const submit = (): void => {
    setError(null);
    const b = body();
    if (!b) return;
    void action.run(
      async () => {
        await createSilence(b);
        setReason('');
        setPreview(null);
        onCreated();
        return t('cfg.silence.created');
      },
      (e) => setError(toFormError(e, FIELDS, label)),
    );
  };

  return (
    <Panel title={t('cfg.silence.new')} testId="cfg-silence-new">
      <ConfigForm
        testId="silence-form"
        onSubmit={submit}
        error={error}
        busy={action.busy}
        submitLabel={t('cfg.silence.create')}
        submitTestId="silence-create"
        buttons={
          <>
            <button
              type="button"
              className="btn"
              disabled={action.busy}
              onClick={check}
              data-testid="silence-preview-btn"
            >
              {t('cfg.silence.check')}
            </button>
          </>
        }
        status={
          <>
            <p role="status" className="cfg-hint" data-testid="silence-preview">
              {preview ?? ''}
            </p>
          </>
        }
        notice={action.notice}
      >
        <div className="cfg-grid">
          <ScopeReasonFields
            scope={scope}
            onScope={setScope}
            reason={reason}
            onReason={setReason}
            reasonLabel={t('cfg.silence.reason')}
            agencies={agencies}
            services={services}
            error={error}
          />
          <TextField
            label={t('cfg.silence.endsAtWita')}
            name="endsAt"
            type="datetime-local"
            value={endsAt}
            onChange={setEndsAt}
            error={error}
            required
            hint={t('cfg.witaHint')}
          />
        </div>
      </ConfigForm>
    </Panel>
  );
}
