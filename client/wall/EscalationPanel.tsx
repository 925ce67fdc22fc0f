/** Open alerts, most urgent first: who is on each, since when, and how far it escalated. Read from 5 m. */
import {
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactElement,
  type RefObject,
} from 'react';
import type { Agency, Alert } from '../../shared/schemas/index.js';
import { formatAge, formatTimeWita } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { useLive } from '../live/hooks.js';
import { clearedUnattended, groupSize } from './alerts.js';
import { escalationRows, escalationSteps, handler, nextEscalationStep } from './escalation.js';
import { GroupCount, placeLabel, SeverityGlyph } from './Place.js';

export type Props = {
  serverNow: number;
  lastUpdateAt: number | null;
  serverOffsetMs: number;
  stale: boolean;
  /** Rows shown before "+N more". */
  limit?: number;
};

const wita = (ms: number | string): string => `${formatTimeWita(ms, false)} ${t('time.zone')}`;

/** Shape and word, not colour alone: a triangle for escalated, a ring for new, a tick, a pause. */
function Mark({ alert }: { alert: Alert }) {
  const total = escalationSteps(alert);
  if (alert.escalationLevel > 0) {
    return (
      <span className="esc-mark esc-mark--escalated" data-testid="esc-escalated">
        <svg viewBox="0 0 24 24" className="esc-mark__icon" aria-hidden="true">
          <path d="M12 2.5 23 21.5H1z" fill="currentColor" />
          <path d="M12 9v6.2M12 17.6v.1" stroke="#1f0505" strokeWidth="2.6" strokeLinecap="round" />
        </svg>
        {t('esc.escalated', { level: alert.escalationLevel, total: Math.max(total, alert.escalationLevel) })}
      </span>
    );
  }
  if (clearedUnattended(alert)) {
    // Over at the source, nobody looked: said apart from what needs action now.
    return (
      <span className="esc-mark esc-mark--cleared" data-testid="esc-cleared">
        <span className="esc-mark__glyph" aria-hidden="true">
          ◌
        </span>
        {t('esc.cleared')}
      </span>
    );
  }
  const glyph = alert.status === 'new' ? '◉' : alert.status === 'acknowledged' ? '✓' : '⏸';
  return (
    <span className={`esc-mark esc-mark--${alert.status}`}>
      <span className="esc-mark__glyph" aria-hidden="true">
        {glyph}
      </span>
      {t(`esc.${alert.status as 'new' | 'acknowledged' | 'snoozed'}`)}
    </span>
  );
}

function Who({ alert }: { alert: Alert }) {
  const user = handler(alert);
  if (user === null) {
    return (
      <span className="esc-row__who esc-row__who--nobody" data-testid="esc-nobody">
        <span aria-hidden="true">⚠ </span>
        {t('esc.nobody')}
      </span>
    );
  }
  if (alert.acknowledgedBy) {
    return (
      <span className="esc-row__who" data-testid="esc-handler">
        <span aria-hidden="true">✓ </span>
        {user}
      </span>
    );
  }
  return (
    <span className="esc-row__who" data-testid="esc-handler">
      {t('esc.assignee', { user })}
    </span>
  );
}

/** The snooze end or the next escalation step, or null when neither applies. */
function stepLine(alert: Alert, serverNow: number): ReactElement | null {
  if (alert.status === 'snoozed' && alert.snoozedUntil) {
    return <span className="esc-row__step">{t('esc.snoozedUntil', { time: wita(alert.snoozedUntil) })}</span>;
  }
  const next = nextEscalationStep(alert);
  if (next) {
    const action = t(`esc.action.${next.action}`);
    const due = next.at <= serverNow;
    return (
      <span className={`esc-row__step${due ? ' esc-row__step--due' : ''}`} data-testid="esc-next">
        {due
          ? t('esc.due', { level: next.level, action, time: formatTimeWita(next.at, false) })
          : t('esc.next', {
              level: next.level,
              action,
              time: formatTimeWita(next.at, false),
              age: formatAge(next.at - serverNow),
            })}
      </span>
    );
  }
  if (alert.status === 'new' && alert.escalationLevel > 0) {
    return <span className="esc-row__step esc-row__step--due">{t('esc.lastStep')}</span>;
  }
  return null;
}

/** When someone took it and what comes next: one line, only when there is something to say. */
function Meta({ alert, serverNow }: { alert: Alert; serverNow: number }) {
  const handled = alert.acknowledgedBy && alert.acknowledgedAt ? alert.acknowledgedAt : null;
  const step = stepLine(alert, serverNow);
  if (!handled && !step) return null;
  return (
    <div className="esc-row__meta">
      {handled ? (
        <span className="esc-row__handled" data-testid="esc-handled-since">
          {t('esc.handledSince', {
            time: wita(handled),
            age: formatAge(serverNow - Date.parse(handled)),
          })}
        </span>
      ) : null}
      {step}
    </div>
  );
}

