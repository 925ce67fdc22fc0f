/**
 * "Export CSV" for any table: the caller supplies the header and the rows as they are filtered now.
 * Two buttons: RFC 4180 CSV, and CSV for Excel in Indonesian locales (`;` between fields, decimal comma).
 */
import type { CsvCell, CsvDialect } from '../../shared/csv.js';
import { t } from '../i18n/index.js';
import { downloadCsv } from './csv.js';

export type Props = {
  name: string;
  header: () => readonly string[];
  rows: () => readonly (readonly CsvCell[])[];
  /** What is exported, for screen readers (after the visible text). */
  label?: string;
};

export function ExportButton({ name, header, rows, label }: Props) {
  const save = (dialect: CsvDialect) => () => downloadCsv(name, header(), rows(), dialect);
  return (
    <span className="export-buttons">
      <button type="button" className="btn btn--small" data-testid={`export-${name}`} onClick={save('comma')}>
        {t('csv.export')}
        <span className="sr-only"> · {label ?? t('csv.exportLabel')}</span>
      </button>
      <button
        type="button"
        className="btn btn--small"
        data-testid={`export-${name}-excel`}
        title={t('csv.exportExcelHint')}
        onClick={save('semicolon')}
      >
        {t('csv.exportExcel')}
        <span className="sr-only"> · {label ?? t('csv.exportLabel')}</span>
      </button>
    </span>
  );
}
