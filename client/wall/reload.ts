/**
 * Page-level safety nets for a wall that runs for weeks: a scheduled reload (leak backstop) and a
 * reload when the WebGL context is lost and not restored.
 */

/** Default hours between scheduled reloads (`?reload=` overrides; `0` disables). */
export const DEFAULT_RELOAD_HOURS = 12;
/** How long to wait for a lost WebGL context to come back before reloading. */
export const CONTEXT_RESTORE_GRACE_MS = 30_000;

/** Hours from `?reload=`, bounded to something sensible. */
export function reloadHoursFromUrl(search: string = window.location.search): number {
  const raw = new URLSearchParams(search).get('reload');
  if (raw === null || raw.trim() === '') return DEFAULT_RELOAD_HOURS;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) return DEFAULT_RELOAD_HOURS;
  if (n === 0) return 0;
  return Math.min(Math.max(n, 0.05), 24 * 14);
}

/** Schedules `window.location.reload()` every `hours`; returns the cancel function. */
export function scheduleReload(
  hours: number,
  reload: () => void = () => window.location.reload(),
): () => void {
  if (hours <= 0) return () => undefined;
  const id = setTimeout(reload, hours * 3600_000);
  return () => clearTimeout(id);
}
