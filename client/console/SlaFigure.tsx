/**
 * One SLA figure with the data behind it: `99,95 %` and "dari 1.234 cek selama sekitar 29 hari"
 * (or, in a table cell, "1.234 cek · sekitar 29 hari"). See slaCoverage.ts for how the period is found.
 */
import type { Service } from '../../shared/schemas/index.js';
import { formatNumber, formatRatio, formatSpan } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import type { Sla } from '../live/queries.js';
import {
  countedChecks,
  coverage,
  intervalEstimate,
  SLA_WINDOWS,
  type Coverage,
  type SlaWindow,
} from './slaCoverage.js';

export type Period = NonNullable<Sla['windows'][string]>;
export type Uptime = Period['agency'];

/** The figure of one window: the counts picked from each window's answer and what they cover. */
export function figureOf(
  sla: Sla,
  window: SlaWindow,
  pick: (p: Period) => Uptime | null,
  estimate: (p: Period) => number | null,
): { uptime: Uptime | null; cover: Coverage } {
  const samples: Partial<Record<SlaWindow, number>> = {};
  for (const w of SLA_WINDOWS) {
    const p = sla.windows[w];
    const u = p ? pick(p) : null;
    if (u) samples[w] = u.samples;
  }
  const p = sla.windows[window];
  const uptime = p ? pick(p) : null;
  return { uptime, cover: coverage(samples, window, p ? estimate(p) : null) };
}

/** samples × check interval of an agency's services in one window (see `intervalEstimate`). */
export function agencyEstimate(services: ReadonlyMap<string, Service>) {
  return (p: Period): number | null =>
    intervalEstimate(
      p.services.map((s) => ({ samples: s.samples, check: services.get(s.serviceId)?.check })),
    );
}

/** The period in words: "sekitar 29 hari", "paling lama 24 jam", "lebih dari 7 hari". */
export function coverText(c: Coverage): string {
  switch (c.kind) {
    case 'none':
      return t('sla.cover.none');
    case 'about':
      return t('sla.cover.about', { span: formatSpan(c.ms) });
    case 'atMost':
      return t('sla.cover.atMost', { span: t(`sla.window.${c.window}`) });
    case 'moreThan':
      return t('sla.cover.moreThan', { span: t(`sla.window.${c.window}`) });
  }
}

export type Props = {
  uptime: Uptime | null;
  cover: Coverage;
  /** `sentence`: "dari 1.234 cek selama …" under the figure; `cell`: "1.234 cek · …" (tables). */
  variant: 'sentence' | 'cell';
};

export function SlaFigure({ uptime, cover, variant }: Props) {
  const n = countedChecks(uptime);
  const has = uptime !== null && uptime.uptime !== null && n > 0;
  const checks = formatNumber(n);
  const basis = !has
    ? t('sla.cover.none')
    : variant === 'sentence'
      ? t('sla.of', { n: checks, span: coverText(cover) })
      : `${t('sla.checks', { n: checks })} · ${coverText(cover)}`;
  return (
    <span
      className={`sla-fig sla-fig--${variant}`}
      data-testid="sla-figure"
      data-uptime={has ? String(uptime.uptime) : ''}
      data-checks={n}
      data-cover={cover.kind}
    >
      <span className="sla-fig__value">{has ? formatRatio(uptime.uptime) : '—'}</span>{' '}
      <span className="sla-fig__basis">{basis}</span>
    </span>
  );
}

/** How long a window is, for headers ("24 jam"). */
export function windowLabel(w: SlaWindow): string {
  return t(`sla.window.${w}`);
}