function Row({ alert, agency, serverNow }: { alert: Alert; agency: Agency | undefined; serverNow: number }) {
  const escalated = alert.escalationLevel > 0;
  const cleared = clearedUnattended(alert);
  const size = groupSize(alert);
  const place = placeLabel(alert.place);
  return (
    <li
      className={`esc-row esc-row--${alert.status}${escalated ? ' esc-row--escalated' : ''}${cleared ? ' esc-row--cleared' : ''}`}
      data-testid="esc-alert"
      data-id={alert.id}
      data-status={alert.status}
      data-condition={alert.condition}
      data-level={alert.escalationLevel}
    >
      <div className="esc-row__head">
        <Mark alert={alert} />
        <span className="esc-row__title">{alert.title}</span>
      </div>
      {place || size ? (
        <div className="esc-row__where">
          {place ? (
            <span className="esc-row__place" data-testid="esc-place">
              {place}
            </span>
          ) : null}
          {size ? <GroupCount n={size} /> : null}
        </div>
      ) : null}
      {alert.description ? (
        <div className="esc-row__desc" data-testid="esc-desc">
          {alert.description}
        </div>
      ) : null}
      <div className="esc-row__line">
        <SeverityGlyph severity={alert.severity} />
        <span className="esc-row__agency">{agency?.shortName ?? t('esc.noAgency')}</span>
        <Who alert={alert} />
        <span
          className="esc-row__since"
          title={t('esc.opened', {
            time: wita(alert.createdAt),
            age: formatAge(serverNow - Date.parse(alert.createdAt)),
          })}
        >
          {t('live.ago', { age: formatAge(serverNow - Date.parse(alert.createdAt)) })}
        </span>
      </div>
      <Meta alert={alert} serverNow={serverNow} />
    </li>
  );
}

/**
 * How many rows of the list are fully visible: rows that do not fit wrap into a clipped second
 * column (CSS), so "+N more" counts them too. Re-measured after every render and on resize.
 */
function useFittingRows(
  listRef: RefObject<HTMLOListElement | null>,
  boxRef: RefObject<HTMLElement | null>,
): number | null {
  const [fits, setFits] = useState<number | null>(null);
  const measure = useCallback((): void => {
    const list = listRef.current;
    if (!list) return setFits(null);
    // Measure in the space the panel may take, then shrink the list to its whole rows so the
    // feed below gets the rest (CSSOM, which the CSP allows, unlike style attributes).
    list.style.removeProperty('max-height');
    const box = list.getBoundingClientRect();
    let n = 0;
    let bottom = box.top;
    for (const row of list.children) {
      const r = row.getBoundingClientRect();
      if (r.left < box.right - 1 && r.bottom <= box.bottom + 1) {
        n++;
        bottom = Math.max(bottom, r.bottom);
      }
    }
    if (n < list.children.length) list.style.setProperty('max-height', `${Math.ceil(bottom - box.top)}px`);
    setFits(n);
  }, [listRef]);
  useLayoutEffect(() => measure());
  useLayoutEffect(() => {
    const el = boxRef.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [boxRef, measure]);
  return fits;
}

export function EscalationPanel({ serverNow, lastUpdateAt, serverOffsetMs, stale, limit = 6 }: Props) {
  const alerts = useLive((s) => s.alerts);
  const agencies = useLive((s) => s.agencies);
  const { rows: shown, total } = useMemo(() => escalationRows(alerts, limit), [alerts, limit]);
  const listRef = useRef<HTMLOListElement>(null);
  const boxRef = useRef<HTMLElement>(null);
  const fits = useFittingRows(listRef, boxRef);
  const more = total - Math.min(shown.length, fits ?? shown.length);
  return (
    <section
      ref={boxRef}
      className={`esc${stale ? ' esc--stale' : ''}`}
      aria-label={t('esc.label')}
      data-testid="escalation-panel"
      data-stale={stale ? 'true' : 'false'}
      data-count={total}
    >
      <div className="esc__head">
        <h2 className="esc__title">
          {t('esc.title')}
          {total > 0 ? <span className="esc__count">{total}</span> : null}
        </h2>
        <span className="esc__asof" data-testid="esc-asof">
          {lastUpdateAt === null
            ? t('live.never')
            : t('esc.asOf', { time: wita(lastUpdateAt + serverOffsetMs) })}
        </span>
      </div>
      {shown.length === 0 ? (
        <p className="esc__empty">{t('esc.empty')}</p>
      ) : (
        <ol className="esc__list" ref={listRef}>
          {shown.map((a) => (
            <Row
              key={a.id}
              alert={a}
              agency={a.agencyId ? agencies.get(a.agencyId) : undefined}
              serverNow={serverNow}
            />
          ))}
        </ol>
      )}
      {more > 0 ? (
        <p className="esc__more" data-testid="esc-more">
          {t('esc.more', { n: more })}
        </p>
      ) : null}
    </section>
  );
}
