import { describe, expect, it } from 'vitest';
import type { ContactField, CsvMapping } from '../../../lib/csv/mapping';
import { compileRowCheck, RowSchema, type MappedCells } from '../../../lib/csv/validate';

// Issue 16: the import checks rows with plain code compiled from the mapping, and hands any row it does not accept to
// RowSchema (whose messages are the errors). It must never accept a row RowSchema rejects, nor read one differently.
const FIELDS: ContactField[] = ['email', 'name', 'company', 'owner', 'externalId', 'notes', 'tags', 'doNotContact', 'stage'];
const mapping: CsvMapping = {
  columns: FIELDS.map((field) => ({ kind: 'field', field })),
  nameOrder: 'given-family',
  stages: {},
  fieldTypes: {},
  dateOrder: 'month-first',
};

const EMAILS = [
  'ann@example.com',
  "o'neil+x@mail.example.co",
  'a.b@c.example',
  'a@b',
  'a@b.c',
  'a..b@x.com',
  '.a@x.com',
  'a.@x.com',
  'a@-x.com',
  'ü@x.com',
  'a b@x.com',
  '@x.com',
  `${'x'.repeat(310)}@example.com`,
  `${'x'.repeat(320)}@example.com`,
];
const YES_NO = ['yes', 'YES', 'No', 'はい', 'いいえ', '×', '-', 'x', 'maybe', 'ON', 'true1'];
const row = (over: Partial<MappedCells>): MappedCells => ({ email: 'ann@example.com', custom: {}, ...over });
const CASES: MappedCells[] = [
  ...EMAILS.map((email) => row({ email })),
  row({ email: undefined }),
  ...YES_NO.map((doNotContact) => row({ doNotContact })),
  row({ notes: 'n'.repeat(20_000) }),
  row({ notes: 'n'.repeat(20_001) }),
  row({ externalId: 'e'.repeat(200) }),
  row({ externalId: 'e'.repeat(201) }),
  row({ name: 'n'.repeat(100_001) }),
  row({ company: 'Acme', owner: 'kim', name: 'Ann', stage: 'customer' }),
  row({ tags: 'vip; Renewal、vip，  ,t2' }),
];

describe('the compiled row check', () => {
  it('accepts exactly the rows RowSchema accepts, and reads them the same', () => {
    const check = compileRowCheck(mapping);
    for (const cells of CASES) {
      const parsed = RowSchema.safeParse(cells);
      const fast = check(cells);
      const label = JSON.stringify(cells).slice(0, 120);
      if (!parsed.success) {
        expect(fast, `accepted what RowSchema rejects: ${label}`).toBeNull();
        continue;
      }
      expect(fast, `passed a valid row to the slow path: ${label}`).not.toBeNull();
      const { email, name, company, owner, externalId, notes, tags, doNotContact } = parsed.data;
      const expected = Object.fromEntries(Object.entries({ email, name, company, owner, externalId, notes, tags, doNotContact }).filter(([, v]) => v !== undefined));
      expect(fast, label).toEqual(expected);
    }
  });
});
