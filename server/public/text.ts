import type { NoticePhase, ServiceStatus } from '../../shared/schemas/index.js';

/** The public pages' languages: Bahasa Indonesia by default, English with `?lang=en`. */
export type Lang = 'id' | 'en';

/** The words of the public pages, per language (short; the console's own live in client/i18n). */
export const TEXT = {
  id: {
    title: 'Status Layanan Digital Kota Balikpapan',
    intro:
      'Keadaan situs web dan aplikasi perangkat daerah, diperiksa terus-menerus oleh pusat komando kota (Pantau).',
    overall: {
      up: 'Semua layanan yang teramati berjalan normal',
      degraded: 'Sebagian layanan terganggu',
      down: 'Ada layanan yang tidak dapat diakses',
      maintenance: 'Ada layanan dalam pemeliharaan',
      unknown: 'Belum ada data pemeriksaan',
    } satisfies Record<ServiceStatus, string>,
    state: {
      up: 'Normal',
      degraded: 'Gangguan',
      down: 'Tidak dapat diakses',
      maintenance: 'Pemeliharaan',
      unknown: 'Belum diketahui',
    } satisfies Record<ServiceStatus, string>,
    city: (n: number, of: number) => `situs web OPD dapat diakses saat ini (${n} dari ${of} yang teramati)`,
    unobserved: (n: number) => ` (${n} layanan belum teramati)`,
    cityNone: 'Belum ada situs web OPD yang teramati',
    baseline: (pct: string, year: number) => `Titik awal, studi smart governance ${year}: ${pct}`,
    notices: 'Pengumuman',
    phase: {
      current: 'Berlangsung',
      upcoming: 'Akan datang',
      past: 'Selesai',
    } satisfies Record<NoticePhase, string>,
    kind: { announcement: 'Pengumuman', maintenance: 'Pemeliharaan terjadwal' },
    past: 'Pengumuman sebelumnya (90 hari)',
    noNotices: 'Tidak ada pengumuman saat ini.',
    affects: 'Layanan terdampak',
    from: 'Mulai',
    until: 'sampai',
    uptime: (pct: string) => `${pct} tersedia dalam 90 hari`,
    noUptime: 'belum ada data 90 hari',
    legend:
      '90 hari terakhir, per hari (WITA): hijau tersedia, merah tidak dapat diakses, biru pemeliharaan.',
    updated: 'Data terakhir berubah',
    feed: 'Umpan Atom pengumuman',
    other: 'English',
    website: 'Situs web',
    app: 'Aplikasi',
    api: 'API',
    since: 'sejak',
    report: 'Data ini juga tersedia sebagai JSON',
    reportsFigure: (days: number) => `laporan warga masuk dalam ${days} hari terakhir`,
    reportsSteps: (v: number, c: number, r: number) =>
      `${v} diverifikasi dan diteruskan ke dinas · ${c} selesai ditangani · ${r} ditolak`,
    reportsCall: 'Laporkan masalah di lingkungan Anda',
    reportsHow: 'tanpa akun; Anda mendapat nomor laporan untuk memantau tindak lanjutnya',
  },
  en: {
    title: 'Balikpapan City Digital Services Status',
    intro:
      "The state of the city agencies' websites and apps, checked continuously by the city command center (Pantau).",
    overall: {
      up: 'All observed services are operating normally',
      degraded: 'Some services are disrupted',
      down: 'Some services cannot be reached',
      maintenance: 'Some services are under maintenance',
      unknown: 'No check results yet',
    } satisfies Record<ServiceStatus, string>,
    state: {
      up: 'Operational',
      degraded: 'Disrupted',
      down: 'Unreachable',
      maintenance: 'Maintenance',
      unknown: 'Unknown',
    } satisfies Record<ServiceStatus, string>,
    city: (n: number, of: number) => `of agency websites reachable now (${n} of ${of} observed)`,
    unobserved: (n: number) => ` (${n} services not observed yet)`,
    cityNone: 'No agency website observed yet',
    baseline: (pct: string, year: number) => `Baseline, ${year} smart-governance study: ${pct}`,
    notices: 'Notices',
    phase: { current: 'Ongoing', upcoming: 'Upcoming', past: 'Over' } satisfies Record<NoticePhase, string>,
    kind: { announcement: 'Announcement', maintenance: 'Planned maintenance' },
    past: 'Past notices (90 days)',
    noNotices: 'No notices right now.',
    affects: 'Affected services',
    from: 'From',
    until: 'until',
    uptime: (pct: string) => `${pct} available over 90 days`,
    noUptime: 'no 90-day data yet',
    legend: 'Last 90 days, one bar per day (WITA): green available, red unreachable, blue maintenance.',
    updated: 'Data last changed',
    feed: 'Atom feed of notices',
    other: 'Bahasa Indonesia',
    website: 'Website',
    app: 'App',
    api: 'API',
    since: 'since',
    report: 'This data is also available as JSON',
    reportsFigure: (days: number) => `citizen reports received in the last ${days} days`,
    reportsSteps: (v: number, c: number, r: number) =>
      `${v} verified and passed to an agency · ${c} resolved · ${r} rejected`,
    reportsCall: 'Report a problem in your neighbourhood',
    reportsHow: 'no account needed; you get a report number to follow what is done',
  },
} as const;

/** An instant in WITA (Asia/Makassar), as people in Balikpapan read it. */
export function witaTime(iso: string, lang: Lang): string {
  return `${new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'id-ID', {
    timeZone: 'Asia/Makassar',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  }).format(new Date(iso))} WITA`;
}

/** A ratio as a percentage with up to two decimals, in the language's number format. */
export function percent(ratio: number, lang: Lang): string {
  return `${new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'id-ID', { maximumFractionDigits: 2 }).format(ratio * 100)}\u00a0%`;
}

/** Escapes text for HTML and XML. */
export const esc = (s: string): string =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );
