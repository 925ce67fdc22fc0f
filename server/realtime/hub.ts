import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-adapter';
import { Server, type Namespace, type Socket } from 'socket.io';
import {
  AlertCommandMessageSchema,
  type ClientToServerEvents,
  type DisplayConfigMessage,
  type InterServerEvents,
  type LivePrincipal,
  type ServerToClientEvents,
  type SocketData,
} from '../../shared/events.js';
import { DELTA_COALESCE_MS, LIVE_HEARTBEAT_MS } from '../../shared/limits.js';
import type { Kpis } from '../../shared/schemas/index.js';
import { runAlertCommand } from '../alerts/commands.js';
import { principalFromDisplayToken } from '../auth/credentials.js';
import { SESSION_COOKIE } from '../auth/middleware.js';
import { agencyFilter, can, type Principal } from '../auth/policy.js';
import type { Revoker } from '../auth/revocation.js';
import { principalFromSession } from '../auth/sessions.js';
import { readCookie } from '../auth/tokens.js';
import type { Ctx } from '../context.js';
import { displayConfigMessage, type DisplayPush } from '../displays/displays.js';
import { recordDisplayGone, recordDisplaySeen } from '../displays/presence.js';
import { ValidationError, toEnvelope, zodIssues } from '../errors.js';
import type { Metrics } from '../ops/metrics.js';
import { RedisStore } from '../store/redis.js';
import { EventFeed, type FeedOptions, type FeedStatus } from './feed.js';
import { Projection } from './projection.js';
import { rooms } from './rooms.js';
import { buildSnapshot, computeKpis, readState } from './snapshot.js';

type LiveData = SocketData & { server: Principal };
type LiveSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, LiveData>;
type LiveNsp = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, LiveData>;

/** A group of sockets that see the same data: they share one `seq` and one encoded delta. */
interface View {
  room: string;
  filter: string | null;
  seq: number;
  lastSentAt: number;
}

/** True when a handshake's Origin (if any) is this server's own: its Host, or PANTAU_PUBLIC_URL. */
export function sameOrigin(
  origin: string | undefined,
  host: string | undefined,
  publicUrl: string | undefined,
): boolean {
  if (!origin) return true;
  try {
    const o = new URL(origin);
    if (host && o.host === host) return true;
    return publicUrl !== undefined && o.origin === new URL(publicUrl).origin;
  } catch {
    return false;
  }
}

function toLive(p: Principal): LivePrincipal {
  if (p.kind === 'display') return { kind: 'display', displayId: p.displayId, name: p.name };
  if (p.kind === 'user')
    return {
      kind: 'user',
      userId: p.userId,
      username: p.username,
      role: p.role,
      agencyId: p.agencyId,
      sessionId: p.sessionId,
    };
  return { kind: 'anonymous' };
}

/**
 * Live push: one Socket.IO namespace `/live`. Each socket gets a snapshot, then coalesced deltas
 * (at most one per DELTA_COALESCE_MS) whose `seq` rises by exactly one per message. Sockets that
 * see the same data (the city, or one liaison agency) share a view: one seq, one encoding.
 * Every instance tails the store's event log, so an event ingested anywhere reaches every client;
 * the Redis adapter links instances for room-wide actions such as revocation.
 */
export class LiveHub implements Revoker, DisplayPush {
  readonly io: Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
  private readonly nsp: LiveNsp;
  private readonly projection = new Projection();
  private kpis: Kpis;
  private timer: NodeJS.Timeout | null = null;
  private flushTimer: NodeJS.Timeout | null = null;
  private presenceTimer: NodeJS.Timeout | null = null;
  private lastFlushAt = 0;
  private readonly views = new Map<string, View>();
  private readonly feed: EventFeed;
  private readonly adapterClients: { quit: () => Promise<unknown> }[] = [];

  constructor(
    private readonly ctx: Ctx,
    http: HttpServer,
    private readonly metrics: Metrics,
    feedOptions: FeedOptions = {},
  ) {
    this.feed = new EventFeed(
      ctx.store,
      ctx.log,
      {
        reload: () => this.reload(),
        apply: (evs) => {
          this.projection.apply(evs);
          this.scheduleFlush();
        },
        recovered: () => this.resnapshotAll(),
      },
      feedOptions,
    );
    this.io = new Server(http, {
      transports: ['websocket'],
      serveClient: false,
      maxHttpBufferSize: 64 * 1024,
    });
    if (ctx.store instanceof RedisStore) {
      const { pub, sub } = ctx.store.adapterClients();
      this.adapterClients.push(pub, sub);
      this.io.adapter(createAdapter(pub, sub, { key: 'pantau:sio' }));
    }
    this.nsp = this.io.of('/live') as unknown as LiveNsp;
    this.kpis = computeKpis(ctx.catalog.services.length, [], {}, []);
    this.nsp.use((socket, next) => {
      this.authenticate(socket)
        .then((p) => {
          if (p === 'revoked') return next(new Error('revoked'));
          if (!p || !can(p, 'live:view')) return next(new Error('unauthorized'));
          const s = socket;
          s.data.principal = toLive(p);
          s.data.server = p;
          next();
        })
        .catch((err: unknown) => {
          this.ctx.log.warn({ err: String(err) }, 'live handshake failed');
          next(new Error('unavailable'));
        });
    });
    this.nsp.on('connection', (s) => this.onConnection(s));
  }

