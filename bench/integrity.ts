/**
 * Integrity benchmark, part of `npm run bench` (alone: `BENCH_ONLY=integrity`): CPU per
 * integrity-checked page (three views fetched, parsed with htmlparser2, scored, plus the crawl's
 * bookkeeping) beside CPU per plain HTTP check of the same page, both in this process against a
 * local site in its own process (its CPU is nobody's).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { HttpCheckSchema } from '../shared/schemas/index.js';
import { hasIntegrity, inspectSite } from '../server/health/integrity/run.js';
import { loadSignatures } from '../server/health/integrity/signatures.js';
import { createNetGuard } from '../server/health/netGuard.js';
import { runCheck } from '../server/health/probe.js';
import { freePort } from '../tests/helpers/ports.js';

const PLAIN_CHECKS = 400;
const RUNS = 10;
const PAGES = 20;

/** A 20-page agency site of ~40 KB pages (menus, news, footer, a hidden spam block on one page). */
async function startSite(): Promise<{ url: string; proc: ChildProcess }> {
  const port = await freePort();
  const code = `
    const para = 'Dinas Kesehatan Kota Balikpapan membuka layanan vaksinasi gratis di seluruh puskesmas mulai pekan depan; warga diminta membawa kartu identitas. ';
    const page = (n) => '<!doctype html><html><head><title>Dinkes ' + n + '</title><meta name="description" content="Situs resmi"><script src="/app.js"></script></head><body>'
      + '<nav>' + Array.from({ length: ${PAGES} }, (_, i) => '<a href="/p' + i + '">Halaman ' + i + '</a>').join(' ') + '</nav>'
      + Array.from({ length: 60 }, (_, i) => '<article><h2>Berita ' + i + '</h2><p style="color:#333">' + para.repeat(3) + '</p></article>').join('')
      + (n === 7 ? '<div style="display:none"><a href="https://slot-gacor.example/">slot gacor maxwin</a></div>' : '')
      + '<footer><a href="https://balikpapan.go.id/">Portal</a></footer></body></html>';
    require('http').createServer((q, s) => {
      const m = /^\\/p(\\d+)$/.exec(q.url);
      if (q.url === '/' || m) { s.writeHead(200, { 'content-type': 'text/html' }); s.end(page(m ? Number(m[1]) : -1)); }
      else { s.writeHead(404); s.end(); }
    }).listen(${port}, '127.0.0.1', () => process.send && process.send('up'));`;
  const proc = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  await new Promise((r) => proc.once('message', r));
  return { url: `http://127.0.0.1:${port}/`, proc };
}

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

/** Runs the integrity benchmark and returns its JSON section. */
export async function benchIntegrity() {
  const site = await startSite();
  try {
    const plain = HttpCheckSchema.parse({ type: 'http', url: site.url, bodyContains: 'Dinas' });
    await runCheck(plain); // warm-up
    let c0 = process.cpuUsage();
    for (let i = 0; i < PLAIN_CHECKS; i++) await runCheck(plain);
    const plainMs = cpuMs(process.cpuUsage(c0)) / PLAIN_CHECKS;

    const check = HttpCheckSchema.parse({
      type: 'http',
      url: site.url,
      integrity: { maxPages: PAGES + 1, delayMs: 0 },
    });
    if (!hasIntegrity(check)) throw new Error('integrity options lost');
    const deps = { signatures: loadSignatures(), guard: createNetGuard(['127.0.0.0/8']) };
    const inspect = (seed: number) =>
      inspectSite(check, deps, {
        recheck: [],
        seed: String(seed),
        baseline: null,
        takePage: () => Promise.resolve(true),
      });
    await inspect(-1); // warm-up
    let pages = 0;
    let findings = 0;
    c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let r = 0; r < RUNS; r++) {
      const seen = await inspect(r);
      pages += seen.pages.length;
      findings += seen.findings.length;
    }
    const integrityMs = cpuMs(process.cpuUsage(c0)) / pages;
    return {
      pageKb: +(Buffer.byteLength(await (await fetch(site.url)).text()) / 1024).toFixed(1),
      plainCheck: { checks: PLAIN_CHECKS, cpuMsPerPage: +plainMs.toFixed(3) },
      integrity: {
        runs: RUNS,
        pages,
        findingsPerRun: findings / RUNS,
        cpuMsPerPage: +integrityMs.toFixed(3),
        wallMsPerPage: +((performance.now() - t0) / pages).toFixed(2),
      },
      integrityVsPlain: +(integrityMs / plainMs).toFixed(2),
      note: 'an integrity page costs three fetches (browser, Googlebot, search referer) plus parsing and scoring; it runs once an hour per site at most maxPages pages, a plain check every interval',
    };
  } finally {
    site.proc.kill();
  }
}
