/**
 * Pure builders of the live map features from store slices. Feature ids are stable (`properties.id`,
 * promoted by the sources) so updates are diffs.
 */
import type {
  Agency,
  Incident,
  Service,
  ServiceState,
  ServiceStatus,
  Severity,
} from '../../shared/schemas/index.js';
import { firstInOrder } from '../live/time.js';
import { SERVICE_GLYPHS, SERVICE_STATUS_RANK, SEVERITY_GLYPHS, SEVERITY_ORDER } from './palette.js';

export type LngLat = [number, number];

export interface PinProperties {
  [key: string]: string | number | boolean;
  id: string;
}

export interface PinFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: LngLat };
  properties: PinProperties;
}

export interface PinCollection {
  type: 'FeatureCollection';
  features: PinFeature[];
}

/** Worst state of a set of services (no state yet counts as unknown). */
export function worstStatus(statuses: readonly ServiceStatus[]): ServiceStatus {
  let worst: ServiceStatus = 'up';
  if (statuses.length === 0) return 'unknown';
  for (const s of statuses) if (SERVICE_STATUS_RANK[s] < SERVICE_STATUS_RANK[worst]) worst = s;
  return worst;
}

/** Degrees between co-located agencies' pins, so several OPDs in one office stay visible. */
const SPREAD_DEG = 0.0042;

/**
 * Places agencies that share a location on a small ring around it (deterministic: by id), so
 * the pins of one building do not hide each other.
 */
export function spreadColocated(points: ReadonlyArray<{ id: string; at: LngLat }>): Map<string, LngLat> {
  const groups = new Map<string, Array<{ id: string; at: LngLat }>>();
  for (const p of points) {
    const key = `${p.at[0].toFixed(4)},${p.at[1].toFixed(4)}`;
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  const out = new Map<string, LngLat>();
  for (const g of groups.values()) {
    if (g.length === 1) {
      const only = g[0];
      if (only) out.set(only.id, only.at);
      continue;
    }
    g.sort((a, b) => a.id.localeCompare(b.id));
    const r = SPREAD_DEG * Math.max(1, g.length / 6);
    g.forEach((p, i) => {
      const angle = (2 * Math.PI * i) / g.length - Math.PI / 2;
      out.set(p.id, [p.at[0] + r * Math.cos(angle), p.at[1] + r * Math.sin(angle)]);
    });
  }
  return out;
}

/** One pin per agency that owns services, in the colour and glyph of its worst service state. */
export function buildServicePins(
  agencies: ReadonlyMap<string, Agency>,
  services: ReadonlyMap<string, Service>,
  states: ReadonlyMap<string, ServiceState>,
): PinCollection {
  const byAgency = new Map<string, ServiceStatus[]>();
  for (const svc of services.values()) {
    const status = states.get(svc.id)?.status ?? 'unknown';
    const list = byAgency.get(svc.agencyId);
    if (list) list.push(status);
    else byAgency.set(svc.agencyId, [status]);
  }
  const located: Array<{ id: string; at: LngLat }> = [];
  for (const agencyId of byAgency.keys()) {
    const a = agencies.get(agencyId);
    if (a) located.push({ id: a.id, at: [a.location[0], a.location[1]] });
  }
  const positions = spreadColocated(located);
  const features: PinFeature[] = [];
  for (const [agencyId, statuses] of byAgency) {
    const agency = agencies.get(agencyId);
    const at = positions.get(agencyId);
    if (!agency || !at) continue;
    const status = worstStatus(statuses);
    const bad = statuses.filter((s) => s === 'down' || s === 'degraded').length;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: at },
      properties: {
        id: `agency:${agencyId}`,
        agencyId,
        status,
        glyph: SERVICE_GLYPHS[status],
        label: agency.shortName,
        total: statuses.length,
        bad,
        // Larger sort key draws on top: worst states above healthy ones.
        rank: 10 - SERVICE_STATUS_RANK[status],
        showLabel: status === 'down' || status === 'degraded',
      },
    });
  }
  return { type: 'FeatureCollection', features };
}

const TITLE_MAX = 34;

function shorten(s: string): string {
  return s.length <= TITLE_MAX ? s : s.slice(0, TITLE_MAX - 1).trimEnd() + '…';
}

/**
 * Pins already built, by incident object: the live store keeps an unchanged incident's object, so
 * a wall with 10,000 incidents rebuilds only the changed ones per update (and the diff sees the
 * same pin object for the rest). Entries go with their incident objects.
 */
