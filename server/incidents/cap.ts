import { createHash } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import {
  MAX_DESCRIPTION_LENGTH,
  MAX_POLYGON_POINTS,
  MAX_RADIUS_METERS,
  MAX_TITLE_LENGTH,
} from '../../shared/limits.js';
import {
  CertaintySchema,
  IdSchema,
  LngLatSchema,
  SeveritySchema,
  UrgencySchema,
  type IncidentCategory,
  type IncidentInput,
  type IncidentLocation,
  type LngLat,
} from '../../shared/schemas/index.js';
import { HttpError, type Issue } from '../errors.js';
import {
  CITY_CENTRE,
  categoryHint,
  checkMapped,
  clip,
  setAttr,
  toUtcInstant,
  type Attributes,
} from './feeds.js';

/**
 * CAP 1.2 → Pantau incident. One `<info>` is used: the Indonesian one (`id`, `id-ID`, `in`) if any,
 * else the first; other languages' headlines go to `attributes.headline_<lang>`. id
 * `cap:<sender>:<identifier>`; title = headline or event; category by keyword in the event (banjir,
 * longsor, gempa, kebakaran…), else by CAP category (Fire→fire, Met→weather, Geo→earthquake,
 * Safety→public_order, Security→crime, Rescue→public_order, Health→health, Infra→infrastructure,
 * Transport→traffic, Env/CBRNE/Other→other); severity/urgency/certainty lowercased; location = the
 * first area polygon ("lat,lon" pairs → closed [lng, lat] ring) or circle ("lat,lon km" → metres);
 * with no geometry the city centre, marked `attributes.locationApproximate: true`; occurredAt =
 * onset, else effective, else `sent`, in UTC.
 */

/** The XML namespace of a CAP 1.2 `<alert>`. */
export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

/** An earlier message named in `<references>` ("sender,identifier,sent"). */
export interface CapReference {
  sender: string;
  identifier: string;
  sent: string;
  id: string;
}

/** A parsed CAP alert: its identity, what it does to earlier messages, and the incident it describes. */
export interface CapMessage {
  id: string;
  sender: string;
  identifier: string;
  sent: string;
  status: string;
  msgType: 'Alert' | 'Update' | 'Cancel';
  /** Referenced messages, oldest first. */
  references: CapReference[];
  /** Null only for a Cancel without `<info>`. */
  input: IncidentInput | null;
}

type Node = Record<string, unknown>;

const REPEATED = new Set([
  'info',
  'area',
  'polygon',
  'circle',
  'category',
  'geocode',
  'parameter',
  'resource',
  'responseType',
  'eventCode',
]);
const STATUSES = ['Actual', 'Exercise', 'System', 'Test', 'Draft'];
const MSG_TYPES = ['Alert', 'Update', 'Cancel', 'Ack', 'Error'];
const INDONESIAN = /^(id|in)([-_]|$)/i;
const CAP_CATEGORY: Record<string, IncidentCategory> = {
  Fire: 'fire',
  Met: 'weather',
  Geo: 'earthquake',
  Safety: 'public_order',
  Security: 'crime',
  Rescue: 'public_order',
  Health: 'health',
  Infra: 'infrastructure',
  Transport: 'traffic',
};

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);

// No entity processing at all (no DOCTYPE entities, no expansion); the five predefined entities and
// character references are decoded by `decode` below, which cannot expand.
const parser = new XMLParser({
  processEntities: false,
  ignoreAttributes: false,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name, _path, _leaf, isAttribute) => !isAttribute && REPEATED.has(localName(name)),
});

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-f]{1,6});/gi, (all, name: string) => {
    if (!name.startsWith('#')) return PREDEFINED[name.toLowerCase()] ?? all;
    const code =
      name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
  });
}

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);
const child = (node: Node, name: string): unknown => (Object.hasOwn(node, name) ? node[name] : undefined);

function text(v: unknown): string | undefined {
  const first: unknown = Array.isArray(v) ? v[0] : v;
  const raw = typeof first === 'string' ? first : isNode(first) ? child(first, '#text') : undefined;
  return typeof raw === 'string' ? decode(raw).trim() || undefined : undefined;
}
const texts = (v: unknown): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).flatMap((x) => text(x) ?? []);
const nodes = (v: unknown): Node[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).map((x) => (isNode(x) ? x : {}));

