import http from 'node:http';
import https from 'node:https';
import type { HttpCheck } from '../../../shared/schemas/index.js';
import type { NetGuard } from '../netGuard.js';
import { MAX_PROBE_BODY_BYTES } from '../probe.js';
import { ProbeError } from '../probeError.js';

/** How a page is asked for: the views a site may answer differently (cloaking). */
export type View = 'browser' | 'crawler' | 'referer';
export const VIEWS: readonly View[] = ['browser', 'crawler', 'referer'];

const BROWSER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const GOOGLEBOT_UA = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
/** The referer a visitor arriving from a search result sends. */
export const SEARCH_REFERER = 'https://www.google.com/';

/** The request headers of a view. */
export function viewHeaders(view: View): Record<string, string> {
  return {
    'user-agent': view === 'crawler' ? GOOGLEBOT_UA : BROWSER_UA,
    accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.5',
    'accept-language': 'id-ID,id;q=0.9,en;q=0.8',
    ...(view === 'referer' ? { referer: SEARCH_REFERER } : {}),
  };
}

/** One answer, unfollowed. */
export interface Answer {
  status: number;
  location: string | null;
  contentType: string;
  body: string;
}

/** How to fetch: the address guard (always), the deadline, and the check's own headers and TLS trust. */
export interface FetchOptions {
  guard: NetGuard;
  timeoutMs: number;
  check: Pick<HttpCheck, 'headers' | 'tlsCa' | 'tlsInsecureSkipVerify'>;
  signal?: AbortSignal;
}

/**
 * One GET through the address guard: no redirect followed, the body cut at MAX_PROBE_BODY_BYTES,
 * everything over within `timeoutMs`. Rejects on network failure, refusal or time-out.
 */
export function fetchOnce(url: string, view: View, opts: FetchOptions): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const refused = opts.guard.literalRefusal(u.hostname);
    if (refused) return reject(refused);
    const mod = u.protocol === 'https:' ? https : http;
    const req = mod.request(u, {
      method: 'GET',
      agent: false,
      lookup: opts.guard.lookup,
      // The check's own headers (credentials for a protected site), the view's identity over them.
      headers: {
        ...Object.fromEntries(Object.entries(opts.check.headers).map(([k, v]) => [k.toLowerCase(), v])),
        ...viewHeaders(view),
      },
      ...(u.protocol === 'https:'
        ? {
            rejectUnauthorized: !opts.check.tlsInsecureSkipVerify,
            ...(opts.check.tlsCa ? { ca: opts.check.tlsCa } : {}),
          }
        : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
    const timer = setTimeout(
      () => req.destroy(new ProbeError('timeout', `no complete answer within ${opts.timeoutMs} ms`)),
      opts.timeoutMs,
    );
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        if (size < MAX_PROBE_BODY_BYTES) chunks.push(c.subarray(0, MAX_PROBE_BODY_BYTES - size));
        size += c.length;
        // Past the cap the rest is not worth the wait.
        if (size >= MAX_PROBE_BODY_BYTES) res.destroy();
      });
      const done = () => {
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          location: res.headers.location ?? null,
          contentType: String(res.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks).toString('utf8'),
        });
      };
      res.on('end', done);
      res.on('close', done);
      res.on('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.end();
  });
}
