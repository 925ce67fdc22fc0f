import type { CollName } from './names.js';

/**
 * The indexes list reads walk, so that no request reads a whole collection. Each is a
 * lexicographic index (store `lexRange`) of members `<sort key>|<id>`; a document's entries are
 * computed here from its stored JSON whenever it is written (`putDoc`), and the store replaces the
 * old ones in the same atomic commit. Members are ASCII (ids, codes, digits), so byte order and
 * JavaScript string order agree.
 *
 * Plain structural reads of the documents: the store knows how collections are indexed (like it
 * knows their keys), not what the domains do with them.
 */

/** A time as 13 digits that sort newest first (ascending text = descending time). */
export function newestFirst(iso: string): string {
  const ms = Date.parse(iso);
  return String(9_999_999_999_999 - (Number.isFinite(ms) ? Math.max(0, ms) : 0)).padStart(13, '0');
}

/** The id at the end of an index member. */
export function idOfMember(member: string): string {
  return member.slice(member.lastIndexOf('|') + 1);
}

/** The sort-time prefix of a member written with `newestFirst`, back to ms. */
export function timeOfMember(member: string, at = 0): number {
  return 9_999_999_999_999 - Number(member.split('|')[at]);
}

/** Severity order, most severe first (as shared/schemas SEVERITY_RANK). */
const RANK: Record<string, number> = { extreme: 0, severe: 1, moderate: 2, minor: 3, unknown: 4 };

/** Index names, one place. */
export const IX = {
  incidents: {
    all: 'inc:all',
    open: 'inc:open',
    status: (s: string) => `inc:status:${s}`,
    agency: (a: string) => `inc:agency:${a}`,
    category: (c: string) => `inc:category:${c}`,
    severity: (s: string) => `inc:severity:${s}`,
    kecamatan: (k: string) => `inc:kecamatan:${k}`,
  },
  alerts: {
    all: 'alert:all',
    /** Alerts not closed, most severe first, then newest: the live set and the default list. */
    live: 'alert:live',
    status: (s: string) => `alert:status:${s}`,
    agency: (a: string) => `alert:agency:${a}`,
    severity: (s: string) => `alert:severity:${s}`,
    condition: (c: string) => `alert:condition:${c}`,
    category: (c: string) => `alert:category:${c}`,
  },
  audit: { all: 'audit:all' },
  usage: { all: 'usage:all', app: (a: string) => `usage:app:${a}` },
  /** Sessions by start, all and per user: revoking a user's sessions and purging expired ones read these. */
  sessions: { all: 'session:all', user: (u: string) => `session:user:${u}` },
  /** Notification jobs and silences by creation, newest first (retention walks them; the silences list reads them). */
  notifications: { all: 'notify:all' },
  silences: { all: 'silence:all' },
  /**
   * Citizen reports, newest first: all, by stored status, those whose status still follows their
   * incident (verified, in progress), and those whose reporter has not yet been told their status.
   */
  reports: {
    all: 'rep:all',
    status: (s: string) => `rep:status:${s}`,
    following: 'rep:following',
    untold: 'rep:untold',
  },
} as const;

type Doc = Record<string, unknown>;
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);

function incidentEntries(d: Doc, id: string): [string, string][] {
  const m = `${newestFirst(str(d.occurredAt) ?? '')}|${id}`;
  const out: [string, string][] = [
    [IX.incidents.all, m],
    [IX.incidents.status(str(d.status) ?? 'open'), m],
  ];
  if (d.status === 'open') out.push([IX.incidents.open, m]);
  const agency = str(d.agencyId);
  if (agency) out.push([IX.incidents.agency(agency), m]);
  const category = str(d.category);
  if (category) out.push([IX.incidents.category(category), m]);
  const severity = str(d.severity);
  if (severity) out.push([IX.incidents.severity(severity), m]);
  const kec = str(d.kecamatanCode);
  if (kec) out.push([IX.incidents.kecamatan(kec), m]);
  return out;
}

