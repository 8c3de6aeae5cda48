import { describe, expect, it } from 'vitest';
import { CsvError } from '../../../lib/csv/errors';
import { MAX_CELL_CHARS, parseCsv, type CsvRecord } from '../../../lib/csv/parse';

async function csvError(promise: Promise<unknown>): Promise<CsvError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CsvError) return error;
    throw error;
  }
  throw new Error('expected a CsvError');
}

async function* pieces(text: string, sizes: number[]): AsyncGenerator<string> {
  let at = 0;
  for (let i = 0; at < text.length; i++) {
    const size = sizes[i % sizes.length];
    yield text.slice(at, at + size);
    at += size;
  }
}

function bigCsv(rows: number): string {
  const lines = ['email,name,notes'];
  for (let i = 0; i < rows; i++) lines.push(`user${i}@example.com,"Name, ${i}","line one\r\nline ""two"" ${i}"`);
  return `${lines.join('\r\n')}\r\n`;
}

describe('parseCsv: delimiters', () => {
  it.each([
    [',', 'email,name,company\r\na@x.com,Ann,Acme\r\n'],
    [';', 'email;name;company\na@x.com;"Lee; Ann";Acme\n'],
    ['\t', 'email\tname\tcompany\na@x.com\tSmith, Ann\tAcme\n'],
  ])('detects %j', async (delimiter, text) => {
    const out = await parseCsv(text);
    expect(out.delimiter).toBe(delimiter);
    expect(out.header).toEqual(['email', 'name', 'company']);
    expect(out.records[0].cells).toHaveLength(3);
  });

  it('refuses a semicolon file read with a forced comma, naming the right separator', async () => {
    const error = await csvError(parseCsv('email;name;company\na@x.com;Ann;Acme\n', { delimiter: ',' }));
    expect(error.code).toBe('wrong-delimiter');
    expect(error.row).toBe(1);
    expect(error.message).toMatch(/semicolon/);
  });

  it('refuses a pipe-separated file with a clear message', async () => {
    const error = await csvError(parseCsv('email|name\na@x.com|Ann\n'));
    expect(error.code).toBe('wrong-delimiter');
    expect(error.message).toMatch(/vertical bar/);
  });
});

describe('parseCsv: quotes, rows and sizes', () => {
  it('numbers rows as a spreadsheet does: header 1, blank rows counted, multi-line cells one row', async () => {
    const out = await parseCsv('email,notes\n\na@x.com,"two\nlines"\n,\nb@x.com,ok\n');
    expect(out.records).toEqual<CsvRecord[]>([
      { row: 3, cells: ['a@x.com', 'two\nlines'] },
      { row: 5, cells: ['b@x.com', 'ok'] },
    ]);
    expect(out.rowCount).toBe(2);
  });

  it('throws a typed error with the row number for an unclosed quote', async () => {
    const error = await csvError(parseCsv('email,name\na@x.com,Ann\nb@x.com,"Bob\nc@x.com,Cy\n'));
    expect(error.code).toBe('unclosed-quote');
    expect(error.row).toBe(3);
    expect(error.line).toBe(3);
    // The row is said once: in `message` for logs, not in `detail`, which the page shows beside its own "Row 3".
    expect(error.message).toBe('Row 3: A quoted cell is never closed (a " opens here with no closing ").');
    expect(error.detail).not.toMatch(/row/i);
  });

  it.each([
    ['after a cell with line breaks', 'email,notes\r\na@x.com,"one\r\ntwo\r\nthree"\r\nb@x.com,"never\r\nc@x.com,ok\r\n', 3, 5],
    ['after blank rows', 'email,name\n\n\na@x.com,"Ann\n', 4, 4],
    ['in the header', 'email,"name\na@x.com,Ann\n', 1, 1],
    ['in the last row, with no line break after it', 'email,name\na@x.com,Ann\nb@x.com,"Bob', 3, 3],
    ['in the second cell of a row whose first cell has a line break', 'email,notes\n"x\ny@z.com",fine\na@x.com,"Ann\n', 3, 4],
  ])('an unclosed quote %s: the spreadsheet row, and the text-editor line', async (_, text, row, line) => {
    for (const chunkChars of [1 << 20, 5]) {
      const error = await csvError(parseCsv(text, { chunkChars }));
      expect({ code: error.code, row: error.row, line: error.line }).toEqual({ code: 'unclosed-quote', row, line });
    }
  });

  it('finds an unclosed quote early in a long stream instead of buffering the rest', async () => {
    const text = `email,name\na@x.com,"never closed\n${'x@y.com,filler\n'.repeat(5000)}`;
    const error = await csvError(parseCsv(pieces(text, [1000]), { maxRowChars: 10_000 }));
    expect(error.code).toBe('unclosed-quote');
    expect(error.row).toBe(2);
    expect(error.line).toBe(2);
  });

  it('rejects only the row whose quotes are malformed', async () => {
    // The quote after "Lee" does not end the cell; papaparse recovers at the next quote that does.
    const out = await parseCsv('email,name,tag\na@x.com,"Lee" Ann,"vip"\nb@x.com,Bob,x\n');
    expect(out.rowErrors).toEqual([{ row: 2, column: '', reason: expect.stringMatching(/quoted cell/) }]);
    expect(out.records.map((r) => r.row)).toEqual([3]);
  });

  it('rejects a row with more cells than the header (an unquoted separator)', async () => {
    const out = await parseCsv('email,name\na@x.com,Smith, Ann\nb@x.com,Bob,\n');
    expect(out.rowErrors.map((e) => e.row)).toEqual([2]);
    expect(out.records.map((r) => r.row)).toEqual([3]);
  });

  it(`rejects a 1 MB cell as a row error (max ${MAX_CELL_CHARS} characters) and keeps the other rows`, async () => {
    const huge = 'x'.repeat(1024 * 1024);
    const out = await parseCsv(`email,notes\r\na@x.com,"${huge}"\r\nb@x.com,short\r\n`);
    expect(out.rowErrors).toEqual([{ row: 2, column: 'notes', reason: expect.stringMatching(/longer than 100,000/) }]);
    expect(out.records).toEqual([{ row: 3, cells: ['b@x.com', 'short'] }]);
  });

  it('accepts a cell of exactly the maximum size, or a 1 MB cell when the limit is raised', async () => {
    const atMax = await parseCsv(`email,notes\na@x.com,${'y'.repeat(MAX_CELL_CHARS)}\n`);
    expect(atMax.records[0].cells[1]).toHaveLength(MAX_CELL_CHARS);
    const raised = await parseCsv(`email,notes\na@x.com,${'y'.repeat(1024 * 1024)}\n`, { maxCellChars: 2_000_000 });
    expect(raised.rowErrors).toEqual([]);
  });
});

