import { downloadFile } from '../download';
import { fileDate } from '@/lib/format';
import { exportContactsCsv, type ExportColumn } from '@/lib/csv/export';
import type { Tag } from '@/lib/db/types';
import type { SegmentContact } from '@/lib/segments/columns';

/** A file name for an export: "kizuna-<name>-YYYY-MM-DD.csv" with anything unsafe in a file name replaced. */
export function exportFileName(name: string, now = new Date()): string {
  const safe =
    name
      .normalize('NFKC')
      .replace(/[\\/:*?"<>|\s]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'contacts';
  return `kizuna-${safe}-${fileDate(now)}.csv`;
}

/** Writes the contacts as CSV (lib/csv/export: UTF-8 BOM, formula-safe) and downloads the file. */
export function downloadContactsCsv(contacts: readonly SegmentContact[], columns: ExportColumn[], tags: Map<number, Tag>, fileName: string): void {
  const tagNames = new Map([...tags].map(([id, tag]) => [id, tag.name]));
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const csv = exportContactsCsv(contacts, columns, { tagNames, timeZone });
  downloadFile(csv, fileName, 'text/csv;charset=utf-8');
}