  private async authenticate(socket: LiveSocket): Promise<Principal | 'revoked' | null> {
    const auth = socket.handshake.auth as { token?: unknown };
    if (typeof auth.token === 'string' && auth.token) return principalFromDisplayToken(this.ctx, auth.token);
    const sid = readCookie(socket.handshake.headers.cookie, SESSION_COOKIE);
    if (!sid) return null;
    // A cookie rides along on any site's request: a browser's socket from another origin is refused
    // (cross-site WebSocket hijacking). Browsers always send Origin; non-browser clients have no ambient cookie.
    if (
      !sameOrigin(socket.handshake.headers.origin, socket.handshake.headers.host, this.ctx.config.publicUrl)
    )
      return null;
    return principalFromSession(this.ctx, sid);
  }

  /**
   * Starts tailing the log (the feed loads the read model first, retrying until the store answers)
   * and the delta/heartbeat timer. Needs no store to succeed, and a second call does nothing, so a
   * retried start-up can never run two tails or two timers.
   */
  start(): void {
    if (this.timer) return;
    this.feed.start();
    this.timer = setInterval(() => this.tick(false), DELTA_COALESCE_MS);
    this.timer.unref();
    this.presenceTimer = setInterval(() => this.reportDisplays(), this.ctx.config.displaySeenEveryMs);
    this.presenceTimer.unref();
  }

  /** One last-seen write per display with a wall connected here (not one per socket or event). */
  private reportDisplays(): void {
    if (!this.ctx.store.isReady()) return;
    const ids = new Set<string>();
    for (const s of this.nsp.sockets.values())
      if (s.data.server.kind === 'display') ids.add(s.data.server.displayId);
    for (const id of ids) this.presence(id, true);
  }

  private presence(displayId: string, seen: boolean): void {
    (seen ? recordDisplaySeen(this.ctx, displayId) : recordDisplayGone(this.ctx, displayId)).catch(
      (err: unknown) =>
        this.ctx.log.warn({ err: String(err), display: displayId }, 'display presence not recorded'),
    );
  }

  /** Hands a display's config to its open walls, on every instance (the adapter carries it like a revocation). */
  pushDisplayConfig(msg: DisplayConfigMessage): void {
    this.nsp.in(rooms.display(msg.displayId)).emit('display:config', msg);
  }

  /** Reloads the read model now (e.g. once stored data was re-indexed). */
  reloadNow(reason: string): void {
    this.feed.invalidate(reason);
  }

  /** The live feed's health (for /readyz, heartbeats and metrics). */
  feedStatus(): FeedStatus {
    return this.feed.status();
  }

  private feedAtIso(): string | null {
    const at = this.feed.status().feedAt;
    return at === null ? null : new Date(at).toISOString();
  }

  /** Reads the read model afresh; returns the log position it is current to. */
  private async reload(): Promise<string> {
    // The position first: events after it are applied on top (versions make repeats harmless).
    const from = await this.ctx.store.lastEventId();
    const state = await readState(this.ctx);
    this.projection.load(state);
    this.refreshKpis();
    return from;
  }

  /**
   * After the feed recovered, the views' clients may have missed changes while it was down: every
   * view gets a fresh snapshot at once (built once per view, since a view's sockets see the same data).
   */
  private resnapshotAll(): void {
    for (const view of this.views.values()) {
      const local = this.nsp.adapter.rooms.get(view.room);
      const first = local ? local.values().next().value : undefined;
      const socket = first ? this.nsp.sockets.get(first) : undefined;
      if (!socket) continue;
      view.lastSentAt = Date.now();
      this.nsp.local.to(view.room).emit('snapshot', this.snapshotFor(socket.data.server, view));
    }
  }

  private snapshotFor(p: Principal, view: View) {
    return buildSnapshot(this.ctx, p, this.projection.state(), view.seq, this.kpis, this.feedAtIso());
  }

