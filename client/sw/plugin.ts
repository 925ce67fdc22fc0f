/**
 * Build step for the service worker: writes `sw.js` at the root of the build with this build's
 * version and the wall's files to precache (its scripts, styles, fonts and worker from the bundle,
 * plus the geo data in `public/geo/`). A new build gives a new version, so browsers install the new
 * worker and drop the old cache.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

const PLACEHOLDER = /\/\*__PANTAU_SW_MANIFEST__\*\/\s*\{[^}]*\}/;

interface ChunkLike {
  type: 'chunk';
  fileName: string;
  code: string;
  isEntry: boolean;
  name: string;
  imports: string[];
  dynamicImports: string[];
  viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> };
}
interface AssetLike {
  type: 'asset';
  fileName: string;
  source: string | Uint8Array;
}

/** The service worker plugin; `page` is the entry whose files are precached (`wall`). */
export function serviceWorker({ clientRoot, page = 'wall' }: { clientRoot: string; page?: string }): Plugin {
  const template = path.join(clientRoot, 'sw/sw.js');
  const geoDir = path.join(clientRoot, 'public/geo');
  return {
    name: 'pantau-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const files = Object.values(bundle) as unknown as (ChunkLike | AssetLike)[];
      const byName = new Map(files.map((f) => [f.fileName, f]));
      const entry = files.find((f): f is ChunkLike => f.type === 'chunk' && f.isEntry && f.name === page);
      if (!entry) throw new Error(`service worker: no "${page}" entry in the bundle`);

      const wanted = new Set<string>();
      const visit = (fileName: string): void => {
        if (wanted.has(fileName)) return;
        const f = byName.get(fileName);
        if (!f) return;
        wanted.add(fileName);
        if (f.type !== 'chunk') return;
        for (const css of f.viteMetadata?.importedCss ?? []) wanted.add(css);
        for (const asset of f.viteMetadata?.importedAssets ?? []) wanted.add(asset);
        // Files referenced by URL in the code (the map's web worker, fonts) count too.
        for (const other of files)
          if (other.type === 'asset' && f.code.includes(other.fileName)) wanted.add(other.fileName);
        for (const dep of [...f.imports, ...f.dynamicImports]) visit(dep);
      };
      visit(entry.fileName);

      const geo = readdirSync(geoDir)
        .filter((n) => n.endsWith('.json'))
        .sort();
      const precache = [
        ...[...wanted]
          .filter((n) => !n.endsWith('.map') && !n.endsWith('.html'))
          .sort()
          .map((n) => `/${n}`),
        ...geo.map((n) => `/geo/${n}`),
        '/favicon.svg',
      ];
      const source = readFileSync(template, 'utf8');
      const hash = createHash('sha256').update(source);
      for (const n of precache) hash.update(n);
      for (const n of geo) hash.update(readFileSync(path.join(geoDir, n)));
      const htmlName = `${page}.html`;
      const html = byName.get(htmlName);
      if (html?.type === 'asset') hash.update(html.source);
      const manifest = { version: hash.digest('hex').slice(0, 16), pages: [`/${page}`], precache };

      if (!PLACEHOLDER.test(source))
        throw new Error('service worker: manifest placeholder not found in sw/sw.js');
      this.emitFile({
        type: 'asset',
        fileName: 'sw.js',
        source: source.replace(PLACEHOLDER, () => JSON.stringify(manifest)),
      });
    },
  };
}
