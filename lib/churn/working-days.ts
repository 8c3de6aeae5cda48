import { zonedParts } from '../reports/zone';

const DAY = 86_400_000;

/** The user's IANA time zone (working days are counted on their wall clock). */
export const userTimeZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
/** The zone's offset at `at` (wall clock − UTC, ms), read from Intl. */
function offsetAt(at: number, timeZone: string): number {
  const p = zonedParts(at, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) + (((at % 1000) + 1000) % 1000) - at;
}

// Offsets change only at transitions, which fall on whole quarter hours of UTC (every zone's offset is a
// multiple of 15 minutes): one Intl call per zone and quarter hour instead of one per instant (a full rescore
// asks for about ten per contact, and formatToParts costs microseconds each).
const QUARTER = 900_000;
const offsets = new Map<string, Map<number, number>>();
const MAX_CACHED = 200_000;

/** The wall-clock time at `at` in an IANA time zone, as if that wall clock were UTC (epoch ms). */
export function wallClock(at: number, timeZone = 'UTC'): number {
  if (timeZone === 'UTC') return at;
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  const quarter = Math.floor(at / QUARTER);
  let offset = zone.get(quarter);
  if (offset === undefined) {
    offset = offsetAt(quarter * QUARTER, timeZone);
    if (zone.size >= MAX_CACHED) zone.clear();
    zone.set(quarter, offset);
  }
  return at + offset;
}

/** True when the string is an IANA time zone this runtime knows. */
export function isTimeZone(timeZone: string): boolean {
  try {
    zonedParts(0, timeZone);
    return true;
  } catch {
    return false;
  }
}

// Day 0 of the epoch (1970-01-01) was a Thursday.
const isWeekday = (epochDay: number) => {
  const dow = (((epochDay + 4) % 7) + 7) % 7;
  return dow >= 1 && dow <= 5;
};

/** Working time (Mon–Fri, local wall clock in timeZone) between two instants, in days (fractional). */
export function workingDaysBetween(from: number, to: number, timeZone = 'UTC'): number {
  if (!(to > from)) return 0;
  const a = wallClock(from, timeZone);
  const b = wallClock(to, timeZone);
  if (!(b > a)) return 0;
  const dayA = Math.floor(a / DAY);
  const dayB = Math.floor(b / DAY);
  if (dayA === dayB) return isWeekday(dayA) ? (b - a) / DAY : 0;
  let total = isWeekday(dayA) ? (dayA + 1) * DAY - a : 0;
  total += isWeekday(dayB) ? b - dayB * DAY : 0;
  // Whole days in between: full weeks first, so a gap of years stays cheap.
  let first = dayA + 1;
  const last = dayB - 1;
  if (last >= first) {
    const weeks = Math.floor((last - first + 1) / 7);
    total += weeks * 5 * DAY;
    first += weeks * 7;
    for (let d = first; d <= last; d++) if (isWeekday(d)) total += DAY;
  }
  return total / DAY;
}
