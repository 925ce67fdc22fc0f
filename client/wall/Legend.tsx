/** Map legend: each colour with its glyph and its words. */
import { LangToggle } from '../components/LangToggle.js';
import { formatNumber } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { SERVICE_GLYPHS, SERVICE_STATUS_ORDER, SEVERITY_GLYPHS, SEVERITY_ORDER } from '../map/palette.js';
import type { WallShading } from '../../shared/schemas/index.js';

export type Props = {
  attribution?: string | null;
  /** What the kelurahan shading shows, and its busiest kelurahan's value (null: not loaded yet). */
  shading?: WallShading;
  shadingMax?: number | null;
};

export function Legend({ attribution = null, shading = 'usage', shadingMax = null }: Props) {
  return (
    <div className="legend" aria-label={t('legend.label')}>
      <div className="legend__group">
        <h3 className="legend__title">{t('legend.services')}</h3>
        <ul>
          {SERVICE_STATUS_ORDER.map((s) => (
            <li key={s}>
              <span className={`legend__pin legend__pin--svc legend__pin--svc-${s}`} aria-hidden="true">
                {SERVICE_GLYPHS[s]}
              </span>
              {t(`service.${s}`)}
            </li>
          ))}
        </ul>
      </div>
      <div className="legend__group">
        <h3 className="legend__title">{t('legend.incidents')}</h3>
        <ul>
          {SEVERITY_ORDER.map((s) => (
            <li key={s}>
              <span className={`legend__pin legend__pin--sev legend__pin--sev-${s}`} aria-hidden="true">
                {SEVERITY_GLYPHS[s]}
              </span>
              {t(`severity.${s}`)}
            </li>
          ))}
        </ul>
      </div>
      <div className="legend__group" data-testid="legend-shading" data-shading={shading}>
        {shading === 'reports' ? (
          <>
            <h3 className="legend__title">{t('legend.reports')}</h3>
            <span className="legend__ramp" aria-hidden="true" />
            <span>
              {shadingMax === 0
                ? t('legend.reportsNone')
                : t('legend.reportsRange', { max: shadingMax === null ? '—' : formatNumber(shadingMax) })}
            </span>
          </>
        ) : (
          <>
            <h3 className="legend__title">{t('legend.participation')}</h3>
            <span className="legend__ramp" aria-hidden="true" />
            <span>{t('legend.participationRange')}</span>
          </>
        )}
      </div>
      {attribution ? (
        <p className="legend__sources" data-testid="map-attribution" aria-label={t('legend.mapSources')}>
          {attribution}
        </p>
      ) : null}
      <LangToggle />
    </div>
  );
}
