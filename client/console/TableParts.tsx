/** Pieces the console tables share: sortable column headers and a pager. */
import type { ReactNode } from 'react';
import { formatNumber } from '../i18n/format.js';
import { t } from '../i18n/index.js';
import type { Sort } from './filters.js';

/** Rows per page: few enough to read and to select with one click, at most one bulk command. */
export const PAGE_SIZE = 50;

/** The next sort when a header is clicked: ascending, then descending, then the default order. */
export function nextSort<K extends string>(current: Sort<K> | null, key: K): Sort<K> | null {
  if (!current || current.key !== key) return { key, dir: 'asc' };
  return current.dir === 'asc' ? { key, dir: 'desc' } : null;
}

export type SortHeaderProps<K extends string> = {
  sortKey: K;
  sort: Sort<K> | null;
  onSort: (next: Sort<K> | null) => void;
  children: ReactNode;
  className?: string;
};

/** A column header that sorts its table (a button, announced through `aria-sort`). */
export function SortHeader<K extends string>({
  sortKey,
  sort,
  onSort,
  children,
  className,
}: SortHeaderProps<K>) {
  const active = sort?.key === sortKey ? sort.dir : null;
  return (
    <th
      scope="col"
      className={className}
      aria-sort={active === 'asc' ? 'ascending' : active === 'desc' ? 'descending' : undefined}
      data-sort-key={sortKey}
    >
      <button
        type="button"
        className={`sort-button${active ? ' sort-button--active' : ''}`}
        onClick={() => onSort(nextSort(sort, sortKey))}
        data-testid={`sort-${sortKey}`}
      >
        {children}
        <span className="sort-button__mark" aria-hidden="true">
          {active === 'asc' ? '▲' : active === 'desc' ? '▼' : '↕'}
        </span>
      </button>
    </th>
  );
}

/** The page shown (clamped to the rows there are) and its slice bounds. */
export function pageSlice(
  total: number,
  page: number,
): { page: number; pages: number; start: number; end: number } {
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const p = Math.min(Math.max(1, page), pages);
  const start = (p - 1) * PAGE_SIZE;
  return { page: p, pages, start, end: Math.min(total, start + PAGE_SIZE) };
}

export type PagerProps = { id: string; total: number; page: number; onPage: (page: number) => void };

/** `1–50 dari 312` with previous/next; nothing when everything fits on one page. */
export function Pager({ id, total, page, onPage }: PagerProps) {
  const s = pageSlice(total, page);
  if (s.pages <= 1) return null;
  return (
    <nav className="pager" aria-label={t('pager.label')} data-testid={`${id}-pager`}>
      <button
        type="button"
        className="btn btn--small"
        disabled={s.page <= 1}
        onClick={() => onPage(s.page - 1)}
      >
        {t('pager.prev')}
      </button>
      <span className="pager__range" aria-live="polite">
        {t('pager.range', {
          from: formatNumber(s.start + 1),
          to: formatNumber(s.end),
          total: formatNumber(total),
        })}
      </span>
      <button
        type="button"
        className="btn btn--small"
        disabled={s.page >= s.pages}
        onClick={() => onPage(s.page + 1)}
      >
        {t('pager.next')}
      </button>
    </nav>
  );
}