describe('parseCsv: empty and header-only files', () => {
  it.each(['', '\uFEFF', '  \r\n\n'])('an empty file (%j) is a clear error', async (text) => {
    expect((await csvError(parseCsv(text))).code).toBe('empty');
  });

  it('a header-only file has a header and no rows', async () => {
    for (const text of ['email,name', 'email,name\r\n', '\uFEFFemail;name\n']) {
      const out = await parseCsv(text);
      expect(out.header).toEqual(['email', 'name']);
      expect(out.rowCount).toBe(0);
    }
  });

  it('drops a BOM left in the text', async () => {
    expect((await parseCsv('\uFEFFemail,name\na@x.com,Ann\n')).header[0]).toBe('email');
  });
});

describe('parseCsv: streaming', () => {
  it('gives the same rows from a string in small chunks and from an uneven stream', async () => {
    const text = bigCsv(3000);
    const whole = await parseCsv(text, { chunkChars: 10 * 1024 * 1024 });
    const chunked = await parseCsv(text, { chunkChars: 777 });
    const streamed: CsvRecord[] = [];
    await parseCsv(pieces(text, [1, 13, 4096, 70_001, 2]), { onRows: (rows) => void streamed.push(...rows) });
    expect(whole.records).toHaveLength(3000);
    expect(whole.records[2999]).toEqual({ row: 3001, cells: ['user2999@example.com', 'Name, 2999', 'line one\r\nline "two" 2999'] });
    expect(chunked.records).toEqual(whole.records);
    expect(streamed).toEqual(whole.records);
  });

  it('reads a ReadableStream of text', async () => {
    const text = bigCsv(100);
    const stream = new ReadableStream<string>({
      start(controller) {
        for (let i = 0; i < text.length; i += 500) controller.enqueue(text.slice(i, i + 500));
        controller.close();
      },
    });
    expect((await parseCsv(stream)).records).toHaveLength(100);
  });

  it('reports progress up to 1 and waits for an async onRows', async () => {
    const fractions: number[] = [];
    let inFlight = 0;
    await parseCsv(bigCsv(2000), {
      chunkChars: 16 * 1024,
      onProgress: (p) => fractions.push(p.fraction ?? -1),
      onRows: async () => {
        expect(inFlight).toBe(0);
        inFlight++;
        await new Promise((r) => setTimeout(r, 1));
        inFlight--;
      },
    });
    expect(fractions.length).toBeGreaterThan(3);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(fractions.at(-1)).toBe(1);
  });

  it('stops with an AbortError when cancelled, delivering no rows after it', async () => {
    const controller = new AbortController();
    let batches = 0;
    const run = parseCsv(bigCsv(5000), {
      chunkChars: 8 * 1024,
      signal: controller.signal,
      onRows: () => {
        batches++;
        if (batches === 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(batches).toBe(2);
  });

  it('stops after maxRows for a preview', async () => {
    const out = await parseCsv(bigCsv(500), { maxRows: 20, chunkChars: 1000 });
    expect(out.records).toHaveLength(20);
    expect(out.truncated).toBe(true);
  });
});
