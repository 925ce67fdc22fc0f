/**
 * Writes shared/reference/areas.json: Kota Balikpapan (64.71), its 6 kecamatan and 34 kelurahan with
 * their Kemendagri codes, read from the npm package `idn-area-data` (never typed by hand).
 *
 *   npx tsx scripts/gen-areas.ts
 *
 * Fails loudly (exit 1) when the package does not yield exactly 1 regency, 6 kecamatan and 34 kelurahan.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDistricts, getRegencies, getVillages } from 'idn-area-data';

const REGENCY_CODE = '64.71';
const EXPECTED_KECAMATAN = 6;
const EXPECTED_KELURAHAN = 34;

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outFile = join(root, 'shared/reference/areas.json');

/** Kemendagri codes are dotted: 64.71 / 64.71.01 / 64.71.01.1001. Accepts undotted input too. */
function dotted(code: string): string {
  const c = code.trim();
  if (c.includes('.')) return c;
  const digits = /^\d+$/.exec(c);
  if (!digits) throw new Error(`unexpected area code ${JSON.stringify(code)}`);
  const parts = [c.slice(0, 2), c.slice(2, 4), c.slice(4, 6), c.slice(6)].filter((p) => p !== '');
  return parts.join('.');
}

function fail(message: string): never {
  console.error(`gen-areas: ${message}`);
  process.exit(1);
}

const byCode = (a: { code: string }, b: { code: string }): number =>
  a.code < b.code ? -1 : a.code > b.code ? 1 : 0;

function packageVersion(): string {
  const require = createRequire(import.meta.url);
  // The package's "exports" may not expose package.json, so find it next to the resolved entry point.
  const entry = require.resolve('idn-area-data');
  let dir = dirname(entry);
  for (let i = 0; i < 5; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'idn-area-data' && pkg.version) return pkg.version;
    } catch {
      // not here; go one level up
    }
    dir = dirname(dir);
  }
  return fail('cannot find the version of idn-area-data');
}

const [regencies, districts, villages] = await Promise.all([
  getRegencies({ transform: true }),
  getDistricts({ transform: true }),
  getVillages({ transform: true }),
]);

const regencyMatches = regencies.filter((r) => dotted(r.code) === REGENCY_CODE);
const regency = regencyMatches[0];
if (regencyMatches.length !== 1 || !regency)
  fail(`expected 1 regency ${REGENCY_CODE}, got ${regencyMatches.length}`);

const kecamatan = districts
  .filter((d) => dotted(d.regencyCode) === REGENCY_CODE)
  .map((d) => ({ code: dotted(d.code), name: d.name.trim() }))
  .sort(byCode);
const kecamatanCodes = new Set(kecamatan.map((k) => k.code));

const kelurahan = villages
  .filter((v) => kecamatanCodes.has(dotted(v.districtCode)))
  .map((v) => ({ code: dotted(v.code), name: v.name.trim(), kecamatanCode: dotted(v.districtCode) }))
  .sort(byCode);

if (kecamatan.length !== EXPECTED_KECAMATAN) {
  fail(`expected ${EXPECTED_KECAMATAN} kecamatan in ${REGENCY_CODE}, got ${kecamatan.length}`);
}
if (kelurahan.length !== EXPECTED_KELURAHAN) {
  fail(`expected ${EXPECTED_KELURAHAN} kelurahan in ${REGENCY_CODE}, got ${kelurahan.length}`);
}
for (const k of kecamatan) {
  if (!/^64\.71\.\d{2}$/.test(k.code)) fail(`malformed kecamatan code ${k.code}`);
}
for (const k of kelurahan) {
  if (!/^64\.71\.\d{2}\.\d{4}$/.test(k.code) || k.code.slice(0, 8) !== k.kecamatanCode) {
    fail(`malformed kelurahan code ${k.code} (kecamatan ${k.kecamatanCode})`);
  }
}
for (const k of kecamatan) {
  if (!kelurahan.some((v) => v.kecamatanCode === k.code)) fail(`kecamatan ${k.code} has no kelurahan`);
}

const areas = {
  source: `idn-area-data@${packageVersion()} (npm; data under the Open Database License, based on Kemendagri regulations)`,
  regency: { code: REGENCY_CODE, name: regency.name.trim() },
  kecamatan,
  kelurahan,
};

mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, `${JSON.stringify(areas, null, 2)}\n`);
console.log(`gen-areas: wrote ${outFile} (${kecamatan.length} kecamatan, ${kelurahan.length} kelurahan)`);
