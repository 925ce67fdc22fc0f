import { promises as dnsp, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { ProbeError } from './probeError.js';

/** Resolves a name to all of its addresses; the system resolver unless a test injects one. */
export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

/**
 * The outbound guard for checks that came through the API: they may reach only global unicast
 * addresses, plus the networks in `PANTAU_CHECK_ALLOWED_NETWORKS`. Judged on the address actually
 * connected to (names are resolved once, in `lookup`), so DNS rebinding and redirects cannot
 * route around it.
 */
export interface NetGuard {
  /** Why `address` (an IP address) may not be contacted, e.g. `loopback`; null when it may. */
  refusal(address: string): string | null;
  /**
   * For saving a check: why a target given as an address, or as `localhost`, is refused; null for
   * allowed addresses and for other names (those are judged when connecting).
   */
  targetRefusal(host: string): string | null;
  /** The error to fail with when `host` is an IP literal (connected to without a lookup) that is refused. */
  literalRefusal(host: string): ProbeError | null;
  /** A `lookup` for http/https/net: resolves once, refuses when any answer is refused, hands on only checked addresses. */
  lookup: LookupFunction;
  /** Resolves `hostname` once; rejects with a `connect` probe error when any answer is refused. */
  resolve(hostname: string): Promise<LookupAddress[]>;
}

/** IANA's global unicast block: IPv6 outside it (IPv4-compatible `::a.b.c.d` and the like) is refused. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');

const RANGE_WORDS: Record<string, string> = {
  loopback: 'loopback',
  private: 'private',
  uniqueLocal: 'private (unique local)',
  linkLocal: 'link-local',
  carrierGradeNat: 'carrier-grade NAT',
  multicast: 'multicast',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  reserved: 'reserved',
};

/** Whether `s` is a CIDR range (`10.20.0.0/16`, `fd00::/8`), as `PANTAU_CHECK_ALLOWED_NETWORKS` takes them. */
export function isCidr(s: string): boolean {
  return ipaddr.IPv4.isValidCIDRFourPartDecimal(s) || ipaddr.IPv6.isValidCIDR(s);
}

const stripBrackets = (host: string) => host.replace(/^\[|\]$/g, '');

/** Builds the guard; `allowedNetworks` are CIDRs (validated by the config), `resolve` is for tests. */
export function createNetGuard(
  allowedNetworks: readonly string[],
  opts: { resolve?: Resolver } = {},
): NetGuard {
  const allowed = allowedNetworks.map((c) => ipaddr.parseCIDR(c));
  const systemResolve: Resolver = (hostname) => dnsp.lookup(hostname, { all: true, verbatim: true });
  const resolveAll = opts.resolve ?? systemResolve;

  const refusal = (address: string): string | null => {
    let a: ipaddr.IPv4 | ipaddr.IPv6;
    try {
      // `process` turns an IPv4-mapped address (::ffff:127.0.0.1) into the IPv4 one it reaches.
      a = ipaddr.process(stripBrackets(address));
    } catch {
      return 'not an IP address';
    }
    if (allowed.some(([net, bits]) => net.kind() === a.kind() && a.match(net, bits))) return null;
    const range = a.range();
    if (range !== 'unicast') return RANGE_WORDS[range] ?? `reserved (${range})`;
    if (a.kind() === 'ipv6' && !a.match(GLOBAL_UNICAST_V6)) return 'reserved';
    return null;
  };
  const refusedError = (address: string, why: string) =>
    new ProbeError('connect', `address ${address} is not allowed (${why})`);

  const resolve = async (hostname: string): Promise<LookupAddress[]> => {
    const answers = await resolveAll(hostname);
    for (const a of answers) {
      const why = refusal(a.address);
      if (why) throw refusedError(a.address, why);
    }
    return answers;
  };

  const lookup: LookupFunction = (hostname, options, callback) => {
    const family =
      options.family === 'IPv4' ? 4 : options.family === 'IPv6' ? 6 : Number(options.family ?? 0);
    resolve(hostname).then(
      (answers) => {
        const usable = family === 4 || family === 6 ? answers.filter((a) => a.family === family) : answers;
        const first = usable[0];
        if (!first)
          return callback(
            Object.assign(new Error(`no IPv${family} address for ${hostname}`), { code: 'ENOTFOUND' }),
            '',
            0,
          );
        if (options.all) callback(null, usable);
        else callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, '', 0),
    );
  };

  return {
    refusal,
    lookup,
    resolve,
    targetRefusal(host) {
      const h = stripBrackets(host).toLowerCase().replace(/\.$/, '');
      // Names that are loopback by definition (RFC 6761) are judged as 127.0.0.1 before anything resolves them.
      const address =
        h === 'localhost' || h.endsWith('.localhost') ? '127.0.0.1' : ipaddr.isValid(h) ? h : null;
      const why = address === null ? null : refusal(address);
      return (
        why &&
        `${host} is not an allowed target (${why} address); set PANTAU_CHECK_ALLOWED_NETWORKS to allow it`
      );
    },
    literalRefusal(host) {
      const h = stripBrackets(host);
      const why = isIP(h) ? refusal(h) : null;
      return why ? refusedError(h, why) : null;
    },
  };
}
