/** Small building blocks every settings section uses: labelled fields, error and success lines, two-step delete, the shown-once secret. */
import { useCallback, useEffect, useId, useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { t } from '../../i18n/index.js';
import { headline, type FormError } from './errors.js';

export { CheckField, Field, IdField, SelectField, TextField } from './fields.js';

/** A titled panel for one settings section. */
export function Panel({
  title,
  testId,
  actions,
  children,
}: {
  title: string;
  testId: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const id = useId();
  return (
    <section className="panel panel--open cfg-panel" aria-labelledby={id} data-testid={testId}>
      <div className="panel__head">
        <h2 id={id}>{title}</h2>
        {actions ? <div className="cfg-actions">{actions}</div> : null}
      </div>
      <div className="panel__body">{children}</div>
    </section>
  );
}

/** The form's failure: a sentence, then every issue that has no field of its own. */
export function ErrorSummary({ error }: { error: FormError | null }) {
  if (!error) return null;
  const fieldCount = Object.values(error.fields).reduce((n, l) => n + l.length, 0);
  return (
    <div className="error-text cfg-error" role="alert" data-testid="form-error">
      <p>{error.message}</p>
      {fieldCount ? <p>{t('cfg.error.seeFields', { n: fieldCount })}</p> : null}
      {error.other.length ? (
        <ul>
          {error.other.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** A polite success line. */
export function Notice({ text }: { text: string | null }) {
  return (
    <p className="cfg-notice" role="status" aria-live="polite" data-testid="form-notice">
      {text ?? ''}
    </p>
  );
}

/** Delete/revoke in two steps: the first press asks, the second acts. */
export function ConfirmButton({
  label,
  confirmLabel,
  onConfirm,
  disabled,
  testId,
  what,
}: {
  label: string;
  confirmLabel: string;
  onConfirm: () => void;
  disabled?: boolean;
  testId: string;
  /** Names the row for screen readers. */
  what: string;
}) {
  const [asking, setAsking] = useState(false);
  const yes = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) yes.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button
        type="button"
        className="btn btn--small btn--danger"
        disabled={disabled}
        data-testid={testId}
        onClick={() => setAsking(true)}
      >
        {label}
        <span className="sr-only"> · {what}</span>
      </button>
    );
  }
  return (
    <span
      className="cfg-confirm"
      role="group"
      aria-label={`${label} · ${what}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setAsking(false);
      }}
    >
      <button
        ref={yes}
        type="button"
        className="btn btn--small btn--danger"
        data-testid={`${testId}-confirm`}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className="btn btn--small" onClick={() => setAsking(false)}>
        {t('common.cancel')}
      </button>
    </span>
  );
}

/** "Edit", naming its row for screen readers. */
export function EditButton({
  what,
  testId,
  ...rest
}: {
  what: string;
  testId?: string;
  disabled?: boolean;
  'aria-expanded'?: boolean;
  onClick: () => void;
}) {
  return (
    <button type="button" className="btn btn--small" data-testid={testId} {...rest}>
      {t('cfg.edit')}
      <span className="sr-only"> · {what}</span>
    </button>
  );
}

/** The two-step delete of a row ("Delete", then "Really delete?"). */
export function DeleteButton(props: Omit<Parameters<typeof ConfirmButton>[0], 'label' | 'confirmLabel'>) {
  return <ConfirmButton label={t('cfg.delete')} confirmLabel={t('cfg.confirmDelete')} {...props} />;
}

/** A secret shown once: read-only, selectable, with a copy button and a warning. */
export function SecretBox({
  label,
  value,
  warning,
  onDone,
  testId,
}: {
  label: string;
  value: string;
  warning: string;
  onDone: () => void;
  testId: string;
}) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'select' | null>(null);
  const copy = (): void => {
    input.current?.select();
    navigator.clipboard
      .writeText(value)
      .then(() => setCopied('yes'))
      .catch(() => setCopied('select'));
  };
  return (
    <div className="cfg-secret" role="region" aria-labelledby={`${id}-label`} data-testid={testId}>
      <p className="cfg-secret__warning">
        <strong>{t('cfg.secret.once')}</strong> {warning}
      </p>
      <label id={`${id}-label`} htmlFor={id}>
        {label}
      </label>
      <div className="cfg-secret__row">
        <input
          id={id}
          ref={input}
          readOnly
          value={value}
          className="cfg-secret__value"
          data-testid={`${testId}-value`}
          onFocus={(e) => e.target.select()}
        />
        <button type="button" className="btn btn--small" onClick={copy}>
          {t('cfg.secret.copy')}
        </button>
        <button type="button" className="btn btn--small" onClick={onDone}>
          {t('cfg.secret.done')}
        </button>
      </div>
      <p role="status" className="cfg-hint">
        {copied === 'yes' ? t('cfg.secret.copied') : copied === 'select' ? t('cfg.secret.copyManually') : ''}
      </p>
    </div>
  );
}

export type Resource<T> = { data: T | null; error: unknown; loading: boolean; reload: () => void };

/** Loads once, again whenever `key` changes and on `reload()`; keeps the last good data while reloading. */
export function useResource<T>(load: () => Promise<T>, key = ''): Resource<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  // Which request the data and error answer: loading until the current one (key, reload count) has.
  const request = `${tick}|${key}`;
  const [answered, setAnswered] = useState<string | null>(null);
  const loader = useRef(load);
  useLayoutEffect(() => {
    loader.current = load;
  });
  useEffect(() => {
    let cancelled = false;
    loader
      .current()
      .then((d) => {
        if (cancelled) return;
        setData(d);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!cancelled) setError(e);
      })
      .finally(() => {
        if (!cancelled) setAnswered(request);
      });
    return () => {
      cancelled = true;
    };
  }, [request]);
  const loading = answered !== request;
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { data, error, loading, reload };
}

/** Loading / failed line above a list. */
export function LoadState({
  resource,
  errorText,
}: {
  resource: Resource<unknown>;
  errorText: (e: unknown) => string;
}) {
  if (resource.error) {
    return (
      <p className="error-text" role="alert">
        {errorText(resource.error)}{' '}
        <button type="button" className="btn btn--small" onClick={resource.reload}>
          {t('cfg.retry')}
        </button>
      </p>
    );
  }
  if (resource.loading && resource.data === null) {
    return (
      <p className="panel__empty" role="status">
        {t('common.loading')}
      </p>
    );
  }
  return null;
}

/** Runs one mutation at a time with busy, error and success state. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const run = async (fn: () => Promise<string | null>, onError: (e: unknown) => void): Promise<boolean> => {
    setBusy(true);
    setNotice(null);
    try {
      setNotice(await fn());
      return true;
    } catch (e) {
      onError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, notice, setNotice, run };
}

export type RowAction = ReturnType<typeof useRowAction>;

/** A row's action (delete, revoke, end, open): one at a time, its failure as a line above the list. */
export function useRowAction() {
  const action = useAction();
  const [error, setError] = useState<string | null>(null);
  const run = (fn: () => Promise<string | null>): void => {
    setError(null);
    void action.run(fn, (e) => setError(headline(e)));
  };
  return { busy: action.busy, notice: action.notice, setNotice: action.setNotice, error, run };
}

/** The success line and the failure line of a row action. */
export function RowStatus({ action }: { action: RowAction }) {
  return (
    <>
      <Notice text={action.notice} />
      {action.error ? (
        <p className="error-text" role="alert">
          {action.error}
        </p>
      ) : null}
    </>
  );
}

/**
 * A settings form: no browser validation, submit without a reload; an edit form (with `heading`)
 * is named by its heading. After the fields: the failure summary, `status`, the buttons (`buttons`
 * before submit, cancel when `onCancel`) and, when given, the success line.
 */
export function ConfigForm({
  testId,
  heading,
  onSubmit,
  error,
  busy,
  submitLabel,
  submitTestId,
  onCancel,
  buttons,
  status,
  notice,
  children,
}: {
  testId?: string;
  heading?: string;
  onSubmit: () => void;
  error: FormError | null;
  busy: boolean;
  submitLabel: string;
  submitTestId?: string;
  onCancel?: () => void;
  buttons?: ReactNode;
  status?: ReactNode;
  notice?: string | null;
  children: ReactNode;
}) {
  return (
    <form
      className={heading === undefined ? 'cfg-form' : 'cfg-form cfg-edit'}
      aria-label={heading}
      data-testid={testId}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
    >
      {heading === undefined ? null : <h3>{heading}</h3>}
      {children}
      <ErrorSummary error={error} />
      {status}
      <div className="cfg-form__buttons">
        {buttons}
        <button type="submit" className="btn btn--primary" disabled={busy} data-testid={submitTestId}>
          {busy ? t('cfg.saving') : submitLabel}
        </button>
        {onCancel ? (
          <button type="button" className="btn" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        ) : null}
      </div>
      {notice === undefined ? null : <Notice text={notice} />}
    </form>
  );
}

/** A settings list: scrolls sideways on narrow screens, named for screen readers, one header row. */
export function ConfigTable({
  testId,
  caption,
  columns,
  children,
}: {
  testId: string;
  caption: string;
  columns: readonly string[];
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className="table cfg-table" data-testid={testId}>
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th key={i} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

/** A settings list's panel: its help line, the loading/failed line and the row actions' lines, then the list. */
export function ListPanel({
  title,
  testId,
  hint,
  resource,
  action,
  children,
}: {
  title: string;
  testId: string;
  hint: ReactNode;
  resource: Resource<unknown>;
  action: RowAction;
  children: ReactNode;
}) {
  return (
    <Panel title={title} testId={testId}>
      <p className="cfg-hint">{hint}</p>
      <LoadState resource={resource} errorText={headline} />
      <RowStatus action={action} />
      {children}
    </Panel>
  );
}

/** A ConfigTable with a row per item; "nothing yet" when there are none, nothing while still loading. */
export function ConfigList<R>({
  rows,
  children,
  ...table
}: Omit<Parameters<typeof ConfigTable>[0], 'children'> & {
  rows: readonly R[] | null;
  children: (row: R) => ReactNode;
}) {
  if (!rows) return null;
  if (!rows.length) return <p className="panel__empty">{t('cfg.empty')}</p>;
  return <ConfigTable {...table}>{rows.map(children)}</ConfigTable>;
}
