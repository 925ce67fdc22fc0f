/** "Export CSV" for any table: the caller supplies the header and the rows as they are filtered now. */
import { t } from '../i18n/index.js';
import { downloadCsv } from './csv.js';

export type Props = {
  name: string;
  header: () => readonly string[];
  rows: () => readonly (readonly (string | number | null | undefined)[])[];
  /** What is exported, for screen readers (after the visible text). */
  label?: string;
};

export function ExportButton({ name, header, rows, label }: Props) {
  return (
    <button
      type="button"
      className="btn btn--small"
      data-testid={`export-${name}`}
      onClick={() => downloadCsv(name, header(), rows())}
    >
      {t('csv.export')}
      <span className="sr-only"> · {label ?? t('csv.exportLabel')}</span>
    </button>
  );
}
