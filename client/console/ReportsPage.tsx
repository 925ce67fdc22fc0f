/**
 * "Laporan warga": the citizen-report triage queue. Each report with its photo, place and text;
 * an operator verifies it (→ an incident for the responsible agency), merges a duplicate into
 * another report, or rejects it with a reason the reporter reads.
 */
import { useState } from 'react';
import { itemsOf, dataOf } from '../../shared/api/route.js';
import { reportCategory } from '../../shared/reference/reportCategories.js';
import { roleCan } from '../../shared/schemas/account.js';
import {
  ReportSchema,
  SimilarReportSchema,
  type NewReportBlock,
  type Report,
} from '../../shared/schemas/index.js';
import type { SessionUser } from '../live/api.js';
import { formatDateTimeWita, formatNumber } from '../i18n/format.js';
import { t, useLang, type MessageKey } from '../i18n/index.js';
import { ApiError, parseData, request } from '../live/api.js';
import { osmLink } from '../map/osm.js';
import { useAreaNames } from '../map/useAreaNames.js';
import { useResource } from './config/ui.js';
import './reports.css';

const LIST = itemsOf(ReportSchema);
const ONE = dataOf(ReportSchema);
const SIMILAR = itemsOf(SimilarReportSchema);
const FILTERS = ['new', 'verified', 'in_progress', 'closed', 'rejected', 'merged', 'all'] as const;
type Filter = (typeof FILTERS)[number];

const message = (e: unknown) =>
  t('reports.failed', { message: e instanceof ApiError || e instanceof Error ? e.message : String(e) });

