import { describe, expect, it } from 'vitest';
import { isTimeZone, wallClock, workingDaysBetween } from '../../../lib/churn/working-days';

const at = (iso: string) => Date.parse(iso);

describe('working days', () => {
  it('counts only Monday to Friday', () => {
    // Fri 09:00 → Tue 12:00 UTC: 15 h + 24 h + 12 h.
    expect(workingDaysBetween(at('2026-03-06T09:00:00Z'), at('2026-03-10T12:00:00Z'))).toBeCloseTo(51 / 24, 10);
    expect(workingDaysBetween(at('2026-03-07T00:00:00Z'), at('2026-03-09T00:00:00Z'))).toBe(0);
    expect(workingDaysBetween(at('2026-03-09T00:00:00Z'), at('2026-03-16T00:00:00Z'))).toBe(5);
  });

  it('is zero when the end is not after the start', () => {
    expect(workingDaysBetween(at('2026-03-10T00:00:00Z'), at('2026-03-09T00:00:00Z'))).toBe(0);
  });

  it('stays exact over long gaps', () => {
    // 2026-01-05 is a Monday; 52 weeks later is a Monday too.
    expect(workingDaysBetween(at('2026-01-05T00:00:00Z'), at('2027-01-04T00:00:00Z'))).toBe(260);
  });

  it('uses the wall clock of the given time zone', () => {
    expect(wallClock(at('2026-03-06T20:00:00Z'), 'Asia/Tokyo')).toBe(at('2026-03-07T05:00:00Z'));
    // Fri 20:00 UTC is already Saturday in Tokyo.
    const from = at('2026-03-06T20:00:00Z');
    const to = at('2026-03-10T18:00:00Z');
    expect(workingDaysBetween(from, to, 'UTC')).toBeCloseTo(46 / 24, 10);
    expect(workingDaysBetween(from, to, 'Asia/Tokyo')).toBeCloseTo(51 / 24, 10);
  });

  it('follows daylight saving time (New York springs forward on 2026-03-08)', () => {
    expect(wallClock(at('2026-03-06T17:00:00Z'), 'America/New_York')).toBe(at('2026-03-06T12:00:00Z'));
    expect(wallClock(at('2026-03-09T16:00:00Z'), 'America/New_York')).toBe(at('2026-03-09T12:00:00Z'));
  });

  it('knows which zones exist', () => {
    expect(isTimeZone('Asia/Tokyo')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
