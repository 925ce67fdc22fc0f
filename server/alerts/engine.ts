import { randomUUID } from 'node:crypto';
import { ALERT_GROUP_MAX_MEMBERS, MAX_SHORT_DESCRIPTION } from '../../shared/limits.js';
import { haversineMeters } from '../../shared/geo.js';
import type {
  Alert,
  AlertEscalation,
  AlertMember,
  AlertPlace,
  LngLat,
  Severity,
} from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { COLL, event, getDoc, putDoc } from '../store/docs.js';
import type { DocPut, LogEvent, ZAdd } from '../store/store.js';
import { autoResolveTimer } from './autoresolve.js';
import { escalationTimers } from './escalation.js';
import { notificationJobs } from './notify.js';
import { recipientFor } from '../oncall/recipients.js';
import { placeOf } from './place.js';
import { policyFor } from './policies.js';
import { activeSilenceFor } from './silences.js';

/** What a source says about a condition; the engine turns it into alert changes. */
export interface AlertSpec {
  dedupeKey: string;
  title: string;
  severity: Severity;
  agencyId: string | null;
  sourceKind: Alert['sourceKind'];
  kelurahanCode: string | null;
  condition: 'active' | 'cleared';
  flapping: boolean;
  category?: string | null;
  /** The source's own point, where it has one (an incident's). */
  location?: LngLat | null;
  /** The source's text, cut to a short description. */
  description?: string | null;
  /**
   * True for sources that group (incidents): a new condition near an open alert of the same
   * category and agency joins it (rule: ALERT_GROUPING, or the agency's own).
   */
  groups?: boolean;
}

interface AlertIndex {
  alertId: string;
  version: number;
}

/** The alert a dedupe key (e.g. `incident:<id>`) last opened, or null. */
export async function alertForDedupeKey(ctx: Ctx, dedupeKey: string): Promise<Alert | null> {
  const index = await getDoc<AlertIndex>(ctx.store, COLL.alertIndex, dedupeKey);
  return index ? getDoc<Alert>(ctx.store, COLL.alerts, index.alertId) : null;
}

/** The writes that apply a condition: empty when nothing changes. */
export interface AlertPlan {
  puts: DocPut[];
  events: LogEvent[];
  zadds: ZAdd[];
  alert: Alert | null;
}

/**
 * Decides how a source condition changes its alert (pure). A repeat bumps the counter; a cleared
 * source never un-acknowledges or re-opens (it closes an alert people already resolved); a closed
 * alert is history, so a new condition opens a new one. A new alert snapshots `policy` (its steps)
 * under `policyId`.
 */
export function applyCondition(
  current: Alert | null,
  spec: AlertSpec,
  now: string,
  policy: AlertEscalation['steps'] = [],
  policyId = 'default',
  place: AlertPlace | null = null,
): Alert | null {
  const live = current && current.status !== 'closed' ? current : null;
  if (!live) {
    if (spec.condition === 'cleared') return null;
    return {
      id: `al-${randomUUID().slice(0, 13)}`,
      dedupeKey: spec.dedupeKey,
      title: spec.title,
      severity: spec.severity,
      agencyId: spec.agencyId,
      sourceKind: spec.sourceKind,
      kelurahanCode: spec.kelurahanCode,
      place,
      description: shortText(spec.description),
      ...(spec.groups ? { members: [memberOf(spec, now)] } : {}),
      condition: 'active',
      flapping: spec.flapping,
      status: 'new',
      createdAt: now,
      updatedAt: now,
      lastSeenAt: now,
      count: 1,
      acknowledgedBy: null,
      acknowledgedAt: null,
      assignee: null,
      snoozedUntil: null,
      resolution: null,
      escalationLevel: 0,
      escalation: policy.length ? { policyId, steps: policy, generation: 1 } : null,
      category: spec.category ?? null,
      timeline: [{ at: now, action: 'opened', by: null }],
      version: 1,
    };
  }
  // A group keeps its own title and its most severe member's severity.
  const grouped = (live.members?.length ?? 0) > 1;
  const next: Alert = {
    ...live,
    title: grouped ? live.title : spec.title,
    severity: grouped && rankOf(live.severity) > rankOf(spec.severity) ? live.severity : spec.severity,
    flapping: spec.flapping,
    updatedAt: now,
  };
  if (live.members) next.members = withMember(live.members, spec, now);
  if (spec.condition === 'active') {
    next.count = live.count + 1;
    next.lastSeenAt = now;
    if (live.condition === 'cleared') {
      next.condition = 'active';
      next.timeline = [...live.timeline, { at: now, action: 'reactivated', by: null }];
    }
    if (live.status === 'resolved') {
      next.status = 'new';
      next.resolution = null;
      // A re-opened alert escalates afresh; timers of the earlier generation are now stale.
      if (live.escalation)
        next.escalation = { ...live.escalation, generation: live.escalation.generation + 1 };
      next.timeline = [...next.timeline, { at: now, action: 'reopened', by: null }];
    }
  } else {
    if (live.condition === 'cleared') return null;
    // A group stays active while any member is: this member's clearing is only noted.
    if (next.members?.some((m) => m.condition === 'active')) {
      next.version = live.version + 1;
      return next;
    }
    next.condition = 'cleared';
    next.timeline = [...live.timeline, { at: now, action: 'cleared', by: null }];
    // Already resolved by people and now cleared at the source: the alert is done and closes.
    if (live.status === 'resolved') {
      next.status = 'closed';
      next.timeline = [...next.timeline, { at: now, action: 'closed', by: null }];
    }
  }
  next.version = live.version + 1;
  return next;
}

