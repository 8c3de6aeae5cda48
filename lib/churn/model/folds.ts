import { seededRandom, shuffleInPlace } from '../../random';

/** Stratified k-fold: each row's fold (0…k−1); each class is shuffled with the seed and dealt round-robin. */
export function stratifiedFolds(labels: ArrayLike<number>, k: number, seed: number): Int32Array {
  if (!Number.isInteger(k) || k < 2) throw new Error(`folds must be an integer ≥ 2, got ${k}`);
  const random = seededRandom(seed);
  const fold = new Int32Array(labels.length);
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byClass.get(labels[i]) ?? [];
    list.push(i);
    byClass.set(labels[i], list);
  }
  // Continue the deal where the previous class stopped, so fold sizes differ by at most one.
  let next = 0;
  for (const cls of [...byClass.keys()].sort((a, b) => a - b)) {
    for (const row of shuffleInPlace(byClass.get(cls)!, random)) fold[row] = next++ % k;
  }
  return fold;
}

/** Row indices for training and testing of one fold. */
export function splitFold(fold: Int32Array, which: number): { train: number[]; test: number[] } {
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < fold.length; i++) (fold[i] === which ? test : train).push(i);
  return { train, test };
}
