/**
 * Small factories for the report tests: filing a report through the /lapor form or Open311, reading
 * the triage list and an Open311 search, and a stored report as an older version left it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { expect } from 'vitest';
import type { Report } from '../../../shared/schemas/index.js';
import { dataOf } from '../../helpers/http.js';
import type { Session } from '../../helpers/api.js';

/** What the /lapor form sends. */
export interface WebReport {
  category: string;
  description: string;
  kelurahan?: string;
  lat?: string;
  long?: string;
  phone?: string;
  email?: string;
  photo?: Buffer;
}

/** A server's environment for report tests: its own media folder, `perHour` reports per sender, Redis when given. */
export function reportEnv(redis: { url: string } | null, perHour: number): Record<string, string> {
  return {
    ...(redis ? { REDIS_URL: redis.url } : {}),
    PANTAU_MEDIA_DIR: mkdtempSync(path.join(tmpdir(), 'pantau-media-')),
    PANTAU_REPORTS_PER_HOUR: String(perHour),
  };
}

/** A JPEG from a phone: camera make and GPS position in its EXIF. */
export function phoneJpeg(background = '#3a6'): Promise<Buffer> {
  return sharp({ create: { width: 320, height: 240, channels: 3, background } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'PhoneCo', Model: 'Kamera 9' },
      IFD3: {
        GPSLatitudeRef: 'S',
        GPSLatitude: '1/1 14/1 16/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '116/1 51/1 10/1',
      },
    })
    .toBuffer();
}

/** Posts the /lapor form (multipart, no redirect followed). */
export async function postLapor(base: string, r: WebReport) {
  const fd = new FormData();
  for (const [k, v] of Object.entries(r)) if (k !== 'photo' && v !== undefined) fd.set(k, String(v));
  if (r.photo) fd.set('photo', new Blob([new Uint8Array(r.photo)], { type: 'image/jpeg' }), 'IMG_0001.jpg');
  const res = await fetch(`${base}/lapor`, { method: 'POST', body: fd, redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

/** Files a report through /lapor and returns its number. */
export async function fileWeb(base: string, r: WebReport): Promise<string> {
  const res = await postLapor(base, r);
  expect(res.status, res.text.slice(0, 300)).toBe(303);
  return (res.location ?? '').replace('/lapor/', '');
}

/** Files a report through Open311 with `key` and returns its number. */
export async function fileOpen311(
  base: string,
  key: string,
  fields: { service_code: string; lat: string; long: string; description: string; email?: string },
): Promise<string> {
  const res = await fetch(`${base}/open311/v2/requests.json`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ api_key: key, ...fields }).toString(),
  });
  const body = (await res.json()) as { service_request_id: string }[];
  expect(res.status, JSON.stringify(body)).toBe(201);
  return body[0]?.service_request_id ?? '';
}

/** The triage list for a status filter (undefined: the default), as [id, shown status] pairs. */
export async function triageList(s: Session, status?: string): Promise<[string, string][]> {
  const r = await s.request('GET', `/api/v1/reports${status ? `?status=${status}` : ''}`);
  expect(r.status).toBe(200);
  return dataOf<{ items: Report[] }>(r).items.map((x) => [x.id, x.status]);
}

/** The ids a triage list shows, in order. */
export const triageIds = async (s: Session, status?: string) =>
  (await triageList(s, status)).map(([id]) => id);

/** An Open311 search's ids, in order (fails on anything but 200). */
export async function searchIds(base: string, query: Record<string, string>): Promise<string[]> {
  const res = await fetch(`${base}/open311/v2/requests.json?${new URLSearchParams(query).toString()}`);
  const body = (await res.json()) as { service_request_id: string }[];
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.map((r) => r.service_request_id);
}

/** A report as stored, filed at `at` (ISO), new unless `over` says otherwise. */
export function storedReport(id: string, at: string, over: Partial<Report> = {}): Report {
  return {
    id,
    serviceCode: 'banjir',
    description: 'Laporan lama',
    point: null,
    kelurahanCode: '64.71.01.1001',
    kecamatanCode: '64.71.01',
    address: null,
    mediaUrl: null,
    photo: null,
    channel: 'web',
    keyId: null,
    contact: { email: null, phone: null, name: null, ip: null },
    status: 'new',
    statusNote: null,
    mergedInto: null,
    incidentId: null,
    history: [{ at, status: 'new', note: null, by: null }],
    submittedAt: at,
    updatedAt: at,
    version: 1,
    ...over,
  };
}

/** Resolves after `ms` (so that two reports are not filed within the same millisecond). */
export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
