import net from 'node:net';

/** How the proxy treats traffic right now. */
type Mode = { kind: 'pass' } | { kind: 'stall' } | { kind: 'blackhole' } | { kind: 'delay'; ms: number };

/**
 * A TCP proxy between the app and Redis that misbehaves on demand, to make the dangerous moments
 * of a fault reproducible: drop every connection, stall traffic (held, then released), black-hole
 * it (discarded for good), delay it, refuse new connections, or cut connections the moment a
 * given command passes (a commit cut mid-flight).
 */
export interface ChaosProxy {
  port: number;
  /** `redis://127.0.0.1:<port>`. */
  url: string;
  /** Destroys every open connection, both sides (clients reconnect through the proxy). */
  drop(): void;
  /** Holds all traffic in both directions, connections open, until `resume()`. */
  stall(): void;
  /** Discards all traffic from now on; connections stay open and new ones are accepted. */
  blackhole(): void;
  /** Delays every chunk by `ms` (order kept). */
  delay(ms: number): void;
  /** Closes new connections at once (existing ones are untouched). */
  refuse(on?: boolean): void;
  /** Cuts both sides of a connection as soon as a client chunk containing `needle` reaches the proxy (it is not forwarded), the next `times` times; cuts add up. */
  cutOn(needle: string, times?: number): void;
  /**
   * Lets the next `times` client chunks containing `needle` through to Redis, then cuts that
   * connection as soon as Redis answers, before the answer reaches the client: the command ran
   * (a whole Lua commit, say), the client never hears so.
   */
  cutReplyOn(needle: string, times?: number): void;
  /** Forgets every pending cut. */
  clearCuts(): void;
  /** Passes traffic again; held data flows on in order. */
  resume(): void;
  /** Open client connections. */
  connections(): number;
  close(): Promise<void>;
}

interface Pipe {
  client: net.Socket;
  upstream: net.Socket;
  /** Cut at Redis's next answer (set by `cutReplyOn`). */
  cutOnReply: boolean;
  /** Chunks still waiting in `chain` (delay mode): later chunks queue behind them, whatever the mode. */
  delayed: number;
  held: { to: net.Socket; chunk: Buffer }[];
  chain: Promise<void>;
}

/** Starts a proxy on a free port in front of `targetPort` on 127.0.0.1. */
export async function startChaosProxy(targetPort: number): Promise<ChaosProxy> {
  let mode: Mode = { kind: 'pass' };
  let refusing = false;
  const cuts: { needle: Buffer; left: number }[] = [];
  const replyCuts: { needle: Buffer; left: number }[] = [];
  const pipes = new Set<Pipe>();

  const destroy = (p: Pipe) => {
    p.client.destroy();
    p.upstream.destroy();
    pipes.delete(p);
  };

  const forward = (p: Pipe, to: net.Socket, chunk: Buffer) => {
    if (mode.kind === 'blackhole') return;
    if (mode.kind === 'stall' || p.held.length > 0) {
      p.held.push({ to, chunk });
      return;
    }
    if (mode.kind === 'delay' || p.delayed > 0) {
      // Each chunk leaves `ms` after it arrived (in arrival order), so delays do not add up; after a
      // resume, chunks still queue behind the delayed ones, so the stream is never reordered.
      const due = Date.now() + (mode.kind === 'delay' ? mode.ms : 0);
      p.delayed++;
      p.chain = p.chain
        .then(() => new Promise<void>((r) => setTimeout(r, Math.max(0, due - Date.now()))))
        .then(() => {
          p.delayed--;
          if (!to.destroyed) to.write(chunk);
        });
      return;
    }
    if (!to.destroyed) to.write(chunk);
  };

  const server = net.createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, '127.0.0.1');
    const p: Pipe = { client, upstream, cutOnReply: false, delayed: 0, held: [], chain: Promise.resolve() };
    pipes.add(p);
    client.on('data', (chunk: Buffer) => {
      const cut = cuts.find((c) => c.left > 0 && chunk.includes(c.needle));
      if (cut) {
        cut.left -= 1;
        destroy(p);
        return;
      }
      const replyCut = replyCuts.find((c) => c.left > 0 && chunk.includes(c.needle));
      if (replyCut) {
        replyCut.left -= 1;
        p.cutOnReply = true;
      }
      forward(p, upstream, chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (p.cutOnReply) {
        destroy(p);
        return;
      }
      forward(p, client, chunk);
    });
    const end = () => destroy(p);
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    drop: () => [...pipes].forEach(destroy),
    stall: () => {
      mode = { kind: 'stall' };
    },
    blackhole: () => {
      mode = { kind: 'blackhole' };
      for (const p of pipes) p.held = [];
    },
    delay: (ms) => {
      mode = { kind: 'delay', ms };
    },
    refuse: (on = true) => {
      refusing = on;
    },
    cutOn: (needle, times = 1) => {
      cuts.push({ needle: Buffer.from(needle), left: times });
    },
    cutReplyOn: (needle, times = 1) => {
      replyCuts.push({ needle: Buffer.from(needle), left: times });
    },
    clearCuts: () => {
      cuts.splice(0);
      replyCuts.splice(0);
    },
    resume: () => {
      mode = { kind: 'pass' };
      for (const p of pipes) {
        const held = p.held.splice(0);
        for (const { to, chunk } of held) if (!to.destroyed) to.write(chunk);
      }
    },
    connections: () => pipes.size,
    close: async () => {
      [...pipes].forEach(destroy);
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
