/** How a date with the year last (03/04/2024) is read: month first (US, Salesforce's default) or day first. */
export type DateOrder = 'month-first' | 'day-first';

/** A date cell read: epoch ms, or why not (`impossible`: it has a date's shape but no such day or time, as 2026-02-30). */
export type DateReading = { ok: true; ms: number } | { ok: false; impossible: boolean };

const time = (separator: string) => String.raw`(?:${separator}(\d{1,2})[:時](\d{1,2})分?(?::(\d{2})(?:\.\d+)?)?\s*([ap]\.?m\.?)?)?`;
const YEAR_FIRST = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${time('[ T]+')}$`, 'i');
const JAPANESE = new RegExp(String.raw`^(\d{4})年(\d{1,2})月(\d{1,2})日${time('\\s*')}$`, 'i');
const YEAR_LAST = new RegExp(String.raw`^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})${time('[ T]+')}$`, 'i');
const ISO_ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

function utc(y: string, mo: string, d: string, h = '0', mi = '0', s = '0', meridiem?: string): DateReading {
  let hour = +h;
  if (meridiem) {
    if (hour < 1 || hour > 12) return { ok: false, impossible: true };
    hour = (hour % 12) + (meridiem[0].toLowerCase() === 'p' ? 12 : 0);
  }
  if (hour > 23 || +mi > 59 || +s > 59) return { ok: false, impossible: true };
  const ms = Date.UTC(+y, +mo - 1, +d, hour, +mi, +s);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March 2: a day that does not exist is refused, not moved.
  if (back.getUTCFullYear() !== +y || back.getUTCMonth() !== +mo - 1 || back.getUTCDate() !== +d) return { ok: false, impossible: true };
  return { ok: true, ms };
}

/**
 * Reads a date cell as UTC: YYYY-MM-DD or YYYY/MM/DD (optional time, AM/PM), 2024年3月15日, MM/DD/YYYY
 * or DD/MM/YYYY by `order`, ISO 8601 with a zone; full-width digits too.
 */
export function readDateCell(text: string, order: DateOrder = 'month-first'): DateReading {
  const t = text.normalize('NFKC').trim();
  const m = YEAR_FIRST.exec(t) ?? JAPANESE.exec(t);
  if (m) return utc(m[1], m[2], m[3], m[4], m[5], m[6], m[7]);
  const last = YEAR_LAST.exec(t);
  if (last) {
    const [month, day] = order === 'month-first' ? [last[1], last[2]] : [last[2], last[1]];
    return utc(last[3], month, day, last[4], last[5], last[6], last[7]);
  }
  if (ISO_ZONED.test(t)) {
    const ms = Date.parse(t);
    const day = utc(t.slice(0, 4), t.slice(5, 7), t.slice(8, 10));
    return Number.isNaN(ms) || !day.ok ? { ok: false, impossible: true } : { ok: true, ms };
  }
  return { ok: false, impossible: false };
}

/** Epoch ms of a date cell (see readDateCell), or undefined when it is not a date that exists. */
export function parseDateCell(text: string, order?: DateOrder): number | undefined {
  const reading = readDateCell(text, order);
  return reading.ok ? reading.ms : undefined;
}

/** The date order the sample cells show: day first when one starts above 12, month first otherwise; undefined when no cell has the year last. */
export function guessDateOrder(cells: Iterable<string>): DateOrder | undefined {
  let seen: DateOrder | undefined;
  for (const cell of cells) {
    const m = YEAR_LAST.exec(cell.normalize('NFKC').trim());
    if (!m) continue;
    if (+m[1] > 12 && +m[2] <= 12) return 'day-first';
    seen = 'month-first';
  }
  return seen;
}

/** A date as a custom field stores it: YYYY-MM-DD at midnight UTC, else the full ISO time (what the risk rules read). */
export function isoDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
}
