/**
 * The /lapor web form: a plain multipart POST (photo optional), answered with a redirect to the
 * report's status page, or the form again with what is wrong. No account; the reporter's contact
 * is kept for operators only.
 */
import type { RequestHandler } from 'express';
import multer from 'multer';
import { z } from 'zod';
import { MAX_REPORT_DESCRIPTION_LENGTH, MAX_REPORT_PHOTO_BYTES } from '../../shared/schemas/index.js';
import type { Ctx } from '../context.js';
import { HttpError } from '../errors.js';
import { handle, type Binding } from '../http/routes.js';
import { LAPOR_CSS, LAPOR_JS } from './laporAssets.js';
import { formPage, messagePage, statusPage, type FormValues } from './laporPages.js';
import { followSoon } from './follow.js';
import { botUsername } from './telegramBot.js';
import { storePhoto } from './photos.js';
import { effectiveStatus, getReport, routedAgency, submitReport } from './reports.js';

const text = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((s) => (s?.trim() ? s.trim() : null));
const coord = (lo: number, hi: number) =>
  z
    .string()
    .optional()
    .transform((s) => (s?.trim() ? Number(s) : null))
    .refine((n) => n === null || (Number.isFinite(n) && n >= lo && n <= hi), 'not a coordinate');

/** The form's fields. */
const FormSchema = z.object({
  category: z.string().max(64).default(''),
  description: z.string().max(MAX_REPORT_DESCRIPTION_LENGTH).default(''),
  lat: coord(-90, 90),
  long: coord(-180, 180),
  kelurahan: text(20),
  name: text(100),
  phone: text(40),
  email: text(254),
  website: text(200),
});

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_REPORT_PHOTO_BYTES, files: 1, fields: 20, fieldSize: 16 * 1024 },
});

/** Parses the multipart body; a parser refusal is kept for the handler to render. */
const parseForm: RequestHandler = (req, res, next) => {
  upload.single('photo')(req, res, (err: unknown) => {
    if (err) res.locals.formError = err;
    next();
  });
};

const ASSETS: Record<string, { type: string; body: string }> = {
  'lapor.css': { type: 'text/css; charset=utf-8', body: LAPOR_CSS },
  'lapor.js': { type: 'text/javascript; charset=utf-8', body: LAPOR_JS },
};

/** The form, its submission, the status page and the form's assets. */
export function laporBindings(ctx: Ctx): Binding[] {
  return [
    handle('get /lapor', async ({ req, res }) => {
      const nomor = typeof req.query.nomor === 'string' ? req.query.nomor.trim().toUpperCase() : '';
      if (/^LPR-\d{4}-\d{6,}$/.test(nomor)) return res.redirect(303, `/lapor/${nomor}`);
      res
        .type('html')
        .set('Cache-Control', 'no-cache')
        .send(formPage(ctx, null, {}, await botUsername(ctx)));
    }),
    handle(
      'post /lapor',
      async ({ req, res }) => {
        const send = (status: number, html: string) => res.status(status).type('html').send(html);
        const uploadErr = res.locals.formError as { code?: string } | undefined;
        if (uploadErr)
          return send(
            uploadErr.code === 'LIMIT_FILE_SIZE' ? 413 : 400,
            formPage(
              ctx,
              uploadErr.code === 'LIMIT_FILE_SIZE'
                ? 'Foto terlalu besar (maks. 5 MB). / The photo is too large (5 MB at most).'
                : 'Formulir tidak terbaca; coba lagi. / The form could not be read; try again.',
            ),
          );
        const parsed = FormSchema.safeParse(req.body ?? {});
        const raw = (req.body ?? {}) as FormValues;
        if (!parsed.success)
          return send(400, formPage(ctx, 'Periksa isian formulir. / Check the form.', raw));
        const f = parsed.data;
        // The hidden field only robots fill in.
        if (f.website) return send(400, messagePage('Laporan ditolak. / Report refused.'));
        const file = req.file;
        try {
          const r = await submitReport(ctx, {
            serviceCode: f.category,
            description: f.description,
            point: f.lat !== null && f.long !== null ? [f.long, f.lat] : null,
            kelurahanCode: f.kelurahan,
            address: null,
            mediaUrl: null,
            channel: 'web',
            keyId: null,
            contact: { email: f.email, phone: f.phone, name: f.name, ip: req.ip ?? null },
            ...(file && file.size > 0 ? { photo: () => storePhoto(ctx.config.mediaDir, file.buffer) } : {}),
          });
          // The confirmation e-mail goes out at the next tick rather than the next run.
          if (r.notifyEmail) followSoon(ctx);
          res.redirect(303, `/lapor/${r.id}`);
        } catch (err) {
          if (!(err instanceof HttpError) || err.status >= 500) throw err;
          res.set(err.extra.headers ?? {});
          const msg = MESSAGES[err.code] ?? err.message;
          return send(err.status, err.status === 403 ? messagePage(msg) : formPage(ctx, msg, raw));
        }
      },
      { before: [parseForm], rawBody: true },
    ),
    handle('get /lapor/:id', async ({ params, res }) => {
      const r = await getReport(ctx, (params.id ?? '').toUpperCase());
      if (!r)
        return res
          .status(404)
          .type('html')
          .send(messagePage('Nomor laporan tidak ditemukan. / No report with this number.'));
      res
        .type('html')
        .set('Cache-Control', 'no-cache')
        .send(statusPage(ctx, r, await effectiveStatus(ctx, r), await routedAgency(ctx, r)));
    }),
    handle('get /lapor/assets/:file', ({ params, res }) => {
      const a = ASSETS[params.file ?? ''];
      if (!a) throw new HttpError(404, 'not_found', 'No such asset.');
      res.type(a.type).set('Cache-Control', 'public, max-age=3600').send(a.body);
    }),
  ];
}

const MESSAGES: Record<string, string> = {
  outside_city:
    'Lokasi di luar Kota Balikpapan; pilih kelurahan atau periksa lokasi. / The location is outside Balikpapan.',
  no_location: 'Pakai lokasi Anda atau pilih kelurahan. / Use your location or pick a kelurahan.',
  unknown_kelurahan: 'Kelurahan tidak dikenal. / Unknown kelurahan.',
  unknown_service: 'Pilih kategori masalah. / Choose what the problem is.',
  no_description: 'Tuliskan keterangan masalahnya. / Describe the problem.',
  bad_photo: 'Foto tidak terbaca sebagai gambar. / The photo is not a readable image.',
  too_many_reports: 'Terlalu banyak laporan dari alamat ini; coba lagi nanti. / Too many reports; try later.',
  blocked: 'Laporan dari pengirim ini tidak diterima. / Reports from this sender are not accepted.',
};
