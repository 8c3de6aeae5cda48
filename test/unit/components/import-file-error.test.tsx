// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { act } from 'react';
import { createRoot } from 'react-dom/client';
import { afterEach, describe, expect, it } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import { FileError, type FileProblem } from '../../../entrypoints/app/import/FileError';
import { CsvError } from '../../../lib/csv/errors';
import { parseCsv } from '../../../lib/csv/parse';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

type Messages = Record<string, { message: string }>;
const load = (lang: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../../../public/_locales', lang, 'messages.json'), 'utf8')) as Messages;
const translator = (messages: Messages) => (key: string, subs?: string | string[]) => {
  if (!messages[key]) throw new Error(`missing message ${key}`);
  const list = [subs ?? []].flat();
  return messages[key].message.replace(/\$P(\d)\$/g, (_, n: string) => list[Number(n) - 1] ?? '');
};

let container: HTMLDivElement | undefined;
afterEach(() => container?.remove());

function render(problem: FileProblem, lang = 'en'): string {
  container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  act(() =>
    root.render(
      <I18nProvider value={{ t: translator(load(lang)), locale: lang }}>
        <FileError problem={problem} />
      </I18nProvider>,
    ),
  );
  return container.textContent ?? '';
}

/** The problem as the import worker posts it for a CsvError. */
async function problemOf(text: string): Promise<FileProblem> {
  try {
    await parseCsv(text);
  } catch (error) {
    if (error instanceof CsvError) return { code: error.code, row: error.row, line: error.line, message: error.detail };
  }
  throw new Error('expected a CsvError');
}

describe('the import page’s file error', () => {
  it('says the row of an unclosed quote once, in the spreadsheet’s numbering, and the editor line when it differs', async () => {
    const problem = await problemOf('email,notes\na@x.com,"one\ntwo"\nb@x.com,"never\nc@x.com,ok\n');
    const text = render(problem);
    expect(text).toBe('Row 3: A quoted cell is never closed (a " with no closing ").In a text editor, this is line 4.');
    expect(text.match(/\b3\b/g)).toHaveLength(1);
  });

  it('in Japanese: the row once, with a full-width colon', async () => {
    const text = render(await problemOf('email,name\na@x.com,Ann\nb@x.com,"Bob\n'), 'ja');
    expect(text).toBe('3 行目：引用符 " が閉じられていないセルがあります。');
  });

  it('keeps the details of an error that needs them (the wrong separator)', async () => {
    const text = render(await problemOf('email|name\na@x.com|Ann\n'));
    expect(text).toMatch(/^Row 1: The file seems to use another separator\. Choose the separator above\.The header is read as one column "email\|name"/);
    expect(text.match(/Row 1/g)).toHaveLength(1);
  });
});
