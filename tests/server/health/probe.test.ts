import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheck } from '../../../server/health/probe.js';
import {
  CheckSchema,
  EvidenceSchema,
  type CheckInput,
  type Evidence,
} from '../../../shared/schemas/index.js';
import { freePort } from '../../helpers/ports.js';
import { certExpired, certValidFor, startTargets, startTlsTarget, type Targets } from './targets.js';

let t: Targets;
beforeAll(async () => {
  t = await startTargets();
});
afterAll(async () => {
  await t.close();
});

/** Parses the definition like the services file does (defaults applied), runs it and validates the evidence. */
async function probe(input: CheckInput): Promise<Evidence> {
  const check = CheckSchema.parse(input);
  if (check.type === 'push') throw new Error('push checks are not probed');
  const ev = await runCheck(check, new Date());
  return EvidenceSchema.parse(ev);
}

const failed = (ev: Evidence) => ev.conditions.find((c) => !c.ok);

describe('runCheck: http', () => {
  it('reports a healthy page as up with phase timings and the resolved address', async () => {
    const ev = await probe({ type: 'http', url: `${t.base}/`, bodyContains: 'Dinas Kesehatan' });
    expect(ev).toMatchObject({
      status: 'up',
      reason: null,
      statusCode: 200,
      finalUrl: `${t.base}/`,
      resolvedIp: '127.0.0.1',
      redirects: [],
    });
    expect(ev.conditions.every((c) => c.ok)).toBe(true);
    expect(ev.timings.connect).not.toBeNull();
    expect(ev.timings.firstByte).not.toBeNull();
    expect(ev.timings.total).toBeGreaterThanOrEqual(ev.timings.firstByte ?? 0);
  });

  it('calls a slow answer DEGRADED (slow), not down', async () => {
    const ev = await probe({ type: 'http', url: `${t.base}/slow`, degradedAboveMs: 150 });
    expect(ev).toMatchObject({ status: 'degraded', reason: 'slow', statusCode: 200 });
    expect(failed(ev)).toMatchObject({ name: 'response time ms', expected: '<= 150' });
    expect(Number(failed(ev)?.actual)).toBeGreaterThan(150);
  });

  it('calls a 500 DOWN with reason status and the actual code in the condition', async () => {
    const ev = await probe({ type: 'http', url: `${t.base}/500` });
    expect(ev).toMatchObject({
      status: 'down',
      reason: 'status',
      statusCode: 500,
      message: 'status 500, expected 200-299',
    });
    expect(failed(ev)).toEqual({ name: 'status', ok: false, actual: 500, expected: '200-299' });
  });

  it('calls a site that silently redirects to the portal list DOWN (redirect), naming where it ended', async () => {
    const ev = await probe({ type: 'http', url: `${t.base}/old-site`, mustNotEndAt: '/portal/opd' });
    expect(ev).toMatchObject({
      status: 'down',
      reason: 'redirect',
      statusCode: 200,
      finalUrl: `${t.base}/portal/opd`,
    });
    expect(ev.redirects).toEqual([`${t.base}/hop`, `${t.base}/portal/opd`]);
    expect(failed(ev)).toMatchObject({ name: 'final url', actual: `${t.base}/portal/opd` });
  });

  it('stops after maxRedirects (redirect) and does not follow when told not to', async () => {
    const loop = await probe({ type: 'http', url: `${t.base}/loop`, maxRedirects: 3 });
    expect(loop).toMatchObject({ status: 'down', reason: 'redirect' });
    expect(loop.redirects).toHaveLength(3);
    const noFollow = await probe({
      type: 'http',
      url: `${t.base}/old-site`,
      followRedirects: false,
      expectStatus: [302],
    });
    expect(noFollow).toMatchObject({ status: 'up', statusCode: 302, finalUrl: `${t.base}/old-site` });
  });

  it('calls a missing keyword DOWN (body)', async () => {
    const ev = await probe({ type: 'http', url: `${t.base}/`, bodyContains: 'Layanan Online' });
    expect(ev).toMatchObject({ status: 'down', reason: 'body' });
    expect(failed(ev)).toEqual({
      name: 'body contains',
      ok: false,
      actual: 'not found',
      expected: '"Layanan Online"',
    });
    const banned = await probe({
      type: 'http',
      url: `${t.base}/portal/opd`,
      bodyNotContains: 'Daftar Perangkat',
    });
    expect(banned).toMatchObject({ status: 'down', reason: 'body' });
  });

  it('calls a JSON path mismatch DOWN (json) with the actual value', async () => {
    const ev = await probe({
      type: 'http',
      url: `${t.base}/json`,
      jsonPath: '$.status.db',
      jsonEquals: 'ok',
    });
    expect(ev).toMatchObject({ status: 'down', reason: 'json' });
    expect(failed(ev)).toEqual({ name: 'json $.status.db', ok: false, actual: '"down"', expected: '"ok"' });
    const nested = await probe({
      type: 'http',
      url: `${t.base}/json`,
      jsonPath: 'status.items[0].ok',
      jsonEquals: true,
    });
    expect(nested.status).toBe('up');
    const notJson = await probe({ type: 'http', url: `${t.base}/`, jsonPath: 'status' });
    expect(notJson).toMatchObject({ status: 'down', reason: 'json' });
  });

  it('calls a refused connection DOWN (connect)', async () => {
    const port = await freePort();
    const ev = await probe({ type: 'http', url: `http://127.0.0.1:${port}/`, timeoutMs: 5_000 });
    expect(ev).toMatchObject({ status: 'down', reason: 'connect', statusCode: null });
    expect(ev.message).toContain('ECONNREFUSED');
  });

  it('calls a socket that accepts and never answers DOWN (timeout)', async () => {
    const ev = await probe({ type: 'http', url: `http://127.0.0.1:${t.hungPort}/`, timeoutMs: 500 });
    expect(ev).toMatchObject({ status: 'down', reason: 'timeout', statusCode: null });
    expect(ev.timings.connect).not.toBeNull();
    expect(ev.message).toContain('no response within 500 ms');
  });

  it('calls an unresolvable .invalid host DOWN (dns)', async () => {
    const ev = await probe({ type: 'http', url: 'http://pantau-nowhere.invalid/', timeoutMs: 5_000 });
    expect(ev).toMatchObject({ status: 'down', reason: 'dns', resolvedIp: null });
  });
});

