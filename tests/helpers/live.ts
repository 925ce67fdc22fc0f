import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  DisplayConfigMessage,
  ServerToClientEvents,
} from '../../shared/events.js';
import type { Delta, Snapshot } from '../../shared/schemas/index.js';
import { GiveUp, waitFor } from './wait.js';

/** One message from `/live`, in arrival order. */
export type LiveMessage =
  | { kind: 'snapshot'; seq: number; data: Snapshot }
  | { kind: 'delta'; seq: number; data: Delta }
  | { kind: 'heartbeat'; seq: number; data: { seq: number; at: string } };

export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** A real socket.io-client on `/live` that records everything it receives. */
export interface LiveClient {
  socket: LiveSocket;
  messages: LiveMessage[];
  revoked: string[];
  disconnects: string[];
  /** Every `display:config` received (walls only), in order. */
  configs: DisplayConfigMessage[];
  /** Polls `pick` over this client until it returns something truthy. */
  until<T>(
    pick: (c: LiveClient) => T | null | undefined | false,
    what: string,
    timeoutMs?: number,
  ): Promise<T>;
  close(): void;
}

/** How a socket proves who it is: a display token, or a login cookie. */
export interface LiveAuth {
  token?: string;
  cookie?: string;
}

function open(baseUrl: string, auth: LiveAuth): LiveSocket {
  return io(`${baseUrl}/live`, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: auth.token ? { token: auth.token } : {},
    ...(auth.cookie ? { extraHeaders: { cookie: auth.cookie } } : {}),
  });
}

/** Connects and resolves once the first snapshot arrived. */
export async function connectLive(baseUrl: string, auth: LiveAuth): Promise<LiveClient> {
  const socket = open(baseUrl, auth);
  const client: LiveClient = {
    socket,
    messages: [],
    revoked: [],
    disconnects: [],
    configs: [],
    until: (pick, what, timeoutMs) =>
      waitFor(() => pick(client), what, timeoutMs === undefined ? {} : { timeoutMs }),
    close: () => {
      socket.disconnect();
    },
  };
  socket.on('snapshot', (data) => client.messages.push({ kind: 'snapshot', seq: data.seq, data }));
  socket.on('delta', (data) => client.messages.push({ kind: 'delta', seq: data.seq, data }));
  socket.on('heartbeat', (data) => client.messages.push({ kind: 'heartbeat', seq: data.seq, data }));
  socket.on('revoked', (m) => client.revoked.push(m.reason));
  socket.on('display:config', (m) => client.configs.push(m));
  socket.on('disconnect', (reason) => client.disconnects.push(reason));
  let failure: string | null = null;
  socket.on('connect_error', (err) => (failure = err.message));
  await waitFor(() => {
    if (failure) throw new GiveUp(`connect_error: ${failure}`);
    return client.messages.some((m) => m.kind === 'snapshot');
  }, 'the first snapshot');
  return client;
}

/** Connects expecting refusal; resolves with the connect_error message. */
export async function connectError(baseUrl: string, auth: LiveAuth): Promise<string> {
  const socket = open(baseUrl, auth);
  let message: string | null = null;
  let connected = false;
  socket.on('connect_error', (err) => (message = err.message));
  socket.on('connect', () => (connected = true));
  try {
    return await waitFor(() => {
      if (connected) throw new GiveUp('the socket was accepted');
      return message;
    }, 'connect_error');
  } finally {
    socket.disconnect();
  }
}

/** Every delta in the messages. */
export function deltas(messages: LiveMessage[]): Delta[] {
  return messages.flatMap((m) => (m.kind === 'delta' ? [m.data] : []));
}

/**
 * True when every delta and heartbeat carries exactly one more than the message before it.
 * A snapshot restarts the sequence (it carries the position the next message continues from).
 */
export function seqsConsecutive(messages: LiveMessage[]): boolean {
  return messages.every(
    (m, i) => i === 0 || m.kind === 'snapshot' || m.seq === (messages[i - 1]?.seq ?? NaN) + 1,
  );
}
