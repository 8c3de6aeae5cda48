import { describe, expect, it } from 'vitest';
import { acceptCompletion, completeField, completionAt } from '../../../lib/templates/fields';

describe('completeField', () => {
  it('lists every field for an empty prefix, custom keys last', () => {
    expect(completeField('', ['plan'])).toEqual(['firstName', 'lastName', 'name', 'email', 'company', 'owner', 'stage', 'today', 'unsubscribe', 'custom.plan']);
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

describe('acceptCompletion (Tab in the template editor)', () => {
  const accept = (source: string, caret: number, option: string) => acceptCompletion(source, completionAt(source, caret)!, option);
  it('closes the field and puts the caret after it', () => {
    expect(accept('Hi {{fir', 8, 'firstName')).toEqual({ text: 'Hi {{firstName}}', caret: 16 });
    expect(accept('Hi {{fir, thanks', 8, 'firstName')).toEqual({ text: 'Hi {{firstName}}, thanks', caret: 16 });
    expect(accept('{{ cus', 6, 'custom.plan')).toEqual({ text: '{{ custom.plan}}', caret: 16 });
  });
  it('does not add a second "}}" or cut a fallback', () => {
    expect(accept('Hi {{fir}}!', 8, 'firstName')).toEqual({ text: 'Hi {{firstName}}!', caret: 16 });
    expect(accept('Hi {{fir }}!', 8, 'firstName')).toEqual({ text: 'Hi {{firstName }}!', caret: 17 });
    expect(accept('Hi {{fir|there}}', 8, 'firstName')).toEqual({ text: 'Hi {{firstName|there}}', caret: 14 });
  });
  it('replaces the rest of a name the caret sits inside', () => {
    expect(accept('Hi {{firXYZ}}', 8, 'firstName')).toEqual({ text: 'Hi {{firstName}}', caret: 16 });
  });
});
