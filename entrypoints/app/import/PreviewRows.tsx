import { useFormat, useI18n } from '@/components/i18n';
import type { CsvRecord } from '@/lib/csv/parse';

/** The file's first rows as read (spreadsheet row numbers), folded away until asked for. */
export function PreviewRows({ header, records }: { header: string[]; records: CsvRecord[] }) {
  const { t } = useI18n();
  const format = useFormat();
  return (
    <details className="wi-preview">
      <summary>{format.count('wiPreviewRows', records.length)}</summary>
      <div className="wi-preview-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('wiRow')}</th>
              {header.map((h, i) => (
                <th key={i} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {records.map((r) => (
              <tr key={r.row}>
                <th scope="row">{r.row}</th>
                {header.map((_, i) => (
                  <td key={i}>{r.cells[i] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
