/**
 * Turns a failed call into what a form shows: one sentence, the issues that belong to a field
 * (by the first element of the server's `path`), and the rest as a list in plain words.
 */
import { t } from '../../i18n/index.js';
import { ApiError } from '../../live/api.js';

export type Issue = { path: readonly (string | number)[]; message: string };

export type FormError = {
  message: string;
  /** Issues keyed by field name (the first path element). */
  fields: Record<string, string[]>;
  /** Issues with no matching field, already in words. */
  other: string[];
  status: number;
};

function issuesOf(details: unknown): Issue[] {
  if (!Array.isArray(details)) return [];
  const out: Issue[] = [];
  for (const d of details as unknown[]) {
    if (!d || typeof d !== 'object') continue;
    const { path, message } = d as { path?: unknown; message?: unknown };
    if (typeof message !== 'string') continue;
    const p = Array.isArray(path)
      ? (path as unknown[]).filter(
          (x): x is string | number => typeof x === 'string' || typeof x === 'number',
        )
      : [];
    out.push({ path: p, message });
  }
  return out;
}

/** `steps.2.afterSeconds` → `steps › 3 › afterSeconds` (row numbers from one, as people count). */
export function pathText(
  path: readonly (string | number)[],
  label?: (field: string) => string | undefined,
): string {
  return path
    .map((p, i) => (typeof p === 'number' ? String(p + 1) : i === 0 ? (label?.(p) ?? p) : p))
    .join(' › ');
}

/** The sentence for a failure the user can act on. */
export function headline(err: unknown): string {
  if (!(err instanceof ApiError)) return t('error.generic');
  if (err.status === 0) return t('error.network');
  if (err.status === 401) return t('cfg.error.signedOut');
  if (err.status === 403) return t('cfg.error.forbidden');
  if (err.status === 404) return t('cfg.error.notFound');
  if (err.status === 409) return `${t('cfg.error.conflict')} ${err.message}`;
  if (err.status === 400) return t('cfg.error.invalid');
  return err.message || t('error.generic');
}

/**
 * Sorts a failure's issues onto the form's fields. `fields` are the names the form shows next to
 * inputs; `label` names a field for issues listed under the form.
 */
export function toFormError(
  err: unknown,
  fields: readonly string[],
  label?: (field: string) => string | undefined,
): FormError {
  const issues = err instanceof ApiError ? issuesOf(err.details) : [];
  const byField: Record<string, string[]> = {};
  const other: string[] = [];
  for (const i of issues) {
    const head = i.path[0];
    if (typeof head === 'string' && fields.includes(head) && i.path.length <= 2) {
      (byField[head] ??= []).push(
        i.path.length > 1 ? `${pathText(i.path.slice(1))}: ${i.message}` : i.message,
      );
    } else {
      other.push(i.path.length ? `${pathText(i.path, label)}: ${i.message}` : i.message);
    }
  }
  return { message: headline(err), fields: byField, other, status: err instanceof ApiError ? err.status : 0 };
}

/** A form error raised in the browser before sending (the same shape as the server's). */
export function localError(
  issues: Issue[],
  fields: readonly string[],
  label?: (field: string) => string | undefined,
): FormError {
  return toFormError(new ApiError(400, 'invalid', 'invalid', issues), fields, label);
}
