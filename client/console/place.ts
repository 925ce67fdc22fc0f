/** A place in words: `Kel. Klandasan Ilir, Kec. Balikpapan Kota`; empty when nothing is known. */
import { t } from '../i18n/index.js';
import type { PlaceNames } from './filters.js';

export function placeText(p: PlaceNames): string {
  if (p.kelurahan && p.kecamatan) return t('place.both', { kel: p.kelurahan, kec: p.kecamatan });
  if (p.kelurahan) return t('place.kelurahan', { kel: p.kelurahan });
  if (p.kecamatan) return t('place.kecamatan', { kec: p.kecamatan });
  return '';
}