function alertEntries(d: Doc, id: string): [string, string][] {
  const time = newestFirst(str(d.createdAt) ?? '');
  const m = `${time}|${id}`;
  const status = str(d.status) ?? 'new';
  const out: [string, string][] = [
    [IX.alerts.all, m],
    [IX.alerts.status(status), m],
  ];
  if (status !== 'closed')
    out.push([IX.alerts.live, `${RANK[str(d.severity) ?? 'unknown'] ?? 4}|${time}|${id}`]);
  const agency = str(d.agencyId);
  if (agency) out.push([IX.alerts.agency(agency), m]);
  const severity = str(d.severity);
  if (severity) out.push([IX.alerts.severity(severity), m]);
  const condition = str(d.condition);
  if (condition) out.push([IX.alerts.condition(condition), m]);
  // The category rule of shared/schemas alertCategory: its category, else its source kind.
  const category = str(d.category) ?? str(d.sourceKind);
  if (category) out.push([IX.alerts.category(category), m]);
  return out;
}

function reportEntries(d: Doc, id: string): [string, string][] {
  const m = `${newestFirst(str(d.submittedAt) ?? '')}|${id}`;
  const status = str(d.status) ?? 'new';
  const out: [string, string][] = [
    [IX.reports.all, m],
    [IX.reports.status(status), m],
  ];
  // A merged report follows the report it joined until that one is done.
  const joined = str(d.joinedStatus);
  const joinedOpen = status === 'merged' && str(d.mergedInto) && joined !== 'closed' && joined !== 'rejected';
  if (status === 'verified' || status === 'in_progress' || joinedOpen) out.push([IX.reports.following, m]);
  const contact = d.contact as Doc | undefined;
  const untoldJoined = status === 'merged' && joined !== null && d.notifiedJoined !== joined;
  const told = str(contact?.telegramChatId) || (d.notifyEmail === true && str(contact?.email));
  if (told && (d.notifiedStatus !== status || untoldJoined)) out.push([IX.reports.untold, m]);
  return out;
}

type EntriesOf = (doc: Doc, id: string) => [string, string][];

/**
 * Per indexed collection, its entries. Keyed by the registry's values (store/docs.ts COLL): the
 * `satisfies` makes a key that is not a registered collection a type error. (A type-only import:
 * docs.ts imports this module, so a value import would be a cycle.)
 */
const DEFS: Record<string, EntriesOf> = {
  incidents: incidentEntries,
  alerts: alertEntries,
  reports: reportEntries,
  audit: (d, id) => [[IX.audit.all, `${newestFirst(str(d.at) ?? '')}|${id}`]],
  notifications: (d, id) => [[IX.notifications.all, `${newestFirst(str(d.createdAt) ?? '')}|${id}`]],
  silences: (d, id) => [[IX.silences.all, `${newestFirst(str(d.createdAt) ?? '')}|${id}`]],
  sessions: (d, id) => {
    const m = `${newestFirst(str(d.createdAt) ?? '')}|${id}`;
    const user = str(d.userId);
    return user
      ? [
          [IX.sessions.all, m],
          [IX.sessions.user(user), m],
        ]
      : [[IX.sessions.all, m]];
  },
  usage: (d, id) => {
    const m = `${newestFirst(str(d.at) ?? '')}|${id}`;
    const app = str(d.appId);
    return app
      ? [
          [IX.usage.all, m],
          [IX.usage.app(app), m],
        ]
      : [[IX.usage.all, m]];
  },
} satisfies Partial<Record<CollName, EntriesOf>>;

/** The index entries of a document of `coll`, or undefined when the collection is not indexed. */
export function indexEntries(coll: string, id: string, doc: unknown): [string, string][] | undefined {
  const def = DEFS[coll];
  return def && typeof doc === 'object' && doc !== null ? def(doc as Doc, id) : undefined;
}

/** Collections with indexes (for the re-indexing at start-up of data written before they existed). */
export const INDEXED_COLLECTIONS = Object.keys(DEFS);

/**
 * A put with its index entries: those given, else computed from its JSON when the collection is
 * indexed (a put built by hand rather than by `putDoc` must not leave its document out of a list).
 */
export function withIndex<P extends { coll: string; id: string; json: string; index?: [string, string][] }>(
  put: P,
): P {
  if (put.index || !DEFS[put.coll]) return put;
  let doc: unknown;
  try {
    doc = JSON.parse(put.json);
  } catch {
    return put;
  }
  const index = indexEntries(put.coll, put.id, doc);
  return index ? { ...put, index } : put;
}
