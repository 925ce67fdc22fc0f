import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../../server/catalog/catalog.js';
import type { Finding } from '../../../../server/health/integrity/findings.js';
import { csirtFor, incidentIdOf, incidentOf } from '../../../../server/health/integrity/incidents.js';
import type { OpenKind } from '../../../../server/health/integrity/ledger.js';
import { IncidentInputSchema, type Service } from '../../../../shared/schemas/index.js';

const catalog = loadCatalog();
const service = catalog.serviceById.get('web-dinkes') as Service;
const finding: Finding = {
  kind: 'spam',
  severity: 'moderate',
  url: 'https://dinkes.balikpapan.go.id/',
  view: 'crawler',
  visibility: 'cloaked',
  how: 'only as crawler',
  snippet: '…layanan vaksinasi slot gacor maxwin daftar…',
  terms: ['slot gacor', 'maxwin'],
};
const state: OpenKind = {
  firstSeenAt: '2026-12-07T01:00:00.000Z',
  lastSeenAt: '2026-12-07T03:00:00.000Z',
  severity: 'moderate',
  cleanRuns: 0,
  findings: [finding],
};

describe('integrity findings as incidents', () => {
  it('one stable incident per service and kind, for the owner, with the proof', () => {
    const inc = IncidentInputSchema.parse(incidentOf(catalog, service, 'spam', state, false));
    expect(inc).toMatchObject({
      id: 'integrity:web-dinkes:spam',
      category: 'cyber_seo_spam',
      severity: 'moderate',
      agencyId: 'dinkes',
      occurredAt: state.firstSeenAt,
      location: catalog.agencyById.get('dinkes')?.location,
      attributes: {
        url: finding.url,
        view: 'crawler',
        visibility: 'cloaked',
        snippet: finding.snippet,
        firstSeenAt: state.firstSeenAt,
        informed: 'diskominfo',
        locationApproximate: true,
      },
    });
    expect(inc.status).toBeUndefined();
    expect(inc.description).toContain(
      `${finding.url} · crawler (Googlebot) · cloaking (only as crawler): «${finding.snippet}»`,
    );
    // Nothing in it changes with the last sighting, so a run that sees the same is a repeat.
    const later = incidentOf(
      catalog,
      service,
      'spam',
      { ...state, lastSeenAt: '2026-12-07T09:00:00.000Z' },
      false,
    );
    expect(later).toEqual(incidentOf(catalog, service, 'spam', state, false));
    expect(incidentOf(catalog, service, 'spam', state, true).status).toBe('closed');
    expect(incidentOf(catalog, service, 'drift', state, false).category).toBe('cyber_defacement');
  });

  it('keeps ids within the id limit for very long service ids', () => {
    const id = incidentIdOf('x'.repeat(128), 'defacement');
    expect(id.length).toBeLessThanOrEqual(128);
    expect(id).toBe(incidentIdOf('x'.repeat(128), 'defacement'));
  });

  it('tells the CSIRT agency the routing rules name (Diskominfo), unless it owns the site', () => {
    expect(csirtFor(catalog, 'defacement', 'dinkes')).toBe('diskominfo');
    expect(csirtFor(catalog, 'spam', 'dinkes')).toBe('diskominfo');
    expect(csirtFor(catalog, 'spam', 'diskominfo')).toBeNull();
  });
});
