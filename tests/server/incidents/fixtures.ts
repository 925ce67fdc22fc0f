import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CAP_NAMESPACE } from '../../../server/incidents/cap.js';

/** Copies of the real feed documents (provenance in their README), kept inside the repository. */
const SAMPLES = path.resolve(import.meta.dirname, '../../fixtures/samples');

/** A file of tests/fixtures/samples, byte for byte. */
export function sample(name: string): string {
  return readFileSync(path.join(SAMPLES, name), 'utf8');
}

export const CAP_A2 = 'cap-oasis-a2-thunderstorm-polygon.xml';
export const CAP_A4 = 'cap-oasis-a4-amber-alert-2lang.xml';
export const AM_FIRING = 'alertmanager-v4-firing.json';
export const BMKG_1 = 'bmkg-autogempa-1.json';

/** A polygon ("lat,lon" pairs) around Balikpapan Kota, inside the city. */
export const BALIKPAPAN_POLYGON =
  '-1.265,116.825 -1.265,116.840 -1.275,116.840 -1.275,116.825 -1.265,116.825';

/** One `<info>` block of a CAP document built by `capDoc`. */
export interface InfoSpec {
  language?: string;
  category?: string;
  event?: string;
  headline?: string;
  description?: string;
  severity?: string;
  urgency?: string;
  certainty?: string;
  onset?: string;
  polygon?: string;
  circle?: string;
}

/** A CAP 1.2 alert built from parts (a small factory for tests; values are inserted as given). */
export function capDoc(spec: {
  identifier: string;
  sender?: string;
  sent?: string;
  status?: string;
  msgType?: string;
  references?: string;
  infos?: InfoSpec[];
}): string {
  const el = (name: string, v: string | undefined) => (v === undefined ? '' : `<${name}>${v}</${name}>`);
  const info = (i: InfoSpec) =>
    `<info>${el('language', i.language)}${el('category', i.category ?? 'Met')}${el('event', i.event ?? 'Hujan lebat')}` +
    `${el('urgency', i.urgency ?? 'Immediate')}${el('severity', i.severity ?? 'Severe')}${el('certainty', i.certainty ?? 'Observed')}` +
    `${el('onset', i.onset)}${el('headline', i.headline)}${el('description', i.description)}` +
    `<area><areaDesc>Balikpapan</areaDesc>${el('polygon', i.polygon)}${el('circle', i.circle)}</area></info>`;
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<alert xmlns="${CAP_NAMESPACE}">` +
    `${el('identifier', spec.identifier)}${el('sender', spec.sender ?? 'bpbd@balikpapan.go.id')}` +
    `${el('sent', spec.sent ?? '2026-01-05T10:00:00+08:00')}${el('status', spec.status ?? 'Actual')}` +
    `${el('msgType', spec.msgType ?? 'Alert')}<scope>Public</scope>${el('references', spec.references)}` +
    `${(spec.infos ?? [{}]).map(info).join('')}</alert>`
  );
}
