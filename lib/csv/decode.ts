import { CsvError } from './errors';

export type CsvEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'shift_jis';

export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
  /** Whether the bytes started with a byte-order mark (removed from `text`). */
  bom: boolean;
}

function decode(bytes: Uint8Array, encoding: CsvEncoding, fatal: boolean): string {
  // ignoreBOM: true keeps the decoder from eating it, so BOM handling is ours and explicit.
  return new TextDecoder(encoding, { fatal, ignoreBOM: true }).decode(bytes);
}

function bomOf(bytes: Uint8Array): { encoding: CsvEncoding; length: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

/** Decodes CSV bytes: the BOM decides (UTF-8/UTF-16), else valid UTF-8, else Shift_JIS (Windows-31J); `forced` skips detection. */
export function decodeCsvBytes(bytes: Uint8Array, forced?: CsvEncoding): DecodedCsv {
  const bom = bomOf(bytes);
  if (forced) {
    const skip = bom && bom.encoding === forced ? bom.length : 0;
    return { text: decode(bytes.subarray(skip), forced, false), encoding: forced, bom: skip > 0 };
  }
  if (bom) return { text: decode(bytes.subarray(bom.length), bom.encoding, false), encoding: bom.encoding, bom: true };
  try {
    return { text: decode(bytes, 'utf-8', true), encoding: 'utf-8', bom: false };
  } catch {
    // Not UTF-8: fall through to Shift_JIS, the other encoding spreadsheets commonly write here.
  }
  try {
    return { text: decode(bytes, 'shift_jis', true), encoding: 'shift_jis', bom: false };
  } catch {
    throw new CsvError('encoding', 'The file is neither UTF-8 nor Shift_JIS text. Save it from your spreadsheet as "CSV UTF-8".');
  }
}
