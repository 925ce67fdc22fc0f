import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import type { ReportPhotoSchema } from '../../shared/schemas/index.js';
import type { z } from 'zod';
import { HttpError } from '../errors.js';

/** Longest side of a stored photo, pixels. */
const MAX_SIDE = 1600;

/**
 * Re-encodes an uploaded photo as a JPEG: turned upright by its orientation, at most MAX_SIDE on
 * a side, and without any metadata (EXIF, GPS, XMP, ICC): sharp drops it unless asked to keep it.
 */
export async function reencodePhoto(input: Buffer): Promise<{ jpeg: Buffer; width: number; height: number }> {
  try {
    const { data, info } = await sharp(input, { failOn: 'error', limitInputPixels: 50_000_000 })
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer({ resolveWithObject: true });
    return { jpeg: data, width: info.width, height: info.height };
  } catch {
    throw new HttpError(400, 'bad_photo', 'The photo could not be read as an image (JPEG, PNG, WebP, HEIC).');
  }
}

const fileOf = (dir: string, id: string) => path.join(dir, `${id}.jpg`);

/** Re-encodes and stores a photo under `dir`, flushed to disk before it resolves. */
export async function storePhoto(dir: string, upload: Buffer): Promise<z.infer<typeof ReportPhotoSchema>> {
  const { jpeg, width, height } = await reencodePhoto(upload);
  const id = randomBytes(12).toString('hex');
  await mkdir(dir, { recursive: true });
  const tmp = `${fileOf(dir, id)}.tmp`;
  const fh = await open(tmp, 'w', 0o640);
  try {
    await fh.writeFile(jpeg);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, fileOf(dir, id));
  return { id, bytes: jpeg.length, width, height };
}

/** A stored photo's bytes, or null. */
export async function readPhoto(dir: string, id: string): Promise<Buffer | null> {
  if (!/^[0-9a-f]{24}$/.test(id)) return null;
  try {
    return await readFile(fileOf(dir, id));
  } catch {
    return null;
  }
}

/** Deletes a stored photo (gone already: nothing to do). */
export async function removePhoto(dir: string, id: string): Promise<void> {
  if (/^[0-9a-f]{24}$/.test(id)) await rm(fileOf(dir, id), { force: true });
}
