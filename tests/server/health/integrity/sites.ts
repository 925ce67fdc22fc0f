/**
 * Real local websites for the integrity tests: node http servers on 127.0.0.1 whose pages are
 * built at test time, answering differently by user agent and referer where a scenario cloaks.
 */
import http from 'node:http';
import type net from 'node:net';

/** What a page handler sees of a request. */
export interface Visit {
  path: string;
  crawler: boolean;
  fromSearch: boolean;
}

/** A page: HTML (200) or a redirect; null is a 404. */
export type Answer = { html: string } | { redirect: string } | null;

/** A running site; `pages` may be changed while it runs. */
export interface Site {
  base: string;
  hits: () => number;
  close: () => Promise<void>;
}

/** Starts a site whose answers `route` decides per request. */
export async function startSite(route: (v: Visit) => Answer): Promise<Site> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const ua = req.headers['user-agent'] ?? '';
    const answer = route({
      path,
      crawler: /googlebot/i.test(ua),
      fromSearch: /google\./i.test(req.headers.referer ?? ''),
    });
    if (!answer) res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    else if ('redirect' in answer) res.writeHead(302, { location: answer.redirect }).end();
    else res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(answer.html);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  return {
    base: `http://127.0.0.1:${port}`,
    hits: () => hits,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Ordinary news of a city agency, several sentences each (enough text for the drift sketch). */
export const NEWS = [
  'Dinas Kesehatan Kota Balikpapan membuka layanan vaksinasi gratis di seluruh puskesmas mulai pekan depan. Warga diminta membawa kartu identitas dan buku vaksin anak.',
  'Pemerintah Kota Balikpapan mengimbau warga menjauhi judi online dan melaporkan situs yang mencurigakan kepada Diskominfo. Satgas pemberantasan judi online terus bekerja.',
  'Jadwal pelayanan posyandu bulan ini tersedia di setiap kelurahan. Petugas akan mendata balita dan ibu hamil, serta memberikan penyuluhan gizi seimbang bagi keluarga.',
  'Rumah sakit umum daerah menambah ruang rawat inap dan memperpanjang jam layanan poliklinik. Pendaftaran daring melalui aplikasi tetap dibuka setiap hari kerja.',
  'Tahun lalu situs sebuah kementerian telah diretas, maka Diskominfo memperkuat keamanan situs kota. Razia judi online dan togel digelar Satpol PP; slot waktu vaksinasi diumumkan lewat aplikasi.',
  'Kegiatan jumat bersih digelar di lingkungan kantor dan pasar tradisional. Camat bersama warga membersihkan saluran air untuk mencegah genangan di musim hujan.',
];

/** A plausible agency page: header, menu of internal links, news, footer; `extra` goes before the footer's end. */
export function govPage(opts: {
  title?: string;
  news?: string[];
  links?: string[];
  body?: string;
  footer?: string;
  scripts?: string[];
}): string {
  const links = (opts.links ?? ['/profil', '/berita', '/kontak']).map(
    (l) => `<li><a href="${l}">${l.slice(1) || 'beranda'}</a></li>`,
  );
  return `<!doctype html><html lang="id"><head><meta charset="utf-8">
<title>${opts.title ?? 'Dinas Kesehatan Kota Balikpapan'}</title>
<meta name="description" content="Situs resmi Dinas Kesehatan Kota Balikpapan">
${(opts.scripts ?? ['/assets/app.js']).map((s) => `<script src="${s}"></script>`).join('\n')}
</head><body>
<header><h1>Dinas Kesehatan</h1><nav><ul>${links.join('')}</ul></nav></header>
<main>${(opts.news ?? NEWS).map((n, i) => `<article><h2>Berita ${i + 1}</h2><p>${n}</p></article>`).join('\n')}
${opts.body ?? ''}</main>
<footer><p>Hak cipta © Pemerintah Kota Balikpapan. Dikelola oleh Diskominfo. <a href="https://balikpapan.go.id/">Portal kota</a></p>${opts.footer ?? ''}</footer>
</body></html>`;
}
