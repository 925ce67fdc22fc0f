/*
 * Pantau's service worker: keeps the wall's app shell (page, scripts, styles, fonts, geo data)
 * so a wall PC can reload and show its last state while the server is unreachable.
 *
 * - `/wall` pages: network first (with a short timeout), the cached copy when the network fails.
 *   The cache key is the path only: the display token in `?token=` is never part of a key.
 * - `/assets/*` (content-hashed): cache first.
 * - `/geo/*` and the favicon: network first, cache fallback.
 * - Everything else — `/api/`, `/socket.io/`, `/healthz`, other origins, non-GET — is not touched.
 *
 * The build (client/sw/plugin.ts) replaces MANIFEST with this build's version and file list, so a
 * new build installs a new worker, which drops the older caches when it activates.
 */
const MANIFEST = /*__PANTAU_SW_MANIFEST__*/ { version: 'dev', pages: ['/wall'], precache: [] };

const PREFIX = 'pantau-shell-';
const CACHE = PREFIX + MANIFEST.version;
/** After this long without an answer, a cached page or geo file is served instead. */
const NETWORK_TIMEOUT_MS = 4000;

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await Promise.all(
        [...MANIFEST.pages, ...MANIFEST.precache].map(async (path) => {
          const res = await fetch(new Request(path, { cache: 'no-cache', credentials: 'same-origin' }));
          if (!res.ok) throw new Error(`precache ${path}: HTTP ${res.status}`);
          await cache.put(path, res);
        }),
      );
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)),
      );
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  const path = url.pathname;
  if (req.mode === 'navigate') {
    if (MANIFEST.pages.includes(path)) event.respondWith(networkFirst(event, path));
    return;
  }
  if (path.startsWith('/assets/')) {
    event.respondWith(cacheFirst(event, path));
    return;
  }
  if (path.startsWith('/geo/') || path === '/favicon.svg') {
    event.respondWith(networkFirst(event, path));
  }
});

/** Worth keeping: a whole, same-origin, successful answer. */
function cacheable(res) {
  return res.ok && res.status === 200 && res.type === 'basic' && !res.redirected;
}

async function cacheFirst(event, key) {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(key, { ignoreVary: true });
  if (hit) return hit;
  const res = await fetch(event.request);
  if (cacheable(res)) event.waitUntil(cache.put(key, res.clone()));
  return res;
}

async function networkFirst(event, key) {
  const cache = await caches.open(CACHE);
  const network = fetch(event.request).then((res) => {
    if (cacheable(res)) event.waitUntil(cache.put(key, res.clone()));
    return res;
  });
  // Keep the network attempt alive (it refreshes the cache) even when the cached copy answers first.
  event.waitUntil(network.catch(() => undefined));
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('network timeout')), NETWORK_TIMEOUT_MS);
  });
  try {
    const res = await Promise.race([network, timeout]);
    // A proxy's 502/503 while our server is down is no better than no answer.
    if (res.status < 500) return res;
    return (await cache.match(key, { ignoreVary: true })) ?? res;
  } catch {
    const hit = await cache.match(key, { ignoreVary: true });
    return hit ?? network;
  } finally {
    clearTimeout(timer);
  }
}