const shortText = (t: string | null | undefined): string | null =>
  t ? (t.length > MAX_SHORT_DESCRIPTION ? `${t.slice(0, MAX_SHORT_DESCRIPTION - 1)}…` : t) : null;

const memberOf = (spec: AlertSpec, now: string): AlertMember => ({
  key: spec.dedupeKey,
  title: spec.title,
  at: now,
  condition: spec.condition,
  location: spec.location ?? null,
});

/** The members with `spec`'s condition recorded (the newest ALERT_GROUP_MAX_MEMBERS kept). */
function withMember(members: AlertMember[], spec: AlertSpec, now: string): AlertMember[] {
  const rest = members.filter((m) => m.key !== spec.dedupeKey);
  const prior = members.find((m) => m.key === spec.dedupeKey);
  const member = prior
    ? {
        ...prior,
        title: spec.title,
        condition: spec.condition,
        ...(spec.location ? { location: spec.location } : {}),
      }
    : memberOf(spec, now);
  return [...rest, member].slice(-ALERT_GROUP_MAX_MEMBERS);
}

/** Open alerts of one agency and category that incidents may still join: the group index. */
interface GroupIndex {
  id: string;
  groups: { alertId: string; lastAt: string }[];
  version: number;
}
const GROUPS = COLL.alertGroups;
const groupKey = (spec: AlertSpec) => `${spec.agencyId ?? '-'}|${spec.category ?? ''}`;
const JOINABLE = new Set<Alert['status']>(['new', 'acknowledged', 'snoozed']);

/**
 * Joins a new condition to an open alert of its category and agency when it is near one of that
 * alert's members in space and time (pure): count and members grow, the alert is active again.
 */
export function joinGroup(target: Alert, spec: AlertSpec, now: string): Alert {
  return {
    ...target,
    severity: rankOf(spec.severity) > rankOf(target.severity) ? spec.severity : target.severity,
    count: target.count + 1,
    lastSeenAt: now,
    updatedAt: now,
    condition: 'active',
    members: withMember(target.members ?? [], spec, now),
    timeline: [...target.timeline, { at: now, action: 'grouped', by: null, note: spec.title }],
    version: target.version + 1,
  };
}
const RANK: Record<Severity, number> = { unknown: 0, minor: 1, moderate: 2, severe: 3, extreme: 4 };
const rankOf = (s: Severity) => RANK[s] ?? 0;

/** The open alert a new incident joins, if any (rule: the agency's own, else the city's: config, default ALERT_GROUPING). */
async function groupFor(
  ctx: Ctx,
  spec: AlertSpec,
  now: string,
  read: Reader,
): Promise<{ target: Alert | null; index: GroupIndex | null }> {
  const index = await read<GroupIndex>(GROUPS, groupKey(spec));
  const rule =
    (spec.agencyId && ctx.catalog.agencyById.get(spec.agencyId)?.alertGrouping) || ctx.config.alertGrouping;
  if (!index || !spec.location || rule.radiusMeters <= 0) return { target: null, index };
  const since = new Date(Date.parse(now) - rule.windowMinutes * 60_000).toISOString();
  for (const g of index.groups) {
    if (g.lastAt < since) continue;
    const a = await read<Alert>(COLL.alerts, g.alertId);
    if (!a || !JOINABLE.has(a.status) || !a.members) continue;
    const near = a.members.some(
      (m) =>
        m.at >= since &&
        m.location &&
        haversineMeters(m.location, spec.location as LngLat) <= rule.radiusMeters,
    );
    if (near) return { target: a, index };
  }
  return { target: null, index };
}

/** The group index with `alertId` seen at `now`, entries older than a day dropped. */
function touchGroups(key: string, index: GroupIndex | null, alertId: string, now: string): DocPut {
  const dayAgo = new Date(Date.parse(now) - 86_400_000).toISOString();
  const groups = [
    ...(index?.groups ?? []).filter((g) => g.alertId !== alertId && g.lastAt >= dayAgo),
    { alertId, lastAt: now },
  ].slice(-50);
  const doc: GroupIndex = { id: key, groups, version: (index?.version ?? 0) + 1 };
  return putDoc(GROUPS, key, doc, index ? index.version : 'absent');
}

/** Reads a document, seeing the writes already planned in the same commit first. */
type Reader = <T>(coll: string, id: string) => Promise<T | null>;

/**
 * The documents planned so far in one commit, so that a later plan of the same batch reads them
 * (ten incidents of one burst in one request join one alert). `merge` folds their writes into one
 * per document, keeping the first write's expectation.
 */
