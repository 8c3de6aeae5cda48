import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes } from '../../../lib/csv/decode';
import { CsvError } from '../../../lib/csv/errors';
import { previewCsv, readCsvForImport } from '../../../lib/csv/import';
import { guessMapping } from '../../../lib/csv/mapping';
import { validateRows } from '../../../lib/csv/validate';

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, '../../fixtures/csv', name)));

async function importText(text: string) {
  const preview = await previewCsv(text);
  const read = await readCsvForImport(text, preview.mapping);
  if (read.status !== 'ok') throw new Error(read.status);
  return read.rows;
}

describe('CSV import: a Japanese Excel file in Shift_JIS', () => {
  it('decodes, maps and validates it, with each invalid row number, column and reason', async () => {
    const { text, encoding } = decodeCsvBytes(fixture('japanese-excel-sjis.csv'));
    expect(encoding).toBe('shift_jis');
    const rows = await importText(text);
    expect(rows.total).toBe(5);
    expect(rows.valid.map((r) => r.row)).toEqual([2, 3, 6]);
    expect(rows.valid[0]).toEqual({
      row: 2,
      email: 'yamada@tanaka-shoji.co.jp',
      name: '山田 太郎',
      company: '田中商事',
      stage: 'customer',
      owner: '佐藤',
      tags: ['VIP', '更新2027'],
      notes: '電話で確認済み、来月訪問',
      custom: { industry: '製造' },
    });
    expect(rows.valid[1]).toMatchObject({ email: 'suzuki@example.jp', name: '鈴木 花子', stage: 'lead', tags: ['展示会', 'VIP'] });
    expect(rows.valid[2]).toMatchObject({ name: '伊藤', stage: 'at-risk', tags: ['～特別～'] });
    expect(rows.invalid).toEqual([
      { row: 4, column: 'メールアドレス', reason: 'Not a valid email address: "not-an-email"' },
      { row: 5, column: 'メールアドレス', reason: 'Same email as row 2' },
    ]);
    expect(rows.invalidRowCount).toBe(2);
  });
});

describe('CSV import: an English CRM export in UTF-8 with BOM', () => {
  it('reads names, stages, yes/no, dates and revenue; an unknown stage or impossible date only warns', async () => {
    const { text, bom } = decodeCsvBytes(fixture('english-crm-export.csv'));
    expect(bom).toBe(true);
    const rows = await importText(text);
    expect(rows.valid).toEqual([
      {
        row: 2,
        email: 'ann@acme.com',
        name: 'Ann Lee',
        company: 'Acme',
        stage: 'customer',
        owner: 'alex',
        tags: ['vip', 'renewal'],
        doNotContact: 0,
        customerSince: Date.UTC(2024, 2, 15),
        custom: { revenue: '120000' },
      },
      {
        row: 3,
        email: 'bob+news@acme.com',
        name: 'Bob Stone',
        company: 'Acme',
        stage: 'at-risk',
        owner: 'alex',
        tags: [],
        doNotContact: 1,
        customerSince: Date.UTC(2023, 10, 1),
        custom: { revenue: '45000' },
      },
      { row: 5, email: 'dee@beta.io', name: 'Dee Ray', company: 'Beta', owner: 'sam', tags: [], custom: {} },
    ]);
    expect(rows.invalid).toEqual([{ row: 4, column: 'Do Not Contact', reason: expect.stringMatching(/yes\/no/) }]);
    expect(rows.invalidRowCount).toBe(1);
    expect(rows.warnings).toEqual([
      { row: 5, column: 'Lifecycle Stage', reason: 'Unknown stage "VIP": imported with the default stage' },
      { row: 5, column: 'Customer Since', reason: 'Impossible date "2024-02-30": left empty' },
    ]);
    expect(rows.warningRowCount).toBe(1);
  });
});

describe('CSV import: validation rules', () => {
  const header = ['email', 'name', 'do not contact'];
  const mapping = guessMapping(header);
  const check = (cells: string[][]) =>
    validateRows(
      header,
      mapping,
      cells.map((c, i) => ({ row: i + 2, cells: c })),
    );

  it('requires an email and checks its form', () => {
    const out = check([
      ['', 'No Mail', ''],
      ['ann@', 'Ann', ''],
      ['a b@x.com', 'Sp', ''],
      ['OK@Example.COM', 'Ok', ''],
    ]);
    expect(out.invalid.map((e) => [e.row, e.reason.split(':')[0]])).toEqual([
      [2, 'Email is required'],
      [3, 'Not a valid email address'],
      [4, 'Not a valid email address'],
    ]);
    expect(out.valid.map((r) => r.email)).toEqual(['ok@example.com']);
  });

  it('keeps the first of repeated emails (compared lower-cased) and rejects the later ones', () => {
    const out = check([
      ['ann@x.com', 'A1', ''],
      ['bob@x.com', 'B', ''],
      ['ANN@x.com', 'A2', ''],
    ]);
    expect(out.valid.map((r) => r.name)).toEqual(['A1', 'B']);
    expect(out.invalid).toEqual([{ row: 4, column: 'email', reason: 'Same email as row 2' }]);
  });

  it('reads yes/no with z.stringbool: "false" and "いいえ" are false, not true', () => {
    const out = check([
      ['a@x.com', '', 'false'],
      ['b@x.com', '', 'いいえ'],
      ['c@x.com', '', 'はい'],
      ['d@x.com', '', 'TRUE'],
    ]);
    expect(out.valid.map((r) => r.doNotContact)).toEqual([0, 0, 1, 1]);
  });

  it('a header-only file is a clear "no rows" result, and an empty file a clear error', async () => {
    const read = await readCsvForImport('email,name\r\n', guessMapping(['email', 'name']));
    expect(read).toEqual({ status: 'no-rows', header: ['email', 'name'], message: expect.stringMatching(/no data rows/) });
    await expect(readCsvForImport('', guessMapping(['email']))).rejects.toMatchObject({ code: 'empty' });
  });

  it('counts parser-rejected rows (a 1 MB cell) with the invalid ones', async () => {
    const text = `email,notes\na@x.com,${'z'.repeat(1024 * 1024)}\nb@x.com,fine\n`;
    const read = await readCsvForImport(text, guessMapping(['email', 'notes']));
    if (read.status !== 'ok') throw new Error('expected rows');
    expect(read.rows.total).toBe(2);
    expect(read.rows.invalid).toEqual([{ row: 2, column: 'notes', reason: expect.stringMatching(/longer than/) }]);
    expect(read.rows.valid.map((r) => r.email)).toEqual(['b@x.com']);
  });

  it('refuses a mapping without email before reading rows', async () => {
    await expect(readCsvForImport('name,company\nAnn,Acme\n', guessMapping(['name', 'company']))).rejects.toBeInstanceOf(CsvError);
  });
});
