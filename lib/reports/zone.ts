export interface ZonedParts {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock date and time of an instant in an IANA time zone. */
export function zonedParts(ms: number, zone = 'UTC'): ZonedParts {
  const parts: Record<string, number> = {};
  for (const p of formatter(zone).formatToParts(ms)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

function offsetAt(ms: number, zone: string): number {
  const p = zonedParts(ms, zone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(ms / 1000) * 1000;
}

/** The instant a wall-clock time occurs in a zone (month may overflow: 13 is next January); DST gaps resolve forward. */
export function zonedTime(year: number, month: number, day = 1, hour = 0, zone = 'UTC'): number {
  const wall = Date.UTC(year, month - 1, day, hour);
  const first = wall - offsetAt(wall, zone);
  // The offset at the guess can differ from the offset at the answer across a DST change: correct once.
  const second = wall - offsetAt(first, zone);
  if (second === first || offsetAt(second, zone) === offsetAt(first, zone)) return second;
  return Math.max(first, second);
}

/** "YYYY-MM-DD HH:mm" of an instant in a zone (a form spreadsheets read as a date). */
export function formatZoned(ms: number, zone = 'UTC'): string {
  // Intl is slow per call; UTC needs none (this runs for every date cell of a 100,000-row export).
  if (zone === 'UTC') return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
  const p = zonedParts(ms, zone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}
