import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../../shared/schemas/index.js';
import { parseBmkg, quakeSeverity } from '../../../server/incidents/bmkg.js';
import type { Session } from '../../helpers/api.js';
import { alertForIncident, allIncidents, loginAdmin } from '../../helpers/http.js';
import { startServer, type TestServer } from '../../helpers/server.js';
import { waitFor } from '../../helpers/wait.js';
import { BMKG_1, sample } from './fixtures.js';

const QUAKE_1 = 'bmkg:2024-01-10T13:17:26.000Z';
const QUAKE_2 = 'bmkg:2024-01-12T03:45:10.000Z';

/** A second, different quake in the same shape (offshore, east of Balikpapan). */
const second = JSON.stringify({
  Infogempa: {
    gempa: {
      Tanggal: '12 Jan 2024',
      Jam: '10:45:10 WIB',
      DateTime: '2024-01-12T03:45:10+00:00',
      Coordinates: '-1.52,117.61',
      Lintang: '1.52 LS',
      Bujur: '117.61 BT',
      Magnitude: '6.2',
      Kedalaman: '10 km',
      Wilayah: 'Pusat gempa berada di laut 85 km Tenggara Balikpapan',
      Potensi: 'Tidak berpotensi tsunami',
      Dirasakan: 'IV Balikpapan, III Penajam Paser Utara',
      Shakemap: '20240112104510.mmi.jpg',
    },
  },
});

describe('parseBmkg', () => {
  it('maps autogempa: "lat,lon" to [lng, lat], DateTime in UTC, numbers from text', () => {
    expect(parseBmkg(JSON.parse(sample(BMKG_1)))).toEqual([
      {
        id: QUAKE_1,
        title: 'Gempa M2.8 — Pusat gempa berada di darat 4 Km Timur Laut Kab.Sumedang',
        description:
          'Kedalaman: 6 km\nPotensi: Gempa ini dirasakan untuk diteruskan pada masyarakat\nDirasakan: III Sumedang Utara',
        category: 'earthquake',
        severity: 'minor',
        certainty: 'observed',
        location: [107.95, -6.83],
        occurredAt: '2024-01-10T13:17:26.000Z',
        attributes: {
          magnitude: 2.8,
          depthKm: 6,
          felt: 'III Sumedang Utara',
          potential: 'Gempa ini dirasakan untuk diteruskan pada masyarakat',
          shakemap: '20240110201726.mmi.jpg',
        },
      },
    ]);
  });

  it('grades severity by magnitude and reads the list feeds too', () => {
    expect([7, 6.9, 6, 5.9, 5, 4.9].map(quakeSeverity)).toEqual([
      'extreme',
      'severe',
      'severe',
      'moderate',
      'moderate',
      'minor',
    ]);
    const one = (JSON.parse(sample(BMKG_1)) as { Infogempa: { gempa: unknown } }).Infogempa.gempa;
    const two = (JSON.parse(second) as { Infogempa: { gempa: unknown } }).Infogempa.gempa;
    expect(parseBmkg({ Infogempa: { gempa: [one, two] } }).map((i) => [i.id, i.severity])).toEqual([
      [QUAKE_1, 'minor'],
      [QUAKE_2, 'severe'],
    ]);
  });

  it('throws on a bad feed, naming the field', () => {
    const good = JSON.parse(sample(BMKG_1)) as { Infogempa: { gempa: Record<string, string> } };
    const bad = (over: Record<string, string>) => ({
      Infogempa: { gempa: { ...good.Infogempa.gempa, ...over } },
    });
    expect(() => parseBmkg(bad({ Coordinates: '6.83 LS' }))).toThrow(/Coordinates/);
    expect(() => parseBmkg(bad({ Magnitude: 'besar' }))).toThrow(/Magnitude/);
    expect(() => parseBmkg(bad({ DateTime: '9 Jan 2024' }))).toThrow(/DateTime/);
    expect(() => parseBmkg(bad({ Coordinates: '-96.83,107.95' }))).toThrow(/out of range/);
    expect(() => parseBmkg({ gempa: [] })).toThrow(/invalid BMKG feed/);
  });
});

