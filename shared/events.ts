/**
 * Typed Socket.IO event maps for the `/live` namespace. Types are not validation:
 * the server parses every client→server payload with its zod schema before acting.
 */
import type { Alert, AlertAction } from './schemas/alert.js';
import type { Delta, Heartbeat, Snapshot } from './schemas/live.js';

/** Principal kinds a live socket can carry. */
export type LivePrincipal =
  | { kind: 'display'; displayId: string; name: string }
  | {
      kind: 'user';
      userId: string;
      username: string;
      role: 'admin' | 'supervisor' | 'operator' | 'liaison';
      agencyId: string | null;
      sessionId: string;
    }
  | { kind: 'anonymous' };

/** A command answer: `ok` with data, or an error envelope like HTTP's. */
export type CommandResult =
  | { ok: true; data: Alert }
  | {
      ok: false;
      error: {
        code: string;
        message: string;
        status: number;
        issues?: { path: (string | number)[]; message: string }[];
        details?: unknown;
      };
    };

/** Messages the server sends. */
export interface ServerToClientEvents {
  /** The full state; `seq` restarts the sequence for this socket. */
  snapshot: (msg: Snapshot) => void;
  /** Coalesced changes; `seq` is exactly one more than the previous message's. */
  delta: (msg: Delta) => void;
  /** Proof of life while nothing changes, so views do not go stale in quiet times; `feedAt` tells whether the data is still flowing. */
  heartbeat: (msg: Heartbeat) => void;
  /** The credential behind this socket was revoked or expired; the socket closes next. */
  revoked: (msg: { reason: string }) => void;
}

/** Messages a client sends. */
export interface ClientToServerEvents {
  /** Ask for a fresh snapshot (after a gap in `seq`). */
  resync: () => void;
  /** Alert workflow commands over the socket, same rules as HTTP. */
  'alert:command': (
    msg: {
      alertId: string;
      action: AlertAction;
      body: unknown;
    },
    reply: (r: CommandResult) => void,
  ) => void;
}

/** Messages between server instances (through the Redis adapter). */
export interface InterServerEvents {
  ping: () => void;
}

/** What the server keeps on each socket. */
export interface SocketData {
  principal: LivePrincipal;
}
