import { defineConfig } from 'vitest/config';

/**
 * Tests that measure time against a loaded machine (chaos, check scheduling, login limits): one
 * file at a time, after the rest (tests/vitest.serial.config.ts runs them).
 */
export const SERIAL = [
  'tests/chaos/**/*.test.ts',
  'tests/server/health/scheduler*.test.ts',
  'tests/server/health/canary.test.ts',
  'tests/server/auth/login-limits.test.ts',
];

/** Everything else: three files at a time (each starts its own Redis and servers on free ports; mostly waiting on I/O, so three keep two cores busy: 237 s vs 344 s with two). */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**', ...SERIAL],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 3,
  },
});
