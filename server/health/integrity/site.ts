import { isIP } from 'node:net';

/** Second-level suffixes under which the third label is the registrant (`balikpapan.go.id`). */
const SECOND_LEVEL = new Set([
  'go.id',
  'co.id',
  'ac.id',
  'or.id',
  'web.id',
  'sch.id',
  'my.id',
  'net.id',
  'mil.id',
  'desa.id',
  'biz.id',
  'ponpes.id',
  'co.uk',
  'ac.uk',
  'gov.uk',
  'com.au',
  'gov.au',
  'com.sg',
  'gov.sg',
  'com.my',
  'gov.my',
]);

/** The registrable domain a host belongs to (`disdik.balikpapan.go.id` → `balikpapan.go.id`); an address is its own. Pure. */
export function siteOf(host: string): string {
  const h = host
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
  if (isIP(h)) return h;
  const labels = h.split('.');
  const keep = SECOND_LEVEL.has(labels.slice(-2).join('.')) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/** A predicate: does `host` belong to another site than `home`'s? */
export function foreignTo(home: string): (host: string) => boolean {
  const own = siteOf(home);
  return (host) => host !== '' && siteOf(host) !== own;
}
