import { describe, expect, it } from 'vitest';
import { meanSd, rocAuc } from '../../../lib/churn/model/auc';
import { splitFold, stratifiedFolds } from '../../../lib/churn/model/folds';
import { seededRandom, shuffleInPlace } from '../../../lib/random';

describe('ROC AUC', () => {
  it('matches hand-computed values', () => {
    // Pairs (pos, neg): (0.35, 0.1) ✓, (0.35, 0.4) ✗, (0.8, 0.1) ✓, (0.8, 0.4) ✓ → 3/4.
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBe(0.75);
    expect(rocAuc([1, 2, 3, 4], [0, 0, 1, 1])).toBe(1);
    expect(rocAuc([4, 3, 2, 1], [0, 0, 1, 1])).toBe(0);
  });

  it('counts a tie as half a pair', () => {
    // Positives {2, 3}, negatives {1, 2}: 1 + 0.5 + 1 + 1 = 3.5 of 4.
    expect(rocAuc([1, 2, 2, 3], [0, 1, 0, 1])).toBe(0.875);
    expect(rocAuc([5, 5, 5, 5], [0, 1, 0, 1])).toBe(0.5);
    // Three-way tie across classes: positives {1, 1}, negatives {1, 0}: 0.5 + 0.5 + 1 + 1 = 3 of 4.
    expect(rocAuc([1, 1, 1, 0], [1, 1, 0, 0])).toBe(0.75);
  });

  it('is NaN without both classes and refuses mismatched lengths', () => {
    expect(rocAuc([1, 2], [1, 1])).toBeNaN();
    expect(() => rocAuc([1, 2], [1])).toThrow(/labels/);
  });

  it('mean and population sd', () => {
    expect(meanSd([0.8, 0.9])).toEqual({ mean: 0.8500000000000001, sd: 0.04999999999999999 });
    expect(meanSd([2, 4, 4, 4, 5, 5, 7, 9]).sd).toBe(2);
  });
});

describe('stratified folds', () => {
  const labels = Array.from({ length: 103 }, (_, i) => (i % 5 === 0 ? 1 : 0)); // 21 positives, 82 negatives

  it('keeps the class balance in every fold', () => {
    const fold = stratifiedFolds(labels, 5, 42);
    for (let f = 0; f < 5; f++) {
      const { test, train } = splitFold(fold, f);
      const positives = test.filter((r) => labels[r] === 1).length;
      expect(positives === 4 || positives === 5).toBe(true);
      expect(test.length === 20 || test.length === 21).toBe(true);
      expect(train.length + test.length).toBe(103);
    }
  });

  it('is the same for the same seed and different for another', () => {
    expect(Array.from(stratifiedFolds(labels, 5, 42))).toEqual(Array.from(stratifiedFolds(labels, 5, 42)));
    expect(Array.from(stratifiedFolds(labels, 5, 42))).not.toEqual(Array.from(stratifiedFolds(labels, 5, 7)));
  });

  it('rejects fewer than two folds', () => expect(() => stratifiedFolds(labels, 1, 42)).toThrow(/folds/));

  it('seeded random numbers repeat and shuffle keeps every item', () => {
    const a = seededRandom(3);
    const b = seededRandom(3);
    expect([a(), a(), a()]).toEqual([b(), b(), b()]);
    const items = shuffleInPlace([1, 2, 3, 4, 5, 6], seededRandom(1));
    expect([...items].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
