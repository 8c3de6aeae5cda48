import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../../lib/churn/rules-config';
import { dayNumber, directionOf, nextStoredScore, pruneHistory, scoreBasis, scoreOnDay, scoreTrend } from '../../../lib/churn/score-history';
import type { ChurnScore } from '../../../lib/churn/rules';
import type { StoredScore } from '../../../lib/db/types';
import { config, DAY, NOW } from './fixtures';

const risk = (score: number, extra: Partial<ChurnScore> = {}): ChurnScore => ({ score, band: score >= 70 ? 'high' : score >= 40 ? 'medium' : 'low', reasons: [], ...extra });
const today = dayNumber(NOW);

/** A row as a series of daily rescores would leave it: scores[i] computed i days ago… 0. */
function rescored(scores: readonly number[], basis = 'rules:x'): StoredScore {
  let row: StoredScore | undefined;
  scores.forEach((score, i) => {
    row = nextStoredScore(row, 1, risk(score), basis, NOW - (scores.length - 1 - i) * DAY) ?? row;
  });
  return row!;
}

describe('nextStoredScore', () => {
  it('writes nothing when score, band, chance and basis are the same', () => {
    const row = nextStoredScore(undefined, 1, risk(50), 'b', NOW)!;
    expect(row).toEqual({ contactId: 1, score: 50, band: 'medium', at: NOW, basis: 'b', history: [[today, 50]] });
    expect(nextStoredScore(row, 1, risk(50), 'b', NOW + DAY)).toBeNull();
    expect(nextStoredScore(row, 1, risk(50, { band: 'high' }), 'b', NOW + DAY)).not.toBeNull();
    expect(nextStoredScore(row, 1, risk(50, { probability: 0.5, horizonDays: 90 }), 'b', NOW + DAY)).not.toBeNull();
  });

  it('keeps one entry per day (the day’s last score) and only days the score changed', () => {
    let row = nextStoredScore(undefined, 1, risk(20), 'b', NOW)!;
    row = nextStoredScore(row, 1, risk(30), 'b', NOW + 1000)!;
    expect(row.history).toEqual([[today, 30]]);
    row = nextStoredScore(row, 1, risk(45), 'b', NOW + 2 * DAY)!;
    // A band change with the same score writes the row, not a new history entry.
    row = nextStoredScore(row, 1, risk(45, { band: 'high' }), 'b', NOW + 3 * DAY)!;
    expect(row.history).toEqual([
      [today, 30],
      [today + 2, 45],
    ]);
    // Back to yesterday's score on the same day: the day's entry goes.
    row = nextStoredScore(row, 1, risk(30), 'b', NOW + 2 * DAY + 1000)!;
    expect(row.history).toEqual([[today, 30]]);
  });

  it('starts the history again when the basis or the horizon changes (an edited rule is not the customer changing)', () => {
    const row = nextStoredScore(undefined, 1, risk(20), 'rules:a', NOW - 10 * DAY)!;
    expect(nextStoredScore(row, 1, risk(60), 'rules:b', NOW)!.history).toEqual([[today, 60]]);
    const chance = nextStoredScore(undefined, 1, risk(20, { probability: 0.2, horizonDays: 90 }), 'm', NOW - 10 * DAY)!;
    expect(nextStoredScore(chance, 1, risk(30, { probability: 0.3, horizonDays: 30 }), 'm', NOW)!.history).toEqual([[today, 30]]);
    // A score carried over from the contact rows (basis unknown) continues.
    expect(nextStoredScore({ ...row, basis: '' }, 1, risk(60), 'rules:b', NOW)!.history).toEqual([
      [today - 10, 20],
      [today, 60],
    ]);
  });

  it('stores the calibrated chance rounded to 4 decimals with its horizon', () => {
    const row = nextStoredScore(undefined, 1, risk(23, { probability: 0.234567, horizonDays: 90 }), 'm', NOW)!;
    expect(row).toMatchObject({ score: 23, probability: 0.2346, horizonDays: 90 });
  });
});

