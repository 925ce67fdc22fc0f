import type { z } from 'zod';
import { MAX_NOTE_LENGTH } from '../../shared/limits.js';
import {
  roleCan,
  type Alert,
  type Assignee,
  type BulkCommand,
  type BulkResult,
} from '../../shared/schemas/index.js';
import {
  ALERT_COMMANDS,
  type AlertAction,
  type AssignCommandSchema,
  type ResolveCommandSchema,
  type SnoozeCommandSchema,
} from '../../shared/schemas/index.js';
import { actorOf, auditEntry } from '../auth/audit.js';
import { agencyFilter, can, type Action, type Principal } from '../auth/policy.js';
import { listUsers } from '../auth/users.js';
import type { Ctx } from '../context.js';
import { ConflictError, HttpError, ValidationError, toEnvelope, zodIssues } from '../errors.js';
import { COLL, event, getDoc, putDoc } from '../store/docs.js';
import { ackCheckTimer } from './ackcheck.js';

export { ALERT_ACTIONS, type AlertAction } from '../../shared/schemas/index.js';
const SCHEMAS = ALERT_COMMANDS;
const POLICY: Record<AlertAction, Action> = {
  ack: 'alerts:ack',
  resolve: 'alerts:resolve',
  snooze: 'alerts:snooze',
  assign: 'alerts:assign',
  escalate: 'alerts:escalate',
  confirm: 'alerts:ack',
};
/** Remembered command ids make retries idempotent for a day. */
const COMMAND_TTL_MS = 24 * 3_600_000;

type Body = z.infer<typeof ResolveCommandSchema> &
  Partial<z.infer<typeof SnoozeCommandSchema>> &
  Partial<z.infer<typeof AssignCommandSchema>>;

function conflictFor(a: Alert, message: string): ConflictError {
  return new ConflictError(message, {
    status: a.status,
    version: a.version,
    acknowledgedBy: a.acknowledgedBy?.username ?? null,
    acknowledgedAt: a.acknowledgedAt,
  });
}

/** Decides the next alert for a command (pure), or throws the 409 that explains why not. */
export function decide(
  a: Alert,
  action: AlertAction,
  body: Body,
  p: Principal & { kind: 'user' },
  now: string,
): Alert {
  const by = p.username;
  const note = body.note;
  const base = { ...a, updatedAt: now, version: a.version + 1 };
  const entry = (act: Alert['timeline'][number]['action']) => [
    ...a.timeline,
    { at: now, action: act, by, ...(note ? { note } : {}) },
  ];
  if (a.status === 'closed') throw conflictFor(a, 'The alert is closed.');
  switch (action) {
    case 'ack':
      if (a.status === 'acknowledged')
        throw conflictFor(
          a,
          `Already acknowledged by ${a.acknowledgedBy?.username ?? '?'} at ${a.acknowledgedAt ?? '?'}.`,
        );
      if (a.status === 'resolved') throw conflictFor(a, 'The alert is already resolved.');
      return {
        ...base,
        status: 'acknowledged',
        acknowledgedBy: { userId: p.userId, username: p.username, role: p.role, agencyId: p.agencyId },
        acknowledgedAt: now,
        snoozedUntil: null,
        confirmRequestedAt: null,
        timeline: entry('acknowledged'),
      };
    case 'resolve':
      if (a.status === 'resolved') throw conflictFor(a, 'The alert is already resolved.');
      // Resolved with its source already cleared, the alert is done: it closes (history from then on).
      if (a.condition === 'cleared') {
        return {
          ...base,
          status: 'closed',
          resolution: { code: body.code, ...(note ? { note } : {}) },
          timeline: [...entry('resolved'), { at: now, action: 'closed', by: null }],
        };
      }
      return {
        ...base,
        status: 'resolved',
        resolution: { code: body.code, ...(note ? { note } : {}) },
        timeline: entry('resolved'),
      };
    case 'snooze':
      if (a.status === 'resolved') throw conflictFor(a, 'The alert is already resolved.');
      return {
        ...base,
        status: 'snoozed',
        snoozedUntil: body.until ?? null,
        timeline: [...a.timeline, { at: now, action: 'snoozed', by, note: body.reason ?? '' }],
      };
    case 'assign':
      return {
        ...base,
        assignee: body.assignee ?? null,
        // The note says to whom, and keeps what the assigner wrote.
        timeline: [
          ...a.timeline,
          {
            at: now,
            action: 'assigned',
            by,
            note: (note ? `${body.assignee ?? ''} — ${note}` : (body.assignee ?? '')).slice(
              0,
              MAX_NOTE_LENGTH,
            ),
          },
        ],
      };
    case 'confirm':
      if (a.status !== 'acknowledged')
        throw conflictFor(a, 'Only an acknowledged alert can be confirmed as still being worked on.');
      return { ...base, confirmRequestedAt: null, timeline: entry('confirmed') };
    case 'escalate':
      return { ...base, escalationLevel: a.escalationLevel + 1, timeline: entry('escalated') };
  }
}

