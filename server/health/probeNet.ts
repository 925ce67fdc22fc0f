import { promises as dnsp } from 'node:dns';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { DnsCheck, Evidence, FailureReason, TcpCheck, Timings } from '../../shared/schemas/index.js';
import type { NetGuard } from './netGuard.js';
import { ProbeError } from './probeError.js';

export { ProbeError };

const DNS_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENODATA',
  'EAI_FAIL',
  'ESERVFAIL',
  'ENOTIMP',
  'EREFUSED',
  'EBADNAME',
]);
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'EPIPE',
  'ECONNABORTED',
  'EADDRNOTAVAIL',
]);

/** Maps a socket/DNS/TLS error to a failure reason and a short message. */
export function classifyError(err: unknown): { reason: FailureReason; message: string } {
  if (err instanceof ProbeError) return { reason: err.reason, message: err.message };
  const code = (err as { code?: unknown }).code;
  const text = err instanceof Error ? err.message : String(err);
  if (typeof code === 'string') {
    if (DNS_CODES.has(code)) return { reason: 'dns', message: `name not resolved (${code})` };
    if (CONNECT_CODES.has(code)) return { reason: 'connect', message: `connection failed (${code})` };
    if (code === 'ETIMEDOUT') return { reason: 'timeout', message: 'timed out' };
    if (/^(ERR_SSL|ERR_TLS|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|HOSTNAME_MISMATCH|ERR_CERT)/.test(code))
      return { reason: 'tls', message: `TLS failed (${code})` };
  }
  return { reason: 'connect', message: text.slice(0, 200) };
}

/** Blank timings with the total filled in. */
export function timings(partial: Partial<Timings>, total: number): Timings {
  const r = (v: number | null | undefined) =>
    v === undefined || v === null ? null : Math.round(v * 10) / 10;
  return {
    dns: r(partial.dns),
    connect: r(partial.connect),
    tls: r(partial.tls),
    firstByte: r(partial.firstByte),
    transfer: r(partial.transfer),
    total: r(total) ?? 0,
  };
}

/** An evidence skeleton for one check run. */
export function baseEvidence(type: Evidence['type'], target: string, now: Date): Evidence {
  return {
    type,
    checkedAt: now.toISOString(),
    status: 'up',
    reason: null,
    message: '',
    target,
    timings: timings({}, 0),
    statusCode: null,
    finalUrl: null,
    redirects: [],
    resolvedIp: null,
    tls: null,
    conditions: [],
    instance: null,
  };
}

/** Connects to host:port; up when the connection opens within the timeout. With a guard, only to an address it allows. */
export function runTcp(check: TcpCheck, now: Date, guard?: NetGuard): Promise<Evidence> {
  const ev = baseEvidence('tcp', `${check.host}:${check.port}`, now);
  const t0 = performance.now();
  const phase: Partial<Timings> = {};
  return new Promise((resolve) => {
    const refused = guard?.literalRefusal(check.host) ?? null;
    const sock = refused
      ? null
      : net.connect({ host: check.host, port: check.port, ...(guard ? { lookup: guard.lookup } : {}) });
    const finish = (err: unknown) => {
      clearTimeout(timer);
      sock?.destroy();
      ev.timings = timings(phase, performance.now() - t0);
      if (err) {
        const c = classifyError(err);
        Object.assign(ev, { status: 'down', reason: c.reason, message: `${ev.target}: ${c.message}` });
      } else
        ev.message = `connected to ${ev.resolvedIp ?? check.host}:${check.port} in ${Math.round(ev.timings.total)} ms`;
      ev.conditions = [
        { name: 'connect', ok: !err, actual: err ? classifyError(err).reason : 'open', expected: 'open' },
      ];
      resolve(ev);
    };
    const timer = setTimeout(() => {
      const reason = phase.dns === undefined && !net.isIP(check.host) ? 'dns' : 'timeout';
      finish(new ProbeError(reason, `no connection within ${check.timeoutMs} ms`));
    }, check.timeoutMs);
    if (!sock) return finish(refused);
    sock.once('lookup', (e: Error | null, address: string | undefined) => {
      phase.dns = performance.now() - t0;
      if (!e && address) ev.resolvedIp = address;
    });
    sock.once('connect', () => {
      phase.connect = performance.now() - t0;
      ev.resolvedIp ??= sock.remoteAddress ?? null;
      finish(null);
    });
    sock.once('error', finish);
  });
}

/**
 * Resolves a name (system resolver, like the sites' visitors); with `expect`, each address must be
 * among the answers. With a guard, a name resolving to a refused address is DOWN (`connect`).
 */
export async function runDns(check: DnsCheck, now: Date, guard?: NetGuard): Promise<Evidence> {
  const ev = baseEvidence('dns', check.hostname, now);
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const deadline = new Promise<never>((_r, reject) => {
      timer = setTimeout(
        () => reject(new ProbeError('dns', `no answer within ${check.timeoutMs} ms`)),
        check.timeoutMs,
      );
    });
    const answers = await Promise.race([
      guard ? guard.resolve(check.hostname) : dnsp.lookup(check.hostname, { all: true }),
      deadline,
    ]);
    const addrs = answers.map((a) => a.address);
    ev.resolvedIp = addrs[0] ?? null;
    ev.timings = timings({ dns: performance.now() - t0 }, performance.now() - t0);
    if (check.expect) {
      const missing = check.expect.filter((ip) => !addrs.includes(ip));
      ev.conditions = [
        {
          name: 'addresses',
          ok: missing.length === 0,
          actual: addrs.join(','),
          expected: `includes ${check.expect.join(',')}`,
        },
      ];
      if (missing.length)
        return Object.assign(ev, {
          status: 'down',
          reason: 'dns',
          message: `${check.hostname} resolves to ${addrs.join(', ')}; expected ${check.expect.join(', ')}`,
        });
    }
    ev.message = `${check.hostname} → ${addrs.join(', ')}`;
    return ev;
  } catch (err) {
    const c = classifyError(err);
    ev.timings = timings({}, performance.now() - t0);
    ev.conditions = [{ name: 'resolves', ok: false, actual: c.message, expected: 'an address' }];
    // Resolver failures are `dns`; a probe error (the guard's refusal, the deadline) keeps its own reason.
    return Object.assign(ev, {
      status: 'down',
      reason: c.reason === 'connect' && !(err instanceof ProbeError) ? 'dns' : c.reason,
      message: `${check.hostname}: ${c.message}`,
    });
  } finally {
    clearTimeout(timer);
  }
}
