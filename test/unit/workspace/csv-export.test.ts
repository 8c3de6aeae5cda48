import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { exportContactsCsv, type ExportColumn } from '../../../lib/csv/export';
import { parseCsv } from '../../../lib/csv/parse';
import type { SegmentContact } from '../../../lib/segments/columns';

function contact(over: Partial<SegmentContact>): SegmentContact {
  return {
    id: 1,
    email: 'a@x.com',
    name: '',
    tags: [],
    stage: 'lead',
    owner: '',
    custom: {},
    doNotContact: 0,
    createdAt: 0,
    updatedAt: 0,
    ...over,
  };
}

const columns: ExportColumn[] = [
  { key: 'email', header: 'email' },
  { key: 'name', header: 'name' },
  { key: 'company', header: 'company' },
  { key: 'tags', header: 'tags' },
  { key: 'custom:note', header: 'Note' },
  { key: 'lastContact', header: 'last contact' },
  { key: 'doNotContact', header: 'do not contact' },
];
const tagNames = new Map([
  [1, 'VIP'],
  [2, 'Renewal, 2027'],
]);

const nasty = ['=HYPERLINK("http://evil","x")', '+1 555 0100', '-5', '@SUM(A1)', '\tcmd', '\r=1', '=1+1\n=2', 'line1\r\nline2', 'He said "hi"', 'a,b;c', ' padded ', '山田 太郎', '', 'plain'];

describe('exportContactsCsv', () => {
  it('starts with a UTF-8 BOM, uses CRLF, and writes tags as names and dates in the zone', () => {
    const text = exportContactsCsv([contact({ name: 'Ann', companyName: 'Acme', tags: [2, 1], lastInboundAt: Date.UTC(2024, 0, 31, 20), doNotContact: 1 })], columns, {
      tagNames,
      timeZone: 'Asia/Tokyo',
    });
    expect(text.startsWith('\uFEFFemail,name,company,tags,Note,last contact,do not contact\r\n')).toBe(true);
    expect(text).toBe('\uFEFFemail,name,company,tags,Note,last contact,do not contact\r\na@x.com,Ann,Acme,"Renewal, 2027; VIP",,2024-02-01 05:00,yes\r\n');
  });

  it('neutralises formula cells with a leading apostrophe and round-trips every other value exactly', async () => {
    const contacts = nasty.map((value, i) => contact({ id: i, email: `u${i}@x.com`, name: value, custom: { note: value } }));
    const text = exportContactsCsv(contacts, columns, { tagNames });
    const back = Papa.parse<string[]>(text.slice(1), { skipEmptyLines: true }).data.slice(1);
    expect(back).toHaveLength(nasty.length);
    back.forEach((row, i) => {
      const expected = /^[=+\-@\t\r]/.test(nasty[i]) ? `'${nasty[i]}` : nasty[i];
      expect(row[1]).toBe(expected);
      expect(row[4]).toBe(expected);
    });
    // Our own parser reads it back the same way, multi-line cells included.
    const ours = await parseCsv(text);
    expect(ours.records.map((r) => r.cells[1])).toEqual(back.map((r) => r[1]));
  });

  it('catches a formula followed by a line break, which papaparse escapeFormulae: true misses', () => {
    const value = '=1+1\nx';
    expect(Papa.unparse([[value]], { escapeFormulae: true })).toBe('"=1+1\nx"');
    const ours = exportContactsCsv([contact({ name: value })], [{ key: 'name', header: 'name' }], { tagNames });
    expect(ours).toBe('\uFEFFname\r\n"\'=1+1\nx"\r\n');
  });

  it('escapes headers too (a custom field label can start with =)', () => {
    const text = exportContactsCsv([], [{ key: 'custom:x', header: '=cmd' }], { tagNames });
    expect(text).toBe('\uFEFF"\'=cmd"\r\n');
  });
});
