import type { LiveClient } from '../helpers/live.js';

/** True when the client holds incident `id`, from a delta or a (re)snapshot. */
export function holdsIncident(c: LiveClient, id: string): boolean {
  return c.messages.some(
    (m) => (m.kind === 'delta' || m.kind === 'snapshot') && m.data.incidents.some((i) => i.id === id),
  );
}

/** The value of one Prometheus series (first match of `name{labels}`), or null. */
export function metric(text: string, series: string): number | null {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return null;
}
