/** Maintenance windows (config:write): list, create one-off (WITA start/end) or weekly (WITA days, time, duration), delete. */
import { useState } from 'react';
import { formatDateTimeWita } from '../../i18n/format.js';
import { t } from '../../i18n/index.js';
import {
  createMaintenance,
  deleteMaintenance,
  isoToWitaInput,
  listMaintenance,
  witaInputToIso,
  type MaintenanceRow,
} from './configApi.js';
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
  DeleteButton,
  ListPanel,
  Panel,
  SelectField,
  TextField,
  useAction,
  useResource,
  useRowAction,
} from './ui.js';

const FIELDS = [
  'agencyId',
  'serviceId',
  'reason',
  'startsAt',
  'endsAt',
  'days',
  'startTime',
  'durationMinutes',
] as const;
const label = (f: string): string | undefined =>
  (FIELDS as readonly string[]).includes(f) ? t(`cfg.mw.${f as (typeof FIELDS)[number]}`) : undefined;
const DAYS = [1, 2, 3, 4, 5, 6, 0] as const;

function whenText(w: MaintenanceRow): string {
  if (w.kind === 'once')
    return `${w.startsAt ? formatDateTimeWita(w.startsAt) : '?'} – ${w.endsAt ? formatDateTimeWita(w.endsAt) : '?'}`;
  const days = (w.days ?? []).map((d) => t(`cfg.mw.day.${d as (typeof DAYS)[number]}`)).join(', ');
  return t('cfg.mw.weeklyText', { days, time: w.startTime ?? '?', n: w.durationMinutes ?? 0 });
}

export function MaintenanceSection() {
  const windows = useResource(listMaintenance, 'maintenance');
  const agencies = useAgencies();
  const services = useServices();
  const action = useRowAction();
  const remove = (w: MaintenanceRow): void => {
    action.run(async () => {
      await deleteMaintenance(w.id);
      windows.reload();
      return t('cfg.mw.deleted');
    });
  };
  return (
    <>
      <ListPanel
        title={t('cfg.section.maintenance')}
        testId="cfg-maintenance"
        hint={t('cfg.mw.help')}
        resource={windows}
        action={action}
      >
        <ConfigList
          rows={windows.data}
          testId="maintenance-table"
          caption={t('cfg.section.maintenance')}
          columns={[t('cfg.scope'), t('cfg.mw.when'), t('cfg.mw.reason'), t('cfg.mw.by'), t('col.actions')]}
        >
          {(w) => (
            <tr key={w.id} data-testid="maintenance-row">
              <td>{scopeText(w, agencies.data, services.data)}</td>
              <td>{whenText(w)}</td>
              <td>{w.reason}</td>
              <td>{w.createdBy ?? '—'}</td>
              <td>
                <DeleteButton
                  what={w.reason}
                  testId="maintenance-delete"
                  disabled={action.busy}
                  onConfirm={() => remove(w)}
                />
              </td>
            </tr>
          )}
        </ConfigList>
      </ListPanel>
      <NewWindow agencies={agencies.data} services={services.data} onCreated={windows.reload} />
    </>
  );
}