export class PlanScope {
  private readonly docs = new Map<string, unknown>();
  constructor(private readonly ctx: Ctx) {}
  read: Reader = async <T>(coll: string, id: string): Promise<T | null> => {
    const k = `${coll}\u0000${id}`;
    if (this.docs.has(k)) return this.docs.get(k) as T | null;
    return getDoc<T>(this.ctx.store, coll, id);
  };
  note(put: DocPut): void {
    this.docs.set(`${put.coll}\u0000${put.id}`, JSON.parse(put.json) as unknown);
  }
}

/** One write per document: the last write's content with the first write's expected version. */
export function mergePuts(puts: DocPut[]): DocPut[] {
  const byKey = new Map<string, DocPut>();
  for (const p of puts) {
    const k = `${p.coll}\u0000${p.id}`;
    const first = byKey.get(k);
    if (!first) byKey.set(k, p);
    else {
      const { expect: _e, ...rest } = p;
      byKey.set(k, { ...rest, ...(first.expect !== undefined ? { expect: first.expect } : {}) });
    }
  }
  return [...byKey.values()];
}

/**
 * Reads the alert for a dedupe key and plans the writes for a new condition: the alert, its
 * index, escalation timers and notifications when it (re)opens — to go in the caller's commit.
 */
export async function planAlert(
  ctx: Ctx,
  spec: AlertSpec,
  now: string,
  scope: PlanScope = new PlanScope(ctx),
): Promise<AlertPlan> {
  const read = scope.read;
  const index = await read<AlertIndex>(COLL.alertIndex, spec.dedupeKey);
  const current = index ? await read<Alert>(COLL.alerts, index.alertId) : null;
  const live = current && current.status !== 'closed' ? current : null;
  // A new condition of a grouping source near an open alert of its kind joins that alert.
  if (!live && spec.groups && spec.condition === 'active') {
    const { target, index: groups } = await groupFor(ctx, spec, now, read);
    if (target) {
      const joined = joinGroup(target, spec, now);
      const puts = [
        putDoc(COLL.alerts, joined.id, joined, target.version),
        putDoc(
          COLL.alertIndex,
          spec.dedupeKey,
          { alertId: joined.id, version: (index?.version ?? 0) + 1 },
          index ? index.version : 'absent',
        ),
        touchGroups(groupKey(spec), groups, joined.id, now),
      ];
      for (const p of puts) scope.note(p);
      return { puts, events: [event('alert', joined)], zadds: [], alert: joined };
    }
  }
  // A new alert snapshots its agency's policy (its own, else the default); a live one keeps its snapshot.
  const policy = await policyFor(ctx, spec.agencyId);
  const place = live ? (live.place ?? null) : placeOf(ctx.catalog, spec);
  const next = applyCondition(current, spec, now, policy.steps, policy.id, place);
  if (!next) return { puts: [], events: [], zadds: [], alert: null };
  const opened = next.status === 'new' && (!current || current.id !== next.id || current.status !== 'new');
  const zadds: ZAdd[] = [];
  const jobPuts: DocPut[] = [];
  const silence = opened ? await activeSilenceFor(ctx, next, now) : null;
  if (silence) next.silencedBy = silence.id;
  if (opened && !silence) {
    zadds.push(...escalationTimers(next, now));
    // A new alert reaches the agency's person on call; whom (or why nobody) goes on its timeline.
    const { recipient, delivery } = await recipientFor(ctx, { kind: 'oncall' }, next.agencyId, new Date(now));
    const last = next.timeline.at(-1);
    if (last) next.timeline[next.timeline.length - 1] = { ...last, delivery };
    const jobs = notificationJobs(
      ctx,
      next,
      `opened:${next.escalation?.generation ?? 1}`,
      'Peringatan baru',
      {
        recipient,
      },
    );
    jobPuts.push(...jobs.puts);
    zadds.push(...jobs.zadds);
  }
  // Cleared now and nobody has acted: it closes itself after the category's time unless someone does.
  if (next.condition === 'cleared' && live?.condition !== 'cleared')
    zadds.push(...autoResolveTimer(ctx, next, now));
  const puts: DocPut[] = [
    putDoc(COLL.alerts, next.id, next, current && current.id === next.id ? current.version : 'absent'),
    ...jobPuts,
  ];
  if (!index || index.alertId !== next.id) {
    puts.push(
      putDoc(
        COLL.alertIndex,
        spec.dedupeKey,
        { alertId: next.id, version: (index?.version ?? 0) + 1 },
        index ? index.version : 'absent',
      ),
    );
  }
  // A new grouping alert becomes a group others may join.
  if (spec.groups && next.members && (!current || current.id !== next.id)) {
    const groups = await read<GroupIndex>(GROUPS, groupKey(spec));
    puts.push(touchGroups(groupKey(spec), groups, next.id, now));
  }
  for (const p of puts) scope.note(p);
  return { puts, events: [event('alert', next)], zadds, alert: next };
}
