import { guessMapping, assertMappingUsable, type CsvMapping, type CustomFieldDef } from './mapping';
import { parseCsv, type CsvRecord, type CsvSource, type ParseCsvOptions } from './parse';
import type { Delimiter } from './sniff';
import { createRowValidator, type ValidatedRows } from './validate';

export interface CsvPreview {
  header: string[];
  delimiter: Delimiter;
  /** The first rows, for the mapping screen. */
  records: CsvRecord[];
  mapping: CsvMapping;
}

/** Reads the header and first rows of a CSV and guesses the column mapping (for the mapping step). */
export async function previewCsv(
  source: CsvSource,
  options: { rows?: number; delimiter?: Delimiter; customFields?: CustomFieldDef[]; signal?: AbortSignal } = {},
): Promise<CsvPreview> {
  const parsed = await parseCsv(source, { delimiter: options.delimiter, maxRows: options.rows ?? 20, signal: options.signal });
  return {
    header: parsed.header,
    delimiter: parsed.delimiter,
    records: parsed.records,
    mapping: guessMapping(parsed.header, { customFields: options.customFields }),
  };
}

export type CsvImportRead =
  | { status: 'no-rows'; header: string[]; message: string }
  | { status: 'ok'; header: string[]; delimiter: Delimiter; rows: ValidatedRows };

/** Parses and validates a whole CSV with a confirmed mapping, chunk by chunk; a header-only file gives `status: 'no-rows'`. */
export async function readCsvForImport(
  source: CsvSource,
  mapping: CsvMapping,
  options: Omit<ParseCsvOptions, 'onRows' | 'maxRows'> = {},
): Promise<CsvImportRead> {
  let validator: ReturnType<typeof createRowValidator> | undefined;
  const parsed = await parseCsv(source, {
    ...options,
    onRows: (records, header) => {
      if (!validator) {
        assertMappingUsable(mapping, header);
        validator = createRowValidator(header, mapping);
      }
      validator.add(records);
    },
  });
  if (parsed.rowCount === 0) {
    return { status: 'no-rows', header: parsed.header, message: 'The file has a header row but no data rows.' };
  }
  validator ??= createRowValidator(parsed.header, mapping);
  assertMappingUsable(mapping, parsed.header);
  validator.addParseErrors(parsed.rowErrors);
  return { status: 'ok', header: parsed.header, delimiter: parsed.delimiter, rows: validator.result() };
}