/** Drops namespace prefixes from element names (`cap:info` → `info`); the first of a clash wins. */
function unprefix(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(unprefix);
  if (!isNode(v)) return v;
  const out = Object.create(null) as Node;
  for (const [k, val] of Object.entries(v)) {
    const key = k.startsWith('@_') || k.startsWith('#') ? k : localName(k);
    if (key !== '__proto__' && !Object.hasOwn(out, key)) out[key] = unprefix(val);
  }
  return out;
}

const notCap = (issues: Issue[]) =>
  new HttpError(422, 'not_cap_alert', 'The document is not a CAP 1.2 alert; nothing was written.', {
    issues,
  });
const malformed = (message: string) =>
  new HttpError(400, 'malformed_xml', 'The body is not well-formed XML; nothing was written.', {
    issues: [{ path: [], message }],
  });

/** The incident id of a CAP message: `cap:<sender>:<identifier>`, hashed when that is no valid id. */
export function capIncidentId(sender: string, identifier: string): string {
  const id = `cap:${sender}:${identifier}`;
  return IdSchema.safeParse(id).success
    ? id
    : `cap:h-${createHash('sha256').update(`${sender}\n${identifier}`).digest('hex').slice(0, 40)}`;
}

function parseReferences(raw: string | undefined, issues: Issue[]): CapReference[] {
  if (!raw) {
    issues.push({
      path: ['references'],
      message: 'an Update or Cancel must name the message(s) it refers to',
    });
    return [];
  }
  const refs: CapReference[] = [];
  raw
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 100)
    .forEach((token, i) => {
      const [sender, identifier, sentRaw, ...rest] = token.split(',');
      const sent = sentRaw ? toUtcInstant(sentRaw) : null;
      if (!sender || !identifier || !sent || rest.length)
        issues.push({
          path: ['references', i],
          message: `"${clip(token, 80)}" is not "sender,identifier,sent"`,
        });
      else refs.push({ sender, identifier, sent, id: capIncidentId(sender, identifier) });
    });
  return refs.sort((a, b) => a.sent.localeCompare(b.sent));
}

function parsePoint(pair: string): LngLat | null {
  const [lat, lon, ...rest] = pair.split(',');
  if (!lat || !lon || rest.length) return null;
  const r = LngLatSchema.safeParse([Number(lon), Number(lat)]);
  return r.success ? r.data : null;
}

/** A CAP polygon ("lat,lon lat,lon …") as a closed `[lng, lat]` ring, or an error message. */
export function capPolygon(raw: string): LngLat[] | string {
  const pairs = raw.split(/\s+/).filter(Boolean);
  if (pairs.length > MAX_POLYGON_POINTS) return `at most ${MAX_POLYGON_POINTS} points`;
  const ring: LngLat[] = [];
  for (const p of pairs) {
    const pt = parsePoint(p);
    if (!pt) return `"${clip(p, 60)}" is not a "lat,lon" pair in range`;
    ring.push(pt);
  }
  const first = ring[0];
  const last = ring.at(-1);
  if (first && last && (first[0] !== last[0] || first[1] !== last[1])) ring.push([first[0], first[1]]);
  return ring.length >= 4 && ring.length <= MAX_POLYGON_POINTS
    ? ring
    : 'a polygon needs at least 3 distinct points';
}

/** A CAP circle ("lat,lon radius_km") as a circle (a point when the radius is 0), or an error message. */
export function capCircle(raw: string): IncidentLocation | string {
  const m = /^(\S+)\s+(\S+)$/.exec(raw.trim());
  const center = m?.[1] ? parsePoint(m[1]) : null;
  const km = Number(m?.[2]);
  if (!center || !Number.isFinite(km) || km < 0) return `"${clip(raw, 60)}" is not "lat,lon radius_km"`;
  if (km * 1000 > MAX_RADIUS_METERS) return `radius above ${MAX_RADIUS_METERS / 1000} km`;
  return km === 0
    ? { type: 'point', coordinates: center }
    : { type: 'circle', center, radiusMeters: km * 1000 };
}

/** The first area geometry, searching the chosen `<info>` first; the city centre when there is none. */
function locationOf(
  infos: Node[],
  order: number[],
  issues: Issue[],
): { location: IncidentLocation; approximate: boolean } {
  for (const i of order) {
    for (const [j, area] of nodes(child(infos[i] ?? {}, 'area')).entries()) {
      const polygon = texts(child(area, 'polygon'))[0];
      const circle = texts(child(area, 'circle'))[0];
      if (polygon === undefined && circle === undefined) continue;
      const ring = polygon !== undefined ? capPolygon(polygon) : null;
      const parsed: IncidentLocation | string =
        ring === null
          ? capCircle(circle ?? '')
          : typeof ring === 'string'
            ? ring
            : { type: 'polygon', coordinates: ring };
      if (typeof parsed !== 'string') return { location: parsed, approximate: false };
      issues.push({
        path: ['info', i, 'area', j, polygon !== undefined ? 'polygon' : 'circle'],
        message: parsed,
      });
      return { location: CITY_CENTRE, approximate: true };
    }
  }
  return { location: CITY_CENTRE, approximate: true };
}

