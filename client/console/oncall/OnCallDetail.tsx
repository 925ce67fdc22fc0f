/**
 * One schedule: who is on call now and until when, who comes next, the head, the coming two weeks,
 * and (for those who configure) the editor. Refreshed every minute; the editor keeps its draft
 * through refreshes and starts over from the stored schedule after a save or a reload.
 */
import { useMemo, useState } from 'react';
import type { OnCallPerson, OnCallSchedule } from '../../../shared/schemas/index.js';
import { ContactLinks } from '../../components/ContactLinks.js';
import { formatDateTimeWita, formatSpan } from '../../i18n/format.js';
import { t } from '../../i18n/index.js';
import { useNow } from '../../live/hooks.js';
import { useAssignees } from '../assignees.js';
import { headline } from '../config/errors.js';
import { LoadState, Notice, useResource } from '../config/ui.js';
import type { Person } from './LayerFields.js';
import { COMMAND_CENTER_SCHEDULE, fetchOnCall } from './oncallApi.js';
import { ScheduleEditor } from './ScheduleEditor.js';
import { ShiftTable, whenText } from './ShiftTable.js';

/** How a person is named: the display name, else the username. */
export const personName = (p: Pick<OnCallPerson, 'displayName' | 'username'>): string =>
  p.displayName ?? p.username;

export type Props = {
  scheduleId: string;
  title: { short: string; full: string };
  canEdit: boolean;
  /** The schedule was saved: the overview should refresh. */
  onChanged: () => void;
  onClose: () => void;
};

function PersonLine({
  person,
  testId,
  aside,
}: {
  person: OnCallPerson | null;
  testId: string;
  /** Said after the name (the layer, "stand-in"). */
  aside?: string;
}) {
  if (!person)
    return (
      <span data-testid={testId} data-user="">
        —
      </span>
    );
  const name = personName(person);
  return (
    <span data-testid={testId} data-user={person.userId}>
      <strong>{name}</strong>
      {person.displayName ? <span className="muted"> ({person.username})</span> : null}
      {aside ? <span className="muted"> · {aside}</span> : null}
      <ContactLinks contacts={person.contacts} name={name} />
    </span>
  );
}

