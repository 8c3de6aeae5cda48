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
      'wiRowBadYesNo()',
      'wiRowNoteTooLong()',
      'wiRowCellTooLong(100,000)',
      'wiRowBadQuote()',
      'wiRowExtraCells(7|6)',
      'wiRowSameEmail(12)',
    ]);
  });

  it('recognises every warning the validator gives', async () => {
    const csv = [
      'email,stage,customer since,last contacted,revenue,renewal date,contract end,external id',
      'a@x.com,vip,2024-02-30,soon,lots,2026-02-30,2026-02-31,',
      `b@x.com,lead,,,,,,${'i'.repeat(201)}`,
      'c@x.com,lead,,,,maybe,,',
    ].join('\n');
    const { mapping } = await previewCsv(csv);
    const read = await readCsvForImport(csv, mapping);
    if (read.status !== 'ok') throw new Error('no rows');
    expect(read.rows.warnings.map((e) => [e.row, e.column, translateReason(e.reason, t)])).toEqual([
      [2, 'revenue', 'wiWarnNotNumber(lots)'],
      [2, 'renewal date', 'wiWarnImpossibleDateKept(2026-02-30)'],
      [2, 'contract end', 'wiWarnImpossibleDateKept(2026-02-31)'],
      [2, 'stage', 'wiWarnUnknownStage(vip)'],
      [2, 'customer since', 'wiWarnImpossibleDate(2024-02-30)'],
      [2, 'last contacted', 'wiWarnNotDate(soon)'],
      [4, 'renewal date', 'wiWarnNotDateKept(maybe)'],
    ]);
    expect(read.rows.invalid.map((e) => translateReason(e.reason, t))).toEqual(['wiRowExternalIdTooLong()']);
  });

  it('shows an unknown reason as written', () => expect(translateReason('Something new', t)).toBe('Something new'));
});
