/**
 * The `/live` socket: feeds a LiveStore, asks for a resync on a `seq` gap, and keeps the store's
 * connection state honest. Walls authenticate with `?token=`; console and liaison ride the
 * same-origin session cookie.
 */
import { io, type Socket } from 'socket.io-client';
import {
  DisplayConfigMessageSchema,
  type ClientToServerEvents,
  type DisplayConfigMessage,
  type ServerToClientEvents,
} from '../../shared/events.js';
import './zod.js';
import type { LiveStore } from './store.js';

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveConnection {
  readonly socket: LiveSocket;
  close(): void;
}

export interface ConnectOptions {
  /** Display token for walls; omit to use the session cookie. */
  token?: string | null;
  /** Ask again when a requested snapshot has not come after this long. */
  resyncRetryMs?: number;
  /** Try again this long after the server refused the handshake (it may have been a passing fault). */
  refusedRetryMs?: number;
  /** A wall's stored config from the server (on connect and on every change); malformed ones are dropped. */
  onDisplayConfig?: (msg: DisplayConfigMessage) => void;
}

/** The `?token=` of the page URL, if any. */
export function tokenFromUrl(): string | null {
  const token = new URLSearchParams(window.location.search).get('token');
  return token && token.length > 0 ? token : null;
}

/** Connects a store to `/live`. */
export function connectLive(store: LiveStore, options: ConnectOptions = {}): LiveConnection {
  const { token = null, resyncRetryMs = 10_000, refusedRetryMs = 60_000, onDisplayConfig } = options;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  const socket: LiveSocket = io('/live', {
    transports: ['websocket'],
    auth: token ? { token } : undefined,
    reconnectionDelay: 1000,
    reconnectionDelayMax: 15_000,
    randomizationFactor: 0.5,
  });

  let resyncTimer: ReturnType<typeof setTimeout> | null = null;
  const clearResync = (): void => {
    if (resyncTimer !== null) clearTimeout(resyncTimer);
    resyncTimer = null;
  };
  const requestResync = (): void => {
    clearResync();
    if (!socket.connected) return;
    socket.emit('resync');
    resyncTimer = setTimeout(requestResync, resyncRetryMs);
  };
  // A fresh connection should get a snapshot unasked; if it does not, ask.
  const expectSnapshot = (): void => {
    clearResync();
    resyncTimer = setTimeout(requestResync, resyncRetryMs);
  };

  store.connecting();
  socket.on('connect', () => {
    store.connected();
    expectSnapshot();
  });
  socket.on('disconnect', (reason) => {
    clearResync();
    store.disconnected();
    // The server closed us on purpose (not a network drop): socket.io will not retry by itself.
    if (reason === 'io server disconnect' && store.getState().connection !== 'revoked') socket.connect();
  });
  socket.io.on('reconnect_attempt', () => store.connecting());
  socket.on('connect_error', (err) => {
    // `active` is false when the namespace middleware refused us (bad or revoked token):
    // socket.io gives up, so we ask again now and then in case the refusal was transient.
    if (!socket.active) {
      store.refused(err.message || 'unauthorized');
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = setTimeout(() => {
        retryTimer = null;
        if (store.getState().revokedKind === 'refused') socket.connect();
      }, refusedRetryMs);
    } else {
      store.disconnected();
    }
  });
  socket.on('snapshot', (msg) => {
    clearResync();
    store.applySnapshot(msg);
  });
  socket.on('delta', (msg) => {
    if (store.applyDelta(msg) === 'gap') requestResync();
  });
  socket.on('heartbeat', (msg) => {
    if (store.applyHeartbeat(msg) === 'gap') requestResync();
  });
  socket.on('display:config', (msg) => {
    const parsed = DisplayConfigMessageSchema.safeParse(msg);
    if (parsed.success) onDisplayConfig?.(parsed.data);
  });
  socket.on('revoked', ({ reason }) => {
    clearResync();
    store.revoked(reason);
    socket.disconnect();
  });

  return {
    socket,
    close() {
      clearResync();
      if (retryTimer !== null) clearTimeout(retryTimer);
      socket.disconnect();
    },
  };
}
