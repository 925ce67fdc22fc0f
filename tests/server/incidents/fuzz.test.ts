import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IncidentCategorySchema, IncidentInputSchema } from '../../../shared/schemas/index.js';
import { parseAlertmanager } from '../../../server/incidents/alertmanager.js';
import { parseCap } from '../../../server/incidents/cap.js';
import { HttpError } from '../../../server/errors.js';
import { createIngestKey, ingest, type Session } from '../../helpers/api.js';
import { call, dataOf, loginAdmin } from '../../helpers/http.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { AM_FIRING, CAP_A2, CAP_A4, capDoc, sample } from './fixtures.js';

const FRAGMENTS = [
  '<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
  '</alert>',
  '<info>',
  '</info>',
  '<area>',
  '</area>',
  '<identifier>x1</identifier>',
  '<sender>s@x</sender>',
  '<sent>2026-01-05T10:00:00+08:00</sent>',
  '<sent>9999-12-31T23:59:59-12:00</sent>',
  '<status>Actual</status>',
  '<msgType>Alert</msgType>',
  '<msgType>Update</msgType>',
  '<msgType>Cancel</msgType>',
  '<references>s@x,x0,2026-01-05T09:00:00+08:00</references>',
  '<event>Banjir</event>',
  '<urgency>Immediate</urgency>',
  '<severity>Severe</severity>',
  '<certainty>Observed</certainty>',
  '<polygon>-1.2,116.8 -1.3,116.9 -1.2,116.9</polygon>',
  '<circle>-1.2,116.8 5</circle>',
  '<headline>',
  '</headline>',
  '&amp;',
  '&#x0;',
  '&#99999999;',
  '&#xD800;',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '<?pi x?>',
  '<!DOCTYPE',
  '<!ENTITY',
  '<cap:alert xmlns:cap="urn:oasis:names:tc:emergency:cap:1.2">',
  '<__proto__>',
  '</__proto__>',
  '<x:__proto__>',
  '<constructor>',
  'xmlns="x"',
  '"',
  "'",
  '<',
  '>',
  '/>',
  '=',
  ' ',
];
const text = fc.string({ maxLength: 12, unit: 'grapheme' });
/** XML-ish noise built from CAP fragments and random text. */
const xmlish = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), text), { maxLength: 40 })
  .map((p) => p.join(''));
/** A sample with a random slice replaced by random text or fragments. */
const mutated = fc
  .tuple(
    fc.constantFrom(sample(CAP_A2), sample(CAP_A4)),
    fc.nat(),
    fc.nat({ max: 60 }),
    fc.oneof(text, fc.constantFrom(...FRAGMENTS)),
  )
  .map(
    ([doc, at, len, insert]) => doc.slice(0, at % doc.length) + insert + doc.slice((at % doc.length) + len),
  );
/** Well-formed CAP documents with random field values. */
const structured = fc
  .record({
    identifier: text,
    sent: text,
    msgType: fc.constantFrom('Alert', 'Update', 'Cancel', 'Ack', 'x'),
    references: text,
    severity: text,
    event: text,
    polygon: text,
    circle: text,
    language: fc.constantFrom('id', 'en-US', ''),
  })
  .map((r) =>
    capDoc({
      identifier: r.identifier,
      sent: r.sent,
      msgType: r.msgType,
      references: r.references,
      infos: [
        { severity: r.severity, event: r.event, polygon: r.polygon, language: r.language },
        { circle: r.circle },
      ],
    }),
  );
const anyXml = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), xmlish, mutated, structured);

