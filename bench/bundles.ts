/**
 * Initial bundle size (gzip) of each screen: for every HTML page of the built client, the JS and CSS
 * it loads before anything runs (its module script, modulepreloads and stylesheets, plus every chunk
 * those scripts import statically), each asset gzipped on its own at level 9, with and without
 * maplibre. No browser, no server: `BENCH_ONLY=bundles npm run bench` or `npx tsx bench/bundles.ts`.
 *
 * The client is read from BENCH_CLIENT_DIR, else PANTAU_CLIENT_DIR (what the server serves), else
 * client/dist — e.g. `npx vite build --config client/vite.config.ts --outDir /tmp/dist-x` and then
 * `BENCH_CLIENT_DIR=/tmp/dist-x BENCH_ONLY=bundles npm run bench`.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const ROOT = path.resolve(import.meta.dirname, '..');
export const DEFAULT_CLIENT_DIR = path.join(ROOT, 'client/dist');
const GZIP_LEVEL = 9;

/** Page file → screen name (index.html is the landing page). */
const SCREEN_OF: Record<string, string> = { 'index.html': 'landing' };

/** The built client to measure (see the module comment). */
export function clientDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(ROOT, env.BENCH_CLIENT_DIR || env.PANTAU_CLIENT_DIR || DEFAULT_CLIENT_DIR);
}

const ASSET_TAG = /<(script|link)\b[^>]*>/gi;

/** Assets an HTML page names up front: module scripts, modulepreloads and stylesheets (site-absolute URLs). */
export function htmlAssets(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(ASSET_TAG)) {
    const tag = m[0];
    const attr = (name: string) => new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`, 'i').exec(tag)?.[1];
    const url =
      m[1]?.toLowerCase() === 'script'
        ? attr('src')
        : ['stylesheet', 'modulepreload'].includes((attr('rel') ?? '').toLowerCase())
          ? attr('href')
          : undefined;
    if (url && url.startsWith('/') && !out.includes(url)) out.push(url);
  }
  return out;
}

// `import … from "./x.js"`, `import "./x.js"`, `export … from "./x.js"` — never `import("./x.js")`.
const STATIC_IMPORT = /(?:\bimport|\bexport)\s*(?:[\w${}\s,*]*?\bfrom\s*)?["']([^"']+\.m?js)["']/g;

/** The relative modules a built chunk imports statically. */
export function staticImports(js: string): string[] {
  return [...js.matchAll(STATIC_IMPORT)].map((m) => m[1] ?? '').filter((s) => s.startsWith('.'));
}

/** Everything a page loads initially: its HTML's assets and, transitively, their static imports. */
export function initialAssets(dist: string, html: string): string[] {
  const seen = new Set<string>();
  const queue = htmlAssets(html);
  while (queue.length) {
    const url = queue.shift() as string;
    if (seen.has(url)) continue;
    seen.add(url);
    if (!/\.m?js$/.test(url)) continue;
    const file = path.join(dist, url);
    if (!existsSync(file)) continue;
    for (const spec of staticImports(readFileSync(file, 'utf8')))
      queue.push(path.posix.join(path.posix.dirname(url), spec));
  }
  return [...seen];
}

export const isMaplibre = (asset: string): boolean => /^(vendor-)?maplibre/i.test(path.basename(asset));

export interface ScreenBundle {
  page: string;
  assets: { path: string; bytes: number; gzipBytes: number }[];
  gzipBytes: number;
  maplibreGzipBytes: number;
  beyondMaplibreGzipBytes: number;
}

/** Initial gzip size of every screen in `dist`, keyed by screen name (landing, wall, console, liaison). */
export function bundleSizes(dist = clientDir()): Record<string, ScreenBundle> {
  const screens: Record<string, ScreenBundle> = {};
  for (const page of readdirSync(dist)
    .filter((f) => f.endsWith('.html'))
    .sort()) {
    const assets = initialAssets(dist, readFileSync(path.join(dist, page), 'utf8'))
      .filter((url) => existsSync(path.join(dist, url)))
      .map((url) => {
        const body = readFileSync(path.join(dist, url));
        return { path: url, bytes: body.length, gzipBytes: gzipSync(body, { level: GZIP_LEVEL }).length };
      });
    const gzipBytes = assets.reduce((s, a) => s + a.gzipBytes, 0);
    const maplibreGzipBytes = assets.filter((a) => isMaplibre(a.path)).reduce((s, a) => s + a.gzipBytes, 0);
    screens[SCREEN_OF[page] ?? page.replace(/\.html$/, '')] = {
      page,
      assets,
      gzipBytes,
      maplibreGzipBytes,
      beyondMaplibreGzipBytes: gzipBytes - maplibreGzipBytes,
    };
  }
  return screens;
}

const kb = (bytes: number): number => +(bytes / 1024).toFixed(1);

/** The bench JSON of `bundleSizes`: KB per screen with and without maplibre, and each asset. */
export function bundleReport(screens: Record<string, ScreenBundle>, dist: string) {
  return {
    clientDir: dist,
    gzipLevel: GZIP_LEVEL,
    note: "Each asset gzipped on its own; initial = the page's script, modulepreloads and stylesheets plus their static imports (dynamic imports and workers excluded).",
    screens: Object.fromEntries(
      Object.entries(screens).map(([name, b]) => [
        name,
        {
          page: b.page,
          gzipKb: kb(b.gzipBytes),
          withoutMaplibreGzipKb: kb(b.beyondMaplibreGzipBytes),
          maplibreGzipKb: kb(b.maplibreGzipBytes),
          beyondMaplibreGzipKb: kb(b.beyondMaplibreGzipBytes),
          assets: b.assets.map((a) => `${a.path} ${kb(a.gzipBytes)} KB`),
        },
      ]),
    ),
  };
}

export type BundleReport = ReturnType<typeof bundleReport> | { skipped: string; clientDir: string };

/** Measures the built client, or says why it could not (no HTML pages there). */
export function benchBundles(dist = clientDir()): BundleReport {
  if (!existsSync(dist) || !readdirSync(dist).some((f) => f.endsWith('.html'))) {
    return {
      skipped: `no built client in ${dist} (npx vite build --config client/vite.config.ts --outDir <dir>, then BENCH_CLIENT_DIR=<dir>)`,
      clientDir: dist,
    };
  }
  return bundleReport(bundleSizes(dist), dist);
}

/** One line per screen for the console. */
export function bundleLines(report: BundleReport): string[] {
  if ('skipped' in report) return [`bundles: skipped (${report.skipped})`];
  return Object.entries(report.screens).map(
    ([name, s]) =>
      `bundle ${name.padEnd(8)} initial ${String(s.gzipKb).padStart(7)} KB gzip with maplibre, ${String(s.withoutMaplibreGzipKb).padStart(7)} KB without (maplibre ${s.maplibreGzipKb} KB)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = benchBundles();
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  writeFileSync(new URL('./results/bundles.json', import.meta.url), JSON.stringify(report, null, 2));
  console.log(JSON.stringify(report, null, 2));
  for (const line of bundleLines(report)) console.log(line);
}
