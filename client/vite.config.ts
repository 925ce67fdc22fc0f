// Vite build for the four screens. Each page has its own entry and bundle; nothing is inlined into
// the HTML, because the server enforces a strict CSP (`script-src 'self'; style-src 'self'`).
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { serviceWorker } from './sw/plugin.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const backend = process.env.PANTAU_DEV_BACKEND ?? 'http://127.0.0.1:8080';

/** In dev, serve the pages at the same paths the server uses (`/wall`, `/console`, `/liaison`). */
function pageRoutes(): Plugin {
  const pages: Record<string, string> = {
    '/wall': '/wall.html',
    '/console': '/console.html',
    '/liaison': '/liaison.html',
  };
  return {
    name: 'pantau-page-routes',
    configureServer(server) {
      server.middlewares.use((req, _res, next) => {
        const [pathname = '', query] = (req.url ?? '').split('?');
        const page = pages[pathname];
        if (page) req.url = query === undefined ? page : `${page}?${query}`;
        next();
      });
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  publicDir: 'public',
  plugins: [react(), pageRoutes(), serviceWorker({ clientRoot: root })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Never turn an asset into a data: URL inside CSS/JS; every file is served from our origin.
    assetsInlineLimit: 0,
    // The modulepreload polyfill is not needed by the browsers the wall runs (Chromium) and
    // keeping it out guarantees no injected script.
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      // Build-speed notes are noise on a busy CI machine; real warnings still print.
      checks: { bundlerTimings: false },
      output: {
        // Stable, named vendor chunks shared by the pages (and cached across them).
        codeSplitting: {
          groups: [
            { name: 'vendor-maplibre', test: /node_modules[\\/]maplibre-gl/ },
            { name: 'vendor-react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            // Loaded on demand, only by walls whose server has street tiles (client/map/streets.ts).
            { name: 'vendor-pmtiles', test: /node_modules[\\/](pmtiles|fflate)[\\/]/ },
            { name: 'vendor', test: /node_modules/ },
          ],
        },
      },
      input: {
        index: fileURLToPath(new URL('index.html', import.meta.url)),
        wall: fileURLToPath(new URL('wall.html', import.meta.url)),
        console: fileURLToPath(new URL('console.html', import.meta.url)),
        liaison: fileURLToPath(new URL('liaison.html', import.meta.url)),
      },
    },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/socket.io': { target: backend, ws: true, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
});
