/** Status and severity badges: colour plus glyph plus text. */
import type { ServiceStatus, Severity } from '../../shared/schemas/index.js';
import { t } from '../i18n/index.js';
import { HIJACKED_GLYPH, SERVICE_GLYPHS, SEVERITY_GLYPHS } from '../map/palette.js';

export type SeverityProps = { severity: Severity; size?: 'sm' | 'md' | 'lg' };

export function SeverityBadge({ severity, size = 'md' }: SeverityProps) {
  return (
    <span className={`badge badge--${size} badge--sev-${severity}`} data-severity={severity}>
      <span className="badge__glyph" aria-hidden="true">
        {SEVERITY_GLYPHS[severity]}
      </span>
      {t(`severity.${severity}`)}
    </span>
  );
}

export type StatusProps = { status: ServiceStatus; size?: 'sm' | 'md' | 'lg' };

export function ServiceStatusBadge({ status, size = 'md' }: StatusProps) {
  return (
    <span className={`badge badge--${size} badge--svc-${status}`} data-status={status}>
      <span className="badge__glyph" aria-hidden="true">
        {SERVICE_GLYPHS[status]}
      </span>
      {t(`service.${status}`)}
    </span>
  );
}

export type HijackedProps = { size?: 'sm' | 'md' | 'lg' };

/** A hijacked site (defaced or injected with spam): its own colour and glyph, never a dead one's. */
export function HijackedBadge({ size = 'md' }: HijackedProps) {
  return (
    <span className={`badge badge--${size} badge--svc-hijacked`} data-integrity="hijacked">
      <span className="badge__glyph" aria-hidden="true">
        {HIJACKED_GLYPH}
      </span>
      {t('integrity.hijacked')}
    </span>
  );
}