  /**
   * Leading-edge coalescing: a change after a quiet spell goes out at once; changes within
   * DELTA_COALESCE_MS of the last delta wait for the window to end and go out together.
   */
  private scheduleFlush(): void {
    if (this.flushTimer || !this.projection.hasPending()) return;
    const wait = Math.max(0, this.lastFlushAt + DELTA_COALESCE_MS - Date.now());
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.tick(true);
    }, wait);
  }

  private refreshKpis(): void {
    const p = this.projection;
    this.kpis = computeKpis(
      this.ctx.catalog.services.length,
      p.serviceStates.values(),
      p.openBySeverity,
      p.alerts.values(),
    );
  }

  private onConnection(socket: LiveSocket): void {
    const p = socket.data.server;
    if (p.kind === 'user') void socket.join([rooms.session(p.sessionId), rooms.user(p.userId)]);
    if (p.kind === 'display') {
      const room = rooms.display(p.displayId);
      void socket.join(room);
      this.presence(p.displayId, true);
      displayConfigMessage(this.ctx, p.displayId)
        .then((msg) => {
          if (msg && socket.connected) socket.emit('display:config', msg);
        })
        .catch((err: unknown) =>
          this.ctx.log.warn({ err: String(err), display: p.displayId }, 'display config not sent'),
        );
      // Rooms are left before `disconnect`: an empty room means this was the display's last wall here.
      socket.on('disconnect', () => {
        if (!this.nsp.adapter.rooms.get(room)?.size) this.presence(p.displayId, false);
      });
    }
    this.metrics.sockets.inc();
    socket.on('disconnect', () => this.metrics.sockets.dec());
    this.sendSnapshot(socket);
    socket.on('resync', () => this.sendSnapshot(socket));
    socket.on('alert:command', (raw, reply) => {
      if (typeof reply !== 'function') return;
      // Errors answer with the envelope HTTP gives (server/errors.ts toEnvelope), plus its status.
      const refuse = (err: unknown) => {
        const e = toEnvelope(err);
        if (e.unexpected) this.ctx.log.error({ err }, 'alert command failed');
        reply({ ok: false, error: { ...e.error, status: e.status } });
      };
      const parsed = AlertCommandMessageSchema.safeParse(raw);
      if (!parsed.success) {
        refuse(new ValidationError(zodIssues(parsed.error), 'Invalid command.'));
        return;
      }
      const { alertId, action, body } = parsed.data;
      runAlertCommand(this.ctx, p, alertId, action, body, 'socket', socket.handshake.address)
        .then((alert) => reply({ ok: true, data: alert }))
        .catch(refuse);
    });
  }

  /** The view a socket belongs to: the whole city, or one agency for a liaison. */
  private viewOf(p: Principal): View {
    const filter = agencyFilter(p);
    const room = rooms.view(filter);
    let v = this.views.get(room);
    if (!v) this.views.set(room, (v = { room, filter, seq: 0, lastSentAt: Date.now() }));
    return v;
  }

  private sendSnapshot(socket: LiveSocket): void {
    const view = this.viewOf(socket.data.server);
    void socket.join(view.room);
    // The snapshot carries the view's current seq; the view's next delta or heartbeat is seq + 1.
    socket.emit('snapshot', this.snapshotFor(socket.data.server, view));
  }

  /**
   * One tick: on a flush, one delta per view, encoded once and sent to all of
   * the view's sockets on this instance; otherwise a heartbeat where one is due.
   */
  private tick(flush: boolean): void {
    const now = Date.now();
    const pending = flush && this.projection.hasPending() ? this.projection.drain() : null;
    if (pending) this.refreshKpis();
    const at = new Date(now).toISOString();
    const feedAt = this.feedAtIso();
    for (const view of this.views.values()) {
      const local = this.nsp.adapter.rooms.get(view.room);
      if (!local || local.size === 0) {
        this.views.delete(view.room);
        continue;
      }
      if (pending) {
        const own = (agencyId: string | null | undefined) => view.filter === null || agencyId === view.filter;
        view.seq += 1;
        view.lastSentAt = now;
        this.nsp.local.to(view.room).emit('delta', {
          seq: view.seq,
          at,
          feedAt,
          serviceStates: [...pending.serviceStates.values()],
          incidents: [...pending.incidents.values()].filter((i) => own(i.agencyId)),
          alerts: [...pending.alerts.values()].filter((a) => own(a.agencyId)),
          usage: [...pending.usage.values()],
          kpis: this.kpis,
        });
        this.metrics.deltas.inc();
      } else if (now - view.lastSentAt >= LIVE_HEARTBEAT_MS) {
        view.seq += 1;
        view.lastSentAt = now;
        this.nsp.local.to(view.room).emit('heartbeat', { seq: view.seq, at, feedAt });
      }
    }
    // The next window runs from the end of this fan-out, not its start: with thousands of sockets a
    // fan-out takes a while, and ingest and the feed must get the event loop between two of them.
    if (pending) this.lastFlushAt = Date.now();
  }

  /** Tells every socket of a session (on every instance) that it was revoked, then closes them. */
  /** Closes the sockets of a session (logout, account changed or deleted), on every instance. */
  revokeSession(sessionId: string, reason: string): void {
    this.revokeRoom(rooms.session(sessionId), reason);
  }

  /** Closes the sockets of a revoked display, on every instance. */
  revokeDisplay(displayId: string, reason: string): void {
    this.revokeRoom(rooms.display(displayId), reason);
  }

  revokeRoom(room: string, reason: string): void {
    this.nsp.in(room).emit('revoked', { reason });
    setTimeout(() => this.nsp.in(room).disconnectSockets(true), 100);
  }

  /** Stops sending, tells clients, and closes sockets. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    if (this.presenceTimer) clearInterval(this.presenceTimer);
    this.feed.stop();
    this.nsp.disconnectSockets(true);
    await new Promise<void>((r) => {
      void this.io.close(() => r());
    });
    await Promise.allSettled(this.adapterClients.map((c) => c.quit()));
  }
}
