/** The /lapor pages, rendered on the server (they work without JavaScript). Bahasa Indonesia first, English beside. */
import { REPORT_CATEGORIES, reportCategory } from '../../shared/reference/reportCategories.js';
import type { Report } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { channelSettings } from '../notify/channels.js';
import { kelurahanName } from './places.js';
import { STATUS_WORDS } from './residentText.js';

/** Escapes text for HTML content and attribute values. */
export const esc = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** What the form shows again after a refusal. */
export interface FormValues {
  category?: string;
  description?: string;
  kelurahan?: string;
  name?: string;
  phone?: string;
  email?: string;
}

function shell(title: string, body: string): string {
  return `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="stylesheet" href="/lapor/assets/lapor.css">
<script src="/lapor/assets/lapor.js" defer></script>
</head>
<body>
<header><h1>Lapor Balikpapan</h1><p>Laporan warga ke Balikpapan Command Center <span lang="en">· Citizen reports</span></p></header>
<main>
${body}
</main>
<footer>Darurat / Emergency: 112 · Kebakaran / Fire: 113. Nomor telepon dan e-mail Anda hanya dilihat petugas. <span lang="en">Your phone and e-mail are seen by operators only.</span> · <a href="/status">Status layanan digital kota <span lang="en">/ City digital services status</span></a></footer>
</body>
</html>`;
}

/** An instant in Balikpapan's time (WITA, UTC+8), to the minute. */
const wita = (iso: string) =>
  `${new Date(Date.parse(iso) + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')} WITA`;

const sel = (on: boolean) => (on ? ' selected' : '');

