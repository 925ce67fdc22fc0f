/**
 * In-process, with the real store and files (the server's clock cannot be set from a test): the
 * WITA day a report is counted on, and deleting a stored photo.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import type { Ctx } from '../../../server/context.js';
import { reportCountIncrs, reportCounts } from '../../../server/reports/counts.js';
import { removePhoto, storePhoto } from '../../../server/reports/photos.js';
import { MemoryStore } from '../../../server/store/memory.js';

describe('participation counters by WITA day (UTC+8)', () => {
  const counted = async (submittedAt: string[], now: string, days = 1) => {
    const store = new MemoryStore();
    for (const at of submittedAt)
      await store.commit({
        incrs: reportCountIncrs({
          submittedAt: at,
          channel: 'web',
          kelurahanCode: '64.71.02.1001',
          kecamatanCode: '64.71.02',
        }),
      });
    const ctx: Pick<Ctx, 'store' | 'now'> = { store, now: () => new Date(now) };
    return reportCounts(ctx as Ctx, days);
  };

  it('a report at 23:30 UTC counts on the next WITA day; one at 15:59 UTC on the same day', async () => {
    const late = '2026-03-10T23:30:00.000Z'; // 07:30 WITA on 11 March
    const evening = '2026-03-10T15:59:59.999Z'; // 23:59 WITA on 10 March
    const on11 = await counted([late, evening], '2026-03-11T02:00:00.000Z');
    expect(on11).toMatchObject({ from: '2026-03-11', to: '2026-03-11', total: 1 });
    expect(on11.byChannel).toEqual({ web: 1 });
    expect(on11.byKelurahan).toEqual({ '64.71.02.1001': 1 });
    expect(on11.byKecamatan).toEqual({ '64.71.02': 1 });
    // 16:30 UTC on 10 March is already 11 March in Balikpapan.
    expect((await counted([late, evening], '2026-03-10T16:30:00.000Z')).total).toBe(1);
    const on10 = await counted([late, evening], '2026-03-10T15:00:00.000Z');
    expect(on10).toMatchObject({ to: '2026-03-10', total: 1 });
    const both = await counted([late, evening], '2026-03-11T02:00:00.000Z', 2);
    expect(both.perDay).toEqual([
      { day: '2026-03-10', total: 1 },
      { day: '2026-03-11', total: 1 },
    ]);
    expect(both.total).toBe(2);
  });
});

describe('removePhoto', () => {
  it('deletes a stored photo, is quiet when it is gone, and touches nothing but a photo id', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pantau-media-'));
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#000' } })
      .jpeg()
      .toBuffer();
    const kept = await storePhoto(dir, jpeg);
    const gone = await storePhoto(dir, jpeg);
    expect(readdirSync(dir).sort()).toEqual([`${gone.id}.jpg`, `${kept.id}.jpg`].sort());
    await removePhoto(dir, gone.id);
    expect(readdirSync(dir)).toEqual([`${kept.id}.jpg`]);
    await expect(removePhoto(dir, gone.id)).resolves.toBeUndefined();

    // Not a photo id: nothing is deleted, inside the folder or outside it.
    const outside = path.join(path.dirname(dir), `${path.basename(dir)}-secret.jpg`);
    writeFileSync(outside, 'x');
    await removePhoto(dir, `../${path.basename(outside, '.jpg')}`);
    await removePhoto(dir, kept.id.toUpperCase());
    await removePhoto(dir, '');
    expect(existsSync(outside)).toBe(true);
    expect(readdirSync(dir)).toEqual([`${kept.id}.jpg`]);
    rmSync(outside);
    rmSync(dir, { recursive: true });
  });
});
