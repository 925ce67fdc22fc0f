import { defineConfig } from 'vitest/config';

/**
 * End-to-end: the real server, a real Redis and Debian's Chromium per file, two files at a time (each
 * file starts its own Redis and server on free ports; two at once halve the run on two cores).
 */
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/e2e/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
