/**
 * What residents read about their report in a chat (Bahasa Indonesia): a line per status, the
 * status messages sent as a report moves on, and the link to its public status page.
 */
import { reportCategory } from '../../shared/reference/reportCategories.js';
import type { Report } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';

/** The public status page of a report, when the public address is known (PANTAU_PUBLIC_URL). */
export function reportLink(ctx: Ctx, id: string): string | null {
  const base = ctx.config.publicUrl;
  return base ? `${base.replace(/\/$/, '')}/lapor/${id}` : null;
}

/** Each status in words, Bahasa Indonesia and English: the status page, chat and e-mail say the same. */
export const STATUS_WORDS: Record<Report['status'], { id: string; en: string }> = {
  new: { id: 'Diterima, menunggu pemeriksaan petugas', en: 'Received, awaiting review' },
  verified: { id: 'Diverifikasi dan diteruskan ke dinas terkait', en: 'Verified and sent to the agency' },
  in_progress: { id: 'Sedang ditangani', en: 'Being handled' },
  closed: { id: 'Selesai', en: 'Done' },
  rejected: { id: 'Tidak dapat ditindaklanjuti', en: 'Not taken up' },
  merged: { id: 'Digabung dengan laporan lain', en: 'Merged with another report' },
};

/** `Status: …` in words, with the operator's note where one was given. */
export function statusLine(status: Report['status'], note?: string | null): string {
  return `Status: ${STATUS_WORDS[status].id}${note ? ` (${note})` : ''}`;
}

/** How a reporter is told: in their Telegram chat, or by e-mail (a web report). */
export type Medium = 'telegram' | 'email';

/**
 * The message a reporter gets when their report reaches `status`; `routedTo` is the agency its
 * incident was routed to (the category's own when not known).
 */
export function statusMessage(
  ctx: Ctx,
  r: Report,
  status: Report['status'],
  routedTo: string | null = null,
  medium: Medium = 'telegram',
): string {
  const agencyId = routedTo ?? reportCategory(r.serviceCode)?.agencyId;
  const agency = (agencyId && ctx.catalog.agencyById.get(agencyId)?.name) || 'dinas terkait';
  const link = reportLink(ctx, r.id);
  const check =
    medium === 'telegram' ? `Cek: /status ${r.id}` : `Cek di halaman Lapor Pantau dengan nomor ${r.id}`;
  const tail = link ? `\nRinciannya: ${link}` : `\n${check}`;
  const again = medium === 'telegram' ? 'Kirim /lapor' : 'Laporkan lagi di halaman Lapor';
  switch (status) {
    case 'new':
      return `📝 Laporan ${r.id} sudah kami terima dan menunggu verifikasi petugas. Kami kabari lagi saat laporan diverifikasi, ditangani dan selesai.${tail}`;
    case 'verified':
      return `🔎 Laporan ${r.id} sudah diverifikasi petugas Pantau dan diteruskan ke ${agency}.${tail}`;
    case 'in_progress':
      return `🛠️ Laporan ${r.id} sedang ditangani oleh ${agency}.${tail}`;
    case 'closed':
      return `✅ Laporan ${r.id} sudah selesai ditangani. Terima kasih telah melapor!${tail}\nMasih ada masalah? ${again} untuk laporan baru.`;
    case 'merged':
      return `🔗 Laporan ${r.id} sama dengan laporan ${r.mergedInto ?? 'lain'} yang sudah kami terima; tindak lanjutnya mengikuti laporan itu.${
        link && r.mergedInto ? `\nRinciannya: ${link.replace(r.id, r.mergedInto)}` : ''
      }`;
    case 'rejected':
      return `Laporan ${r.id} tidak dapat kami tindak lanjuti${r.statusNote ? `: ${r.statusNote}` : '.'}\n${again} bila ada masalah lain.`;
  }
}

/** The e-mail form of a status message: its first line is the subject (notify/email.ts). */
export function emailText(r: Report, status: Report['status'], message: string): string {
  return [
    `[Pantau] Laporan ${r.id}: ${STATUS_WORDS[status].id}`,
    '',
    message,
    '',
    '—',
    'Pantau, pusat pemantauan Kota Balikpapan. Pesan ini dikirim karena Anda mengisi e-mail saat melapor; balasan ke e-mail ini tidak dibaca.',
  ].join('\n');
}