export function ReportsPage({ user }: { user: SessionUser }) {
  const mayBlock = roleCan(user.role, 'reports:block');
  const [status, setStatus] = useState<Filter>('new');
  const [actionError, setActionError] = useState<string | null>(null);
  const res = useResource(
    async () => parseData(LIST, await request('GET', `/api/v1/reports?status=${status}`)).items,
    status,
  );
  const items = res.loading ? null : res.data;
  const error = actionError ?? (res.error ? message(res.error) : null);
  const reload = () => {
    setActionError(null);
    res.reload();
  };
  return (
    <section className="panel panel--open reports" data-testid="reports-page" aria-labelledby="reports-title">
      <div className="panel__head">
        <h2 id="reports-title">{t('reports.title')}</h2>
      </div>
      <div className="panel__body">
        <p className="muted reports__hint">{t('reports.hint')}</p>
        <label className="reports__filter">
          {t('reports.filter')}{' '}
          <select
            value={status}
            onChange={(e) => setStatus(e.target.value as Filter)}
            data-testid="reports-filter"
          >
            {FILTERS.map((f) => (
              <option key={f} value={f}>
                {t(`reports.status.${f}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        {error ? (
          <p role="alert" className="reports__error">
            {error}
          </p>
        ) : null}
        {items === null ? <p>{t('reports.loading')}</p> : null}
        {items?.length === 0 ? <p>{t('reports.empty')}</p> : null}
        <ul className="reports__list">
          {items?.map((r) => (
            <ReportCard
              key={r.id}
              report={r}
              mayBlock={mayBlock}
              onChanged={reload}
              onError={setActionError}
            />
          ))}
        </ul>
      </div>
    </section>
  );
}

type Props = { report: Report; mayBlock: boolean; onChanged: () => void; onError: (e: string) => void };

/** The sender identities a report carries, most specific first (what the block list can refuse). */
function identities(r: Report): { kind: NewReportBlock['kind']; value: string }[] {
  const c = r.contact;
  return [
    ...(c.telegramChatId ? [{ kind: 'telegram' as const, value: c.telegramChatId }] : []),
    ...(c.phone ? [{ kind: 'phone' as const, value: c.phone }] : []),
    ...(c.email ? [{ kind: 'email' as const, value: c.email }] : []),
    ...(c.ip ? [{ kind: 'ip' as const, value: c.ip }] : []),
  ];
}

function ReportCard({ report: r, mayBlock, onChanged, onError }: Props) {
  const lang = useLang();
  const areas = useAreaNames();
  const [mode, setMode] = useState<'merge' | 'reject' | 'block' | null>(null);
  const [blocked, setBlocked] = useState<string | null>(null);
  const ids = identities(r);
  const [blockWhich, setBlockWhich] = useState(0);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const cat = reportCategory(r.serviceCode);
  const place = (r.kelurahanCode && areas.get(r.kelurahanCode)) ?? r.kelurahanCode ?? t('reports.noPlace');
  const act = async (action: 'verify' | 'merge' | 'reject', body: unknown) => {
    setBusy(true);
    try {
      ONE.parse(await request('POST', `/api/v1/reports/${r.id}/${action}`, body));
      setMode(null);
      setText('');
      onChanged();
    } catch (e) {
      onError(message(e));
    } finally {
      setBusy(false);
    }
  };
  const block = async () => {
    const who = ids[blockWhich];
    if (!who) return;
    setBusy(true);
    try {
      await request('POST', '/api/v1/report-blocks', { ...who, reason: text.trim() || undefined });
      setMode(null);
      setText('');
      setBlocked(
        t('reports.blocked', { who: `${t(`reports.kind.${who.kind}` as MessageKey)} ${who.value}` }),
      );
    } catch (e) {
      onError(message(e));
    } finally {
      setBusy(false);
    }
  };
  const contact = [
    r.contact.name,
    r.contact.phone,
    r.contact.email,
    r.contact.telegramChatId ? `Telegram ${r.contact.telegramChatId}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <li className="reports__card" data-testid={`report-${r.id}`}>
      {r.photo ? (
        <a href={`/api/v1/reports/${r.id}/photo`} target="_blank" rel="noreferrer">
          <img
            className="reports__thumb"
            src={`/api/v1/reports/${r.id}/photo`}
            alt={t('reports.photo', { id: r.id })}
            loading="lazy"
          />
        </a>
      ) : (
        <div className="reports__thumb reports__thumb--none" aria-hidden="true" />
      )}
      <div className="reports__body">
        <p className="reports__head">
          <strong>{cat ? (lang === 'en' ? cat.nameEn : cat.nameId) : r.serviceCode}</strong>{' '}
          <span className="reports__id">{r.id}</span>{' '}
          <span className={`reports__status reports__status--${r.status}`}>
            {t(`reports.status.${r.status}` as MessageKey)}
          </span>
        </p>
        <p className="reports__meta">
          {t('reports.place')}: {place}
          {r.point ? (
            <>
              {' '}
              (
              <a href={osmLink(r.point)} target="_blank" rel="noreferrer">
                {r.point[1].toFixed(5)}, {r.point[0].toFixed(5)}
              </a>
              )
            </>
          ) : null}{' '}
          · {formatDateTimeWita(r.submittedAt)} · {t('reports.channel')}:{' '}
          {t(`gov.reports.channel.${r.channel}` as MessageKey)}
        </p>
        <p className="reports__text">{r.description}</p>
        {contact ? (
          <p className="reports__meta">
            {t('reports.contact')}: {contact}
          </p>
        ) : null}
        {r.statusNote ? <p className="reports__meta">{r.statusNote}</p> : null}
        {r.history.length > 1 ? (
          <p className="reports__meta" data-testid={`report-history-${r.id}`}>
            {t('reports.history')}:{' '}
            {r.history
              .map((h) => `${t(`reports.status.${h.status}` as MessageKey)} ${formatDateTimeWita(h.at)}`)
              .join(' → ')}
          </p>
        ) : null}
        {blocked ? (
          <p className="reports__meta" role="status">
            {blocked}
          </p>
        ) : null}
        {r.incidentId ? <p className="reports__meta">{t('reports.incident', { id: r.incidentId })}</p> : null}
        {r.status === 'new' ? (
          <div className="reports__actions">
            <button
              type="button"
              className="btn btn--primary"
              disabled={busy}
              onClick={() => void act('verify', {})}
            >
              {t('reports.verify')}
            </button>
            <button type="button" className="btn" disabled={busy} onClick={() => setMode('merge')}>
              {t('reports.merge')}
            </button>
            <button
              type="button"
              className="btn btn--danger"
              disabled={busy}
              onClick={() => setMode('reject')}
            >
              {t('reports.reject')}
            </button>
          </div>
        ) : null}
        {mayBlock && ids.length && !blocked && mode === null ? (
          <div className="reports__actions">
            <button type="button" className="btn btn--small" onClick={() => setMode('block')}>
              {t('reports.block')}
            </button>
          </div>
        ) : null}
        {mode === 'block' ? (
          <form
            className="reports__confirm"
            onSubmit={(e) => {
              e.preventDefault();
              void block();
            }}
          >
            <label>
              {t('reports.blockWho')}{' '}
              <select value={blockWhich} onChange={(e) => setBlockWhich(Number(e.target.value))}>
                {ids.map((who, i) => (
                  <option key={who.kind} value={i}>
                    {t(`reports.kind.${who.kind}` as MessageKey)}: {who.value}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('reports.blockReason')}{' '}
              <input value={text} onChange={(e) => setText(e.target.value)} maxLength={500} />
            </label>
            <button type="submit" className="btn btn--small btn--danger" disabled={busy}>
              {t('reports.blockConfirm')}
            </button>
            <button type="button" className="btn btn--small" onClick={() => setMode(null)}>
              {t('reports.cancel')}
            </button>
          </form>
        ) : null}
        {mode === 'merge' || mode === 'reject' ? (
          <form
            className="reports__confirm"
            onSubmit={(e) => {
              e.preventDefault();
              void act(
                mode,
                mode === 'merge' ? { into: text.trim().toUpperCase() } : { reason: text.trim() },
              );
            }}
          >
            <label>
              {mode === 'merge' ? t('reports.mergeInto') : t('reports.rejectReason')}{' '}
              <input
                value={text}
                onChange={(e) => setText(e.target.value)}
                required
                maxLength={500}
                placeholder={mode === 'merge' ? 'LPR-2026-000123' : ''}
              />
            </label>
            <button type="submit" className="btn btn--small" disabled={busy || !text.trim()}>
              {t('reports.confirm')}
            </button>
            <button type="button" className="btn btn--small" onClick={() => setMode(null)}>
              {t('reports.cancel')}
            </button>
            {mode === 'merge' ? <SimilarReports id={r.id} onPick={setText} /> : null}
          </form>
        ) : null}
      </div>
    </li>
  );
}

/** Reports that may be the same problem (same category, near, within days), to merge into with one pick. */
function SimilarReports({ id, onPick }: { id: string; onPick: (id: string) => void }) {
  const similar = useResource(
    async () => parseData(SIMILAR, await request('GET', `/api/v1/reports/${id}/similar`)).items,
    id,
  );
  if (!similar.data) return null;
  if (!similar.data.length) return <p className="reports__meta">{t('reports.similarNone')}</p>;
  return (
    <div className="reports__similar" data-testid={`similar-${id}`}>
      <p className="reports__meta">{t('reports.similar')}</p>
      <ul>
        {similar.data.map(({ report: o, distanceMeters }) => (
          <li key={o.id}>
            <button type="button" className="btn btn--small" onClick={() => onPick(o.id)}>
              {o.id}
            </button>{' '}
            {distanceMeters === null
              ? t('reports.sameKelurahan')
              : t('reports.metresAway', { m: formatNumber(distanceMeters, 0) })}{' '}
            · {t(`reports.status.${o.status}` as MessageKey)} · {formatDateTimeWita(o.submittedAt)} —{' '}
            {o.description.length > 80 ? `${o.description.slice(0, 80)}…` : o.description}
          </li>
        ))}
      </ul>
    </div>
  );
}
