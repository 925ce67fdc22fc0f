/**
 * Sessions never used again (a closed browser) do not pile up: the retention pass deletes those
 * past their absolute expiry, and revoking a user's sessions reads that user's index, not every
 * session stored.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { revokeUserSessions } from '../../../server/auth/sessions.js';
import { loadCatalog } from '../../../server/catalog/catalog.js';
import { parseConfig } from '../../../server/config.js';
import type { Ctx } from '../../../server/context.js';
import { createLogger } from '../../../server/logger.js';
import { runRetention } from '../../../server/ops/retention.js';
import { Archive } from '../../../server/store/archive.js';
import { putDoc } from '../../../server/store/docs.js';
import { createStore } from '../../../server/store/index.js';
import { startRedis } from '../../helpers/redis.js';
import { describeOnStores } from '../../helpers/stores.js';

const HOUR = 3_600_000;

describeOnStores('sessions', ({ redis: useRedis }) => {
  it("purges expired sessions and revokes one user's sessions by index", async () => {
    const redis = useRedis ? await startRedis() : null;
    const dir = mkdtempSync(path.join(tmpdir(), 'pantau-sessions-'));
    const parsed = parseConfig({
      ...(redis ? { REDIS_URL: redis.url } : {}),
      PANTAU_SESSION_MAX_HOURS: '12',
    });
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const log = createLogger('silent');
    const now = Date.now();
    const ctx: Ctx = {
      store: createStore(parsed.config.redis, log),
      catalog: loadCatalog(),
      log,
      config: parsed.config,
      now: () => new Date(now),
    };
    try {
      await ctx.store.waitReady(5_000);
      const session = (id: string, userId: string, ageHours: number) => {
        const at = new Date(now - ageHours * HOUR).toISOString();
        return putDoc(
          'sessions',
          id,
          { id, userId, csrfToken: 'x', createdAt: at, lastSeenAt: at, ip: null, version: 1 },
          'absent',
        );
      };
      await ctx.store.commit({
        puts: [
          session('old-1', 'u1', 30),
          session('old-2', 'u2', 13),
          session('new-1', 'u1', 1),
          session('new-2', 'u2', 2),
          session('new-3', 'u1', 11),
        ],
      });
      await runRetention(ctx, new Archive(dir));
      const left = await ctx.store.getMany('sessions', ['old-1', 'old-2', 'new-1', 'new-2', 'new-3']);
      expect(left.map((j) => j !== null)).toEqual([false, false, true, true, true]);
      expect((await revokeUserSessions(ctx, 'u1')).sort()).toEqual(['new-1', 'new-3']);
      expect(await ctx.store.get('sessions', 'new-2')).not.toBeNull();
      expect(await ctx.store.get('sessions', 'new-1')).toBeNull();
    } finally {
      await ctx.store.close();
      await redis?.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
