import { ADOPTION_METRICS, type UsageSample } from '../../shared/schemas/index.js';
import type { Catalog } from '../catalog/catalog.js';

/** One kelurahan's participation, for the wall's choropleth. */
export interface KelurahanParticipation {
  kelurahanCode: string;
  name: string;
  value: number;
  /** value / (the app's served population ÷ number of kelurahan); only when one app is asked for. */
  rate?: number;
  /** value / the sum over all kelurahan. */
  share: number;
  at: string;
}

/**
 * Participation per kelurahan from samples that carry a kelurahan code: for each (app, kelurahan)
 * the latest sample of the metric (the largest source at that instant), summed over the apps asked
 * for. The reference data has no population per kelurahan, so `rate` divides by an even split of
 * the app's served population over Balikpapan's 34 kelurahan — an estimate, labelled as such.
 */
export function computeParticipation(
  catalog: Catalog,
  samples: UsageSample[],
  appId?: string,
  metric?: string,
) {
  const withKel = samples.filter((s) => s.kelurahanCode && (!appId || s.appId === appId));
  const chosen =
    metric ??
    ADOPTION_METRICS.find((m) => withKel.some((s) => s.metric === m && s.period !== 'hour')) ??
    null;
  const relevant = withKel.filter(
    (s) => s.metric === chosen && (metric !== undefined || s.period !== 'hour'),
  );
  const latest = new Map<string, { at: string; value: number }>();
  for (const s of relevant) {
    const k = `${s.appId}|${s.kelurahanCode ?? ''}`;
    const cur = latest.get(k);
    if (!cur || Date.parse(cur.at) < Date.parse(s.at)) latest.set(k, { at: s.at, value: s.value });
    else if (Date.parse(cur.at) === Date.parse(s.at)) cur.value = Math.max(cur.value, s.value);
  }
  const perKel = new Map<string, { value: number; at: string }>();
  for (const [k, v] of latest) {
    const code = k.split('|')[1] ?? '';
    const cur = perKel.get(code);
    perKel.set(code, {
      value: (cur?.value ?? 0) + v.value,
      at: cur && cur.at > v.at ? cur.at : new Date(Date.parse(v.at)).toISOString(),
    });
  }
  const total = [...perKel.values()].reduce((s, v) => s + v.value, 0);
  const names = new Map(catalog.areas.kelurahan.map((k) => [k.code, k.name]));
  const app = appId ? catalog.appById.get(appId) : undefined;
  const perKelPop = app ? app.population.count / catalog.areas.kelurahan.length : null;
  const items: KelurahanParticipation[] = [...perKel]
    .map(([code, v]) => ({
      kelurahanCode: code,
      name: names.get(code) ?? code,
      value: v.value,
      ...(perKelPop ? { rate: v.value / perKelPop } : {}),
      share: total ? v.value / total : 0,
      at: v.at,
    }))
    .sort((a, b) => a.kelurahanCode.localeCompare(b.kelurahanCode));
  return {
    appId: appId ?? null,
    metric: chosen,
    rateBasis: perKelPop
      ? `estimate: ${app?.population.group ?? ''} ${app?.population.count ?? ''} (${app?.population.source ?? ''}) split evenly over ${catalog.areas.kelurahan.length} kelurahan`
      : null,
    items,
  };
}
