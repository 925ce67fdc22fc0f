/**
 * "Pengaturan": one page per configurable thing, behind a secondary nav (`#config/<section>`).
 * Only the sections the signed-in role may use are offered; the server decides anyway and a 403
 * is shown as such.
 */
import { useEffect, useState } from 'react';
import '../../styles/config.css';
import { t } from '../../i18n/index.js';
import type { SessionUser } from '../../live/api.js';
import { AgenciesSection } from './AgenciesSection.js';
import { ChannelsSection } from './ChannelsSection.js';
import { DisplaysSection } from './DisplaysSection.js';
import { EscalationSection } from './EscalationSection.js';
import { InvalidEntries } from './InvalidEntries.js';
import { KeysSection } from './KeysSection.js';
import { MaintenanceSection } from './MaintenanceSection.js';
import { NoticesSection } from './NoticesSection.js';
import { ServicesSection } from './ServicesSection.js';
import { SilencesSection } from './SilencesSection.js';
import { UsersSection } from './UsersSection.js';
import { sectionsFor, type Section } from './sections.js';

function sectionFromHash(allowed: readonly Section[]): Section | null {
  const [tab, sub] = window.location.hash.slice(1).split('/');
  if (tab !== 'config') return allowed[0] ?? null;
  return allowed.find((s) => s === sub) ?? allowed[0] ?? null;
}

export function ConfigPage({ user }: { user: SessionUser }) {
  const allowed = sectionsFor(user.role);
  const [section, setSection] = useState<Section | null>(() => sectionFromHash(allowed));
  const choose = (s: Section): void => {
    setSection(s);
    window.history.replaceState(null, '', `#config/${s}`);
  };
  useEffect(() => {
    if (section && !window.location.hash.startsWith(`#config/${section}`))
      window.history.replaceState(null, '', `#config/${section}`);
  }, [section]);
  if (!section) {
    return (
      <p className="panel__empty" role="status">
        {t('cfg.noAccess')}
      </p>
    );
  }
  return (
    <div className="cfg">
      <nav className="cfg-nav" aria-label={t('cfg.nav')}>
        <ul>
          {allowed.map((s) => (
            <li key={s}>
              <a
                href={`#config/${s}`}
                className={`cfg-nav__link${s === section ? ' cfg-nav__link--active' : ''}`}
                aria-current={s === section ? 'page' : undefined}
                data-testid={`cfg-nav-${s}`}
                onClick={(e) => {
                  e.preventDefault();
                  choose(s);
                }}
              >
                {t(`cfg.section.${s}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="cfg-main">
        {user.role === 'admin' || user.role === 'supervisor' ? <InvalidEntries /> : null}
        {section === 'users' ? <UsersSection me={user} /> : null}
        {section === 'keys' ? <KeysSection /> : null}
        {section === 'displays' ? <DisplaysSection /> : null}
        {section === 'services' ? <ServicesSection /> : null}
        {section === 'agencies' ? <AgenciesSection /> : null}
        {section === 'escalation' ? (
          <EscalationSection canEdit={user.role === 'admin' || user.role === 'supervisor'} />
        ) : null}
        {section === 'channels' ? <ChannelsSection /> : null}
        {section === 'silences' ? <SilencesSection /> : null}
        {section === 'maintenance' ? <MaintenanceSection /> : null}
        {section === 'notices' ? <NoticesSection /> : null}
      </div>
    </div>
  );
}
