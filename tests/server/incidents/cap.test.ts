import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/schemas/index.js';
import { capCircle, capPolygon, parseCap, type CapMessage } from '../../../server/incidents/cap.js';
import { HttpError } from '../../../server/errors.js';
import { createIngestKey, ingest, type Session } from '../../helpers/api.js';
import { alertForIncident, allIncidents, dataOf, errorOf, loginAdmin } from '../../helpers/http.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { BALIKPAPAN_POLYGON, CAP_A2, CAP_A4, capDoc, sample } from './fixtures.js';

const A2_ID = 'cap:KSTO@NWS.NOAA.GOV:KSTO1055887203';
const A4_ID = 'cap:KARO@CLETS.DOJ.CA.GOV:KAR0-0306112239-SW';
const A2_RING = [
  [-120.14, 38.47],
  [-119.95, 38.34],
  [-119.74, 38.52],
  [-119.89, 38.62],
  [-120.14, 38.47],
];
const CITY_CENTRE = [116.8468, -1.2379];

/** The HttpError a document is refused with. */
function refusal(xml: unknown): HttpError {
  try {
    parseCap(xml);
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error('the document was accepted');
}
const paths = (e: HttpError) => (e.extra.issues ?? []).map((i) => i.path);

describe('parseCap', () => {
  it('maps the OASIS A.2 thunderstorm: polygon to [lng, lat], CAP enums lowercased, sent in UTC', () => {
    const m: CapMessage = parseCap(sample(CAP_A2));
    expect(m).toMatchObject({
      id: A2_ID,
      sender: 'KSTO@NWS.NOAA.GOV',
      identifier: 'KSTO1055887203',
      sent: '2003-06-17T21:57:00.000Z',
      status: 'Actual',
      msgType: 'Alert',
    });
    expect(m.input).toMatchObject({
      id: A2_ID,
      title: 'SEVERE THUNDERSTORM WARNING',
      category: 'weather',
      severity: 'severe',
      urgency: 'immediate',
      certainty: 'observed',
      location: { type: 'polygon', coordinates: A2_RING },
      occurredAt: '2003-06-17T21:57:00.000Z',
    });
    expect(m.input?.description).toMatch(
      /^AT 254 PM PDT\.\.\.NATIONAL WEATHER SERVICE DOPPLER RADAR.*STORM\.$/s,
    );
    expect(m.input?.attributes).toMatchObject({
      event: 'SEVERE THUNDERSTORM',
      instruction: 'TAKE COVER IN A SUBSTANTIAL SHELTER UNTIL THE STORM PASSES.',
      expires: '2003-06-17T23:00:00.000Z',
      senderName: 'NATIONAL WEATHER SERVICE SACRAMENTO CA',
    });
    expect(m.input?.attributes?.locationApproximate).toBeUndefined();
  });

  it('keeps the first language of A.4 (no Indonesian block) and the other headline as an attribute', () => {
    const m = parseCap(sample(CAP_A4));
    expect(m.input).toMatchObject({
      id: A4_ID,
      title: 'Amber Alert in Los Angeles County',
      category: 'public_order',
      severity: 'severe',
      urgency: 'immediate',
      certainty: 'likely',
      location: CITY_CENTRE,
      occurredAt: '2003-06-12T05:39:00.000Z',
      attributes: {
        language: 'en-US',
        'headline_es-US': 'Alerta Amber en el condado de Los Ángeles',
        locationApproximate: true,
        areaDesc: 'Los Angeles County',
      },
    });
  });

  it('prefers the Indonesian block wherever it is, keeping the English headline', () => {
    const m = parseCap(
      capDoc({
        identifier: 'bjr-1',
        infos: [
          {
            language: 'en-US',
            event: 'Flood',
            headline: 'Flood in Gunung Samarinda',
            polygon: BALIKPAPAN_POLYGON,
          },
          {
            language: 'id-ID',
            event: 'Banjir',
            headline: 'Banjir di Gunung Samarinda',
            polygon: BALIKPAPAN_POLYGON,
            onset: '2026-01-05T09:30:00+08:00',
          },
        ],
      }),
    );
    expect(m.input).toMatchObject({
      title: 'Banjir di Gunung Samarinda',
      category: 'flood',
      occurredAt: '2026-01-05T01:30:00.000Z',
      attributes: { language: 'id-ID', 'headline_en-US': 'Flood in Gunung Samarinda' },
    });
    expect(
      parseCap(
        capDoc({ identifier: 'x', infos: [{ language: 'en' }, { language: 'in', headline: 'Hujan' }] }),
      ).input?.title,
    ).toBe('Hujan');
  });

  it('maps categories by keyword first, then by CAP category', () => {
    const cat = (category: string, event: string) =>
      parseCap(capDoc({ identifier: 'c', infos: [{ category, event }] })).input?.category;
    expect(cat('Met', 'Banjir rob')).toBe('flood');
    expect(cat('Geo', 'Tanah longsor')).toBe('landslide');
    expect(cat('Geo', 'Aktivitas vulkanik')).toBe('earthquake');
    expect(cat('Env', 'Kebakaran hutan')).toBe('fire');
    expect(cat('Security', 'Pencurian')).toBe('crime');
    expect(cat('Transport', 'Jalan ditutup')).toBe('traffic');
    expect(cat('Infra', 'Pipa PDAM pecah')).toBe('infrastructure');
    expect(cat('CBRNE', 'Bocor')).toBe('other');
  });

  it('converts circles and closes open polygons; decodes predefined entities without expanding anything', () => {
    expect(capCircle('-1.2379,116.8468 2.5')).toEqual({
      type: 'circle',
      center: [116.8468, -1.2379],
      radiusMeters: 2500,
    });
    expect(capCircle('-1.2,116.8 0')).toEqual({ type: 'point', coordinates: [116.8, -1.2] });
    expect(capPolygon('-1.1,116.8 -1.1,116.9 -1.2,116.9')).toEqual([
      [116.8, -1.1],
      [116.9, -1.1],
      [116.9, -1.2],
      [116.8, -1.1],
    ]);
    expect(capPolygon('-1.1,116.8 -1.1,216.9 -1.2,116.9')).toMatch(/not a "lat,lon" pair/);
    const m = parseCap(
      capDoc({
        identifier: 'e',
        infos: [
          { headline: 'Air &amp; listrik &lt;padam&gt; &#65;&#x42; &amp;lt;', circle: '-1.2379,116.8468 1' },
        ],
      }),
    );
    expect(m.input?.title).toBe('Air & listrik <padam> AB &lt;');
    expect(m.input?.location).toEqual({ type: 'circle', center: [116.8468, -1.2379], radiusMeters: 1000 });
  });

  it('accepts a namespace prefix on every element', () => {
    const xml = sample(CAP_A2)
      .replace(/<(\/?)(\w+)/g, '<$1cap:$2')
      .replace('xmlns =', 'xmlns:cap =');
    expect(parseCap(xml).input?.title).toBe('SEVERE THUNDERSTORM WARNING');
  });

  it('refuses DOCTYPE and ENTITY declarations (entity bombs, external entities) with 422', () => {
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><alert>&lol2;</alert>';
    const xxe = `<?xml version="1.0"?><!DOCTYPE alert [<!ENTITY x SYSTEM "file:///etc/passwd">]>${sample(CAP_A2).replace('<?xml version = "1.0" encoding = "UTF-8"?>', '').replace('Met', '&x;')}`;
    for (const xml of [bomb, xxe, '<alert><!ENTITY x "y"></alert>', '<!doctype alert><alert/>']) {
      const e = refusal(xml);
      expect([e.status, e.code]).toEqual([422, 'xml_dtd_forbidden']);
    }
  });

  it('answers 400 for malformed XML and 422 naming what makes a document not a CAP 1.2 alert', () => {
    for (const bad of ['', 'not xml', '<alert><identifier>x</alert>', '<a/><b/>', 42])
      expect([refusal(bad).status, refusal(bad).code]).toEqual([400, 'malformed_xml']);
    const root = refusal('<feed xmlns="http://www.w3.org/2005/Atom"/>');
    expect([root.status, root.code, root.extra.issues?.[0]?.message]).toEqual([
      422,
      'not_cap_alert',
      'root element is <feed>, expected <alert>',
    ]);
    const cap11 = refusal(sample(CAP_A2).replace(':cap:1.2', ':cap:1.1'));
    expect(paths(cap11)).toEqual([['alert']]);
    expect(cap11.extra.issues?.[0]?.message).toContain('urn:oasis:names:tc:emergency:cap:1.1');
    const bare = refusal(
      `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2"><sent>yesterday</sent><status>Actual</status><msgType>Alert</msgType></alert>`,
    );
    expect(bare.code).toBe('not_cap_alert');
    expect(paths(bare)).toEqual([['identifier'], ['sender'], ['sent'], ['info']]);
    const enums = refusal(capDoc({ identifier: 'v', infos: [{ severity: 'Bad', urgency: '', event: '' }] }));
    expect(paths(enums)).toEqual([
      ['info', 0, 'event'],
      ['info', 0, 'severity'],
      ['info', 0, 'urgency'],
    ]);
    const upd = refusal(capDoc({ identifier: 'u', msgType: 'Update', references: 'only-two,parts' }));
    expect(paths(upd)).toEqual([['references', 0]]);
    expect(refusal(capDoc({ identifier: 'k', msgType: 'Ack' })).code).toBe('unsupported_cap_message');
  });
});

describe('CAP on POST /api/v1/incidents', () => {
  let server: TestServer;
  let base: string;
  let key: string;
  let admin: Session;
  const postXml = (xml: string, type = 'application/cap+xml') =>
    ingest(base, key, '/api/v1/incidents', xml, type);
  const find = async (id: string): Promise<Incident | undefined> =>
    (await allIncidents(admin)).items.find((i) => i.id === id);

  beforeAll(async () => {
    server = await startServer();
    base = server.baseUrl;
    key = await createIngestKey(base);
    admin = await loginAdmin(base);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('ingests the A.2 sample into a located incident with its alert; a repeat only bumps the counter', async () => {
    const r = await postXml(sample(CAP_A2));
    expect(r.status).toBe(202);
    expect(dataOf(r)).toEqual({ ids: [A2_ID], created: 1, updated: 0, repeated: 0 });
    expect(await find(A2_ID)).toMatchObject({
      title: 'SEVERE THUNDERSTORM WARNING',
      category: 'weather',
      severity: 'severe',
      urgency: 'immediate',
      certainty: 'observed',
      location: { type: 'polygon', coordinates: A2_RING },
      occurredAt: '2003-06-17T21:57:00.000Z',
      outsideCity: true,
      kelurahanCode: null,
      source: 'cap:KSTO@NWS.NOAA.GOV',
      agencyId: 'bpbd',
      status: 'open',
      repeatCount: 0,
    });
    expect(await alertForIncident(admin, A2_ID)).toMatchObject({
      severity: 'severe',
      agencyId: 'bpbd',
      condition: 'active',
      status: 'new',
    });
    const again = await postXml(sample(CAP_A2), 'application/xml');
    expect(dataOf(again)).toEqual({ ids: [A2_ID], created: 0, updated: 0, repeated: 1 });
    expect((await find(A2_ID))?.repeatCount).toBe(1);
    expect((await allIncidents(admin)).items.filter((i) => i.id === A2_ID)).toHaveLength(1);
  });

  it('ingests the two-language A.4 sample (text/xml) at the city centre, marked approximate', async () => {
    const r = await postXml(sample(CAP_A4), 'text/xml; charset=utf-8');
    expect(r.status).toBe(202);
    const inc = await find(A4_ID);
    expect(inc).toMatchObject({
      title: 'Amber Alert in Los Angeles County',
      category: 'public_order',
      severity: 'severe',
      certainty: 'likely',
      point: CITY_CENTRE,
      occurredAt: '2003-06-12T05:39:00.000Z',
      agencyId: 'satpolpp',
    });
    expect(inc?.attributes).toMatchObject({
      'headline_es-US': 'Alerta Amber en el condado de Los Ángeles',
      locationApproximate: true,
    });
    // A placeholder location must not pretend the incident is in a Balikpapan kelurahan.
    expect(inc).toMatchObject({ kelurahanCode: null, kecamatanCode: null });
  });

  it('applies an Update to the referenced incident and a Cancel closes it and clears its alert', async () => {
    const sent = '2026-01-05T10:00:00+08:00';
    const first = capDoc({
      identifier: 'bjr-100',
      sent,
      infos: [
        { language: 'id', event: 'Banjir', headline: 'Banjir setinggi 30 cm', polygon: BALIKPAPAN_POLYGON },
      ],
    });
    const id = 'cap:bpbd@balikpapan.go.id:bjr-100';
    expect(dataOf(await postXml(first))).toMatchObject({ ids: [id], created: 1 });
    const before = (await allIncidents(admin)).total;
    const ref = `bpbd@balikpapan.go.id,bjr-100,${sent}`;
    const update = capDoc({
      identifier: 'bjr-101',
      sent: '2026-01-05T11:00:00+08:00',
      msgType: 'Update',
      references: ref,
      infos: [
        {
          language: 'id',
          event: 'Banjir',
          headline: 'Banjir setinggi 80 cm',
          severity: 'Extreme',
          polygon: BALIKPAPAN_POLYGON,
        },
      ],
    });
    expect(dataOf(await postXml(update))).toEqual({ ids: [id], created: 0, updated: 1, repeated: 0 });
    const updated = await find(id);
    expect(updated).toMatchObject({
      title: 'Banjir setinggi 80 cm',
      severity: 'extreme',
      category: 'flood',
      outsideCity: false,
      kecamatanCode: '64.71.06',
      version: 2,
      attributes: { msgType: 'Update', capIdentifier: 'bjr-101' },
    });
    expect(updated?.timeline.map((t) => t.status)).toEqual(['open', 'updated']);
    expect((await allIncidents(admin)).total).toBe(before);

    const late = dataOf<{ ids: string[]; ignored?: string }>(await postXml(first));
    expect(late.ids).toEqual([]);
    expect(late.ignored).toContain('later message');
    expect((await find(id))?.title).toBe('Banjir setinggi 80 cm');

    const cancel = capDoc({
      identifier: 'bjr-102',
      sent: '2026-01-05T12:00:00+08:00',
      msgType: 'Cancel',
      references: `${ref} bpbd@balikpapan.go.id,bjr-101,2026-01-05T11:00:00+08:00`,
      infos: [],
    });
    expect(dataOf(await postXml(cancel))).toEqual({ ids: [id], created: 0, updated: 1, repeated: 0 });
    expect(await find(id)).toMatchObject({
      status: 'closed',
      title: 'Banjir setinggi 80 cm',
      attributes: { msgType: 'Cancel' },
    });
    expect(await alertForIncident(admin, id)).toMatchObject({ condition: 'cleared', severity: 'extreme' });
    expect((await allIncidents(admin)).total).toBe(before);
  });

  it('records nothing for Test messages and refuses bad documents with the error envelope', async () => {
    const before = (await allIncidents(admin)).total;
    const test = await postXml(capDoc({ identifier: 'tst-1', status: 'Test' }));
    expect(test.status).toBe(202);
    expect(dataOf(test)).toMatchObject({ ids: [], created: 0, ignored: 'CAP status Test is not recorded' });
    const dtd = await postXml('<!DOCTYPE a [<!ENTITY a "aaaa">]><alert>&a;</alert>');
    expect([dtd.status, errorOf(dtd).code]).toEqual([422, 'xml_dtd_forbidden']);
    const bad = await postXml('<alert><identifier>');
    expect([bad.status, errorOf(bad).code]).toEqual([400, 'malformed_xml']);
    expect(errorOf(bad).issues?.[0]?.message).toMatch(/^line 1/);
    const notCap = await postXml(sample(CAP_A2).replace('<identifier>KSTO1055887203</identifier>', ''));
    expect([notCap.status, errorOf(notCap).code, errorOf(notCap).issues]).toEqual([
      422,
      'not_cap_alert',
      [{ path: ['identifier'], message: 'missing <identifier>' }],
    ]);
    const huge = await postXml(sample(CAP_A2).replace('<contact>', `<contact>${'x'.repeat(600 * 1024)}`));
    expect([huge.status, errorOf(huge).code]).toEqual([413, 'payload_too_large']);
    const plain = await postXml(sample(CAP_A2), 'text/plain');
    expect(plain.status).toBe(415);
    expect((await allIncidents(admin)).total).toBe(before);
  });
});
