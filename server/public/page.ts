import { createHash } from 'node:crypto';
import type { PublicNotice, PublicService, PublicStatus } from '../../shared/schemas/index.js';
import { esc, percent, TEXT, witaTime, type Lang } from './text.js';

/** The page's only style sheet, inline; allowed by its hash in the page's own CSP (no script at all). */
const CSS = `
*{box-sizing:border-box}body{margin:0;font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b2430;background:#f4f6f8}
main{max-width:46rem;margin:0 auto;padding:1rem}h1{font-size:1.35rem;margin:.2rem 0 .4rem}h2{font-size:1.1rem;margin:1.4rem 0 .5rem}
h3{font-size:.95rem;margin:0 0 .4rem;color:#4a5563}p{margin:.3rem 0}a{color:#0b5cad}
.top{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;font-size:.9rem}
.banner{border-radius:.5rem;padding:.8rem 1rem;margin:.8rem 0;color:#fff;font-weight:600}
.b-up{background:#1e7b45}.b-degraded{background:#a35c00}.b-down{background:#b3261e}.b-maintenance{background:#2457a6}.b-unknown{background:#5b6470}
.city{background:#fff;border-radius:.5rem;padding:.8rem 1rem;border:1px solid #dde2e7;margin:.6rem 0}.city strong{font-size:1.6rem;display:block}.muted{color:#5b6470;font-size:.85rem}
section.agency{background:#fff;border:1px solid #dde2e7;border-radius:.5rem;padding:.7rem .9rem;margin:.6rem 0}
.svc{padding:.45rem 0;border-top:1px solid #eef1f4}.svc:first-of-type{border-top:0}
.row{display:flex;justify-content:space-between;align-items:center;gap:.5rem}.name{font-weight:600;overflow-wrap:anywhere}
.chip{font-size:.8rem;font-weight:700;padding:.1rem .5rem;border-radius:1rem;white-space:nowrap}
.s-up{background:#dff3e6;color:#145a32}.s-degraded{background:#fdebd0;color:#7a4400}.s-down{background:#fbe0de;color:#8c1d18}.s-maintenance{background:#dde8f8;color:#1d4680}.s-unknown{background:#e8eaed;color:#3c4450}
.bar{display:flex;gap:1px;height:1.4rem;margin:.35rem 0 .15rem}.bar i{flex:1;border-radius:1px;background:#d5d9de}
.bar .a{background:#2e9d5b}.bar .b{background:#9ccf5a}.bar .c{background:#e8a33d}.bar .d{background:#d64541}.bar .m{background:#4b7bd0}
.notice{background:#fff;border:1px solid #dde2e7;border-left:.3rem solid #2457a6;border-radius:.5rem;padding:.7rem .9rem;margin:.6rem 0}
.notice.k-announcement{border-left-color:#a35c00}.notice.past{opacity:.8;border-left-color:#8a929c}.notice h3{color:#1b2430;font-size:1rem}
.notice ul{margin:.4rem 0 0;padding-left:1.1rem;font-size:.9rem}.body{white-space:pre-wrap}
footer{margin:2rem 0 1rem;font-size:.85rem;color:#5b6470}
`
  .replace(/\n/g, '')
  .trim();

/** The page's Content-Security-Policy: nothing runs, the inline sheet by its hash. */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(CSS).digest('base64')}'`,
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** A day's bar class: a green, yellow-green, amber or red by uptime; blue for maintenance; grey with no data. */
function dayClass(uptime: number | null, maintenance: boolean): string {
  if (uptime === null) return maintenance ? 'm' : '';
  if (uptime >= 0.999) return 'a';
  if (uptime >= 0.99) return 'b';
  if (uptime >= 0.95) return 'c';
  return 'd';
}

function service(s: PublicService, lang: Lang): string {
  const t = TEXT[lang];
  const maint = new Set(s.days.maintenance);
  const bars = s.days.uptime
    .map((u, i) => {
      const c = dayClass(u, maint.has(i));
      return c ? `<i class=${c}></i>` : '<i></i>';
    })
    .join('');
  const up = s.uptime90d === null ? t.noUptime : t.uptime(percent(s.uptime90d, lang));
  // How long a service has been out is what a resident waiting for it wants to know.
  const since = s.state !== 'up' && s.since ? ` · ${t.since} ${witaTime(s.since, lang)}` : '';
  return `<div class=svc id="svc-${esc(s.id)}"><div class=row><span class=name>${esc(s.name)}</span><span class="chip s-${s.state}">${t.state[s.state]}</span></div><div class=bar role=img aria-label="${esc(up)}">${bars}</div><div class="row muted"><span>${t[s.kind]}${since}</span><span>${esc(up)}</span></div></div>`;
}

