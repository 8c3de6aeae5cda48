import { describe, expect, it } from 'vitest';
import { readNameOrder, splitName } from '../../../lib/templates/names';

describe('splitName', () => {
  it.each([
    ['Ann Lee', 'Ann', 'Lee'],
    ['Lee, Ann', 'Ann', 'Lee'],
    ['Lee, Ann Marie', 'Ann', 'Lee'],
    ['  "Ann Lee"  ', 'Ann', 'Lee'],
    ['Mary Ann Smith', 'Mary', 'Smith'],
    ['Ludwig van Beethoven', 'Ludwig', 'van Beethoven'],
    ['Dr. Ann Lee', 'Ann', 'Lee'],
    ['Ann Lee, Jr.', 'Ann', 'Lee'],
    ['Jean-Luc Picard', 'Jean-Luc', 'Picard'],
    ['Madonna', 'Madonna', ''],
    ['山田 太郎', '太郎', '山田'],
    ['山田　太郎', '太郎', '山田'],
    ['山田太郎', '山田太郎', '山田太郎'],
    ['김 민준', '민준', '김'],
    ['ジョン・スミス', 'ジョン', 'スミス'],
    ['', '', ''],
    ['   ', '', ''],
  ])('%j → first %j, last %j', (full, first, last) => {
    expect(splitName(full)).toEqual({ first, last });
  });

  it('follows an explicit order over the script', () => {
    expect(splitName('Tanaka Hanako', 'family-first')).toEqual({ first: 'Hanako', last: 'Tanaka' });
    expect(splitName('太郎 山田', 'given-first')).toEqual({ first: '太郎', last: '山田' });
  });

  it('reads the nameOrder custom value loosely', () => {
    expect(readNameOrder('Family First')).toBe('family-first');
    expect(readNameOrder('given_first')).toBe('given-first');
    expect(readNameOrder('whatever')).toBeUndefined();
    expect(readNameOrder(undefined)).toBeUndefined();
  });
});
