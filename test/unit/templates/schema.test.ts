import { describe, expect, it } from 'vitest';
import { SavedTemplateSchema, TemplateSchema, sortByUse } from '../../../lib/templates/schema';
import { findByShortcut } from '../../../lib/templates/shortcut-word';

const valid = {
  name: 'Renewal reminder',
  subject: 'Your {{custom.plan}} plan',
  body: 'Hi {{firstName|there}}',
  category: 'billing',
  language: 'en',
  shortcut: 'renew',
  usageCount: 3,
  lastUsedAt: 1_700_000_000_000,
  createdAt: 1_600_000_000_000,
  updatedAt: 1_700_000_000_000,
};
const issuesOf = (input: unknown) => {
  const result = TemplateSchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
};

describe('TemplateSchema', () => {
  it('accepts a full template and fills defaults for a minimal one', () => {
    expect(TemplateSchema.parse(valid)).toEqual(valid);
    const minimal = TemplateSchema.parse({ name: ' x ', subject: '', body: '', language: 'ja', shortcut: '', createdAt: 1, updatedAt: 1 });
    expect(minimal).toEqual({ name: 'x', subject: '', body: '', category: '', language: 'ja', usageCount: 0, createdAt: 1, updatedAt: 1 });
  });

  it.each([
    ['name', ''],
    ['name', '   '],
    ['name', 'n'.repeat(201)],
    ['subject', 's'.repeat(999)],
    ['body', 'b'.repeat(100_001)],
    ['language', 'fr'],
    ['shortcut', 'two words'],
    ['shortcut', 'こんにちは'],
    ['shortcut', ';sig'],
    ['shortcut', 'x'.repeat(33)],
    ['usageCount', -1],
    ['usageCount', 1.5],
    ['createdAt', 'yesterday'],
    ['id', 0],
  ])('rejects %s = %j', (key, value) => {
    expect(issuesOf({ ...valid, [key]: value })).toEqual([key]);
  });

  it('accepts the limits exactly', () => {
    const atLimits = { ...valid, name: 'n'.repeat(200), subject: 's'.repeat(998), body: 'b'.repeat(100_000), shortcut: 'a-B_9'.padEnd(32, 'z') };
    expect(issuesOf(atLimits)).toEqual([]);
  });

  it('requires the timestamps', () => {
    const { createdAt: _c, updatedAt: _u, ...rest } = valid;
    expect(issuesOf(rest).sort()).toEqual(['createdAt', 'updatedAt']);
  });

  it('SavedTemplateSchema also rejects merge-field errors, naming the field and position', () => {
    expect(SavedTemplateSchema.safeParse(valid).success).toBe(true);
    const result = SavedTemplateSchema.safeParse({ ...valid, subject: 'Hi {{nme}}', body: 'ok\n  {{firstName' });
    expect(result.success).toBe(false);
    const issues = result.error?.issues ?? [];
    expect(issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['subject', 'Line 1, column 4: Unknown field "nme".'],
      ['body', expect.stringMatching(/^Line 2, column 3: This "\{\{" is never closed/)],
    ]);
  });
});

describe('sortByUse', () => {
  it('sorts by usage, then last use, then name; without changing the input', () => {
    const input = [
      { name: 'b', usageCount: 1, lastUsedAt: 10 },
      { name: 'a', usageCount: 1, lastUsedAt: 10 },
      { name: 'z', usageCount: 5 },
      { name: 'c', usageCount: 1, lastUsedAt: 20 },
      { name: 'never', usageCount: 0 },
      { name: 'A2', usageCount: 1, lastUsedAt: 10 },
    ];
    const before = input.map((t) => t.name);
    expect(sortByUse(input).map((t) => t.name)).toEqual(['z', 'c', 'a', 'A2', 'b', 'never']);
    expect(input.map((t) => t.name)).toEqual(before);
  });
});

describe('findByShortcut', () => {
  it('finds a template by shortcut word, ignoring case', () => {
    const templates = [{ name: 'x' }, { name: 'thanks', shortcut: 'Thx' }];
    expect(findByShortcut(templates, 'thx')?.name).toBe('thanks');
    expect(findByShortcut(templates, 'th')).toBeUndefined();
  });
});
