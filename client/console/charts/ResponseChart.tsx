/**
 * Response time of a service's recent checks (total ms per check, the degraded threshold as a
 * dashed line) with the state of each check in a strip underneath, colour plus pattern plus a
 * legend in words. Pointer hover or the arrow keys pick a check and show its time (WITA), state
 * and reason; "show as table" gives the same checks as a table. Inline SVG, no style attributes.
 */
import { useMemo, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { formatDateTimeWita, formatNumber } from '../../i18n/format.js';
import { t } from '../../i18n/index.js';
import type { HistoryEntry } from '../../live/queries.js';
import {
  checkState,
  chronological,
  degradedThreshold,
  layoutPoints,
  linearScale,
  nearestIndex,
  niceMax,
  summarize,
  ticks,
  type Plot,
} from './math.js';
import { StatePatterns, StateLegend, patternId } from './StatePatterns.js';
import { useWidth } from './useWidth.js';

export type Props = { items: readonly HistoryEntry[]; uid: string };

const H = 260;
const STRIP = { top: 222, height: 32 };

const round = (v: number | null): string => (v === null ? '—' : formatNumber(Math.round(v)));

/** What one check says in words: time (WITA) · state · reason · ms. */
function detailOf(c: HistoryEntry): string {
  const state = checkState(c);
  return t('charts.rt.detail', {
    time: formatDateTimeWita(c.checkedAt),
    status: t(`service.${state}`),
    reason: c.reason ? t(`reason.${c.reason}`) : c.message || '—',
    ms: c.timings.total === null ? t('charts.rt.noTime') : `${round(c.timings.total)} ms`,
  });
}

export function ResponseChart({ items, uid }: Props) {
  const checks = useMemo(() => chronological(items), [items]);
  const [active, setActive] = useState<number | null>(null);
  const [asTable, setAsTable] = useState(false);
  const [measure, W] = useWidth();
  const PLOT: Plot = { left: 72, right: Math.max(120, W - 12), top: 14, bottom: 200 };
  const summary = summarize(checks);
  // The newest check's threshold: the one the service is judged by now.
  const threshold = checks.length ? degradedThreshold(checks[checks.length - 1] as HistoryEntry) : null;
  const maxMs = niceMax(Math.max(threshold ?? 0, ...checks.map((c) => c.timings.total ?? 0)) * 1.05);
  const points = layoutPoints(checks, PLOT, maxMs);
  const y = linearScale([0, maxMs], [PLOT.bottom, PLOT.top]);
  const slot = (PLOT.right - PLOT.left) / Math.max(1, checks.length);
  const summaryText = t('charts.rt.summary', {
    mean: round(summary.meanMs),
    p95: round(summary.p95Ms),
    failed: formatNumber(summary.failed),
    count: formatNumber(summary.count),
  });
  const cur = active !== null ? checks[active] : undefined;
  const curPoint = active !== null ? points[active] : undefined;
  const line = points
    .filter((p) => p.y !== null)
    .map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${(p.y ?? 0).toFixed(1)}`)
    .join(' ');

  if (!checks.length) return <p className="panel__empty">{t('charts.rt.none')}</p>;

  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    const last = checks.length - 1;
    const next =
      e.key === 'ArrowLeft'
        ? Math.max(0, (active ?? last + 1) - 1)
        : e.key === 'ArrowRight'
          ? Math.min(last, (active ?? -1) + 1)
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? last
              : e.key === 'Escape'
                ? null
                : undefined;
    if (next === undefined) return;
    e.preventDefault();
    setActive(next);
  };
  const onPointer = (e: PointerEvent<SVGSVGElement>): void => {
    const box = e.currentTarget.getBoundingClientRect();
    if (!box.width) return;
    const i = nearestIndex(points, ((e.clientX - box.left) / box.width) * W);
    if (i >= 0) setActive(i);
  };

  return (
    <div
      ref={measure}
      className="chart"
      data-testid="rt-chart"
      data-count={checks.length}
      data-newest-seq={checks[checks.length - 1]?.seq}
    >
      <h3 className="chart__title">{t('charts.rt.title', { count: formatNumber(checks.length) })}</h3>
      <p className="muted chart__summary" data-testid="rt-summary">
        {summaryText} ·{' '}
        {t('charts.asOf', { time: formatDateTimeWita(checks[checks.length - 1]?.checkedAt ?? 0) })}
      </p>
      <div
        className="chart__focus"
        tabIndex={0}
        role="group"
        aria-label={t('charts.rt.label', { summary: summaryText })}
        aria-describedby={`${uid}-detail`}
        onKeyDown={onKey}
        onBlur={() => setActive(null)}
      >
        <svg
          className="chart__svg"
          viewBox={`0 0 ${W} ${H}`}
          height={H}
          aria-hidden="true"
          onPointerMove={onPointer}
          onPointerLeave={() => setActive(null)}
        >
          <StatePatterns uid={uid} />
          {ticks(maxMs).map((v) => (
            <g key={v} className="chart__grid">
              <line x1={PLOT.left} x2={PLOT.right} y1={y(v)} y2={y(v)} />
              <text x={PLOT.left - 8} y={y(v) + 5} textAnchor="end">
                {v === maxMs ? `${formatNumber(v)} ${t('charts.rt.axis')}` : formatNumber(v)}
              </text>
            </g>
          ))}
          {threshold !== null ? (
            <g className="chart__threshold" data-testid="rt-threshold">
              <line x1={PLOT.left} x2={PLOT.right} y1={y(threshold)} y2={y(threshold)} />
              <text x={PLOT.right - 4} y={y(threshold) - 6} textAnchor="end">
                {t('charts.rt.threshold', { ms: formatNumber(threshold) })}
              </text>
            </g>
          ) : null}
          <path className="chart__line" d={line} />
          {curPoint ? (
            <line
              className="chart__cursor"
              x1={curPoint.x}
              x2={curPoint.x}
              y1={PLOT.top}
              y2={STRIP.top + STRIP.height}
            />
          ) : null}
          {points.map((p, i) => {
            const c = checks[i];
            if (!c) return null;
            const state = checkState(c);
            return (
              <circle
                key={c.seq}
                className={`chart__point chart__point--${state}${active === i ? ' chart__point--active' : ''}`}
                data-testid="rt-point"
                data-seq={c.seq}
                data-state={state}
                cx={p.x}
                cy={p.y ?? PLOT.bottom}
                r={active === i ? 7 : checks.length > 150 ? 2.5 : 4}
              />
            );
          })}
          <g data-testid="state-strip" className="chart-strip">
            {checks.map((c, i) => {
              const state = checkState(c);
              const x = PLOT.left + i * slot;
              const w = Math.max(0.5, slot - (slot > 4 ? 1 : 0));
              return (
                <g key={c.seq} data-testid="strip-cell" data-seq={c.seq} data-state={state}>
                  <rect
                    className={`chart-strip__cell chart-strip__cell--${state}`}
                    x={x}
                    y={STRIP.top}
                    width={w}
                    height={STRIP.height}
                  />
                  {state !== 'up' ? (
                    <rect
                      x={x}
                      y={STRIP.top}
                      width={w}
                      height={STRIP.height}
                      fill={`url(#${patternId(uid, state)})`}
                    />
                  ) : null}
                </g>
              );
            })}
          </g>
        </svg>
      </div>
      <p id={`${uid}-detail`} className="chart__detail" aria-live="polite" data-testid="rt-detail">
        {cur ? detailOf(cur) : t('charts.rt.hint')}
      </p>
      <StateLegend uid={uid} title={t('charts.strip.legend')} />
      <button
        type="button"
        className="btn btn--small"
        aria-expanded={asTable}
        onClick={() => setAsTable((v) => !v)}
      >
        {asTable ? t('charts.table.hide') : t('charts.table.show')}
      </button>
      {asTable ? (
        <div className="table-wrap">
          <table className="table" data-testid="rt-table">
            <caption className="sr-only">{t('charts.table.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('history.checkedAt')}</th>
                <th scope="col">{t('col.status')}</th>
                <th scope="col">{t('history.reason')}</th>
                <th scope="col">{t('charts.table.ms')}</th>
              </tr>
            </thead>
            <tbody>
              {checks.map((c) => (
                <tr key={c.seq}>
                  <td>{formatDateTimeWita(c.checkedAt)}</td>
                  <td>{t(`service.${checkState(c)}`)}</td>
                  <td>{c.reason ? t(`reason.${c.reason}`) : '—'}</td>
                  <td>{round(c.timings.total)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
