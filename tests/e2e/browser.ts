/** Debian's Chromium through playwright-core, with the headless flags MapLibre needs (SwiftShader WebGL). */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--use-angle=swiftshader',
  '--disable-quic',
];

const ROOT = path.resolve(import.meta.dirname, '../..');

/**
 * Whether Chromium is installed. Under CI=true its absence fails the run; on a developer's machine
 * the browser tests are skipped with a loud message.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI === 'true') throw new Error(`${CHROMIUM_PATH} is required under CI=true (apt-get install chromium)`);
  console.warn(`\n!!! ${CHROMIUM_PATH} not found: browser e2e tests are SKIPPED (apt-get install chromium) !!!\n`);
  return false;
}

/**
 * Launches headless Chromium. `gpuProcess` keeps WebGL and compositing in the GPU process (still
 * SwiftShader on the CPU) instead of software compositing, which reads every WebGL frame back on
 * the page's main thread: closer to a wall PC with a GPU, for the benchmark's main-thread readings.
 */
export function launchChromium(opts: { gpuProcess?: boolean } = {}): Promise<Browser> {
  const args = opts.gpuProcess ? CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu') : CHROMIUM_ARGS;
  return chromium.launch({ executablePath: CHROMIUM_PATH, args, headless: true });
}

/** Builds client/dist when it is missing (`npm run test:e2e` always builds first). */
export function ensureClientBuilt(): void {
  if (existsSync(path.join(ROOT, 'client/dist/wall.html'))) return;
  const r = spawnSync('npx', ['vite', 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (r.status !== 0) throw new Error('client build failed');
}