const json = fc.jsonValue({ maxDepth: 4 });
const instant = fc.oneof(
  fc
    .date({
      min: new Date('0001-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString()),
  text,
  json,
);
const labels = fc.dictionary(
  fc.oneof(text, fc.constantFrom('alertname', 'severity', 'lat', 'lon', 'agency', 'category', '__proto__')),
  fc.oneof(text, json),
  { maxKeys: 6 },
);
/** Alertmanager notifications: mostly the right shape, any field possibly wrong. */
const notification = fc.oneof(
  json,
  fc.record(
    {
      version: fc.oneof(fc.constant('4'), json),
      groupKey: fc.oneof(text, json),
      status: fc.constantFrom('firing', 'resolved', 'x'),
      receiver: text,
      alerts: fc.array(
        fc.record(
          {
            status: fc.constantFrom('firing', 'resolved', 'x'),
            labels,
            annotations: labels,
            startsAt: instant,
            endsAt: instant,
            fingerprint: fc.oneof(fc.stringMatching(/^[0-9a-f]{16}$/), text),
          },
          { requiredKeys: [] },
        ),
        { maxLength: 4 },
      ),
      extra: json,
    },
    { requiredKeys: [] },
  ),
);
/** Native JSON incidents: mostly the right shape, any field possibly wrong. */
const incident = fc.record(
  {
    id: fc.oneof(fc.stringMatching(/^fz[a-z0-9]{1,10}$/), text),
    title: text,
    category: fc.oneof(fc.constantFrom(...IncidentCategorySchema.options), text),
    severity: fc.constantFrom('extreme', 'severe', 'minor', 'x'),
    location: fc.oneof(
      fc.tuple(fc.double(), fc.double()),
      fc.tuple(fc.double({ min: 116.8, max: 116.9 }), fc.double({ min: -1.3, max: -1.1 })),
      json,
    ),
    occurredAt: instant,
    attributes: json,
  },
  { requiredKeys: [] },
);

/** Runs `fn`; any error must be an HttpError with a 4xx status. */
function only4xx(fn: () => unknown): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof HttpError)) throw err;
    expect(err.status).toBeGreaterThanOrEqual(400);
    expect(err.status).toBeLessThan(500);
  }
}

describe('parsers under arbitrary input', () => {
  it('parseCap throws only 4xx HttpErrors, and what it accepts is a valid incident', () => {
    fc.assert(
      fc.property(anyXml, (xml) => {
        only4xx(() => {
          const m = parseCap(xml);
          if (m.input) expect(IncidentInputSchema.safeParse(m.input).success).toBe(true);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('parseAlertmanager throws only 4xx HttpErrors, and what it accepts are valid incidents', () => {
    fc.assert(
      fc.property(notification, (body) => {
        only4xx(() => {
          for (const i of parseAlertmanager(body))
            expect(IncidentInputSchema.safeParse(i).success).toBe(true);
        });
      }),
      { numRuns: 1000 },
    );
  });
});

describe('ingest endpoints under arbitrary requests', () => {
  let server: TestServer;
  let base: string;
  let key: string;
  let admin: Session;
  const total = async () =>
    dataOf<{ total: number }>(await admin.request('GET', '/api/v1/incidents?status=all&limit=1')).total;

  beforeAll(async () => {
    server = await startServer({ env: { PANTAU_INGEST_RATE_PER_MINUTE: '100000' } });
    base = server.baseUrl;
    key = await createIngestKey(base);
    admin = await loginAdmin(base);
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** Posts, then checks: never 5xx, and a refusal wrote nothing (an acceptance at most `most` incidents). */
  async function check(path: string, body: string, type: string, most: number): Promise<void> {
    const before = await total();
    const r = await ingest(base, key, path, body, type);
    expect(r.status, `${r.status} ${JSON.stringify(r.body)}`).toBeLessThan(500);
    const after = await total();
    if (r.status >= 400) {
      expect(after).toBe(before);
      expect(r.body).toMatchObject({
        error: { code: expect.any(String) as string, message: expect.any(String) as string },
      });
    } else {
      expect(r.status).toBe(202);
      expect(after - before).toBeLessThanOrEqual(most);
    }
  }

  it('POST /incidents with XML never answers 5xx and refusals write nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        anyXml,
        fc.constantFrom('application/cap+xml', 'application/xml', 'text/xml'),
        (xml, type) => check('/api/v1/incidents', xml, type, 1),
      ),
      { numRuns: 100 },
    );
  });

  it('POST /incidents with JSON never answers 5xx and refusals write nothing', async () => {
    const body = fc.oneof(
      json.map((j) => JSON.stringify(j)),
      incident.map((i) => JSON.stringify(i)),
      fc.array(incident, { maxLength: 3 }).map((a) => JSON.stringify(a)),
      fc.string({ maxLength: 50 }),
    );
    await fc.assert(
      fc.asyncProperty(body, (b) => check('/api/v1/incidents', b, 'application/json', 3)),
      { numRuns: 100 },
    );
  });

  it('POST /ingest/alertmanager never answers 5xx and refusals write nothing', async () => {
    const body = fc.oneof(
      notification.map((n) => JSON.stringify(n)),
      fc.constant(sample(AM_FIRING)),
      fc.string({ maxLength: 50 }),
    );
    await fc.assert(
      fc.asyncProperty(body, (b) => check('/api/v1/ingest/alertmanager', b, 'application/json', 4)),
      { numRuns: 100 },
    );
  });

  it('is still up and logged no unhandled error', async () => {
    expect((await call(base, 'GET', '/healthz')).status).toBe(200);
    expect(server.logs()).not.toContain('unhandled error');
  });
});
