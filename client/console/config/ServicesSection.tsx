/** The service catalogue (config:write): list, add/edit with the check, delete, export as YAML or JSON. */
import { useState } from 'react';
import { t } from '../../i18n/index.js';
import { deleteService, serviceDefs, type ServiceRow } from './configApi.js';
import { headline } from './errors.js';
import { agencyName, agencyOptions, useAgencies, useServices } from './lookups.js';
import { EMPTY_SERVICE, formFromDef, type ServiceFormState } from './serviceForm.js';
import { ServiceForm } from './ServiceForm.js';
import { ConfigTable, DeleteButton, EditButton, LoadState, Panel, RowStatus, useRowAction } from './ui.js';

type Editing = { isNew: boolean; initial: ServiceFormState } | null;

function checkText(check: unknown): string {
  if (!check || typeof check !== 'object') return '—';
  const c = check as { type?: unknown; target?: unknown; url?: unknown; intervalSeconds?: unknown };
  const target = typeof c.target === 'string' ? c.target : typeof c.url === 'string' ? c.url : '';
  const every =
    typeof c.intervalSeconds === 'number' ? ` · ${t('cfg.svc.every', { n: c.intervalSeconds })}` : '';
  return `${typeof c.type === 'string' ? c.type : '?'}${target ? ` ${target}` : ''}${every}`;
}

export function ServicesSection() {
  const services = useServices();
  const agencies = useAgencies();
  const [editing, setEditing] = useState<Editing>(null);
  const action = useRowAction();

  const edit = (s: ServiceRow): void => {
    action.run(async () => {
      const def = (await serviceDefs()).find((d) => d.id === s.id);
      setEditing({ isNew: false, initial: formFromDef(def ?? { ...s, check: undefined }) });
      return null;
    });
  };
  const remove = (s: ServiceRow): void => {
    action.run(async () => {
      await deleteService(s.id);
      services.reload();
      return t('cfg.svc.deleted', { name: s.name });
    });
  };

  const exports = (
    <>
      <a
        className="btn btn--small"
        href="/api/v1/services/export?format=yaml"
        download
        data-testid="services-export-yaml"
      >
        {t('cfg.svc.exportYaml')}
      </a>
      <a
        className="btn btn--small"
        href="/api/v1/services/export?format=json"
        download
        data-testid="services-export-json"
      >
        {t('cfg.svc.exportJson')}
      </a>
      <button
        type="button"
        className="btn btn--small btn--primary"
        data-testid="service-add"
        onClick={() => setEditing({ isNew: true, initial: { ...EMPTY_SERVICE } })}
      >
        {t('cfg.svc.add')}
      </button>
    </>
  );

  return (
    <Panel title={t('cfg.section.services')} testId="cfg-services" actions={exports}>
      <LoadState resource={services} errorText={headline} />
      <RowStatus action={action} />
      {editing ? (
        <ServiceForm
          key={editing.isNew ? 'new' : editing.initial.id}
          initial={editing.initial}
          isNew={editing.isNew}
          agencies={agencyOptions(agencies.data)}
          onCancel={() => setEditing(null)}
          onSaved={(id) => {
            setEditing(null);
            services.reload();
            action.setNotice(t('cfg.svc.saved', { id }));
          }}
        />
      ) : null}
      {services.data ? (
        <ConfigTable
          testId="services-table"
          caption={t('cfg.section.services')}
          columns={[
            t('cfg.svc.id'),
            t('cfg.svc.name'),
            t('cfg.svc.agencyId'),
            t('cfg.svc.kind'),
            t('cfg.svc.check'),
            t('col.actions'),
          ]}
        >
          {services.data.map((s) => (
            <tr key={s.id} data-testid="service-row" data-id={s.id}>
              <td>
                <code>{s.id}</code>
              </td>
              <td>{s.name}</td>
              <td>{agencyName(agencies.data, s.agencyId)}</td>
              <td>
                {s.kind === 'website' || s.kind === 'app' || s.kind === 'api'
                  ? t(`cfg.svc.kind.${s.kind}`)
                  : s.kind}
              </td>
              <td className="break">{checkText(s.check)}</td>
              <td className="cfg-row-actions">
                <EditButton
                  what={s.name}
                  disabled={action.busy}
                  testId="service-edit"
                  onClick={() => edit(s)}
                />
                <DeleteButton
                  what={s.name}
                  testId="service-delete"
                  disabled={action.busy}
                  onConfirm={() => remove(s)}
                />
              </td>
            </tr>
          ))}
        </ConfigTable>
      ) : null}
    </Panel>
  );
}
