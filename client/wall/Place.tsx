/** Small pieces the wall's alert rows share: where an alert is, and how many incidents a group holds. */
import type { AlertPlace, Severity } from '../../shared/schemas/index.js';
import { formatNumber } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { SEVERITY_GLYPHS } from '../map/palette.js';
import { placeParts } from './alerts.js';

/** "Kel. X, Kec. Y" (or whichever part is known); null when the alert has no place. */
export function placeLabel(place: AlertPlace | null | undefined): string | null {
  const { kel, kec } = placeParts(place);
  if (kel && kec) return t('wall.place.both', { kel, kec });
  if (kel) return t('wall.place.kel', { kel });
  if (kec) return t('wall.place.kec', { kec });
  return null;
}

/** "N kejadian": a grouped alert stands for N incidents. */
export function GroupCount({ n }: { n: number }) {
  return (
    <span className="group-count" data-testid="group-count" data-n={n}>
      {t('wall.group', { n: formatNumber(n) })}
    </span>
  );
}

/** A severity as its coloured glyph (the legend says which is which); the word for screen readers. */
export function SeverityGlyph({ severity }: { severity: Severity }) {
  return (
    <span className={`sev-glyph sev-glyph--${severity}`} data-severity={severity}>
      <span aria-hidden="true">{SEVERITY_GLYPHS[severity]}</span>
      <span className="visually-hidden">{t(`severity.${severity}`)}</span>
    </span>
  );
}
