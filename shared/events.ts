/**
 * The `/live` namespace's Socket.IO contract: every payload has its zod schema here and its type
 * from it (the event maps below only name them). The server parses every client→server payload
 * with its schema before acting; clients parse what they receive (client/live/socket.ts).
 */
import { z } from 'zod';
import { ErrorEnvelopeSchema } from './api/route.js';
import { ALERT_ACTIONS, AlertSchema } from './schemas/alert.js';
import { RoleSchema } from './schemas/account.js';
import { DisplayConfigSchema } from './schemas/display.js';
import type { Delta, Heartbeat, Snapshot } from './schemas/live.js';

/** Principal kinds a live socket can carry. */
export const LivePrincipalSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('display'), displayId: z.string(), name: z.string() }),
  z.object({
    kind: z.literal('user'),
    userId: z.string(),
    username: z.string(),
    role: RoleSchema,
    agencyId: z.string().nullable(),
    sessionId: z.string(),
  }),
  z.object({ kind: z.literal('anonymous') }),
]);
export type LivePrincipal = z.infer<typeof LivePrincipalSchema>;

/** `alert:command`: one workflow command over the socket; `body` is the command's own (ALERT_COMMANDS). */
export const AlertCommandMessageSchema = z
  .object({ alertId: z.string().min(1).max(128), action: z.enum(ALERT_ACTIONS), body: z.unknown() })
  .strict();
export type AlertCommandMessage = z.infer<typeof AlertCommandMessageSchema>;

/** The answer to `alert:command`: the alert, or the error envelope HTTP gives with its status. */
export const CommandResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), data: AlertSchema }),
  z.object({
    ok: z.literal(false),
    error: ErrorEnvelopeSchema.shape.error.extend({
      status: z.number().int(),
      details: z.unknown().optional(),
    }),
  }),
]);
export type CommandResult = z.infer<typeof CommandResultSchema>;

/** `revoked`: the credential behind the socket was revoked or expired. */
export const RevokedSchema = z.object({ reason: z.string() });
export type Revoked = z.infer<typeof RevokedSchema>;

/**
 * `display:config`: a wall display's stored config, sent to its walls on connect and whenever it
 * changes (on every instance); null when it has none (the wall's URL parameters rule). `version`
 * is the display's, so a wall can ignore an older message arriving late.
 */
export const DisplayConfigMessageSchema = z.object({
  displayId: z.string(),
  config: DisplayConfigSchema.nullable(),
  version: z.number().int(),
});
export type DisplayConfigMessage = z.infer<typeof DisplayConfigMessageSchema>;

/** Messages the server sends (Snapshot, Delta, Heartbeat: shared/schemas/live.ts). */
export interface ServerToClientEvents {
  /** The full state; `seq` restarts the sequence for this socket. */
  snapshot: (msg: Snapshot) => void;
  /** Coalesced changes; `seq` is exactly one more than the previous message's. */
  delta: (msg: Delta) => void;
  /** Proof of life while nothing changes, so views do not go stale in quiet times; `feedAt` tells whether the data is still flowing. */
  heartbeat: (msg: Heartbeat) => void;
  /** The credential behind this socket was revoked or expired; the socket closes next. */
  revoked: (msg: Revoked) => void;
  /** A display socket's config, on connect and on every change (walls only). */
  'display:config': (msg: DisplayConfigMessage) => void;
}

/** Messages a client sends. */
export interface ClientToServerEvents {
  /** Ask for a fresh snapshot (after a gap in `seq`). */
  resync: () => void;
  /** Alert workflow commands over the socket, same rules as HTTP. */
  'alert:command': (msg: AlertCommandMessage, reply: (r: CommandResult) => void) => void;
}

/** Messages between server instances (through the Redis adapter). */
export interface InterServerEvents {
  ping: () => void;
}

/** What the server keeps on each socket. */
export interface SocketData {
  principal: LivePrincipal;
}
