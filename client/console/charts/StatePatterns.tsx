/** The per-state fill patterns of the charts (so a state never rests on colour alone) and their legend. */
import { SERVICE_GLYPHS } from '../../map/palette.js';
import { t } from '../../i18n/index.js';
import { CHECK_STATES, type CheckState } from './math.js';

/** A document-unique pattern id (React ids may hold characters `url(#…)` does not take). */
export function patternId(uid: string, state: CheckState | 'below'): string {
  return `pat-${uid.replace(/[^a-zA-Z0-9_-]/g, '')}-${state}`;
}

/** Marks drawn over the colour: none for up, dots, diagonal hatch, horizontal bars, cross-hatch. */
const MARKS: Record<CheckState | 'below', string | null> = {
  up: null,
  degraded: 'M2,2h1v1h-1zM6,6h1v1h-1z',
  down: 'M-1,1l2,-2M0,8l8,-8M7,9l2,-2',
  maintenance: 'M0,2h8M0,6h8',
  unknown: 'M0,0l8,8M8,0l-8,8',
  below: 'M-1,1l2,-2M0,8l8,-8M7,9l2,-2',
};

export function StatePatterns({ uid }: { uid: string }) {
  return (
    <defs>
      {(Object.keys(MARKS) as (CheckState | 'below')[]).map((k) => {
        const d = MARKS[k];
        return d ? (
          <pattern key={k} id={patternId(uid, k)} width="8" height="8" patternUnits="userSpaceOnUse">
            <path className="chart-pat" d={d} />
          </pattern>
        ) : null;
      })}
    </defs>
  );
}

export type LegendProps = { uid: string; title: string };

/** Colour swatch with its pattern, the glyph and the state in words. */
export function StateLegend({ uid, title }: LegendProps) {
  return (
    <ul className="chart-legend" aria-label={title}>
      {CHECK_STATES.map((s) => (
        <li key={s} className="chart-legend__item">
          <svg className="chart-legend__swatch" viewBox="0 0 16 16" aria-hidden="true">
            <rect className={`chart-strip__cell chart-strip__cell--${s}`} width="16" height="16" />
            {s !== 'up' ? <rect width="16" height="16" fill={`url(#${patternId(uid, s)})`} /> : null}
          </svg>
          <span aria-hidden="true">{SERVICE_GLYPHS[s]}</span> {t(`service.${s}`)}
        </li>
      ))}
    </ul>
  );
}
