/** Adoption now against the 2018 baseline as one inline SVG bar (no chart library, no style attributes). */
import { t } from '../i18n/index.js';
import type { AdoptionApp } from '../live/governance.js';

/** The largest share (now or 2018) over all apps: one scale for every bar. */
export function adoptionScale(apps: readonly AdoptionApp[]): number {
  return Math.max(0, ...apps.flatMap((a) => [a.rate ?? 0, a.baseline?.rate ?? 0]));
}
import { formatAppBaseline, formatRate } from './format.js';

/** `scaleMax`: the share at full width, common to all bars so they compare (default: this app's own). */
export type Props = { app: AdoptionApp; className?: string; scaleMax?: number };

export function AdoptionBar({ app, className, scaleMax }: Props) {
  const now = app.rate ?? 0;
  const base = app.baseline?.rate ?? null;
  const max = (scaleMax ?? Math.max(now, base ?? 0)) * 1.1 || 1;
  const w = (v: number): number => Math.max(0, Math.min(100, (v / max) * 100));
  const label = t('gov.barLabel', {
    app: app.name,
    now: formatRate(app.rate),
    base: formatAppBaseline(app),
  });
  return (
    <svg
      className={`gov-bar${className ? ` ${className}` : ''}`}
      viewBox="0 0 100 10"
      preserveAspectRatio="none"
      role="img"
      aria-label={label}
    >
      <rect className="gov-bar__track" x="0" y="0" width="100" height="10" />
      {base !== null ? <rect className="gov-bar__base" x="0" y="6.5" width={w(base)} height="3.5" /> : null}
      <rect className="gov-bar__now" x="0" y="0" width={Math.max(w(now), now > 0 ? 0.6 : 0)} height="6" />
      {base !== null ? (
        <rect className="gov-bar__mark" x={Math.max(0, w(base) - 0.4)} y="0" width="0.8" height="10" />
      ) : null}
    </svg>
  );
}
