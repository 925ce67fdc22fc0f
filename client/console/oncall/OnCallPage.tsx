/**
 * "Piket": every agency and the command center with who is on call now, until when (WITA), and the
 * head; picking one shows its coming two weeks and, for those who configure, the schedule editor.
 * `#oncall/<agency id>` (or `#oncall/command-center`) opens one directly. Phone-first: the list and
 * the details stack on a narrow screen.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { roleCan } from '../../../shared/schemas/account.js';
import { ContactLinks } from '../../components/ContactLinks.js';
import { t } from '../../i18n/index.js';
import type { SessionUser } from '../../live/api.js';
import { useLive, useNow } from '../../live/hooks.js';
import { headline } from '../config/errors.js';
import { LoadState, useResource } from '../config/ui.js';
import '../../styles/config.css';
import '../../styles/oncall.css';
import { OnCallDetail, personName } from './OnCallDetail.js';
import { COMMAND_CENTER_SCHEDULE, fetchOverview, type OnCallSummary } from './oncallApi.js';
import { whenText } from './ShiftTable.js';

/** Where the details sit beside the list (same breakpoint as oncall.css). */
const SIDE_BY_SIDE = '(min-width: 1100px)';

function scheduleFromHash(): string | null {
  const [tab, id] = window.location.hash.slice(1).split('/');
  return tab === 'oncall' && id ? decodeURIComponent(id) : null;
}

/** A schedule's name: the command center, or the agency's short and full name. */
export function useScheduleTitle(): (id: string) => { short: string; full: string } {
  const agencies = useLive((s) => s.agencies);
  return useCallback(
    (id: string) => {
      if (id === COMMAND_CENTER_SCHEDULE)
        return { short: t('oncall.commandCenter'), full: t('oncall.supervisorOnDuty') };
      const a = agencies.get(id);
      return { short: a?.shortName ?? id, full: a?.name ?? '' };
    },
    [agencies],
  );
}

export function OnCallPage({ user }: { user: SessionUser }) {
  const minute = Math.floor(useNow(60_000) / 60_000);
  const [changes, setChanges] = useState(0);
  const overview = useResource(fetchOverview, `${minute}|${changes}`);
  const [selected, setSelected] = useState<string | null>(scheduleFromHash);
  const titleOf = useScheduleTitle();
  const detailRef = useRef<HTMLElement>(null);
  const canEdit = roleCan(user.role, 'config:write');
  const onChanged = useCallback(() => setChanges((n) => n + 1), []);

  const choose = (id: string | null): void => {
    setSelected(id);
    window.history.replaceState(null, '', id ? `#oncall/${encodeURIComponent(id)}` : '#oncall');
  };

  // A newly picked schedule starts at its top; on a narrow screen (a phone) the details sit below
  // the list, so they are brought into view.
  useEffect(() => {
    const el = detailRef.current;
    if (!selected || !el) return;
    el.scrollTop = 0;
    if (!window.matchMedia(SIDE_BY_SIDE).matches) el.scrollIntoView({ block: 'start' });
  }, [selected]);

  return (
    <div className="oncall-layout" data-selected={selected ?? ''}>
      <section className="panel panel--open oncall-overview" aria-labelledby="oncall-title">
        <div className="panel__head">
          <h2 id="oncall-title">{t('oncall.title')}</h2>
        </div>
        <div className="panel__body">
          <p className="muted">{t('oncall.hint')}</p>
          <LoadState resource={overview} errorText={headline} />
          {overview.data ? (
            <ul className="oncall-list" data-testid="oncall-list">
              {overview.data.map((s) => (
                <OverviewItem
                  key={s.scheduleId}
                  item={s}
                  title={titleOf(s.scheduleId)}
                  selected={selected === s.scheduleId}
                  onSelect={() => choose(s.scheduleId)}
                />
              ))}
            </ul>
          ) : null}
        </div>
      </section>
      <aside ref={detailRef} className="oncall-layout__detail" aria-label={t('oncall.detail')}>
        {selected ? (
          <OnCallDetail
            key={selected}
            scheduleId={selected}
            title={titleOf(selected)}
            canEdit={canEdit}
            onChanged={onChanged}
            onClose={() => choose(null)}
          />
        ) : (
          <p className="panel oncall-pick muted">{t('oncall.pick')}</p>
        )}
      </aside>
    </div>
  );
}

function OverviewItem({
  item,
  title,
  selected,
  onSelect,
}: {
  item: OnCallSummary;
  title: { short: string; full: string };
  selected: boolean;
  onSelect: () => void;
}) {
  const gap = item.configured && !item.onCall;
  return (
    <li
      className={`oncall-item${selected ? ' oncall-item--selected' : ''}${gap ? ' oncall-item--gap' : ''}`}
      data-testid="oncall-item"
      data-schedule={item.scheduleId}
      data-configured={item.configured ? '1' : '0'}
      data-user={item.onCall?.userId ?? ''}
    >
      <button type="button" className="oncall-item__pick" aria-pressed={selected} onClick={onSelect}>
        <span className="oncall-item__name">{title.short}</span>
        {title.full ? <span className="oncall-item__full">{title.full}</span> : null}
      </button>
      <div className="oncall-item__now">
        {item.onCall ? (
          <>
            <strong data-testid="oncall-item-person">{personName(item.onCall)}</strong>
            {item.until ? (
              <span className="muted" data-testid="oncall-item-until">
                {' '}
                {t('oncall.untilShort', { time: whenText(item.until) })}
              </span>
            ) : null}
            <ContactLinks contacts={item.onCall.contacts} name={personName(item.onCall)} />
          </>
        ) : (
          <span className={gap ? 'oncall-warn' : 'muted'}>
            {gap ? <span aria-hidden="true">⚠ </span> : null}
            {item.configured ? t('oncall.nobodyNow') : t('oncall.notSetUp')}
          </span>
        )}
        {item.configured || item.head ? (
          <span className="oncall-item__head muted">
            {' · '}
            {t('oncall.headShort')}: {item.head ? personName(item.head) : '—'}
          </span>
        ) : null}
      </div>
    </li>
  );
}