/** Pantau's category for an `<info>`: a keyword in the event, else its CAP category, else a keyword in the headline. */
export function capCategory(
  categories: string[],
  event: string | undefined,
  headline: string | undefined,
): IncidentCategory {
  const fromCap = categories.map((c) => CAP_CATEGORY[c]).find((c) => c !== undefined);
  return categoryHint(event) ?? fromCap ?? categoryHint(headline) ?? 'other';
}

function enumValue<T extends string>(
  values: readonly T[],
  raw: string | undefined,
  path: (string | number)[],
  issues: Issue[],
): T {
  const v = raw?.toLowerCase();
  const hit = values.find((x) => x === v);
  if (!hit)
    issues.push({ path, message: raw ? `"${clip(raw, 40)}" is not one of ${values.join(', ')}` : 'missing' });
  return hit ?? (values.at(-1) as T);
}

function mapInfo(
  infos: Node[],
  head: { id: string; identifier: string; sent: string; msgType: string },
  issues: Issue[],
): IncidentInput {
  const languageOf = (n: Node) => text(child(n, 'language')) ?? 'en-US';
  const chosen = Math.max(
    0,
    infos.findIndex((n) => INDONESIAN.test(languageOf(n))),
  );
  const info = infos[chosen] ?? {};
  const at = (...p: string[]) => ['info', chosen, ...p];
  const event = text(child(info, 'event'));
  const headline = text(child(info, 'headline'));
  const title = clip(headline ?? event ?? '', MAX_TITLE_LENGTH);
  if (!title) issues.push({ path: at('event'), message: 'missing <event> (and no <headline>)' });
  const severity = enumValue(SeveritySchema.options, text(child(info, 'severity')), at('severity'), issues);
  const urgency = enumValue(UrgencySchema.options, text(child(info, 'urgency')), at('urgency'), issues);
  const certainty = enumValue(
    CertaintySchema.options,
    text(child(info, 'certainty')),
    at('certainty'),
    issues,
  );
  const onsetRaw = text(child(info, 'onset')) ?? text(child(info, 'effective'));
  const onset = onsetRaw === undefined ? null : toUtcInstant(onsetRaw);
  if (onsetRaw !== undefined && !onset)
    issues.push({
      path: at(text(child(info, 'onset')) ? 'onset' : 'effective'),
      message: 'not a date-time with offset',
    });
  const order = [chosen, ...infos.keys()].filter((i, n, all) => all.indexOf(i) === n);
  const { location, approximate } = locationOf(infos, order, issues);
  const description = text(child(info, 'description'))?.replace(/[ \t]*\r?\n[ \t]*/g, '\n');
  const attributes: Attributes = {};
  setAttr(attributes, 'msgType', head.msgType);
  setAttr(attributes, 'capIdentifier', head.identifier);
  setAttr(attributes, 'capSent', head.sent);
  setAttr(attributes, 'language', languageOf(info));
  setAttr(attributes, 'event', event);
  setAttr(attributes, 'senderName', text(child(info, 'senderName')));
  setAttr(
    attributes,
    'areaDesc',
    text(child(nodes(child(info, 'area'))[0] ?? {}, 'areaDesc'))?.replace(/\s+/g, ' '),
  );
  setAttr(attributes, 'instruction', text(child(info, 'instruction')));
  setAttr(attributes, 'expires', toUtcInstant(text(child(info, 'expires')) ?? ''));
  if (approximate) setAttr(attributes, 'locationApproximate', true);
  for (const other of order.slice(1, 11)) {
    const n = infos[other] ?? {};
    const key = `headline_${languageOf(n)
      .replace(/[^A-Za-z0-9-]/g, '')
      .slice(0, 40)}`;
    if (!(key in attributes)) setAttr(attributes, key, text(child(n, 'headline')) ?? text(child(n, 'event')));
  }
  return {
    id: head.id,
    title,
    ...(description ? { description: clip(description, MAX_DESCRIPTION_LENGTH, false) } : {}),
    category: capCategory(texts(child(info, 'category')), event, headline),
    severity,
    urgency,
    certainty,
    location,
    occurredAt: onset ?? head.sent,
    attributes,
  };
}