const pinCache = new WeakMap<Incident, PinFeature>();

function incidentPin(inc: Incident): PinFeature {
  const cached = pinCache.get(inc);
  if (cached) return cached;
  const sev: Severity = inc.severity;
  const received = Date.parse(inc.receivedAt);
  const pin: PinFeature = {
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [inc.point[0], inc.point[1]] },
    properties: {
      id: inc.id,
      severity: sev,
      glyph: SEVERITY_GLYPHS[sev],
      title: shorten(inc.title),
      category: inc.category,
      receivedMs: Number.isFinite(received) ? received : 0,
      rank: SEVERITY_ORDER.length - SEVERITY_ORDER.indexOf(sev),
    },
  };
  pinCache.set(inc, pin);
  return pin;
}

/** Open incidents as pins (which carry their title on the map is the style's filter). */
export function buildIncidentPins(incidents: ReadonlyMap<string, Incident>): PinCollection {
  const features: PinFeature[] = [];
  for (const inc of incidents.values()) if (inc.status === 'open') features.push(incidentPin(inc));
  return { type: 'FeatureCollection', features };
}

const receivedMs = (pin: PinFeature): number => {
  const t = pin.properties.receivedMs;
  return typeof t === 'number' ? t : 0;
};

/** Most severe first, then newest. */
const pulseOrder = (a: PinFeature, b: PinFeature): number =>
  Number(b.properties.rank) - Number(a.properties.rank) || receivedMs(b) - receivedMs(a);

/**
 * The incident pins received within `windowMs` of `serverNow`: they pulse on the wall. At most
 * `limit` of them, the most severe and newest: a city where thousands arrive at once pulses
 * everywhere otherwise, which draws the eye nowhere.
 */
export function freshIncidentPins(
  pins: Iterable<PinFeature>,
  serverNow: number,
  windowMs: number,
  limit = Infinity,
): PinFeature[] {
  function* fresh(): Iterable<PinFeature> {
    for (const pin of pins) {
      const t = receivedMs(pin);
      if (t > 0 && Math.abs(serverNow - t) < windowMs) yield pin;
    }
  }
  return Number.isFinite(limit) ? firstInOrder(fresh(), limit, pulseOrder) : [...fresh()].sort(pulseOrder);
}

export interface FeatureDiff {
  add: PinFeature[];
  update: PinFeature[];
  remove: string[];
}

function sameFeature(a: PinFeature, b: PinFeature): boolean {
  if (
    a.geometry.coordinates[0] !== b.geometry.coordinates[0] ||
    a.geometry.coordinates[1] !== b.geometry.coordinates[1]
  ) {
    return false;
  }
  const ka = Object.keys(a.properties);
  if (ka.length !== Object.keys(b.properties).length) return false;
  return ka.every((k) => a.properties[k] === b.properties[k]);
}

/** What changed between two collections, by feature id. */
export function diffPins(prev: ReadonlyMap<string, PinFeature>, next: PinCollection): FeatureDiff {
  const diff: FeatureDiff = { add: [], update: [], remove: [] };
  const seen = new Set<string>();
  for (const f of next.features) {
    seen.add(f.properties.id);
    const old = prev.get(f.properties.id);
    if (!old) diff.add.push(f);
    else if (old !== f && !sameFeature(old, f)) diff.update.push(f);
  }
  for (const id of prev.keys()) if (!seen.has(id)) diff.remove.push(id);
  return diff;
}

/**
 * The district that holds the agencies' pins, padded, for the detail map; null when there is
 * nothing to focus on or the pins spread too far for a detail view to help.
 */
export function focusBounds(
  pins: PinCollection,
  pad = 0.1,
  maxSpanDeg = 0.12,
): [[number, number], [number, number]] | null {
  if (pins.features.length === 0) return null;
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const f of pins.features) {
    const [x, y] = f.geometry.coordinates;
    w = Math.min(w, x);
    e = Math.max(e, x);
    s = Math.min(s, y);
    n = Math.max(n, y);
  }
  const dx = Math.max(e - w, 0.01);
  const dy = Math.max(n - s, 0.01);
  if (dx > maxSpanDeg || dy > maxSpanDeg) return null;
  const round = (v: number): number => Math.round(v * 1e4) / 1e4;
  return [
    [round(w - dx * pad), round(s - dy * pad)],
    [round(e + dx * pad), round(n + dy * pad)],
  ];
}
