import { describe, expect, it } from 'vitest';
import { completeField, completionAt } from '../../../lib/templates/fields';

describe('completeField', () => {
  it('lists every field for an empty prefix, custom keys last', () => {
    expect(completeField('', ['plan'])).toEqual([
      'firstName',
      'lastName',
      'name',
      'email',
      'company',
      'owner',
      'stage',
      'today',
      'unsubscribe',
      'custom.plan',
    ]);
  });

  it('matches a prefix case-insensitively', () => {
    expect(completeField('F')).toEqual(['firstName']);
    expect(completeField('na')).toEqual(['name']);
    expect(completeField('custom.', ['plan', 'region', 'plan', 'bad key'])).toEqual(['custom.plan', 'custom.region']);
    expect(completeField('cu', ['plan'])).toEqual(['custom.plan']);
    expect(completeField('zzz')).toEqual([]);
  });
});

describe('completionAt', () => {
  it('completes inside an unfinished {{', () => {
    const source = 'Hi {{ fir';
    expect(completionAt(source, source.length)).toEqual({ from: 6, to: 9, options: ['firstName'] });
    expect(completionAt('{{', 2)?.options).toHaveLength(9);
  });

  it('offers nothing outside a field, in a fallback, or after an escape', () => {
    expect(completionAt('Hi {{name}} fir', 15)).toBeNull();
    expect(completionAt('Hi {{name|the', 13)).toBeNull();
    expect(completionAt('Hi \\{{na', 8)).toBeNull();
    expect(completionAt('plain', 5)).toBeNull();
    expect(completionAt('{{na', 1)).toBeNull();
  });
});
