/** Map legend: each colour with its glyph and its words. */
import { LangToggle } from '../components/LangToggle.js';
import { t } from '../i18n/index.js';
import { SERVICE_GLYPHS, SERVICE_STATUS_ORDER, SEVERITY_GLYPHS, SEVERITY_ORDER } from '../map/palette.js';

export function Legend({ attribution = null }: { attribution?: string | null }) {
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
      <div className="legend__group">
        <h3 className="legend__title">{t('legend.participation')}</h3>
        <span className="legend__ramp" aria-hidden="true" />
        <span>{t('legend.participationRange')}</span>
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