export function OnCallDetail({ scheduleId, title, canEdit, onChanged, onClose }: Props) {
  const now = useNow(60_000);
  const [reloads, setReloads] = useState(0);
  const answer = useResource(() => fetchOnCall(scheduleId), `${Math.floor(now / 60_000)}|${reloads}`);
  // The schedule the editor starts from: the first answer's, then what a save or a reload returned.
  const [pinned, setPinned] = useState<OnCallSchedule | null>(null);
  const [editorGen, setEditorGen] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const assignees = useAssignees(scheduleId === COMMAND_CENTER_SCHEDULE ? null : scheduleId);
  const a = answer.data;
  const base = pinned ?? a?.schedule ?? null;

  const labels = useMemo(() => {
    const m = new Map<string, string>();
    if (assignees.state === 'ready') for (const u of assignees.items) m.set(u.id, u.username);
    for (const p of [a?.onCall, a?.next?.person, a?.head])
      if (p) m.set(p.userId, p.displayName ? `${p.displayName} (${p.username})` : p.username);
    return m;
  }, [assignees, a]);
  const nameOf = (id: string): string => labels.get(id) ?? id;
  const people: Person[] = useMemo(() => {
    const mine =
      assignees.state === 'ready'
        ? assignees.items.filter((u) =>
            scheduleId === COMMAND_CENTER_SCHEDULE
              ? u.agencyId === null || u.agencyId === COMMAND_CENTER_SCHEDULE
              : u.agencyId === scheduleId || u.agencyId === null,
          )
        : [];
    const ids = new Set(mine.map((u) => u.id));
    // Whoever the stored schedule names stays choosable (even when the list no longer offers them).
    const named = base
      ? [...base.layers.flatMap((l) => l.userIds), ...base.overrides.map((o) => o.userId), base.headUserId]
      : [];
    for (const id of named) if (id) ids.add(id);
    return [...ids].map((id) => ({ id, label: labels.get(id) ?? id }));
  }, [assignees, base, labels, scheduleId]);

  const reloadEditor = (): void => {
    void fetchOnCall(scheduleId)
      .then((fresh) => {
        setPinned(fresh.schedule);
        setEditorGen((g) => g + 1);
        setReloads((n) => n + 1);
        setNotice(t('oncall.reloaded'));
      })
      .catch(() => setReloads((n) => n + 1));
  };

  return (
    <section
      className="panel panel--open oncall-detail"
      aria-labelledby="oncall-detail-title"
      data-testid="oncall-detail"
      data-schedule={scheduleId}
    >
      <div className="panel__head">
        <h2 id="oncall-detail-title">
          {title.short}
          {title.full ? <span className="muted oncall-detail__full"> · {title.full}</span> : null}
        </h2>
        <button type="button" className="btn btn--small" onClick={onClose}>
          {t('drawer.closeShort')}
        </button>
      </div>
      <div className="panel__body">
        <LoadState resource={answer} errorText={headline} />
        <Notice text={notice} />
        {a ? (
          <>
            <dl className="facts oncall-facts">
              <dt>{t('oncall.now')}</dt>
              <dd>
                {a.onCall ? (
                  <>
                    <PersonLine
                      person={a.onCall}
                      testId="oncall-now"
                      aside={a.source === 'override' ? t('oncall.override') : (a.layer ?? undefined)}
                    />
                    {a.onCall.reachable.length === 0 ? (
                      <div className="oncall-warn" data-testid="oncall-unreachable">
                        <span aria-hidden="true">⚠ </span>
                        {t('oncall.noChannel')}
                      </div>
                    ) : (
                      <div className="muted">
                        {t('oncall.reachableOn', {
                          channels: a.onCall.reachable.map((c) => t(`channel.${c}`)).join(', '),
                        })}
                      </div>
                    )}
                  </>
                ) : (
                  <span className="oncall-warn" data-testid="oncall-now" data-user="">
                    <span aria-hidden="true">⚠ </span>
                    {a.schedule.version > 0 ? t('oncall.nobodyNow') : t('oncall.notSetUp')}
                  </span>
                )}
              </dd>
              <dt>{t('oncall.until')}</dt>
              <dd data-testid="oncall-until" data-at={a.until ?? ''}>
                {a.until ? (
                  <>
                    <time dateTime={a.until}>{whenText(a.until)}</time>{' '}
                    <span className="muted">
                      ({t('oncall.inSpan', { span: formatSpan(Date.parse(a.until) - Date.parse(a.at)) })})
                    </span>
                  </>
                ) : (
                  '—'
                )}
              </dd>
              <dt>{t('oncall.next')}</dt>
              <dd>
                {a.next ? (
                  <>
                    <PersonLine person={a.next.person} testId="oncall-next" />{' '}
                    <span className="muted" data-testid="oncall-next-from" data-at={a.next.from}>
                      {t('oncall.fromTime', { time: whenText(a.next.from) })}
                    </span>
                  </>
                ) : (
                  <span data-testid="oncall-next" data-user="">
                    —
                  </span>
                )}
              </dd>
              <dt>{t('oncall.head')}</dt>
              <dd>
                <PersonLine person={a.head} testId="oncall-head" />
              </dd>
            </dl>
            <p className="muted">
              {a.schedule.updatedAt
                ? t('oncall.updated', {
                    at: formatDateTimeWita(a.schedule.updatedAt),
                    by: a.schedule.updatedBy ?? '—',
                    v: a.schedule.version,
                  })
                : t('oncall.neverSet')}
            </p>
            <h3>{t('oncall.twoWeeks')}</h3>
            <ShiftTable shifts={a.shifts} at={a.at} nameOf={nameOf} />
          </>
        ) : null}
        {canEdit && base ? (
          <ScheduleEditor
            key={editorGen}
            scheduleId={scheduleId}
            base={base}
            people={people}
            nameOf={nameOf}
            now={now}
            onSaved={(saved) => {
              setPinned(saved);
              setEditorGen((g) => g + 1);
              setReloads((n) => n + 1);
              setNotice(t('oncall.saved', { name: title.short }));
              onChanged();
            }}
            onReload={reloadEditor}
          />
        ) : null}
      </div>
    </section>
  );
}
