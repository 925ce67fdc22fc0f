/** The wall's services view: the agency × service grid, large; mounted only while it shows. */
import { ServicesGrid } from '../components/ServicesGrid.js';
import { t } from '../i18n/index.js';

export function ServicesPanel() {
  return (
    <section
      className="wall-services"
      aria-labelledby="wall-services-title"
      data-testid="wall-services"
      data-visible="true"
    >
      <h2 id="wall-services-title" className="wall-services__title">
        {t('wall.servicesTitle')}
      </h2>
      <div className="wall-services__body">
        <ServicesGrid variant="wall" />
      </div>
    </section>
  );
}
