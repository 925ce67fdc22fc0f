import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { TLSSocket } from 'node:tls';
import type {
  DnsCheck,
  Evidence,
  HttpCheck,
  TcpCheck,
  Timings,
  TlsInfo,
} from '../../shared/schemas/index.js';
import { conditionText, judgeHttp } from './judge.js';
import type { NetGuard } from './netGuard.js';
import { ProbeError, baseEvidence, classifyError, runDns, runTcp, timings } from './probeNet.js';

/** Checks a probe can run by itself (push checks are judged from received heartbeats instead). */
export type ProbeCheck = HttpCheck | TcpCheck | DnsCheck;

/** Bodies are read up to this many bytes; the rest is discarded. */
export const MAX_PROBE_BODY_BYTES = 1024 * 1024;
const REDIRECT_CODES = new Set([301, 302, 303, 307, 308]);
const DAY_MS = 86_400_000;

/** How a check is run. */
export interface RunOptions {
  /**
   * Confines every connection (each redirect hop included) to the addresses the guard allows; a
   * refused address is DOWN with reason `connect`. Set for checks that came through the API.
   */
  guard?: NetGuard;
}

/** Runs one check now and returns what it found. Never throws: failures are evidence too. */
export function runCheck(
  check: ProbeCheck,
  now: Date = new Date(),
  opts: RunOptions = {},
): Promise<Evidence> {
  if (check.type === 'tcp') return runTcp(check, now, opts.guard);
  if (check.type === 'dns') return runDns(check, now, opts.guard);
  return runHttp(check, now, opts);
}

/** What one request/response exchange observed; filled in as phases complete. */
interface Hop {
  phase: Partial<Timings>;
  resolvedIp: string | null;
  tls: TlsInfo | null;
  statusCode: number | null;
  location: string | null;
  body: string;
}

function cn(name: unknown): string | null {
  return typeof name === 'string'
    ? name
    : Array.isArray(name) && typeof name[0] === 'string'
      ? name[0]
      : null;
}

/** Reads the served certificate and decides whether the connection may go on. */
function inspectTls(
  sock: TLSSocket,
  check: HttpCheck,
  now: Date,
): { info: TlsInfo | null; error: ProbeError | null } {
  const cert = sock.getPeerCertificate();
  if (!cert || !cert.valid_to)
    return {
      info: null,
      error: check.tlsInsecureSkipVerify ? null : new ProbeError('tls', 'no certificate served'),
    };
  const validTo = new Date(cert.valid_to);
  const authError = sock.authorizationError ? String(sock.authorizationError) : null;
  const info: TlsInfo = {
    validTo: validTo.toISOString(),
    issuerCn: cn(cert.issuer?.CN),
    subjectCn: cn(cert.subject?.CN),
    daysLeft: Math.floor((validTo.getTime() - now.getTime()) / DAY_MS),
    authorized: sock.authorized,
    authorizationError: authError,
  };
  if (validTo.getTime() <= now.getTime())
    return { info, error: new ProbeError('tls', `certificate expired on ${info.validTo.slice(0, 10)}`) };
  if (!sock.authorized && !check.tlsInsecureSkipVerify)
    return { info, error: new ProbeError('tls', `certificate not trusted (${authError ?? 'unknown'})`) };
  return { info, error: null };
}