/**
 * Runs one workflow command on an alert, the same for HTTP, sockets and Telegram buttons: validated, authorized
 * against the alert's agency, idempotent by `commandId`, and race-safe: of concurrent commands
 * on one version exactly one wins and the others get 409 saying who was first.
 */
export async function runAlertCommand(
  ctx: Ctx,
  p: Principal | null,
  alertId: string,
  action: AlertAction,
  rawBody: unknown,
  channel: 'http' | 'socket' | 'telegram',
  ip: string | null,
): Promise<Alert> {
  if (!p) throw new HttpError(401, 'unauthenticated', 'Log in first.');
  const parsed = SCHEMAS[action].safeParse(rawBody ?? {});
  if (!parsed.success) throw new ValidationError(zodIssues(parsed.error));
  const body = parsed.data as Body;
  if (p.kind !== 'user' || !can(p, POLICY[action]))
    throw new HttpError(403, 'forbidden', 'Your role does not allow this.');
  // Scoped to the user, the alert and the action: a retry is idempotent, while the same id sent for
  // another alert (a client that reuses ids) is that alert's own command, never silently dropped.
  const cmdKey = body.commandId ? `cmd:${p.userId}:${alertId}:${action}:${body.commandId}` : null;
  if (cmdKey) {
    const done = await ctx.store.getValue(cmdKey);
    if (done) {
      const prior = await getDoc<Alert>(ctx.store, COLL.alerts, done);
      if (prior) return prior;
    }
  }
  const a = await getDoc<Alert>(ctx.store, COLL.alerts, alertId);
  // Not found and not allowed look the same to a liaison of another agency.
  if (!a || !can(p, 'alerts:read', a.agencyId)) throw new HttpError(404, 'not_found', 'No such alert.');
  if (!can(p, POLICY[action], a.agencyId))
    throw new HttpError(403, 'forbidden', 'This alert belongs to another agency.');
  if (body.expectedVersion !== undefined && body.expectedVersion !== a.version)
    throw conflictFor(a, 'The alert changed since you loaded it.');
  const now = ctx.now().toISOString();
  const next = decide(a, action, body, p, now);
  const audit = auditEntry(ctx, {
    action: `alert.${action}`,
    actor: actorOf(p),
    ip,
    channel,
    target: a.id,
    details: {
      before: { status: a.status, version: a.version },
      after: { status: next.status, version: next.version },
      note: body.note,
    },
  });
  const res = await ctx.store.commit({
    puts: [putDoc(COLL.alerts, a.id, next, a.version), putDoc(COLL.audit, audit.id, audit, 'absent')],
    events: [event('alert', next)],
    zadds:
      next.status === 'acknowledged' && (action === 'ack' || action === 'confirm')
        ? [ackCheckTimer(ctx, next, now)]
        : [],
    ...(cmdKey ? { values: [{ key: cmdKey, value: a.id, ttlMs: COMMAND_TTL_MS }] } : {}),
  });
  if (!res.ok) {
    const cur = (await getDoc<Alert>(ctx.store, COLL.alerts, a.id)) ?? a;
    throw conflictFor(
      cur,
      cur.acknowledgedBy
        ? `Already acknowledged by ${cur.acknowledgedBy.username} at ${cur.acknowledgedAt ?? '?'}.`
        : 'The alert changed meanwhile.',
    );
  }
  return next;
}

/**
 * Runs one command on many alerts, each through `runAlertCommand` (its own commit, audit entry,
 * race rules and `commandId` idempotency), one after another: a result per id, in order — 200 with
 * the alert, or the status and error that alert alone would have answered (409 who was first, 404…).
 */
export async function runBulkCommand(
  ctx: Ctx,
  p: Principal | null,
  cmd: BulkCommand,
  channel: 'http' | 'socket',
  ip: string | null,
): Promise<BulkResult[]> {
  const { ids, command, ...body } = cmd;
  const results: BulkResult[] = [];
  for (const id of [...new Set(ids)]) {
    try {
      results.push({ id, status: 200, alert: await runAlertCommand(ctx, p, id, command, body, channel, ip) });
    } catch (err) {
      const env = toEnvelope(err);
      if (env.unexpected) throw err;
      results.push({ id, status: env.status, error: env.error });
    }
  }
  return results;
}

/**
 * Who alerts can be assigned to: enabled users whose role may work on alerts, by username; for an
 * agency, its own people and the city-wide staff (no agency); a liaison sees its own agency's only.
 */
export async function assignees(ctx: Ctx, p: Principal | null, agency: string | null): Promise<Assignee[]> {
  const own = p ? agencyFilter(p) : null;
  const scope = own ?? agency;
  return (await listUsers(ctx))
    .filter((u) => !u.disabled && roleCan(u.role, 'alerts:ack'))
    .filter((u) => (own ? u.agencyId === own : !scope || u.agencyId === scope || u.agencyId === null))
    .map((u) => ({ id: u.id, username: u.username, role: u.role, agencyId: u.agencyId }))
    .sort((a, b) => a.username.localeCompare(b.username));
}
