/** Pieces the console tables share: the panel, sortable column headers, the paged table and its pager. */
import type { ReactNode } from 'react';
import { ExportButton } from '../components/ExportButton.js';
import { formatNumber } from '../i18n/format.js';
import { t, type MessageKey } from '../i18n/index.js';
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

export type SortColumn<K extends string> = { key: K; label: MessageKey; className?: string };

/** A run of sortable column headers, one per column, in order. */
export function SortHeaders<K extends string>({
  columns,
  sort,
  onSort,
}: {
  columns: readonly SortColumn<K>[];
  sort: Sort<K> | null;
  onSort: (next: Sort<K> | null) => void;
}) {
  return (
    <>
      {columns.map((c) => (
        <SortHeader key={c.key} sortKey={c.key} sort={sort} onSort={onSort} className={c.className}>
          {t(c.label)}
        </SortHeader>
      ))}
    </>
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

export type TablePanelProps = {
  /** Names the heading (`${name}-title`), the count, the table, the pager and the CSV file. */
  name: string;
  title: string;
  count: number;
  csvHeader: () => string[];
  csvRows: () => string[][];
  children: ReactNode;
};

/** A live table's panel: its title with the number of rows, the CSV export, then `children`. */
export function TablePanel({ name, title, count, csvHeader, csvRows, children }: TablePanelProps) {
  return (
    <section className="panel" aria-labelledby={`${name}-title`}>
      <div className="panel__head">
        <h2 id={`${name}-title`}>
          {title}{' '}
          <span className="muted" data-testid={`${name}-count`}>
            ({formatNumber(count)})
          </span>
        </h2>
        <ExportButton name={name} label={title} header={csvHeader} rows={csvRows} />
      </div>
      {children}
    </section>
  );
}

/** Why a live table has no rows: the first snapshot is still coming, the filters match none, or there are none. */
export function noRowsText(hasSnapshot: boolean, filtered: boolean, none: string): string {
  return !hasSnapshot ? t('common.loading') : filtered ? t('console.noMatch') : none;
}

export type PagedTableProps = {
  name: string;
  className: string;
  total: number;
  page: number;
  onPage: (page: number) => void;
  /** Shown instead of the table when there are no rows. */
  empty: string;
  /** The header row's cells. */
  head: ReactNode;
  /** This page's rows. */
  children: ReactNode;
};

/** One page of a live table (`${name}-table`) with its pager, or `empty` when there are no rows. */
export function PagedTable({ name, className, total, page, onPage, empty, head, children }: PagedTableProps) {
  if (total === 0) return <p className="panel__empty">{empty}</p>;
  return (
    <>
      <div className="table-wrap">
        <table className={className} data-testid={`${name}-table`}>
          <thead>
            <tr>{head}</tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      </div>
      <Pager id={name} total={total} page={page} onPage={onPage} />
    </>
  );
}

/** An escalation level: raised levels stand out, level 0 is muted. */
export function EscalationLevel({ level }: { level: number }) {
  return level > 0 ? (
    <span className="level level--up">{formatNumber(level)}</span>
  ) : (
    <span className="muted">0</span>
  );
}
