import { z } from 'zod';
import { MAX_ID_LENGTH } from '../limits.js';

/** A position as GeoJSON orders it: `[longitude, latitude]`, both range-checked. */
export const LngLatSchema = z.tuple([
  z.number().gte(-180).lte(180).describe('longitude'),
  z.number().gte(-90).lte(90).describe('latitude'),
]);
export type LngLat = z.infer<typeof LngLatSchema>;

/** An identifier: letters, digits and `._:-`, bounded length. */
export const IdSchema = z
  .string()
  .min(1)
  .max(MAX_ID_LENGTH)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:@-]*$/, 'letters, digits and . _ : @ - only');

/**
 * An instant as ISO-8601 with an offset (`10:00+08:00`, `02:00Z`), parsed as an instant and kept
 * normalised to UTC with milliseconds (`2026-01-05T02:00:00.000Z`), so that text order is time
 * order everywhere it is compared or sorted.
 */
export const InstantSchema = z.iso.datetime({ offset: true }).transform((s) => new Date(s).toISOString());

/** A Kemendagri kelurahan code such as `64.71.01.1001`. */
export const KelurahanCodeSchema = z
  .string()
  .regex(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/, 'kelurahan code like 64.71.01.1001');
/** A Kemendagri kecamatan code such as `64.71.01`. */
export const KecamatanCodeSchema = z.string().regex(/^\d{2}\.\d{2}\.\d{2}$/, 'kecamatan code like 64.71.01');