function validId(raw: string | undefined, path: string, issues: Issue[]): string {
  if (!raw) issues.push({ path: [path], message: `missing <${path}>` });
  else if (!/^[^\s,<&]{1,200}$/.test(raw))
    issues.push({ path: [path], message: 'must be 1–200 characters without spaces, commas, < or &' });
  return raw ?? '';
}

/**
 * Parses a CAP 1.2 alert safely: DOCTYPE/ENTITY declarations are refused (422), no entity is ever
 * expanded, malformed XML is a 400 and a document that is not a CAP 1.2 alert a 422 naming each problem.
 */
export function parseCap(xml: unknown): CapMessage {
  if (typeof xml !== 'string' || !xml.trim()) throw malformed('empty body');
  if (/<!(DOCTYPE|ENTITY)/i.test(xml)) {
    throw new HttpError(
      422,
      'xml_dtd_forbidden',
      'DOCTYPE and ENTITY declarations are refused (no external entities, no entity expansion).',
      {
        issues: [{ path: [], message: 'the document contains a DOCTYPE or ENTITY declaration' }],
      },
    );
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw malformed(`line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch (err) {
    throw malformed(clip(err instanceof Error ? err.message : 'unreadable XML', 200));
  }
  const roots = isNode(doc) ? Object.keys(doc).filter((k) => !k.startsWith('#') && !k.startsWith('?')) : [];
  const [rootName] = roots;
  if (roots.length !== 1 || !rootName || !isNode(doc)) throw malformed('expected exactly one root element');
  const rawRoot = child(doc, rootName);
  const root = isNode(rawRoot) ? rawRoot : {};
  const prefix = rootName.includes(':') ? rootName.slice(0, rootName.indexOf(':')) : null;
  const ns = text(child(root, prefix ? `@_xmlns:${prefix}` : '@_xmlns'));
  if (localName(rootName) !== 'alert')
    throw notCap([{ path: [], message: `root element is <${clip(rootName, 60)}>, expected <alert>` }]);
  if (ns !== CAP_NAMESPACE)
    throw notCap([
      {
        path: ['alert'],
        message: `namespace is "${clip(ns ?? '(none)', 100)}", expected "${CAP_NAMESPACE}"`,
      },
    ]);

  const alert = unprefix(root) as Node;
  const issues: Issue[] = [];
  const identifier = validId(text(child(alert, 'identifier')), 'identifier', issues);
  const sender = validId(text(child(alert, 'sender')), 'sender', issues);
  const sentRaw = text(child(alert, 'sent'));
  const sent = sentRaw ? toUtcInstant(sentRaw) : null;
  if (!sent)
    issues.push({ path: ['sent'], message: sentRaw ? 'not a date-time with offset' : 'missing <sent>' });
  const status = text(child(alert, 'status')) ?? '';
  if (!STATUSES.includes(status))
    issues.push({ path: ['status'], message: `expected one of ${STATUSES.join(', ')}` });
  const msgType = text(child(alert, 'msgType')) ?? '';
  if (!MSG_TYPES.includes(msgType))
    issues.push({ path: ['msgType'], message: `expected one of ${MSG_TYPES.join(', ')}` });
  const infos = nodes(child(alert, 'info'));
  if (!infos.length && msgType !== 'Cancel')
    issues.push({ path: ['info'], message: 'at least one <info> block is required' });
  const references =
    msgType === 'Update' || msgType === 'Cancel'
      ? parseReferences(text(child(alert, 'references')), issues)
      : [];
  if (issues.length || !sent) throw notCap(issues);
  if (msgType !== 'Alert' && msgType !== 'Update' && msgType !== 'Cancel') {
    throw new HttpError(
      422,
      'unsupported_cap_message',
      `A CAP ${msgType} message describes no incident; nothing was written.`,
      { issues: [{ path: ['msgType'], message: `${msgType} is not ingested` }] },
    );
  }
  const id = capIncidentId(sender, identifier);
  const input = infos.length ? mapInfo(infos, { id, identifier, sent, msgType }, issues) : null;
  if (issues.length) throw notCap(issues);
  return {
    id,
    sender,
    identifier,
    sent,
    status,
    msgType,
    references,
    input: input && checkMapped(input, 'not_cap_alert', ['incident']),
  };
}
