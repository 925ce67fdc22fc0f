/** Bahasa Indonesia / English switch. */
import { setLang, t, useLang } from '../i18n/index.js';

export function LangToggle() {
  const lang = useLang();
  return (
    <div className="lang-toggle" role="group" aria-label={t('lang.label')}>
      {(['id', 'en'] as const).map((l) => (
        <button
          key={l}
          type="button"
          className={`lang-toggle__btn${lang === l ? ' is-active' : ''}`}
          aria-pressed={lang === l}
          onClick={() => setLang(l)}
          data-testid={`lang-${l}`}
        >
          {t(`lang.${l}`)}
        </button>
      ))}
    </div>
  );
}