describe('BMKG poller against a local feed', () => {
  let feed: Server;
  let served = { status: 200, body: sample(BMKG_1) };
  let hits = 0;
  let server: TestServer;
  let admin: Session;
  const find = async (id: string): Promise<Incident | undefined> =>
    (await allIncidents(admin)).items.find((i) => i.id === id);
  /** Waits until the poller has fetched at least `n` more times. */
  const polled = async (n: number) => {
    const target = hits + n;
    await waitFor(() => hits >= target, `${n} more polls`);
  };

  beforeAll(async () => {
    feed = createServer((req, res) => {
      hits++;
      res.writeHead(served.status, { 'content-type': 'application/json' });
      res.end(served.body);
    });
    await new Promise<void>((r) => feed.listen(0, '127.0.0.1', r));
    const { port } = feed.address() as AddressInfo;
    server = await startServer({
      env: {
        PANTAU_BMKG_URL: `http://127.0.0.1:${port}/DataMKG/TEWS/autogempa.json`,
        PANTAU_BMKG_INTERVAL_SECONDS: '1',
      },
    });
    admin = await loginAdmin(server.baseUrl);
  });
  afterAll(async () => {
    await server?.stop();
    await new Promise((r) => feed?.close(r));
  });

  it('ingests each quake once, survives bad feeds, and records a quake seen again as a repeat', async () => {
    const first = await waitFor(() => find(QUAKE_1), 'the first quake');
    expect(first).toMatchObject({
      title: 'Gempa M2.8 — Pusat gempa berada di darat 4 Km Timur Laut Kab.Sumedang',
      category: 'earthquake',
      severity: 'minor',
      source: 'bmkg',
      point: [107.95, -6.83],
      outsideCity: true,
      occurredAt: '2024-01-10T13:17:26.000Z',
      attributes: { magnitude: 2.8, depthKm: 6, felt: 'III Sumedang Utara' },
      repeatCount: 0,
    });
    await polled(2);
    expect((await find(QUAKE_1))?.repeatCount).toBe(0);

    served = { status: 200, body: '{"Infogempa": {"gempa": {"Magnitude": "x"}}}' };
    await polled(2);
    served = { status: 200, body: '{"Infogempa": {"gempa": ' };
    await polled(2);
    served = { status: 503, body: 'maintenance' };
    await polled(2);
    expect(server.logs()).toContain('invalid BMKG feed: Infogempa.gempa');
    expect(server.logs()).toContain('invalid BMKG feed: not JSON');
    expect(server.logs()).toContain('BMKG feed answered HTTP 503');

    served = { status: 200, body: second };
    const quake2 = await waitFor(() => find(QUAKE_2), 'the second quake');
    expect(quake2).toMatchObject({
      title: 'Gempa M6.2 — Pusat gempa berada di laut 85 km Tenggara Balikpapan',
      severity: 'severe',
      point: [117.61, -1.52],
      occurredAt: '2024-01-12T03:45:10.000Z',
      description:
        'Kedalaman: 10 km\nPotensi: Tidak berpotensi tsunami\nDirasakan: IV Balikpapan, III Penajam Paser Utara',
      attributes: {
        magnitude: 6.2,
        depthKm: 10,
        felt: 'IV Balikpapan, III Penajam Paser Utara',
        potential: 'Tidak berpotensi tsunami',
        shakemap: '20240112104510.mmi.jpg',
      },
      agencyId: 'bpbd',
    });
    expect(await alertForIncident(admin, QUAKE_2)).toMatchObject({
      severity: 'severe',
      agencyId: 'bpbd',
      condition: 'active',
    });

    served = { status: 200, body: sample(BMKG_1) };
    await waitFor(
      async () => (await find(QUAKE_1))?.repeatCount === 1,
      'the first quake recorded as a repeat',
    );
    const bmkg = (await allIncidents(admin)).items.filter((i) => i.source === 'bmkg');
    expect(bmkg.map((i) => i.id).sort()).toEqual([QUAKE_1, QUAKE_2]);
  });
});
