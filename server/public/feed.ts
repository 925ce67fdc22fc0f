import type { PublicService, PublicStatus, ServiceStatus } from '../../shared/schemas/index.js';
import { esc, TEXT, type Lang } from './text.js';

/** The notices as an Atom 1.0 feed (newest change first); `base` is the site's origin when known. */
export function renderAtom(v: PublicStatus, lang: Lang, base: string): string {
  const t = TEXT[lang];
  const page = `${base}/status${lang === 'en' ? '?lang=en' : ''}`;
  const names = new Map(v.services.map((s) => [s.id, s.name]));
  const notices = [...v.notices].sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  const updated = notices[0]?.updatedAt ?? v.generatedAt;
  const entries = notices
    .map((n) => {
      const lines = [
        n.body,
        n.serviceIds.length
          ? `${t.affects}: ${n.serviceIds.map((id) => names.get(id) ?? id).join(', ')}`
          : '',
        ...n.updates.map((u) => `${u.at}: ${u.body}`),
      ].filter(Boolean);
      return `<entry><id>urn:pantau:notice:${esc(n.id)}</id><title>${esc(`${t.kind[n.kind]}: ${n.title}`)}</title><updated>${n.updatedAt}</updated><published>${n.createdAt}</published><link rel="alternate" href="${esc(`${page}#notice-${n.id}`)}"/><category term="${n.kind}"/><category term="${n.phase}"/><content type="text">${esc(lines.join('\n\n'))}</content></entry>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${lang}"><id>urn:pantau:status:notices:${lang}</id><title>${esc(`${t.title} — ${t.notices}`)}</title><updated>${updated}</updated><author><name>Pantau Balikpapan</name></author><link rel="alternate" href="${esc(page)}"/>${entries}</feed>
`;
}

const COLOURS: Record<ServiceStatus, string> = {
  up: '#1e7b45',
  degraded: '#a35c00',
  down: '#b3261e',
  maintenance: '#2457a6',
  unknown: '#5b6470',
};

/** A rough text width in px for 11px sans-serif (badges need no exact metrics). */
const width = (s: string) => Math.ceil([...s].length * 6.6) + 12;

/** A flat two-part SVG badge: the service's name and its state (Bahasa Indonesia). */
export function renderBadge(s: PublicService): string {
  const label = s.name.length > 40 ? `${s.name.slice(0, 39)}…` : s.name;
  const state = TEXT.id.state[s.state];
  const lw = width(label);
  const rw = width(state);
  const title = `${s.name}: ${state}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${lw + rw}" height="20" role="img" aria-label="${esc(title)}"><title>${esc(title)}</title><rect width="${lw}" height="20" fill="#3c4450"/><rect x="${lw}" width="${rw}" height="20" fill="${COLOURS[s.state]}"/><g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle"><text x="${lw / 2}" y="14">${esc(label)}</text><text x="${lw + rw / 2}" y="14">${esc(state)}</text></g></svg>`;
}
