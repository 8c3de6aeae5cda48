import { describe, expect, it } from 'vitest';
import { translateReason } from '../../../entrypoints/app/import/reasons';
import { previewCsv, readCsvForImport } from '../../../lib/csv/import';

const t = (key: string, subs?: string | string[]) => `${key}(${[subs ?? []].flat().join('|')})`;

describe('row reasons shown in the UI language', () => {
  it('recognises every reason the validator and parser give', async () => {
    const csv = [
      'email,stage,do not contact,customer since,notes,name',
      ',lead,,,,',
      'bad@,lead,,,,',
      'a@x.com,vip,,,,',
      'b@x.com,lead,maybe,,,',
      'c@x.com,lead,,2024-02-30,,',
      `d@x.com,lead,,,${'n'.repeat(20_001)},`,
      `e@x.com,lead,,,,${'x'.repeat(100_001)}`,
      'f@x.com,lead,,,"Lee" Ann,"n"',
      'g@x.com,lead,,,,Ann,extra',
      'g@x.com,lead,,,,',
      'h@x.com,lead,,,,',
      'H@x.com,lead,,,,',
    ].join('\n');
    const { mapping } = await previewCsv(csv);
    const read = await readCsvForImport(csv, mapping);
    if (read.status !== 'ok') throw new Error('no rows');
    const shown = read.rows.invalid.map((e) => translateReason(e.reason, t));
    expect(shown).toEqual([
      'wiRowEmailRequired()',
      'wiRowBadEmail(bad@)',
      'wiRowUnknownStage(vip)',
      'wiRowBadYesNo()',
      'wiRowBadDate(2024-02-30)',
      'wiRowNoteTooLong()',
      'wiRowCellTooLong(100,000)',
      'wiRowBadQuote()',
      'wiRowExtraCells(7|6)',
      'wiRowSameEmail(12)',
    ]);
  });

  it('shows an unknown reason as written', () => expect(translateReason('Something new', t)).toBe('Something new'));
});
