import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../server/config.js';

const root = new URL('../../', import.meta.url);
interface Service {
  image?: string;
  build?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown> | string[];
  ports?: string[];
  volumes?: string[];
}
const compose = parse(readFileSync(new URL('docker-compose.yml', root), 'utf8')) as { services: Record<string, Service> };

describe('docker-compose.yml', () => {
  it('has Redis with AOF, two app instances and a proxy', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['app-1', 'app-2', 'proxy', 'redis']);
    expect(compose.services.redis?.command).toContain('--appendonly');
    expect(compose.services.redis?.command?.[compose.services.redis.command.indexOf('--appendonly') + 1]).toBe('yes');
    expect(compose.services.proxy?.ports).toContain('8080:80');
  });

  it.each(['app-1', 'app-2'])('%s points at the compose Redis with an env our config accepts', (name) => {
    const env = compose.services[name]?.environment ?? {};
    expect(env.REDIS_URL).toBe('redis://redis:6379');
    expect(env.PANTAU_DEMO).toBe('0');
    // Resolve ${VAR:?..} / ${VAR:-default} the way compose would, with a password supplied.
    const resolved = Object.fromEntries(
      Object.entries(env).map(([k, v]) => [k, v.replace(/\$\{(\w+)(?::[?-]([^}]*))?\}/g, (_m, n: string, d: string) => (n === 'PANTAU_ADMIN_PASSWORD' ? 'compose-admin-pw' : (d ?? '')))]),
    );
    const parsed = parseConfig(resolved);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.config.demo).toBe(false);
      expect(parsed.config.redisUrl).toBe('redis://redis:6379');
    }
    expect(compose.services[name]?.build ?? compose.services['app-1']?.build).toBe('.');
  });

  it('the proxy config routes to both instances and upgrades WebSockets', () => {
    const conf = readFileSync(new URL('deploy/nginx.conf', root), 'utf8');
    expect(conf).toMatch(/server app-1:8080/);
    expect(conf).toMatch(/server app-2:8080/);
    expect(conf).toMatch(/proxy_set_header Upgrade \$http_upgrade/);
    expect(compose.services.proxy?.volumes?.[0]).toContain('./deploy/nginx.conf');
  });
});
