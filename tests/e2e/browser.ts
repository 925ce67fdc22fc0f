/** Debian's Chromium through playwright-core, with the headless flags MapLibre needs (SwiftShader WebGL). */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

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
  if (process.env.CI === 'true')
    throw new Error(`${CHROMIUM_PATH} is required under CI=true (apt-get install chromium)`);
  console.warn(
    `\n!!! ${CHROMIUM_PATH} not found: browser e2e tests are SKIPPED (apt-get install chromium) !!!\n`,
  );
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

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

declare global {
  interface Window {
    axe?: { run: (ctx: Document, opts: unknown) => Promise<{ violations: AxeViolation[] }> };
  }
}

/**
 * Serious and critical axe-core findings on the page as it is now. Injecting axe bypasses the
 * page's CSP (the only place a test does), once per document.
 */
export async function axeProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => !!window.axe))) await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    if (!window.axe) throw new Error('axe-core not injected');
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} @ ${v.nodes.slice(0, 3).join(' ')}`);
}

/** Signs in through the page's login form and waits until the form is gone. */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.fill('#login-username', username);
  await page.fill('#login-password', password);
  await page.click('[data-testid="login-form"] button[type="submit"]');
  await page.waitForSelector('[data-testid="login-form"]', { state: 'detached', timeout: 15_000 });
}
