import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../server/config.js';

const root = new URL('../../', import.meta.url);
interface Service {
  image?: string;
  build?: string;
  command?: string[];
  entrypoint?: string[];
  profiles?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown> | string[];
  ports?: string[];
  volumes?: string[];
}
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
/** The services compose starts with the given profiles on. */
const started = (profiles: string[]) =>
  Object.keys(services)
    .filter((n) => !services[n]?.profiles || services[n].profiles.some((p) => profiles.includes(p)))
    .sort();

/** KEY=VALUE lines of an env file (comments and blanks skipped). */
function envFile(rel: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(new URL(rel, root), 'utf8').split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1] ?? ''] = m[2] ?? '';
  }
  return out;
}

/** Resolves `${VAR}`, `${VAR-default}`, `${VAR:-default}` and `${VAR:?msg}` the way compose does. */
function resolve(env: Record<string, string>, vars: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      v.replace(
        /\$\{(\w+)(?:(:?[-?])([^}]*))?\}/g,
        (_m, n: string, op: string | undefined, d: string | undefined) => {
          const set = n in vars;
          const value = vars[n];
          if (op === ':?') {
            if (!value) throw new Error(`${n} must be set: ${d ?? ''}`);
            return value;
          }
          if (op === ':-') return value ? value : (d ?? '');
          if (op === '-') return set ? (value ?? '') : (d ?? '');
          return value ?? '';
        },
      ),
    ]),
  );
}

describe('docker-compose.yml', () => {
  it('by default: Redis with AOF, two app instances and a TLS proxy with its certificate', () => {
    expect(started([])).toEqual(['app-1', 'app-2', 'certs', 'proxy', 'redis']);
    expect(services.redis?.command).toContain('--appendonly');
    expect(services.redis?.command?.[services.redis.command.indexOf('--appendonly') + 1]).toBe('yes');
    expect(services.proxy?.ports).toEqual(['8443:443', '8080:80']);
    expect(services.proxy?.volumes).toContain('./deploy/certs:/etc/nginx/certs:ro');
    expect(services.certs?.volumes).toContain('./deploy/certs:/certs');
    // The self-signed pair only when the operator supplied none.
    expect(services.certs?.command?.[0]).toMatch(
      /\[ -s \/certs\/tls\.crt \] && \[ -s \/certs\/tls\.key \] \|\| openssl req -x509/,
    );
  });

  it.each(['app-1', 'app-2'])('%s points at the compose Redis with an env our config accepts', (name) => {
    const env = resolve(services[name]?.environment ?? {}, { PANTAU_ADMIN_PASSWORD: 'compose-admin-pw' });
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    expect(env.PANTAU_DEMO).toBe('0');
    expect(env.PANTAU_INSTANCE_ID).toBe(name);
    const parsed = parseConfig(env);
    expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
    if (parsed.ok) {
      expect(parsed.config.demo).toBe(false);
      expect(parsed.config.redis).toEqual({ url: 'redis://redis:6379' });
      expect(parsed.config.redisMinReplicas).toBe(0);
      expect(parsed.config.retentionDays).toBe(90);
      expect(parsed.config.auditRetentionDays).toBe(730);
      expect(parsed.config.archiveDir).toBe('/var/lib/pantau/archive');
    }
    // Both instances archive into one shared volume (the retention pass is leased: one writes at a time).
    expect(services[name]?.volumes).toContain('archive:/var/lib/pantau/archive');
    expect(compose.volumes).toHaveProperty('archive');
    expect(services[name]?.build).toBe('.');
  });

  it('profile ha: a primary, a replica of it, and three Sentinels with a majority quorum', () => {
    const ha = envFile('deploy/ha.env');
    expect(ha.COMPOSE_PROFILES).toBe('ha');
    expect(started(['ha'])).toEqual([
      'app-1',
      'app-2',
      'certs',
      'proxy',
      'redis',
      'redis-primary',
      'redis-replica',
      'sentinel-1',
      'sentinel-2',
      'sentinel-3',
    ]);
    const replica = services['redis-replica']?.command ?? [];
    expect(replica.slice(replica.indexOf('--replicaof'), replica.indexOf('--replicaof') + 3)).toEqual([
      '--replicaof',
      'redis-primary',
      '6379',
    ]);
    for (const node of ['redis-primary', 'redis-replica'])
      expect(services[node]?.command?.[(services[node]?.command?.indexOf('--appendonly') ?? 0) + 1]).toBe(
        'yes',
      );
    const script = readFileSync(new URL('deploy/sentinel-entrypoint.sh', root), 'utf8');
    expect(script).toMatch(
      /sentinel monitor \$\{SENTINEL_MASTER:-mymaster\} redis-primary 6379 \$\{SENTINEL_QUORUM:-2\}/,
    );
    for (const s of ['sentinel-1', 'sentinel-2', 'sentinel-3']) {
      expect(services[s]?.entrypoint).toEqual(['sh', '/deploy/sentinel-entrypoint.sh']);
      expect(services[s]?.volumes).toContain(
        './deploy/sentinel-entrypoint.sh:/deploy/sentinel-entrypoint.sh:ro',
      );
      expect(services[s]?.environment?.SENTINEL_QUORUM).toBe('2');
    }
  });

  it.each(['app-1', 'app-2'])(
    'with deploy/ha.env, %s follows the three Sentinels and waits for the replica',
    (name) => {
      const env = resolve(services[name]?.environment ?? {}, {
        ...envFile('deploy/ha.env'),
        PANTAU_ADMIN_PASSWORD: 'compose-admin-pw',
      });
      const parsed = parseConfig(env);
      expect(parsed.ok, JSON.stringify(parsed)).toBe(true);
      if (parsed.ok) {
        expect(parsed.config.redis).toEqual({
          sentinels: ['sentinel-1', 'sentinel-2', 'sentinel-3'].map((host) => ({ host, port: 26379 })),
          name: 'mymaster',
          password: undefined,
        });
        expect(parsed.config.redisMinReplicas).toBe(1);
        expect(parsed.config.redisWaitMs).toBe(1000);
      }
    },
  );

  it('the proxy terminates TLS, redirects plain HTTP, routes to both instances and upgrades WebSockets', () => {
    const conf = readFileSync(new URL('deploy/nginx.conf', root), 'utf8');
    expect(conf).toMatch(/server app-1:8080/);
    expect(conf).toMatch(/server app-2:8080/);
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade/);
    expect(conf).toMatch(/listen 443 ssl;/);
    expect(conf).toMatch(/ssl_certificate \/etc\/nginx\/certs\/tls\.crt;/);
    expect(conf).toMatch(/listen 80;\s+return 301 https:\/\/\$host\$request_uri;/);
    // One hop, as the instances trust: the proxy replaces X-Forwarded-For and says https.
    expect(conf).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
    expect(conf).toMatch(/proxy_set_header X-Forwarded-Proto https;/);
    expect(services['app-1']?.environment?.PANTAU_TRUST_PROXY).toBe('1');
    expect(services.proxy?.volumes?.[0]).toContain('./deploy/nginx.conf');
  });

  it('names every volume it mounts', () => {
    const named = Object.values(services)
      .flatMap((s) => (s.volumes ?? []).map((v) => v.split(':')[0] ?? ''))
      .filter((v) => !v.startsWith('.'));
    for (const v of named) expect(Object.keys(compose.volumes)).toContain(v);
  });
});