function NewWindow({ agencies, services, onCreated }: ScopeLookups & { onCreated: () => void }) {
  const [scope, setScope] = useState<Scope>(EMPTY_SCOPE);
  const [kind, setKind] = useState<'once' | 'weekly'>('once');
  const [reason, setReason] = useState('');
  const [startsAt, setStartsAt] = useState(() => isoToWitaInput(Date.now() + 3_600_000));
  const [endsAt, setEndsAt] = useState(() => isoToWitaInput(Date.now() + 3 * 3_600_000));
  const [days, setDays] = useState<number[]>([0]);
  const [startTime, setStartTime] = useState('22:00');
  const [duration, setDuration] = useState('120');
  const [error, setError] = useState<FormError | null>(null);
  const action = useAction();

  const submit = (): void => {
    setError(null);
    const issues: Issue[] = scopeReasonIssues(scope, reason);
    const sc = scopeBody(scope);
    let body: Record<string, unknown>;
    if (kind === 'once') {
      const s = witaInputToIso(startsAt);
      const e = witaInputToIso(endsAt);
      if (!s) issues.push({ path: ['startsAt'], message: t('cfg.silence.endRequired') });
      if (!e) issues.push({ path: ['endsAt'], message: t('cfg.silence.endRequired') });
      if (s && e && e <= s) issues.push({ path: ['endsAt'], message: t('cfg.mw.endAfterStart') });
      body = { kind, startsAt: s, endsAt: e };
    } else {
      if (!days.length) issues.push({ path: ['days'], message: t('cfg.mw.dayRequired') });
      body = { kind, days, startTime, durationMinutes: Number(duration) };
    }
    if (issues.length) {
      setError(localError(issues, FIELDS, label));
      return;
    }
    void action.run(
      async () => {
        await createMaintenance({ ...body, ...sc, reason: reason.trim() });
        setReason('');
        onCreated();
        return t('cfg.mw.created');
      },
      (e) => setError(toFormError(e, FIELDS, label)),
    );
  };
  const dayErr = error?.fields.days ?? [];

  return (
    <Panel title={t('cfg.mw.new')} testId="cfg-maintenance-new">
      <ConfigForm
        testId="maintenance-form"
        onSubmit={submit}
        error={error}
        busy={action.busy}
        submitLabel={t('cfg.mw.create')}
        submitTestId="maintenance-create"
        notice={action.notice}
      >
        <div className="cfg-grid">
          <ScopeReasonFields
            scope={scope}
            onScope={setScope}
            reason={reason}
            onReason={setReason}
            reasonLabel={t('cfg.mw.reason')}
            agencies={agencies}
            services={services}
            error={error}
          />
          <SelectField
            label={t('cfg.mw.kind')}
            name="kind"
            value={kind}
            onChange={(v) => setKind(v === 'weekly' ? 'weekly' : 'once')}
            options={[
              { value: 'once', label: t('cfg.mw.once') },
              { value: 'weekly', label: t('cfg.mw.weekly') },
            ]}
          />
          {kind === 'once' ? (
            <>
              <TextField
                label={t('cfg.mw.startsAt')}
                name="startsAt"
                type="datetime-local"
                value={startsAt}
                onChange={setStartsAt}
                error={error}
                required
                hint={t('cfg.witaHint')}
              />
              <TextField
                label={t('cfg.mw.endsAt')}
                name="endsAt"
                type="datetime-local"
                value={endsAt}
                onChange={setEndsAt}
                error={error}
                required
                hint={t('cfg.witaHint')}
              />
            </>
          ) : (
            <>
              <TextField
                label={t('cfg.mw.startTime')}
                name="startTime"
                type="time"
                value={startTime}
                onChange={setStartTime}
                error={error}
                required
                hint={t('cfg.witaHint')}
              />
              <TextField
                label={t('cfg.mw.durationMinutes')}
                name="durationMinutes"
                type="number"
                value={duration}
                onChange={setDuration}
                error={error}
                required
              />
            </>
          )}
        </div>
        {kind === 'weekly' ? (
          <fieldset className="cfg-fieldset">
            <legend>{t('cfg.mw.days')}</legend>
            <div className="cfg-checks">
              {DAYS.map((d) => (
                <label key={d} className="check cfg-check">
                  <input
                    type="checkbox"
                    checked={days.includes(d)}
                    onChange={(e) =>
                      setDays(e.target.checked ? [...days, d].sort() : days.filter((x) => x !== d))
                    }
                  />
                  {t(`cfg.mw.day.${d}`)}
                </label>
              ))}
            </div>
            {dayErr.length ? <span className="cfg-field-error">{dayErr.join(' · ')}</span> : null}
          </fieldset>
        ) : null}
      </ConfigForm>
    </Panel>
  );
}