function notice(n: PublicNotice, lang: Lang, names: Map<string, string>): string {
  const t = TEXT[lang];
  const when = `${t.from} ${witaTime(n.startsAt, lang)}${n.endsAt ? ` ${t.until} ${witaTime(n.endsAt, lang)}` : ''}`;
  const affected = n.serviceIds.length
    ? `<p class=muted>${t.affects}: ${n.serviceIds.map((id) => esc(names.get(id) ?? id)).join(', ')}</p>`
    : '';
  const updates = n.updates.length
    ? `<ul>${[...n.updates]
        .reverse()
        .map((u) => `<li><span class=muted>${witaTime(u.at, lang)}</span> — ${esc(u.body)}</li>`)
        .join('')}</ul>`
    : '';
  return `<article class="notice k-${n.kind}${n.phase === 'past' ? ' past' : ''}" id="notice-${esc(n.id)}"><p class=muted>${t.kind[n.kind]} · ${t.phase[n.phase]}</p><h3>${esc(n.title)}</h3>${n.body ? `<p class=body>${esc(n.body)}</p>` : ''}<p class=muted>${when}</p>${affected}${updates}</article>`;
}

/** The whole status page, server-rendered, in one language. */
export function renderPage(v: PublicStatus, lang: Lang): string {
  const t = TEXT[lang];
  const names = new Map(v.services.map((s) => [s.id, s.name]));
  const agencies = new Map<string, PublicService[]>();
  for (const s of v.services) agencies.set(s.agencyName, [...(agencies.get(s.agencyName) ?? []), s]);
  const open = v.notices.filter((n) => n.phase !== 'past');
  const past = v.notices.filter((n) => n.phase === 'past');
  const w = v.city.websites;
  const unobserved = v.services.filter((s) => s.state === 'unknown').length;
  const city =
    w.percent === null
      ? `<strong>–</strong>${t.cityNone}`
      : `<strong>${percent(w.percent / 100, lang)}</strong>${esc(t.city(w.available, w.observed))}`;
  const other = lang === 'en' ? '/status' : '/status?lang=en';
  return `<!doctype html><html lang=${lang}><head><meta charset=utf-8><meta name=viewport content="width=device-width,initial-scale=1"><title>${t.title}</title><meta name=description content="${esc(t.intro)}"><link rel=alternate type="application/atom+xml" title="${t.feed}" href="/status/feed.atom${lang === 'en' ? '?lang=en' : ''}"><style>${CSS}</style></head><body><main>
<div class=top><span class=muted>Pantau · Balikpapan</span><a href="${other}" hreflang=${lang === 'en' ? 'id' : 'en'}>${t.other}</a></div>
<h1>${t.title}</h1><p class=muted>${esc(t.intro)}</p>
<div class="banner b-${v.overall}" role=status>${t.overall[v.overall]}${unobserved && v.overall !== 'unknown' ? t.unobserved(unobserved) : ''}</div>
<div class=city>${city}<p class=muted>${esc(t.baseline(percent(v.city.baseline.percent / 100, lang), v.city.baseline.year))} — ${esc(v.city.baseline.finding)} (${esc(v.city.baseline.source)})</p></div>
<div class=city id=reports><strong>${v.reports.received.toLocaleString(lang === 'en' ? 'en-GB' : 'id-ID')}</strong>${esc(t.reportsFigure(v.reports.days))}<p class=muted>${esc(t.reportsSteps(v.reports.verified, v.reports.closed, v.reports.rejected))}</p><p><a href="/lapor">${esc(t.reportsCall)} →</a> <span class=muted>(${esc(t.reportsHow)})</span></p></div>
<h2>${t.notices}</h2>${open.length ? open.map((n) => notice(n, lang, names)).join('') : `<p class=muted>${t.noNotices}</p>`}
${[...agencies]
  .map(
    ([agency, list]) =>
      `<section class=agency><h3>${esc(agency)}</h3>${list.map((s) => service(s, lang)).join('')}</section>`,
  )
  .join('\n')}
<p class=muted>${t.legend}</p>
${past.length ? `<h2>${t.past}</h2>${past.map((n) => notice(n, lang, names)).join('')}` : ''}
<footer>${t.updated}: ${witaTime(v.generatedAt, lang)} · <a href="/status/feed.atom${lang === 'en' ? '?lang=en' : ''}">${t.feed}</a> · <a href="/api/v1/public/status">${t.report}</a></footer>
</main></body></html>`;
}
