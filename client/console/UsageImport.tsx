/**
 * Console upload of a monthly usage CSV: a dry run first (every bad row listed), then the import.
 * A secondary task: folded (`<details>`) under the usage figures until opened.
 */
import { useId, useState } from 'react';
import { ApiError, parseData, request } from '../live/api.js';
import { formatNumber } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import { UsageImportCheckResponseSchema, UsageImportResponseSchema } from '../../shared/api/usage.js';

type Issue = { path?: (string | number)[]; message: string };
type Outcome =
  | { kind: 'checked'; rows: number; wouldImport: number; duplicatesOfStored: number }
  | { kind: 'imported'; rows: number; imported: number; duplicatesOfStored: number }
  | { kind: 'invalid'; message: string; issues: Issue[] }
  | { kind: 'failed'; message: string };

export function UsageImport() {
  const inputId = useId();
  const [file, setFile] = useState<File | null>(null);
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);

  const send = async (dryRun: boolean): Promise<void> => {
    if (!file) return;
    setBusy(true);
    try {
      const text = await file.text();
      const json = await request(
        'POST',
        `/api/v1/usage/import${dryRun ? '?dryRun=true' : ''}`,
        text,
        'text/csv',
      );
      if (dryRun) {
        const d = parseData(UsageImportCheckResponseSchema, json);
        setOutcome({
          kind: 'checked',
          rows: d.rows,
          wouldImport: d.wouldImport,
          duplicatesOfStored: d.duplicatesOfStored,
        });
      } else {
        const d = parseData(UsageImportResponseSchema, json);
        setOutcome({
          kind: 'imported',
          rows: d.rows,
          imported: d.imported,
          duplicatesOfStored: d.duplicatesOfStored,
        });
      }
    } catch (e) {
      if (e instanceof ApiError && Array.isArray(e.details))
        setOutcome({ kind: 'invalid', message: e.message, issues: e.details as Issue[] });
      else setOutcome({ kind: 'failed', message: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="panel panel--open usage-import" data-testid="usage-import">
      <summary className="usage-import__summary" data-testid="usage-import-toggle">
        <h2 id={`${inputId}-title`} className="usage-import__title">
          {t('usageImport.title')}
        </h2>
        <span className="muted">{t('usageImport.summary')}</span>
      </summary>
      <div className="panel__body">
        <p className="usage-import__help">{t('usageImport.help')}</p>
        <div className="usage-import__row">
          <label htmlFor={inputId}>{t('usageImport.file')}</label>
          <input
            id={inputId}
            type="file"
            accept=".csv,text/csv"
            data-testid="usage-import-file"
            onChange={(e) => {
              setFile(e.target.files?.[0] ?? null);
              setOutcome(null);
            }}
          />
          <button
            type="button"
            className="btn"
            disabled={!file || busy}
            onClick={() => void send(true)}
            data-testid="usage-import-check"
          >
            {t('usageImport.check')}
          </button>
          <button
            type="button"
            className="btn btn--primary"
            disabled={!file || busy || outcome?.kind !== 'checked'}
            onClick={() => void send(false)}
            data-testid="usage-import-run"
          >
            {t('usageImport.run')}
          </button>
        </div>
        <div role="status" aria-live="polite" data-testid="usage-import-result">
          {outcome?.kind === 'checked' ? (
            <p>
              {t('usageImport.checked', {
                rows: formatNumber(outcome.rows),
                count: formatNumber(outcome.wouldImport),
                dup: formatNumber(outcome.duplicatesOfStored),
              })}
            </p>
          ) : null}
          {outcome?.kind === 'imported' ? (
            <p>
              {t('usageImport.imported', {
                rows: formatNumber(outcome.rows),
                count: formatNumber(outcome.imported),
                dup: formatNumber(outcome.duplicatesOfStored),
              })}
            </p>
          ) : null}
          {outcome?.kind === 'failed' ? <p className="usage-import__error">{outcome.message}</p> : null}
          {outcome?.kind === 'invalid' ? (
            <>
              <p className="usage-import__error">{outcome.message}</p>
              <ul className="usage-import__issues">
                {outcome.issues.map((i, n) => (
                  <li key={n}>
                    {i.path && i.path.length
                      ? `${t('usageImport.line')} ${String(i.path[0])}${i.path[1] !== undefined ? `, ${String(i.path[1])}` : ''}: `
                      : ''}
                    {i.message}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </div>
      </div>
    </details>
  );
}
