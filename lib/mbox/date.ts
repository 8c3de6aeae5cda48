const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// Hours from UTC of the zone names of RFC 2822 §4.3, and of those mailers still write (JST, CET…).
// An unknown name reads as UTC, as RFC 2822 says of unknown military zones ("-0000").
const ZONES: Record<string, number> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -5,
  edt: -4,
  cst: -6,
  cdt: -5,
  mst: -7,
  mdt: -6,
  pst: -8,
  pdt: -7,
  jst: 9,
  kst: 9,
  hkt: 8,
  sgt: 8,
  wet: 0,
  west: 1,
  bst: 1,
  cet: 1,
  cest: 2,
  met: 1,
  mest: 2,
  eet: 2,
  eest: 3,
  msk: 3,
  hst: -10,
  akst: -9,
  akdt: -8,
  aest: 10,
  aedt: 11,
  nzst: 12,
  nzdt: 13,
};

const TIME = String.raw`(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?(?:\s*([ap])\.?m\b\.?)?`;
// "+0900", "+09:00", "GMT+0100", "UTC+9", or a name ("GMT", "EST", "JST").
const ZONE = String.raw`((?:(?:gmt|utc|ut)\s*)?[+-]\d{1,4}(?::\d{2})?|[a-z]{1,5}\b)`;
// RFC 2822 and its obsolete forms: "Mon, 2 Mar 2026 09:00:00 +0900", "2-Mar-26 9:00 PM EST".
const RFC2822 = new RegExp(String.raw`^\s*(?:[a-z]+\.?,?\s*)?(\d{1,2})[\s-]+([a-z]{3,9})\.?,?[\s-]+(\d{2,4}),?\s+${TIME}(?:\s*${ZONE})?`, 'i');
// asctime and its relatives: "Thu Mar  5 12:00:00 2026" (From_ lines), "Mon Jan 01 00:00:00 +0000 2024"
// (Google Takeout), "Mon Mar 02 2026 10:00:00 GMT+0900 (JST)" (JavaScript's Date#toString).
const ASCTIME = new RegExp(String.raw`^\s*(?:[a-z]+\.?,?\s+)?([a-z]{3,9})\.?\s+(\d{1,2}),?\s+(?:(\d{4})\s+${TIME}(?:\s*${ZONE})?|${TIME}(?:\s*${ZONE})?\s+(\d{4}))\b`, 'i');
// ISO 8601 / RFC 3339: "2026-03-05T12:00:00Z", "2026-03-05 12:00", "2026-03-05".
const ISO = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T\s](\d{2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?)?\s*(z|[+-]\d{2}(?::?\d{2})?)?\s*$/i;

/** Minutes east of UTC of a zone token; null when it is not a possible zone. */
function zoneMinutes(token: string | undefined): number | null {
  if (!token) return 0;
  const zone = token.toLowerCase().replace(/\s+/g, '');
  const numeric = /^(?:gmt|utc|ut)?([+-])(\d{1,4})(?::(\d{2}))?$/.exec(zone);
  if (numeric) {
    const [, sign, digits, colonMinutes] = numeric;
    let hours: number;
    let minutes: number;
    if (colonMinutes !== undefined) [hours, minutes] = [Number(digits), Number(colonMinutes)];
    else if (digits.length <= 2) [hours, minutes] = [Number(digits), 0];
    else [hours, minutes] = [Number(digits.slice(0, -2)), Number(digits.slice(-2))];
    if (hours > 23 || minutes > 59) return null;
    return (sign === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  return (ZONES[zone] ?? 0) * 60;
}

/** Epoch ms of a wall-clock time at a UTC offset; null for an impossible date or time (30 Feb, 25:00). */
function utc(year: number, month: number, day: number, hour: number, minute: number, second: number, offsetMinutes: number | null): number | null {
  if (offsetMinutes === null || month < 0 || month > 11 || hour > 23 || minute > 59 || second > 60) return null;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC reads years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month || date.getUTCDate() !== day) return null;
  // A leap second (:60) is read as the second before.
  date.setUTCHours(hour, minute, Math.min(second, 59));
  return date.getTime() - offsetMinutes * 60_000;
}

function hour24(hour: number, meridiem: string | undefined): number {
  if (!meridiem) return hour;
  // "12:30 AM" is 00:30; "13:00 PM" is no time at all.
  if (hour > 12) return 99;
  return (hour % 12) + (meridiem.toLowerCase() === 'p' ? 12 : 0);
}

function fullYear(text: string): number {
  const year = Number(text);
  // RFC 2822 §4.3: two-digit years below 50 are 20xx, others 19xx; three digits add 1900.
  if (text.length === 2) return year + (year < 50 ? 2000 : 1900);
  if (text.length === 3) return year + 1900;
  return year;
}

/**
 * Epoch ms from a mail date: RFC 2822 (obsolete forms, named zones, "GMT+0100", AM/PM), asctime
 * (From_ lines) or ISO 8601. A date without a zone is UTC, never the machine's zone. Null when
 * missing, unreadable or impossible (30 February, hour 25).
 */
export function parseMailDate(value: string | undefined): number | null {
  if (!value) return null;
  // A date is short: a long value is garbage, and need not cost the regular expressions time.
  value = value.slice(0, 200);
  let m = RFC2822.exec(value);
  if (m) {
    const [, day, month, year, hour, minute, second, meridiem, zone] = m;
    return utc(fullYear(year), MONTHS.indexOf(month.slice(0, 3).toLowerCase()), Number(day), hour24(Number(hour), meridiem), Number(minute), Number(second ?? 0), zoneMinutes(zone));
  }
  m = ASCTIME.exec(value);
  if (m) {
    const [, month, day, yearFirst, h1, mi1, s1, ap1, z1, h2, mi2, s2, ap2, z2, yearLast] = m;
    const [hour, minute, second, meridiem, zone] = yearFirst ? [h1, mi1, s1, ap1, z1] : [h2, mi2, s2, ap2, z2];
    return utc(Number(yearFirst ?? yearLast), MONTHS.indexOf(month.slice(0, 3).toLowerCase()), Number(day), hour24(Number(hour), meridiem), Number(minute), Number(second ?? 0), zoneMinutes(zone));
  }
  m = ISO.exec(value);
  if (m) {
    const [, year, month, day, hour, minute, second, zone] = m;
    return utc(Number(year), Number(month) - 1, Number(day), Number(hour ?? 0), Number(minute ?? 0), Number(second ?? 0), zone?.toLowerCase() === 'z' ? 0 : zoneMinutes(zone));
  }
  return null;
}

/** The date of a Received header (after its last ";"); null when it has none. */
export function receivedDate(value: string): number | null {
  const semicolon = value.lastIndexOf(';');
  return semicolon < 0 ? null : parseMailDate(value.slice(semicolon + 1));
}

/** The date of an mbox From_ line (after "From ": the envelope sender, then an asctime date); null when it has none. */
export function envelopeDate(line: string): number | null {
  return parseMailDate(line.replace(/^\S*\s+/, ''));
}
