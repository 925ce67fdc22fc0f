/** "Layanan": the agency × service grid, a chosen service's check history, SLA and MTTA/MTTR per agency. */
import { useState } from 'react';
import { ServicesGrid } from '../components/ServicesGrid.js';
import { t } from '../i18n/index.js';
import { AgencyMetrics } from './AgencyMetrics.js';
import { ServiceHistory } from './ServiceHistory.js';

export function ServicesPage() {
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <>
      <section className="panel panel--open" aria-labelledby="services-title">
        <div className="panel__head">
          <h2 id="services-title">{t('services.title')}</h2>
        </div>
        <div className="panel__body">
          <p className="muted">{t('services.hint')}</p>
          <ServicesGrid variant="console" selected={selected} onSelect={setSelected} />
        </div>
      </section>
      {selected ? <ServiceHistory key={selected} serviceId={selected} /> : null}
      <AgencyMetrics />
    </>
  );
}
