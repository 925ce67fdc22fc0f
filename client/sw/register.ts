/**
 * Registers `/sw.js` (built by sw/plugin.ts) so the page can load without the server. Only in a
 * production build and a secure context (https, or localhost/127.0.0.1), where browsers allow it.
 * `body[data-sw]` tells operators and tests how far it got: `registered`, `active`, `unsupported`
 * or `failed`.
 */
export function registerServiceWorker(): void {
  const mark = (state: string): void => {
    document.body.dataset.sw = state;
  };
  if (!import.meta.env.PROD || !('serviceWorker' in navigator) || !window.isSecureContext) {
    mark('unsupported');
    return;
  }
  navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .then(() => {
      mark('registered');
      return navigator.serviceWorker.ready;
    })
    .then(() => mark('active'))
    .catch(() => mark('failed'));
}
