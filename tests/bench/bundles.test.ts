import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchBundles, bundleSizes, clientDir, htmlAssets, staticImports } from '../../bench/bundles.js';

describe('initial bundle size per screen', () => {
  let dist: string;
  const files: Record<string, string> = {
    'index.html':
      '<script type="module" crossorigin src="/assets/index-a.js"></script><link rel="stylesheet" href="/assets/index-a.css"><link rel="icon" href="/favicon.svg">',
    'wall.html':
      '<script type="module" src="/assets/wall-b.js"></script><link rel="modulepreload" href="/assets/vendor-react-c.js">',
    'assets/index-a.js':
      'import{a as e}from"./vendor-react-c.js";import"./side-d.js";const l=()=>import("./lazy-e.js");' +
      'x'.repeat(2000),
    'assets/index-a.css': 'body{color:red}',
    'assets/wall-b.js': 'import{m}from"./vendor-maplibre-f.js";import{a}from"./vendor-react-c.js";',
    'assets/vendor-react-c.js': 'export const a=1;' + 'r'.repeat(5000),
    'assets/vendor-maplibre-f.js': 'export const m=2;' + Array.from({ length: 3000 }, (_, i) => i).join(','),
    'assets/side-d.js': 'export{};',
    'assets/lazy-e.js': 'export const never=1;' + 'z'.repeat(9000),
  };

  beforeAll(() => {
    dist = mkdtempSync(path.join(tmpdir(), 'pantau-bundles-'));
    mkdirSync(path.join(dist, 'assets'));
    for (const [f, body] of Object.entries(files)) writeFileSync(path.join(dist, f), body);
  });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('reads script, modulepreload and stylesheet tags, not icons', () => {
    expect(htmlAssets(files['index.html'] ?? '')).toEqual(['/assets/index-a.js', '/assets/index-a.css']);
  });

  it('follows static imports but not dynamic ones', () => {
    expect(staticImports(files['assets/index-a.js'] ?? '')).toEqual(['./vendor-react-c.js', './side-d.js']);
  });

  it('sums each screen with and without maplibre; index.html is the landing page', () => {
    const s = bundleSizes(dist);
    expect(Object.keys(s).sort()).toEqual(['landing', 'wall']);
    expect(s.landing?.assets.map((a) => a.path).sort()).toEqual([
      '/assets/index-a.css',
      '/assets/index-a.js',
      '/assets/side-d.js',
      '/assets/vendor-react-c.js',
    ]);
    const gz = (f: string) => gzipSync(Buffer.from(files[f] ?? ''), { level: 9 }).length;
    expect(s.wall?.maplibreGzipBytes).toBe(gz('assets/vendor-maplibre-f.js'));
    expect(s.wall?.gzipBytes).toBe(
      gz('assets/wall-b.js') + gz('assets/vendor-react-c.js') + gz('assets/vendor-maplibre-f.js'),
    );
    expect(s.wall?.beyondMaplibreGzipBytes).toBe(gz('assets/wall-b.js') + gz('assets/vendor-react-c.js'));
    expect(s.landing?.maplibreGzipBytes).toBe(0);
  });

  it('takes the build from BENCH_CLIENT_DIR, then PANTAU_CLIENT_DIR, and says so when there is none', () => {
    expect(clientDir({ BENCH_CLIENT_DIR: dist, PANTAU_CLIENT_DIR: '/nope' })).toBe(dist);
    expect(clientDir({ PANTAU_CLIENT_DIR: dist })).toBe(dist);
    const none = benchBundles(path.join(dist, 'assets'));
    expect('skipped' in none).toBe(true);
    const report = benchBundles(dist);
    expect('screens' in report && report.screens.wall?.withoutMaplibreGzipKb).toBeGreaterThan(0);
  });
});
