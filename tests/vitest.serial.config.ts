import { defineConfig } from 'vitest/config';
import { SERIAL } from './vitest.config.js';

/** The time-sensitive tests (see tests/vitest.config.ts), one file at a time. */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    include: SERIAL,
    exclude: ['node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