/** The report form, with an error and the values entered when it was refused. */
export function formPage(
  ctx: Ctx,
  error: string | null = null,
  v: FormValues = {},
  telegramBot: string | null = null,
): string {
  // With e-mail set up, a reporter who gives one hears each step of the report there.
  const emailLabel = channelSettings(ctx).email
    ? 'E-mail (opsional; kabar tindak lanjut dikirim ke sini) <span class="en">E-mail (optional; updates are sent here)</span>'
    : 'E-mail (opsional)';
  const cats = REPORT_CATEGORIES.map(
    (c) =>
      `<option value="${esc(c.code)}"${sel(v.category === c.code)}>${esc(c.nameId)} / ${esc(c.nameEn)}</option>`,
  ).join('');
  const kels = ctx.catalog.areas.kecamatan
    .map((kec) => {
      const opts = ctx.catalog.areas.kelurahan
        .filter((k) => k.kecamatanCode === kec.code)
        .map((k) => `<option value="${esc(k.code)}"${sel(v.kelurahan === k.code)}>${esc(k.name)}</option>`)
        .join('');
      return `<optgroup label="${esc(kec.name)}">${opts}</optgroup>`;
    })
    .join('');
  return shell(
    'Lapor · Balikpapan Command Center',
    `${error ? `<p class="error" role="alert">${esc(error)}</p>` : ''}
<form class="card" method="post" action="/lapor" enctype="multipart/form-data">
<label for="category">Apa masalahnya? <span class="en">What is the problem?</span></label>
<select id="category" name="category" required>
<option value="">— pilih / choose —</option>${cats}
</select>
<label for="description">Keterangan <span class="en">Description</span></label>
<textarea id="description" name="description" required maxlength="2000" placeholder="Contoh: air setinggi lutut di depan SDN 012 sejak pagi">${esc(v.description ?? '')}</textarea>
<fieldset>
<legend>Lokasi <span class="en">Location</span></legend>
<div class="js-only">
<button type="button" class="secondary" id="locate">Pakai lokasi saya <span class="en">Use my location</span></button>
<p class="hint" id="locate-status" aria-live="polite"></p>
</div>
<input type="hidden" id="lat" name="lat" value="">
<input type="hidden" id="long" name="long" value="">
<label for="kelurahan">atau pilih kelurahan <span class="en">or pick a kelurahan</span></label>
<select id="kelurahan" name="kelurahan">
<option value="">— kelurahan —</option>${kels}
</select>
</fieldset>
<label for="photo">Foto (opsional, maks. 5 MB) <span class="en">Photo (optional, up to 5 MB)</span></label>
<input type="file" id="photo" name="photo" accept="image/*">
<p class="hint">Lokasi dan data lain di dalam foto dihapus. <span class="en">Location and other data inside the photo are removed.</span></p>
<label for="name">Nama (opsional) <span class="en">Name (optional)</span></label>
<input type="text" id="name" name="name" maxlength="100" autocomplete="name" value="${esc(v.name ?? '')}">
<label for="phone">No. HP (opsional) <span class="en">Phone (optional)</span></label>
<input type="tel" id="phone" name="phone" maxlength="40" autocomplete="tel" value="${esc(v.phone ?? '')}">
<label for="email">${emailLabel}</label>
<input type="email" id="email" name="email" maxlength="254" autocomplete="email" value="${esc(v.email ?? '')}">
<div class="hp" aria-hidden="true"><label for="website">Website</label><input type="text" id="website" name="website" tabindex="-1" autocomplete="off"></div>
<button type="submit">Kirim laporan <span class="en">Send report</span></button>
</form>
${
  telegramBot
    ? `<p class="card">Lewat Telegram: <a href="https://t.me/${esc(telegramBot)}">@${esc(telegramBot)}</a> — kirim lokasi, keterangan dan foto ke bot kota; kabar tindak lanjutnya datang di chat. <span class="en">Or through Telegram: send the city's bot the location, a description and a photo.</span></p>`
    : ''
}
<form class="card" method="get" action="/lapor">
<label for="nomor">Cek status laporan <span class="en">Check a report</span></label>
<input type="text" id="nomor" name="nomor" placeholder="LPR-2026-000123" pattern="LPR-[0-9]{4}-[0-9]{6,}">
<button type="submit" class="secondary">Cek / Check</button>
</form>`,
  );
}

/** A report's status page: public fields only. */
export function statusPage(
  ctx: Ctx,
  r: Report,
  status: Report['status'],
  routedTo: string | null = null,
): string {
  const cat = reportCategory(r.serviceCode);
  const agencyId = routedTo ?? cat?.agencyId;
  const agency = agencyId ? ctx.catalog.agencyById.get(agencyId)?.name : undefined;
  const where = kelurahanName(ctx, r.kelurahanCode);
  const note =
    r.status === 'rejected' || r.status === 'merged'
      ? `<p>Catatan petugas <span class="en">Operator's note</span>: ${esc(r.statusNote ?? '')}</p>`
      : '';
  return shell(
    `${r.id} · Lapor Balikpapan`,
    `<section class="card">
<p>Nomor laporan <span class="en">Report number</span><br><span class="num">${esc(r.id)}</span></p>
<p class="status">${esc(`${STATUS_WORDS[status].id} · ${STATUS_WORDS[status].en}`)}</p>
${note}
<p>${esc(cat ? `${cat.nameId} / ${cat.nameEn}` : r.serviceCode)}${where ? ` · Kel. ${esc(where)}` : ''}</p>
${status === 'verified' || status === 'in_progress' ? `<p>Ditangani oleh <span class="en">Handled by</span>: ${esc(agency ?? '-')}</p>` : ''}
<p class="hint">Dikirim <span class="en">Sent</span> ${esc(wita(r.submittedAt))} · diperbarui <span class="en">updated</span> ${esc(wita(r.updatedAt))}</p>
<p>${esc(r.description)}</p>
</section>
<p class="hint">Simpan nomor ini untuk mengecek status. <span class="en">Keep this number to check the status.</span></p>
<a class="button" href="/lapor">Laporan baru <span class="en">New report</span></a>`,
  );
}

/** A page that only says something (not found, blocked, too many). */
export function messagePage(text: string): string {
  return shell(
    'Lapor Balikpapan',
    `<p class="error" role="alert">${esc(text)}</p><a class="button" href="/lapor">Kembali / Back</a>`,
  );
}
