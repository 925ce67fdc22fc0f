/**
 * Operator-supplied street tiles: `PANTAU_STREETS_PMTILES` names a PMTiles archive that the server
 * serves at /tiles/streets.pmtiles with Range support, and the real `pmtiles` reader gets its header
 * and tiles back through HTTP. Unset, the path is a plain 404; a missing file stops the start.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PMTiles, TileType } from 'pmtiles';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../server/config.js';
import { buildStreetsArchive, decodeTileProperties } from '../helpers/pmtiles.js';
import { startServer, type TestServer } from '../helpers/server.js';

const URL_PATH = '/tiles/streets.pmtiles';

describe('street tiles (PANTAU_STREETS_PMTILES)', () => {
  let dir: string;
  let file: string;
  let archive: Buffer;
  let withStreets: TestServer;
  let without: TestServer;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pantau-streets-'));
    // In a dot directory: the operator names the path, so hidden folders are fine.
    mkdirSync(path.join(dir, '.maps'));
    file = path.join(dir, '.maps', 'balikpapan.pmtiles');
    archive = buildStreetsArchive();
    writeFileSync(file, archive);
    [withStreets, without] = await Promise.all([
      startServer({ env: { PANTAU_STREETS_PMTILES: file } }),
      startServer(),
    ]);
  });

  afterAll(async () => {
    await Promise.all([withStreets?.stop(), without?.stop()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 404 (GET and HEAD) when no street tiles are configured', async () => {
    const get = await fetch(without.baseUrl + URL_PATH);
    expect(get.status).toBe(404);
    expect(((await get.json()) as { error: { code: string } }).error.code).toBe('not_found');
    const head = await fetch(without.baseUrl + URL_PATH, { method: 'HEAD' });
    expect(head.status).toBe(404);
  });

  it('says in /tiles/index.json whether there are streets (always 200, never cached stale)', async () => {
    const none = await fetch(without.baseUrl + '/tiles/index.json');
    expect(none.status).toBe(200);
    expect(none.headers.get('cache-control')).toBe('no-cache');
    expect(await none.json()).toEqual({ streets: null });
    const some = await fetch(withStreets.baseUrl + '/tiles/index.json');
    expect(await some.json()).toEqual({ streets: URL_PATH });
  });

  it('serves the whole file, publicly cacheable, and says it takes ranges', async () => {
    const head = await fetch(withStreets.baseUrl + URL_PATH, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('accept-ranges')).toBe('bytes');
    expect(head.headers.get('content-length')).toBe(String(archive.length));
    expect(head.headers.get('cache-control')).toMatch(/max-age=3600/);

    const get = await fetch(withStreets.baseUrl + URL_PATH);
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toBe('application/vnd.pmtiles');
    expect(Buffer.from(await get.arrayBuffer()).equals(archive)).toBe(true);
  });

  it('answers a Range request with 206 and exactly those bytes', async () => {
    const res = await fetch(withStreets.baseUrl + URL_PATH, { headers: { range: 'bytes=0-126' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 0-126/${archive.length}`);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.length).toBe(127);
    expect(body.subarray(0, 7).toString('latin1')).toBe('PMTiles');
    expect(body[7]).toBe(3);

    // The reader's first request asks for 16 KiB; a smaller file answers with what it has.
    const past = await fetch(withStreets.baseUrl + URL_PATH, { headers: { range: 'bytes=0-16383' } });
    expect(past.status).toBe(206);
    expect(past.headers.get('content-range')).toBe(`bytes 0-${archive.length - 1}/${archive.length}`);

    const beyond = await fetch(withStreets.baseUrl + URL_PATH, {
      headers: { range: `bytes=${archive.length + 10}-${archive.length + 20}` },
    });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${archive.length}`);
  });

  it('is read back by the pmtiles package over HTTP: header, metadata and a road tile', async () => {
    const p = new PMTiles(withStreets.baseUrl + URL_PATH);
    const h = await p.getHeader();
    expect(h.specVersion).toBe(3);
    expect(h.tileType).toBe(TileType.Mvt);
    expect(h.minZoom).toBe(0);
    expect(h.maxZoom).toBe(14);
    expect(h.minLon).toBeCloseTo(116.826, 5);
    expect(h.maxLat).toBeCloseTo(-1.233, 5);
    const meta = (await p.getMetadata()) as { vector_layers: { id: string }[] };
    expect(meta.vector_layers.map((l) => l.id)).toEqual(['roads']);

    // Balikpapan's centre at z14 (116.85, -1.26).
    const tile = await p.getZxy(14, 13509, 8249);
    expect(tile).toBeDefined();
    const layers = decodeTileProperties(new Uint8Array(tile?.data ?? new ArrayBuffer(0)));
    expect(layers.map((l) => l.layer)).toEqual(['roads']);
    expect(layers[0]?.features.map((f) => f.kind).sort()).toEqual(['highway', 'major_road', 'minor_road']);
    // No tile outside the archive's area.
    expect(await p.getZxy(14, 0, 0)).toBeUndefined();
  });

  it('is a configuration error naming the path when the file is missing or not a file', async () => {
    const missing = path.join(dir, 'missing.pmtiles');
    const parsed = parseConfig({ PANTAU_STREETS_PMTILES: missing });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok)
      expect(parsed.problems.join('\n')).toContain(
        `PANTAU_STREETS_PMTILES: cannot read the street tiles file "${missing}" (ENOENT)`,
      );

    const notFile = parseConfig({ PANTAU_STREETS_PMTILES: dir });
    expect(notFile.ok).toBe(false);
    if (!notFile.ok) expect(notFile.problems.join('\n')).toContain('not a regular file');

    const ok = parseConfig({ PANTAU_STREETS_PMTILES: file });
    expect(ok.ok && ok.config.streetsPmtiles).toBe(file);
    const unset = parseConfig({});
    expect(unset.ok && unset.config.streetsPmtiles).toBeUndefined();

    // The real server refuses to start and says why.
    await expect(startServer({ env: { PANTAU_STREETS_PMTILES: missing } })).rejects.toThrow(missing);
  });
});