/** One request, no redirect following. Rejects with the hop so far attached on failure. */
function requestOnce(
  url: URL,
  method: string,
  check: HttpCheck,
  deadline: number,
  t0: number,
  now: Date,
  hop: Hop,
  guard: NetGuard | undefined,
): Promise<void> {
  return new Promise((resolve, reject) => {
    // An address in the URL is connected to without a lookup, so the guard judges it here.
    const refused = guard?.literalRefusal(url.hostname) ?? null;
    if (refused) return reject(refused);
    const mod = url.protocol === 'https:' ? https : http;
    const send = method === 'POST' && check.body !== undefined;
    const req = mod.request(url, {
      method,
      agent: false,
      ...(guard ? { lookup: guard.lookup } : {}),
      headers: {
        'user-agent': 'Pantau-probe/1 (Balikpapan command center)',
        ...check.headers,
        ...(send ? { 'content-length': Buffer.byteLength(check.body ?? '') } : {}),
      },
      // Verification happens in inspectTls so the certificate is recorded even when it is bad.
      ...(url.protocol === 'https:'
        ? {
            rejectUnauthorized: false,
            ...(isIP(url.hostname.replace(/^\[|\]$/g, '')) ? {} : { servername: url.hostname }),
            ...(check.tlsCa ? { ca: check.tlsCa } : {}),
          }
        : {}),
    });
    const timer = setTimeout(
      () => {
        const inDns =
          hop.phase.dns === undefined &&
          hop.phase.connect === undefined &&
          !isIP(url.hostname.replace(/^\[|\]$/g, ''));
        const what =
          hop.phase.firstByte !== undefined
            ? 'complete body'
            : hop.phase.connect !== undefined
              ? 'response'
              : 'connection';
        req.destroy(
          new ProbeError(
            inDns ? 'dns' : 'timeout',
            inDns
              ? `name not resolved within ${check.timeoutMs} ms`
              : `no ${what} within ${check.timeoutMs} ms`,
          ),
        );
      },
      Math.max(1, deadline - performance.now()),
    );
    const done = (err: Error | null) => {
      clearTimeout(timer);
      if (err) reject(err);
      else resolve();
    };
    req.on('socket', (sock) => {
      sock.once('lookup', (e: Error | null, address: string | undefined) => {
        hop.phase.dns = performance.now() - t0;
        if (!e && address) hop.resolvedIp = address;
      });
      sock.once('connect', () => {
        hop.phase.connect = performance.now() - t0;
        hop.resolvedIp ??= sock.remoteAddress ?? null;
      });
      sock.once('secureConnect', () => {
        hop.phase.tls = performance.now() - t0;
        const { info, error } = inspectTls(sock as TLSSocket, check, now);
        hop.tls = info;
        if (error) req.destroy(error);
      });
    });
    req.on('response', (res) => {
      hop.phase.firstByte = performance.now() - t0;
      hop.statusCode = res.statusCode ?? 0;
      hop.location = res.headers.location ?? null;
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < MAX_PROBE_BODY_BYTES) chunks.push(c.subarray(0, MAX_PROBE_BODY_BYTES - size));
        size += c.length;
      });
      res.on('end', () => {
        hop.phase.transfer = performance.now() - t0 - (hop.phase.firstByte ?? 0);
        hop.body = Buffer.concat(chunks).toString('utf8');
        done(null);
      });
      res.on('error', done);
    });
    req.on('error', done);
    req.end(send ? check.body : undefined);
  });
}

/**
 * Runs an HTTP check: follows redirects (recording each), then judges status, body, JSON,
 * certificate and speed. With `opts.guard`, every hop connects only to addresses it allows.
 */
export async function runHttp(
  check: HttpCheck,
  now: Date = new Date(),
  opts: RunOptions = {},
): Promise<Evidence> {
  const ev = baseEvidence('http', check.url, now);
  const t0 = performance.now();
  const deadline = t0 + check.timeoutMs;
  let url = new URL(check.url);
  let method: string = check.method;
  let hop: Hop = { phase: {}, resolvedIp: null, tls: null, statusCode: null, location: null, body: '' };
  const record = () => {
    ev.timings = timings(hop.phase, performance.now() - t0);
    ev.finalUrl = url.href;
    ev.resolvedIp = hop.resolvedIp;
    ev.tls = hop.tls ?? ev.tls;
    ev.statusCode = hop.statusCode;
  };
  try {
    for (;;) {
      hop = { phase: {}, resolvedIp: null, tls: null, statusCode: null, location: null, body: '' };
      await requestOnce(url, method, check, deadline, performance.now(), now, hop, opts.guard);
      if (!check.followRedirects || !REDIRECT_CODES.has(hop.statusCode ?? 0) || !hop.location) break;
      if (ev.redirects.length >= check.maxRedirects) {
        record();
        const c = {
          name: 'redirects',
          ok: false,
          actual: ev.redirects.length + 1,
          expected: `<= ${check.maxRedirects}`,
        };
        ev.conditions = [c];
        return Object.assign(ev, { status: 'down', reason: 'redirect', message: conditionText(c) });
      }
      url = new URL(hop.location, url);
      ev.redirects.push(url.href);
      if (hop.statusCode === 303 || ((hop.statusCode === 301 || hop.statusCode === 302) && method === 'POST'))
        method = 'GET';
    }
  } catch (err) {
    record();
    const c = classifyError(err);
    ev.conditions = [{ name: 'response', ok: false, actual: c.reason, expected: 'a complete HTTP response' }];
    return Object.assign(ev, {
      status: 'down',
      reason: c.reason,
      message: `${url.host}: ${c.message}`.slice(0, 500),
    });
  }
  record();
  const verdict = judgeHttp(check, {
    statusCode: hop.statusCode ?? 0,
    finalUrl: url.href,
    body: hop.body,
    totalMs: ev.timings.total,
    tlsDaysLeft: hop.tls?.daysLeft ?? null,
  });
  return Object.assign(ev, verdict);
}