describe('pruneHistory', () => {
  it('drops what is older than 30 days but keeps the score in force 30 days ago', () => {
    const history: [number, number][] = [
      [today - 60, 10],
      [today - 40, 20],
      [today - 20, 30],
      [today, 40],
    ];
    expect(pruneHistory(history, today)).toEqual([
      [today - 40, 20],
      [today - 20, 30],
      [today, 40],
    ]);
    expect(scoreOnDay(pruneHistory(history, today), today - 30)).toBe(20);
  });

  it('stays short however many days pass with changes', () => {
    const row = rescored(Array.from({ length: 400 }, (_, i) => i % 100));
    expect(row.history.length).toBeLessThanOrEqual(32);
    expect(scoreOnDay(row.history, today - 30)).toBe((399 - 30) % 100);
  });
});

describe('scoreTrend', () => {
  it('compares now with 7 and 30 days ago: ↑ rising, ↓ falling, → steady (under 3 points)', () => {
    // 31 daily scores: 30 days ago 50, then 60 from 8 days ago, 58 from yesterday… today 71.
    const scores = [...Array(23).fill(50), ...Array(7).fill(60), 71];
    const row = rescored(scores);
    expect(scoreTrend(row, row, NOW)).toEqual([
      { days: 7, before: 60, delta: 11, direction: 'up' },
      { days: 30, before: 50, delta: 21, direction: 'up' },
    ]);
    expect(directionOf(-3)).toBe('down');
    expect(directionOf(2)).toBe('steady');
    expect(directionOf(-2)).toBe('steady');
  });

  it('gives no point the history does not reach, and none against another basis', () => {
    const row = rescored([40, 45, 50, 55]);
    expect(scoreTrend(row, row, NOW)).toEqual([]);
    const long = rescored(Array(10).fill(40).concat([20]));
    expect(scoreTrend(long, long, NOW).map((p) => [p.days, p.direction])).toEqual([[7, 'down']]);
    expect(scoreTrend(long, { score: 20, basis: 'model:1:x' }, NOW)).toEqual([]);
  });

  it('reads days on the user’s wall clock', () => {
    // 23:30 UTC is already the next day in Tokyo.
    const late = Date.parse('2026-03-10T23:30:00Z');
    expect(dayNumber(late, 'Asia/Tokyo') - dayNumber(late, 'UTC')).toBe(1);
  });
});

describe('scoreBasis', () => {
  it('changes with the rule points or the mapping, not with the bands; a model is its version', () => {
    const base = scoreBasis(config());
    expect(scoreBasis(config({ rules: { ...DEFAULT_RULES, bands: { medium: 10, high: 20 } } }))).toBe(base);
    expect(scoreBasis(config({ rules: { ...DEFAULT_RULES, intent: { ...DEFAULT_RULES.intent, first: 1 } } }))).not.toBe(base);
    expect(scoreBasis(config({ mapping: { revenue: 'arr' } }))).not.toBe(base);
    expect(scoreBasis(config({ useModel: true }, { model: {} as never, modelId: 3 }))).toMatch(/^model:3:/);
  });

  it('does not depend on the order of keys (settings written back by the book bands come back reordered)', () => {
    const base = scoreBasis(config());
    const reversed = <T extends object>(o: T): T =>
      Object.fromEntries(
        Object.entries(o)
          .reverse()
          .map(([k, v]) => [k, v && typeof v === 'object' && !Array.isArray(v) ? reversed(v) : v]),
      ) as T;
    const rules = reversed({ ...DEFAULT_RULES, bands: { medium: 27, high: 28 } });
    expect(Object.keys(rules)[0]).not.toBe(Object.keys(DEFAULT_RULES)[0]);
    expect(scoreBasis(config({ rules }))).toBe(base);
  });
});
