import { zonedParts, zonedTime } from '../reports/zone';
import type { TaskType } from './types';

/** What a quick task line says: the title left when the date and time are taken out, its type and due time. */
export interface QuickTask {
  title: string;
  type: TaskType;
  dueAt: number;
}

/** The hour a task without a time is due (local time). */
export const DEFAULT_HOUR = 9;

const HOUR = 3_600_000;
const WEEKDAYS_EN = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAYS_JA = ['日', '月', '火', '水', '木', '金', '土'];

// Type words, first match wins; `\b` does not work next to Japanese, so those are plain substrings.
const TYPE_WORDS: [RegExp, TaskType][] = [
  [/\b(call|phone|ring)\b|電話|架電|コール/i, 'call'],
  [/\b(e-?mail|mail|write|reply)\b|メール|返信/i, 'email'],
  [/\b(meet|meeting)\b|会議|打ち合わせ|打合せ|ミーティング|面談|訪問/i, 'meeting'],
];

interface Found {
  /** Days from today (local), or an absolute local date. */
  days?: number;
  hour?: number;
  minute?: number;
  /** Hours from now ("in 2 hours"). */
  hours?: number;
}

type Rule = [RegExp, (m: RegExpMatchArray, today: number) => Found];

const num = (s: string) => Number(s.normalize('NFKC'));
const daysUntil = (weekday: number, today: number) => (weekday - today + 7) % 7 || 7;

// Each rule's match is cut out of the title. Digits may be full-width (NFKC first).
const DATE_RULES: Rule[] = [
  [/\bin (\d+) (day|days|week|weeks)\b/i, (m) => ({ days: Number(m[1]) * (m[2].startsWith('week') ? 7 : 1) })],
  [/\bin (\d+) (hour|hours|hr|hrs)\b/i, (m) => ({ hours: Number(m[1]) })],
  [/\bday after tomorrow\b/i, () => ({ days: 2 })],
  [/\btomorrow\b|\btmrw?\b/i, () => ({ days: 1 })],
  [/\btoday\b|\btonight\b/i, () => ({ days: 0 })],
  [/\bnext week\b/i, (_m, today) => ({ days: daysUntil(1, today) })],
  [new RegExp(`\\b(?:on |next )?(${WEEKDAYS_EN.join('|')})\\b`, 'i'), (m, today) => ({ days: daysUntil(WEEKDAYS_EN.indexOf(m[1].toLowerCase()), today) })],
  [/(\d+)\s*(日|週間)後(?:に|の)?/, (m) => ({ days: num(m[1]) * (m[2] === '週間' ? 7 : 1) })],
  [/(\d+)\s*時間後(?:に|の)?/, (m) => ({ hours: num(m[1]) })],
  [/明後日(?:に|の)?|あさって(?:に|の)?/, () => ({ days: 2 })],
  [/明日(?:に|の)?|あした(?:に|の)?/, () => ({ days: 1 })],
  [/今日(?:中)?(?:に|の)?|きょう(?:に|の)?/, () => ({ days: 0 })],
  [/来週(?:に|の)?/, (_m, today) => ({ days: daysUntil(1, today) })],
  [/(?:来週の?)?([日月火水木金土])曜(?:日)?(?:に|の)?/, (m, today) => ({ days: daysUntil(WEEKDAYS_JA.indexOf(m[1]), today) })],
];

const TIME_RULES: Rule[] = [
  [/\b(?:at )?(\d{1,2}):(\d{2})\s*(am|pm)?\b/i, (m) => ({ hour: hour12(Number(m[1]), m[3]), minute: Number(m[2]) })],
  [/\b(?:at )?(\d{1,2})\s*(am|pm)\b/i, (m) => ({ hour: hour12(Number(m[1]), m[2]), minute: 0 })],
  [/\bat (\d{1,2})\b/i, (m) => ({ hour: Number(m[1]), minute: 0 })],
  [/(午前|午後)?\s*(\d{1,2})\s*時\s*(半|(\d{1,2})\s*分)?(?:に|から)?/, (m) => ({ hour: num(m[2]) + (m[1] === '午後' && num(m[2]) < 12 ? 12 : 0), minute: m[3] === '半' ? 30 : m[4] ? num(m[4]) : 0 })],
  [/(\d{1,2})[:：](\d{2})(?:に|から)?/, (m) => ({ hour: num(m[1]), minute: num(m[2]) })],
];

function hour12(hour: number, half?: string): number {
  if (!half) return hour;
  const pm = half.toLowerCase() === 'pm';
  return (hour % 12) + (pm ? 12 : 0);
}

function take(text: string, rules: Rule[], today: number): { found: Found; rest: string } {
  for (const [pattern, read] of rules) {
    const m = text.match(pattern);
    if (m && m.index !== undefined) return { found: read(m, today), rest: `${text.slice(0, m.index)} ${text.slice(m.index + m[0].length)}` };
  }
  return { found: {}, rest: text };
}

/**
 * Reads a quick task line in English or Japanese ("follow up in 3 days", "call tomorrow 10:00",
 * "明日 電話", "3日後にフォロー") at `now` in `timeZone`: the date and time words become the due time
 * (a date without a time is due at 9:00; no date: tomorrow, or today when only a later time is given),
 * the rest the title. Undefined when nothing but a date is left for a title.
 */
export function parseQuickTask(input: string, now: number, timeZone = 'UTC'): QuickTask | undefined {
  const text = input.normalize('NFKC').trim();
  const local = zonedParts(now, timeZone);
  const today = new Date(Date.UTC(local.year, local.month - 1, local.day)).getUTCDay();
  const date = take(text, DATE_RULES, today);
  const time = take(date.rest, TIME_RULES, today);
  const title = time.rest
    .replace(/\s+/g, ' ')
    .replace(/^[\s,、。.]+|[\s,、。.]+$/g, '')
    .replace(/^(?:に|の|で)\s*/, '')
    .trim();
  if (!title) return undefined;
  const type = TYPE_WORDS.find(([pattern]) => pattern.test(title))?.[1] ?? 'other';
  return { title: title.charAt(0).toUpperCase() + title.slice(1), type, dueAt: dueAt(date.found, time.found, now, timeZone) };
}

function dueAt(date: Found, time: Found, now: number, zone: string): number {
  if (date.hours !== undefined) return now + date.hours * HOUR;
  const local = zonedParts(now, zone);
  const at = (days: number, hour: number, minute: number) => zonedTime(local.year, local.month, local.day + days, hour, zone) + minute * 60_000;
  if (time.hour === undefined) {
    const morning = at(date.days ?? 1, DEFAULT_HOUR, 0);
    // "today" after 9:00: due at the next full hour rather than already overdue.
    return morning > now ? morning : Math.ceil((now + 1) / HOUR) * HOUR;
  }
  const minute = time.minute ?? 0;
  if (date.days !== undefined) return at(date.days, time.hour, minute);
  // A time alone: today if still ahead, else tomorrow.
  const todayAt = at(0, time.hour, minute);
  return todayAt > now ? todayAt : at(1, time.hour, minute);
}

/** Tomorrow at 9:00 in the zone: where a snooze moves a reminder. */
export function tomorrowMorning(now: number, timeZone = 'UTC'): number {
  const local = zonedParts(now, timeZone);
  return zonedTime(local.year, local.month, local.day + 1, DEFAULT_HOUR, timeZone);
}
