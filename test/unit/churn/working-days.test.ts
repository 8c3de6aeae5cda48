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

  it('gives every instant the offset Intl gives it, around transitions too, though it asks Intl once per quarter hour', () => {
    const intl = (t: number, timeZone: string) => {
      const f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
      const p = Object.fromEntries(
        f
          .formatToParts(t)
          .filter((x) => x.type !== 'literal')
          .map((x) => [x.type, Number(x.value)]),
      );
      return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) + (((t % 1000) + 1000) % 1000);
    };
    // Transitions: New York 2026-03-08 07:00Z and 2026-11-01 06:00Z; St John's (−3:30) 2026-03-08 05:30Z;
    // Lord Howe (30-minute DST) 2026-04-04 15:00Z.
    const cases: [string, string][] = [
      ['America/New_York', '2026-03-08T07:00:00Z'],
      ['America/New_York', '2026-11-01T06:00:00Z'],
      ['America/St_Johns', '2026-03-08T05:30:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
      ['Asia/Kolkata', '2026-03-08T00:00:00Z'],
    ];
    for (const [zone, transition] of cases) {
      for (let d = -3_600_000; d <= 3_600_000; d += 61_001) {
        const t = at(transition) + d;
        expect(wallClock(t, zone), `${zone} ${new Date(t).toISOString()}`).toBe(intl(t, zone));
      }
    }
  });

  it('knows which zones exist', () => {
    expect(isTimeZone('Asia/Tokyo')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
