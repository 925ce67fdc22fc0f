import type { LookupAddress } from 'node:dns';
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../server/config.js';
import { createNetGuard, type NetGuard, type Resolver } from '../../../server/health/netGuard.js';
import { runCheck } from '../../../server/health/probe.js';
import {
  CheckSchema,
  EvidenceSchema,
  type CheckInput,
  type Evidence,
} from '../../../shared/schemas/index.js';

/** A real HTTP server on `host` counting requests; `/hop` redirects to `redirectTo`. */
async function startServer(
  host: string,
  redirectTo = '',
): Promise<{ base: string; port: number; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    if (req.url === '/hop') res.writeHead(302, { location: redirectTo }).end();
    else res.writeHead(200, { 'content-type': 'text/plain' }).end('aman');
  });
  await new Promise<void>((r) => server.listen(0, host, r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    base: `http://${host}:${port}`,
    port,
    hits: () => hits,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

/** A resolver answering every name with `addresses`, counting its calls. */
function fixedResolver(...addresses: string[]): Resolver & { calls: number } {
  const r = Object.assign(
    (_host: string): Promise<LookupAddress[]> => {
      r.calls++;
      return Promise.resolve(addresses.map((address) => ({ address, family: net.isIP(address) })));
    },
    { calls: 0 },
  );
  return r;
}

/** Parses the definition (defaults applied), runs it under `guard` (none: a trusted check) and validates the evidence. */
async function probe(input: CheckInput, guard: NetGuard | undefined): Promise<Evidence> {
  const check = CheckSchema.parse(input);
  if (check.type === 'push') throw new Error('push checks are not probed');
  return EvidenceSchema.parse(await runCheck(check, new Date(), { guard }));
}

describe('the outbound guard judges addresses', () => {
  const guard = createNetGuard([]);

  it.each([
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['fe80::1', 'link-local'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['fc00::1', 'private (unique local)'],
    ['fd12:3456::1', 'private (unique local)'],
    ['192.0.2.10', 'reserved'],
    ['240.0.0.1', 'reserved'],
    ['2001:db8::1', 'reserved'],
    ['::7f00:1', 'reserved'],
  ])('refuses %s (%s)', (address, why) => {
    expect(guard.refusal(address)).toBe(why);
  });

  it.each([
    '93.184.216.34',
    '8.8.8.8',
    '172.32.0.1',
    '100.128.0.1',
    '2606:2800:220:1:248:1893:25c8:1946',
    '::ffff:93.184.216.34',
  ])('allows the public address %s', (address) => {
    expect(guard.refusal(address)).toBeNull();
  });

  it('allows addresses inside PANTAU_CHECK_ALLOWED_NETWORKS, and only those', () => {
    const intranet = createNetGuard(['10.20.0.0/16', 'fd00::/8', '127.0.0.1/32']);
    expect(intranet.refusal('10.20.3.4')).toBeNull();
    expect(intranet.refusal('::ffff:10.20.3.4')).toBeNull();
    expect(intranet.refusal('fd00::5')).toBeNull();
    expect(intranet.refusal('127.0.0.1')).toBeNull();
    expect(intranet.refusal('10.21.0.1')).toBe('private');
    expect(intranet.refusal('127.0.0.2')).toBe('loopback');
    expect(intranet.refusal('fc00::1')).toBe('private (unique local)');
    expect(intranet.refusal('169.254.169.254')).toBe('link-local');
  });

  it('refuses saved targets that are addresses or localhost, and leaves other names to connect time', () => {
    expect(guard.targetRefusal('169.254.169.254')).toMatch(
      /169\.254\.169\.254 is not an allowed target \(link-local address\)/,
    );
    expect(guard.targetRefusal('[::ffff:127.0.0.1]')).toMatch(/loopback/);
    expect(guard.targetRefusal('2130706433')).toMatch(/loopback/);
    expect(guard.targetRefusal('LocalHost.')).toMatch(/loopback/);
    expect(guard.targetRefusal('api.localhost')).toMatch(/loopback/);
    expect(guard.targetRefusal('dinkes.balikpapan.go.id')).toBeNull();
    expect(guard.targetRefusal('93.184.216.34')).toBeNull();
    expect(createNetGuard(['127.0.0.0/8']).targetRefusal('localhost')).toBeNull();
  });

  it('reads PANTAU_CHECK_ALLOWED_NETWORKS as a list of CIDRs and names a bad entry', () => {
    const ok = parseConfig({ PANTAU_CHECK_ALLOWED_NETWORKS: '10.20.0.0/16, fd00::/8' });
    expect(ok.ok && ok.config.checkAllowedNetworks).toEqual(['10.20.0.0/16', 'fd00::/8']);
    const unset = parseConfig({});
    expect(unset.ok && unset.config.checkAllowedNetworks).toEqual([]);
    for (const bad of ['10.20.0.0/16,intranet', '10.20.0.1', '10.0.0.0/33']) {
      const r = parseConfig({ PANTAU_CHECK_ALLOWED_NETWORKS: bad });
      expect(r.ok).toBe(false);
      expect(!r.ok && r.problems.join('\n')).toMatch(/PANTAU_CHECK_ALLOWED_NETWORKS.*not a CIDR range/);
    }
  });
});

describe('guarded checks connect only to checked addresses', () => {
  let one: Awaited<ReturnType<typeof startServer>>;
  let two: Awaited<ReturnType<typeof startServer>>;
  beforeAll(async () => {
    // 127.0.0.2 is loopback too on Linux: a second, disallowed local address.
    two = await startServer('127.0.0.2');
    one = await startServer('127.0.0.1', `${two.base}/secret`);
  });
  afterAll(async () => {
    await Promise.all([one?.close(), two?.close()]);
  });

  it('refuses a name resolving to loopback at connect time, without a request, and checks it once', async () => {
    const before = one.hits();
    const resolve = fixedResolver('127.0.0.1');
    const ev = await probe(
      { type: 'http', url: `http://intranet.test:${one.port}/` },
      createNetGuard([], { resolve }),
    );
    expect(ev).toMatchObject({ status: 'down', reason: 'connect', statusCode: null });
    expect(ev.message).toBe(`intranet.test:${one.port}: address 127.0.0.1 is not allowed (loopback)`);
    expect(one.hits()).toBe(before);
    expect(resolve.calls).toBe(1);
  });

  it('connects to the checked address when the allowed networks cover it', async () => {
    const before = one.hits();
    const resolve = fixedResolver('127.0.0.1');
    const ev = await probe(
      { type: 'http', url: `http://intranet.test:${one.port}/` },
      createNetGuard(['127.0.0.0/8'], { resolve }),
    );
    expect(ev).toMatchObject({ status: 'up', statusCode: 200, resolvedIp: '127.0.0.1' });
    expect(one.hits()).toBe(before + 1);
    expect(resolve.calls).toBe(1);
  });

  it('refuses a name when any of its answers is refused', async () => {
    const before = one.hits();
    const ev = await probe(
      { type: 'http', url: `http://intranet.test:${one.port}/` },
      createNetGuard(['127.0.0.1/32'], { resolve: fixedResolver('127.0.0.1', '10.0.0.7') }),
    );
    expect(ev).toMatchObject({ status: 'down', reason: 'connect' });
    expect(ev.message).toMatch(/address 10\.0\.0\.7 is not allowed \(private\)/);
    expect(one.hits()).toBe(before);
  });

  it('refuses localhost through the system resolver, and literal addresses in the URL', async () => {
    const guard = createNetGuard([]);
    const before = one.hits();
    for (const url of [
      `http://localhost:${one.port}/`,
      `${one.base}/`,
      `http://[::ffff:127.0.0.1]:${one.port}/`,
      `http://2130706433:${one.port}/`,
    ]) {
      const ev = await probe({ type: 'http', url }, guard);
      expect(ev, url).toMatchObject({ status: 'down', reason: 'connect' });
      expect(ev.message, url).toMatch(/is not allowed \(loopback\)/);
    }
    expect(one.hits()).toBe(before);
  });

  it('judges every redirect hop: a hop to a disallowed address is DOWN and never requested', async () => {
    const [beforeOne, beforeTwo] = [one.hits(), two.hits()];
    const ev = await probe({ type: 'http', url: `${one.base}/hop` }, createNetGuard(['127.0.0.1/32']));
    expect(ev).toMatchObject({ status: 'down', reason: 'connect', redirects: [`${two.base}/secret`] });
    expect(ev.message).toMatch(/127\.0\.0\.2.*is not allowed \(loopback\)/);
    expect(one.hits()).toBe(beforeOne + 1);
    expect(two.hits()).toBe(beforeTwo);
    // The same redirect, unguarded (the operator's own check), is followed.
    const trusted = await probe({ type: 'http', url: `${one.base}/hop` }, undefined);
    expect(trusted).toMatchObject({ status: 'up', finalUrl: `${two.base}/secret` });
    expect(two.hits()).toBe(beforeTwo + 1);
  });

  it('keeps tcp checks off refused addresses, by name or by literal, without opening a connection', async () => {
    let accepted = 0;
    const listener = net.createServer((s) => {
      accepted++;
      s.destroy();
    });
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    const port = (listener.address() as net.AddressInfo).port;
    try {
      const byName = await probe(
        { type: 'tcp', host: 'db.intranet.test', port },
        createNetGuard([], { resolve: fixedResolver('127.0.0.1') }),
      );
      expect(byName).toMatchObject({
        status: 'down',
        reason: 'connect',
        message: `db.intranet.test:${port}: address 127.0.0.1 is not allowed (loopback)`,
      });
      const literal = await probe({ type: 'tcp', host: '127.0.0.1', port }, createNetGuard([]));
      expect(literal).toMatchObject({
        status: 'down',
        reason: 'connect',
        message: `127.0.0.1:${port}: address 127.0.0.1 is not allowed (loopback)`,
      });
      expect(accepted).toBe(0);
      const allowed = await probe(
        { type: 'tcp', host: 'db.intranet.test', port },
        createNetGuard(['127.0.0.1/32'], { resolve: fixedResolver('127.0.0.1') }),
      );
      expect(allowed).toMatchObject({ status: 'up', resolvedIp: '127.0.0.1' });
      await new Promise((r) => setTimeout(r, 50));
      expect(accepted).toBe(1);
    } finally {
      await new Promise((r) => listener.close(r));
    }
  });

  it('calls a dns check DOWN (connect) when the name resolves to a refused address', async () => {
    const ev = await probe(
      { type: 'dns', hostname: 'vault.intranet.test' },
      createNetGuard([], { resolve: fixedResolver('192.168.10.5') }),
    );
    expect(ev).toMatchObject({
      status: 'down',
      reason: 'connect',
      message: 'vault.intranet.test: address 192.168.10.5 is not allowed (private)',
    });
    const allowed = await probe(
      { type: 'dns', hostname: 'vault.intranet.test' },
      createNetGuard(['192.168.10.0/24'], { resolve: fixedResolver('192.168.10.5') }),
    );
    expect(allowed).toMatchObject({ status: 'up', resolvedIp: '192.168.10.5' });
  });

  it('hands node only addresses of the family it asks for', async () => {
    const guard = createNetGuard(['127.0.0.0/8', '::1/128'], { resolve: fixedResolver('::1', '127.0.0.1') });
    const one4 = await new Promise<[string, number | undefined]>((resolve, reject) =>
      guard.lookup('x.test', { family: 4 }, (err, address, family) =>
        err ? reject(err) : resolve([address as string, family]),
      ),
    );
    expect(one4).toEqual(['127.0.0.1', 4]);
    const all = await new Promise<LookupAddress[]>((resolve, reject) =>
      guard.lookup('x.test', { all: true }, (err, address) =>
        err ? reject(err) : resolve(address as LookupAddress[]),
      ),
    );
    expect(all.map((a) => a.address)).toEqual(['::1', '127.0.0.1']);
  });
});
