/**
 * Uptime bars (one per hour/day, or one per service) against the SLA target line. A bar below the
 * target is also hatched and a bucket without data shows an empty outline, so colour is never the
 * only signal; a visually hidden table repeats every bar for screen readers.
 */
import { formatRatio } from '../../i18n/format.js';
import { t } from '../../i18n/index.js';
import { SLA_TARGET, linearScale, uptimeFloor } from './math.js';
import { StatePatterns, patternId } from './StatePatterns.js';
import { useWidth } from './useWidth.js';

export interface Bar {
  key: string;
  /** Short axis label (may be empty to thin the axis). */
  tick: string;
  /** Full label for the table and the tooltip. */
  label: string;
  value: number | null;
  highlight?: boolean;
}

export type Props = {
  bars: readonly Bar[];
  uid: string;
  /** The chart in one sentence (the SVG's accessible name). */
  summary: string;
  /** Header of the label column in the hidden table. */
  labelHeader: string;
  testId: string;
  target?: number;
};

const H = 190;

/** Uptime as a percentage in the UI language (`99,95 %`, `100 %` only when whole), or "no data". */
export function formatUptime(v: number | null): string {
  return v === null ? t('charts.avail.noData') : formatRatio(v);
}

export function AvailabilityChart({ bars, uid, summary, labelHeader, testId, target = SLA_TARGET }: Props) {
  const [measure, W] = useWidth();
  const PLOT = { left: 64, right: Math.max(120, W - 12), top: 12, bottom: 160 };
  const floor = uptimeFloor(
    bars.map((b) => b.value),
    target,
  );
  const y = linearScale([floor, 1], [PLOT.bottom, PLOT.top]);
  const slot = (PLOT.right - PLOT.left) / Math.max(1, bars.length);
  const gap = Math.min(6, slot * 0.2);
  const axis = [floor, (floor + 1) / 2, 1];
  return (
    <div ref={measure} className="chart" data-testid={testId} data-count={bars.length}>
      <svg className="chart__svg" viewBox={`0 0 ${W} ${H}`} height={H} role="img" aria-label={summary}>
        <StatePatterns uid={uid} />
        {axis.map((v) => (
          <g key={v} className="chart__grid">
            <line x1={PLOT.left} x2={PLOT.right} y1={y(v)} y2={y(v)} />
            <text x={PLOT.left - 8} y={y(v) + 5} textAnchor="end">
              {formatRatio(v)}
            </text>
          </g>
        ))}
        {bars.map((b, i) => {
          const x = PLOT.left + i * slot + gap / 2;
          const w = Math.max(1, slot - gap);
          const below = b.value !== null && b.value < target;
          const top = b.value === null ? PLOT.bottom : y(Math.max(floor, b.value));
          return (
            <g
              key={b.key}
              data-testid="avail-bar"
              data-value={b.value ?? ''}
              data-below={below ? 'true' : 'false'}
            >
              <title>{`${b.label}: ${formatUptime(b.value)}`}</title>
              {b.value === null ? (
                <rect className="chart-bar chart-bar--empty" x={x} y={PLOT.bottom - 4} width={w} height={4} />
              ) : (
                <>
                  <rect
                    className={`chart-bar${below ? ' chart-bar--below' : ''}${b.highlight ? ' chart-bar--highlight' : ''}`}
                    x={x}
                    y={top}
                    width={w}
                    height={Math.max(1.5, PLOT.bottom - top)}
                  />
                  {below ? (
                    <rect
                      x={x}
                      y={top}
                      width={w}
                      height={Math.max(1.5, PLOT.bottom - top)}
                      fill={`url(#${patternId(uid, 'below')})`}
                    />
                  ) : null}
                </>
              )}
              {b.tick ? (
                <text className="chart__tick" x={x + w / 2} y={PLOT.bottom + 22} textAnchor="middle">
                  {b.tick}
                </text>
              ) : null}
            </g>
          );
        })}
        <g className="chart__target" data-testid="sla-target">
          <line x1={PLOT.left} x2={PLOT.right} y1={y(target)} y2={y(target)} />
          <text x={PLOT.right - 4} y={y(target) - 6} textAnchor="end">
            {t('charts.avail.target', { pct: formatRatio(target) })}
          </text>
        </g>
      </svg>
      <table className="sr-only">
        <caption>{summary}</caption>
        <thead>
          <tr>
            <th scope="col">{labelHeader}</th>
            <th scope="col">{t('charts.avail.uptime')}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((b) => (
            <tr key={b.key}>
              <th scope="row">{b.label}</th>
              <td>
                {formatUptime(b.value)}
                {b.value !== null && b.value < target ? ` (${t('charts.avail.below')})` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