describe('runCheck: TLS certificates made by openssl', () => {
  it('calls a trusted certificate with 5 days left DEGRADED (cert_expiring) with daysLeft and issuer', async () => {
    const cert = certValidFor(5);
    const srv = await startTlsTarget(cert);
    try {
      const ev = await probe({ type: 'http', url: srv.url, tlsCa: cert.cert });
      expect(ev).toMatchObject({ status: 'degraded', reason: 'cert_expiring', statusCode: 200 });
      expect(ev.tls).toMatchObject({ authorized: true, issuerCn: '127.0.0.1 Pantau test' });
      expect(ev.tls?.daysLeft).toBeGreaterThanOrEqual(4);
      expect(ev.tls?.daysLeft).toBeLessThanOrEqual(5);
      expect(failed(ev)).toMatchObject({ name: 'certificate days left', expected: '>= 14' });
      expect(ev.timings.tls).not.toBeNull();
      const relaxed = await probe({ type: 'http', url: srv.url, tlsCa: cert.cert, tlsMinDaysLeft: 3 });
      expect(relaxed.status).toBe('up');
    } finally {
      await srv.close();
    }
  });

  it('calls an untrusted self-signed certificate DOWN (tls) unless verification is skipped', async () => {
    const cert = certValidFor(90);
    const srv = await startTlsTarget(cert);
    try {
      const strict = await probe({ type: 'http', url: srv.url });
      expect(strict).toMatchObject({ status: 'down', reason: 'tls', statusCode: null });
      expect(strict.tls?.authorized).toBe(false);
      const skipped = await probe({ type: 'http', url: srv.url, tlsInsecureSkipVerify: true });
      expect(skipped).toMatchObject({ status: 'up', statusCode: 200 });
      expect(skipped.tls?.daysLeft).toBeGreaterThanOrEqual(89);
    } finally {
      await srv.close();
    }
  });

  it('calls an expired certificate DOWN (tls) even when verification is skipped, with negative daysLeft', async () => {
    const cert = certExpired();
    const srv = await startTlsTarget(cert);
    try {
      for (const opts of [{ tlsCa: cert.cert }, { tlsInsecureSkipVerify: true }]) {
        const ev = await probe({ type: 'http', url: srv.url, ...opts });
        expect(ev).toMatchObject({
          status: 'down',
          reason: 'tls',
          statusCode: null,
          message: expect.stringContaining('expired on 2020-02-01') as string,
        });
        expect(ev.tls).toMatchObject({ validTo: '2020-02-01T00:00:00.000Z' });
        expect(ev.tls?.daysLeft).toBeLessThan(-1000);
      }
    } finally {
      await srv.close();
    }
  });
});

describe('runCheck: tcp and dns', () => {
  it('reports an open port up and a closed one DOWN (connect)', async () => {
    const up = await probe({ type: 'tcp', host: '127.0.0.1', port: t.hungPort });
    expect(up).toMatchObject({
      status: 'up',
      reason: null,
      resolvedIp: '127.0.0.1',
      target: `127.0.0.1:${t.hungPort}`,
    });
    const down = await probe({ type: 'tcp', host: '127.0.0.1', port: await freePort() });
    expect(down).toMatchObject({ status: 'down', reason: 'connect' });
  });

  it('resolves localhost and calls an .invalid name or a wrong answer DOWN (dns)', async () => {
    const ok = await probe({ type: 'dns', hostname: 'localhost' });
    expect(ok.status).toBe('up');
    expect(ok.resolvedIp).not.toBeNull();
    const missing = await probe({ type: 'dns', hostname: 'pantau-nowhere.invalid' });
    expect(missing).toMatchObject({ status: 'down', reason: 'dns' });
    const wrong = await probe({ type: 'dns', hostname: 'localhost', expect: ['10.9.8.7'] });
    expect(wrong).toMatchObject({ status: 'down', reason: 'dns' });
    expect(failed(wrong)).toMatchObject({ name: 'addresses', expected: 'includes 10.9.8.7' });
  });
});

describe('check definitions', () => {
  it('applies defaults and rejects bad definitions with their path', () => {
    const c = CheckSchema.parse({ type: 'http', url: 'https://dinkes.balikpapan.go.id' });
    expect(c).toMatchObject({
      method: 'GET',
      intervalSeconds: 60,
      timeoutMs: 10_000,
      followRedirects: true,
      maxRedirects: 5,
      tlsMinDaysLeft: 14,
      tlsInsecureSkipVerify: false,
    });
    const bad = CheckSchema.safeParse({ type: 'http', url: 'ftp://x', bodyRegex: '(' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['bodyRegex', 'url']);
    expect(CheckSchema.safeParse({ type: 'push', periodSeconds: 60 }).data).toMatchObject({
      graceSeconds: 30,
      intervalSeconds: 60,
    });
  });
});
