/**
 * The coming two weeks of one schedule: a strip (one row of days, each person's shifts in their
 * own shade, inline SVG: attributes, no style attributes) and the same shifts as a table, the one
 * screen readers get.
 */
import type { OnCallShift } from '../../../shared/schemas/index.js';
import { formatDateWita, formatTimeWita } from '../../i18n/format.js';
import { t } from '../../i18n/index.js';

export type Props = {
  shifts: readonly OnCallShift[];
  /** The instant the answer is for (the strip starts there). */
  at: string;
  nameOf: (userId: string) => string;
};

const DAY_MS = 86_400_000;
const DAYS = 14;
/** Shades people take in turn (colour is never the only cue: the table and the labels say who). */
const SHADES = ['#38bdf8', '#a78bfa', '#34d399', '#fbbf24', '#f472b6', '#fb923c'];

/** `Sen, 7 Des 08:00 WITA`. */
export function whenText(at: string | number): string {
  const date = formatDateWita(at).replace(/\s\d{4}$/, '');
  return `${date} ${formatTimeWita(at, false)} ${t('time.zone')}`;
}

function Strip({ shifts, at, nameOf }: Props) {
  const from = Date.parse(at);
  const to = from + DAYS * DAY_MS;
  const width = 1000;
  const x = (ms: number): number => ((Math.min(Math.max(ms, from), to) - from) / (to - from)) * width;
  const people = [...new Set(shifts.map((s) => s.userId))];
  const shade = (userId: string): string => SHADES[people.indexOf(userId) % SHADES.length] ?? '#38bdf8';
  // Day lines at WITA midnights.
  const firstMidnight = Math.ceil((from + 8 * 3_600_000) / DAY_MS) * DAY_MS - 8 * 3_600_000;
  const midnights: number[] = [];
  for (let m = firstMidnight; m < to; m += DAY_MS) midnights.push(m);
  return (
    <div className="oncall-strip" aria-hidden="true">
      <svg viewBox={`0 0 ${width} 44`} preserveAspectRatio="none" className="oncall-strip__svg">
        <rect x="0" y="0" width={width} height="28" fill="#0b1422" />
        {shifts.map((s, i) => (
          <rect
            key={i}
            x={x(Date.parse(s.from))}
            y={s.source === 'override' ? 2 : 4}
            width={Math.max(1, x(Date.parse(s.to)) - x(Date.parse(s.from)))}
            height={s.source === 'override' ? 24 : 20}
            fill={shade(s.userId)}
            stroke={s.source === 'override' ? '#f8fafc' : 'none'}
            strokeWidth="2"
          />
        ))}
        {midnights.map((m) => (
          <line key={m} x1={x(m)} x2={x(m)} y1="0" y2="34" stroke="#334155" strokeWidth="1" />
        ))}
      </svg>
      <ul className="oncall-strip__legend">
        {people.map((p) => (
          <li key={p}>
            <svg viewBox="0 0 10 10" className="oncall-strip__swatch">
              <rect width="10" height="10" fill={shade(p)} />
            </svg>
            {nameOf(p)}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ShiftTable({ shifts, at, nameOf }: Props) {
  if (shifts.length === 0) {
    return (
      <p className="muted" data-testid="oncall-no-shifts">
        {t('oncall.noShifts')}
      </p>
    );
  }
  const now = Date.parse(at);
  return (
    <>
      <Strip shifts={shifts} at={at} nameOf={nameOf} />
      <div className="table-wrap">
        <table className="table oncall-shifts" data-testid="oncall-shifts">
          <caption className="sr-only">{t('oncall.shiftsCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('oncall.from')}</th>
              <th scope="col">{t('oncall.to')}</th>
              <th scope="col">{t('oncall.person')}</th>
              <th scope="col">{t('oncall.layer')}</th>
            </tr>
          </thead>
          <tbody>
            {shifts.map((s, i) => {
              const current = Date.parse(s.from) <= now && now < Date.parse(s.to);
              return (
                <tr
                  key={i}
                  data-testid="shift-row"
                  data-user={s.userId}
                  data-current={current ? '1' : '0'}
                  className={current ? 'oncall-shifts__now' : undefined}
                >
                  <td>
                    <time dateTime={s.from}>{whenText(s.from)}</time>
                  </td>
                  <td>
                    <time dateTime={s.to}>{whenText(s.to)}</time>
                  </td>
                  <td>
                    {nameOf(s.userId)}
                    {current ? <span className="pill oncall-pill-now">{t('oncall.nowShort')}</span> : null}
                  </td>
                  <td>{s.source === 'override' ? t('oncall.override') : (s.layer ?? '—')}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
