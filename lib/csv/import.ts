import { guessDateOrder } from './dates';
import type { PhaseLog } from './import-phases';
import { guessMapping, assertMappingUsable, type CsvMapping, type CustomFieldDef, type SignalField } from './mapping';
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

export interface PreviewOptions {
  rows?: number;
  delimiter?: Delimiter;
  customFields?: CustomFieldDef[];
  /** The custom field keys the risk settings read each CRM signal from. */
  signalKeys?: Partial<Record<SignalField, string>>;
  signal?: AbortSignal;
}

/** Reads the header and first rows of a CSV and guesses the column mapping and date order (for the mapping step). */
export async function previewCsv(source: CsvSource, options: PreviewOptions = {}): Promise<CsvPreview> {
  const parsed = await parseCsv(source, { delimiter: options.delimiter, maxRows: options.rows ?? 20, signal: options.signal });
  const mapping = guessMapping(parsed.header, { customFields: options.customFields, signalKeys: options.signalKeys });
  const dateOrder = guessDateOrder(parsed.records.flatMap((r) => r.cells));
  if (dateOrder) mapping.dateOrder = dateOrder;
  return { header: parsed.header, delimiter: parsed.delimiter, records: parsed.records, mapping };
}

export type CsvImportRead = { status: 'no-rows'; header: string[]; message: string } | { status: 'ok'; header: string[]; delimiter: Delimiter; rows: ValidatedRows };

/** Parses and validates a whole CSV with a confirmed mapping, chunk by chunk; a header-only file gives `status: 'no-rows'`. */
export async function readCsvForImport(source: CsvSource, mapping: CsvMapping, options: Omit<ParseCsvOptions, 'onRows' | 'maxRows'> & { phases?: PhaseLog } = {}): Promise<CsvImportRead> {
  let validator: ReturnType<typeof createRowValidator> | undefined;
  const { phases, ...parseOptions } = options;
  const parsed = await parseCsv(source, {
    ...parseOptions,
    onRows: (records, header) => {
      const start = performance.now();
      if (!validator) {
        assertMappingUsable(mapping, header);
        validator = createRowValidator(header, mapping);
      }
      validator.add(records);
      phases?.add('check: validate (within parse)', start, performance.now() - start);
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
