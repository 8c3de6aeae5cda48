const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// Obsolete zone names of RFC 2822 §4.3, plus JST which Japanese mailers still write.
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, est: -5, edt: -4, cst: -6, cdt: -5, mst: -7, mdt: -6, pst: -8, pdt: -7, jst: 9,
};
const RFC2822 = /^\s*(?:[a-z]+,?\s*)?(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{2,4})\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\.\d+)?\s*([+-]\d{2}:?\d{2}|[a-z]{1,5})?/i;

/** Epoch ms from an RFC 2822 date (obsolete forms and zones included); null when unreadable. */
export function parseMailDate(value: string | undefined): number | null {
  if (!value) return null;
  const m = RFC2822.exec(value);
  if (m) {
    const month = MONTHS.indexOf(m[2].toLowerCase());
    let year = Number(m[3]);
    if (m[3].length === 2) year += year < 50 ? 2000 : 1900;
    else if (m[3].length === 3) year += 1900;
    const [day, hour, minute, second] = [m[1], m[4], m[5], m[6] ?? '0'].map(Number);
    let offset = 0;
    const zone = m[7]?.toLowerCase();
    if (zone && /^[+-]/.test(zone)) {
      const digits = zone.replace(':', '');
      offset = (zone[0] === '-' ? -1 : 1) * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
    } else if (zone) offset = (ZONES[zone] ?? 0) * 60;
    if (month >= 0 && day >= 1 && day <= 31 && hour <= 23 && minute <= 59 && second <= 60) {
      return Date.UTC(year, month, day, hour, minute, second) - offset * 60_000;
    }
  }
  // ISO 8601 and other forms some tools write. The trailing comment's pattern starts at its "(" and holds no
  // other: one starting at spaces, or letting "(" in, is retried at every one of them (quadratic).
  const parsed = Date.parse(value.replace(/\([^()]*\)\s*$/, '').trim());
  return Number.isNaN(parsed) ? null : parsed;
}
