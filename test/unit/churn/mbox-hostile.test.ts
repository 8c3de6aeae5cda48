import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { htmlToText } from '../../../lib/mbox/body';
import { decodeEncodedWords } from '../../../lib/mbox/encoded-words';
import { importMbox } from '../../../lib/mbox/import-to-db';
import { parseMessage } from '../../../lib/mbox/message';
import { readMbox } from '../../../lib/mbox/read-mbox';
import { expectComparable } from '../../support/speed';

// Crafted mail (issue #14) must cost about what a normal message of the same size costs. Speed is
// checked as a ratio to a normal message timed first in the same test, never as an absolute time.

const KB = 1024;
const bytes = (text: string) => new TextEncoder().encode(text);

const HEADERS = [
  'From: Dana Lee <dana@acme.com>',
  'To: Alex <alex@kizuna-demo.com>, Kim <kim@acme.com>',
  'Date: Tue, 02 Jan 2024 10:00:00 +0000',
  'Subject: Re: Renewal =?UTF-8?B?5pu05paw?=',
  'Message-ID: <a2@acme.com>',
  'References: <a0@acme.com> <a1@kizuna-demo.com>',
  'MIME-Version: 1.0',
].join('\n');
const message = (contentType: string, body: string, extraHeaders = '') => bytes(`${HEADERS}\n${extraHeaders}Content-Type: ${contentType}\n\n${body}`);

const LINES = [
  'Thanks for the update on the rollout. We would like to review the pricing before renewal next quarter.',
  'Could you send the revised quote and the onboarding plan for the new team by Friday?',
  '> On the call you mentioned a discount for a two-year term.',
  'Our finance team asked whether the invoices can be split by department.',
];
function prose(size: number): string {
  let text = '';
  for (let i = 0; text.length < size; i++) text += `${LINES[i % LINES.length]}\n`;
  return text;
}
function html(size: number): string {
  let text = '<html><head><style>p { margin: 0 }</style></head><body>';
  for (let i = 0; text.length < size; i++) text += `<p>${LINES[i % LINES.length].replace('pricing', '<b>pricing</b> &amp; <a href="https://acme.com/q">quote</a>')}<br></p>\n`;
  return `${text}</body></html>`;
}
function attachment(size: number): string {
  const line = 'QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\n';
  return line.repeat(Math.ceil(size / line.length));
}
const normalPlain = (size: number) => message('text/plain; charset=utf-8', prose(size));
const normalHtml = (size: number) => message('text/html; charset=utf-8', html(size));
/** A newsletter: HTML only, with its images after it, so the whole message is looked through for a text/plain part. */
function normalNewsletter(size: number): Uint8Array {
  let body = `--rel\nContent-Type: text/html; charset=utf-8\n\n${html(Math.min(size / 2, 64 * KB))}\n`;
  for (let i = 0; body.length < size; i++) body += `--rel\nContent-Type: image/png\nContent-Transfer-Encoding: base64\nContent-ID: <img${i}>\n\n${attachment(16 * KB)}`;
  return message('multipart/related; boundary="rel"', `${body}--rel--\n`);
}
/** A message to 2,000 people: 64 kB of header. */
const normalBigHeader = () => message('text/plain; charset=utf-8', prose(KB), `Cc: ${Array.from({ length: 2000 }, (_, i) => `Person ${i} <person${i}@example.com>`).join(', ')}\n`);

describe('crafted mail costs what a normal message of its size costs', () => {
  it.each([
    ['64 kB of "<"', '<'.repeat(64 * KB)],
    ['"<" and 64 kB without ">"', `Hi\n<${'a@'.repeat(32 * KB)}`],
    ['unclosed <script> tags', '<script>'.repeat(8 * KB)],
  ])(
    '%s, as text/html and as text/plain',
    (_, body) => {
      const normal = normalHtml(64 * KB);
      const asHtml = message('text/html', body);
      const asPlain = message('text/plain', body);
      expectComparable(
        () => parseMessage(normal),
        () => parseMessage(asHtml),
      );
      const plain = normalPlain(64 * KB);
      expectComparable(
        () => parseMessage(plain),
        () => parseMessage(asPlain),
      );
    },
    120_000,
  );

  it('an 80 kB boundary, with lines that nearly match it', () => {
    const boundary = '-'.repeat(80 * KB);
    const hostile = message(`multipart/mixed; boundary="${boundary}"`, `${'-'.repeat(80 * KB + 1)}\n`.repeat(2));
    const normal = normalNewsletter(hostile.length);
    expectComparable(
      () => parseMessage(normal),
      () => parseMessage(hostile),
    );
  }, 120_000);

  it('an 80 kB boundary still splits the message', () => {
    const boundary = 'b'.repeat(80 * KB);
    const m = parseMessage(message(`multipart/mixed; boundary="${boundary}"`, `--${boundary}\nContent-Type: text/plain\n\nPlease cancel.\n--${boundary}--\n`));
    expect(m.snippet).toBe('Please cancel.');
    expect(m.partlyRead).toBeUndefined();
  });

  it.each([
    ['Date', `Date: ${'('.repeat(64 * KB)}\n`],
    ['Date (spaces)', `Date: 1${' '.repeat(64 * KB)}x\n`],
    ['From', `From: ${'a'.repeat(32 * KB)}@${':'.repeat(32 * KB)}\n`],
    ['Subject (encoded-words in made-up charsets)', `Subject: ${'=?x1?q?a?= =?x2?b?YQ?= '.repeat(3 * KB)}\n`],
  ])(
    'a 64 kB %s header line',
    (_, line) => {
      const normal = normalBigHeader();
      const hostile = bytes(`${line}${HEADERS.replace(/^(From|Date):.*\n/gm, '')}\nContent-Type: text/plain\n\nHi`);
      expectComparable(
        () => parseMessage(normal),
        () => parseMessage(hostile),
      );
    },
    120_000,
  );

  it('a 64 kB Content-Type line of escaped quotes', () => {
    const normal = normalBigHeader();
    const hostile = message(`text/plain; charset="${'\\"'.repeat(32 * KB)}`, 'Hi');
    expectComparable(
      () => parseMessage(normal),
      () => parseMessage(hostile),
    );
    expect(parseMessage(hostile).snippet).toBe('Hi');
  }, 120_000);

  it('deeply nested multiparts: the search stops at the sixth level and says why', () => {
    let nested = 'Content-Type: text/plain\n\nPlease cancel.';
    for (let i = 2000; i > 0; i--) nested = `Content-Type: multipart/mixed; boundary="n${i}"\n\n--n${i}\n${nested}\n--n${i}--`;
    const hostile = message('multipart/mixed; boundary="n0"', `--n0\n${nested}\n--n0--\n`);
    const normal = normalNewsletter(hostile.length);
    expectComparable(
      () => parseMessage(normal),
      () => parseMessage(hostile),
    );
    expect(parseMessage(hostile)).toMatchObject({ snippet: '', partlyRead: 'too-complex' });
  }, 120_000);

  it('thousands of parts: at most 200 are looked at, and the message says why', () => {
    const hostile = message('multipart/mixed; boundary="x"', '--x\nContent-Type: image/png\n\n\n'.repeat(2 * KB));
    const normal = normalNewsletter(hostile.length);
    expectComparable(
      () => parseMessage(normal),
      () => parseMessage(hostile),
    );
    expect(parseMessage(hostile)).toMatchObject({ snippet: '', partlyRead: 'too-complex' });
  }, 120_000);

  it('a text part is found among 150 others, and nothing is said to be missing', () => {
    const m = parseMessage(message('multipart/mixed; boundary="x"', `${'--x\nContent-Type: image/png\n\n\n'.repeat(150)}--x\nContent-Type: text/plain\n\nPlease cancel.\n--x--\n`));
    expect(m.snippet).toBe('Please cancel.');
    expect(m.partlyRead).toBeUndefined();
  });
});

describe('htmlToText', () => {
  it('keeps what the old patterns did: tags, scripts, line breaks, entities', () => {
    expect(htmlToText('<HEAD><title>x</title></HEAD>a<br/>b<BR >c</P>d<script type="x">if (a < b) {}</script >e')).toBe(' a\nb\nc\nd e');
    expect(htmlToText('a <b and c> d')).toBe('a   d');
    expect(htmlToText('1 < 2 and no closing')).toBe('1 < 2 and no closing');
    expect(htmlToText('<script>never closed<p>x</p>')).toBe(' never closed x\n');
  });

  it('a tag or entity named like an object property is a plain tag or text', () => {
    expect(htmlToText('<toString>a</constructor>&constructor;&toString;')).toBe(' a &constructor;&toString;');
  });
});

describe('encoded-words in a long header value', () => {
  it('are decoded in its first 8 kB; the rest is kept as written', () => {
    const rest = ` ${'=?UTF-8?B?6Kej57SE?= '.repeat(500)}`;
    const decoded = decodeEncodedWords(`=?UTF-8?B?6Kej57SE?=${rest}`);
    expect(decoded.startsWith('解約解約')).toBe(true);
    expect(decoded.endsWith('=?UTF-8?B?6Kej57SE?= ')).toBe(true);
  });
});

describe('messages read only in part are counted with a reason', () => {
  async function* source(text: string) {
    yield bytes(text);
  }
  const entry = (id: string, contentType: string, body: string) =>
    `From x@y Mon Jan 01 00:00:00 2024\nFrom: dana@acme.com\nTo: alex@kizuna-demo.com\nDate: Tue, 02 Jan 2024 10:00:00 +0000\nMessage-ID: <${id}>\nContent-Type: ${contentType}\n\n${body}\n`;

  it('readMbox: a text cut at the size kept is too large; an attachment cut after the text is not', async () => {
    const textCut = entry('a@x', 'text/plain', prose(8 * KB));
    const attachmentCut = entry('b@x', 'multipart/mixed; boundary="b"', `--b\nContent-Type: text/plain\n\nPlease cancel.\n--b\nContent-Type: application/pdf\n\n${attachment(8 * KB)}--b--`);
    const read = [];
    for await (const m of readMbox(source(textCut + attachmentCut), { maxMessageBytes: 4 * KB })) read.push(m);
    expect(read.map((m) => m.partlyRead)).toEqual(['too-large', undefined]);
    expect(read[1].snippet).toBe('Please cancel.');
  });

  describe('importMbox', () => {
    let db: KizunaDb;
    let n = 0;
    beforeEach(() => {
      db = createDb(`mbox-hostile-${++n}`);
    });
    afterEach(async () => db.delete());

    it('imports them all the same and reports how many, by reason', async () => {
      let nested = 'Content-Type: text/plain\n\nhidden';
      for (let i = 8; i > 0; i--) nested = `Content-Type: multipart/mixed; boundary="n${i}"\n\n--n${i}\n${nested}\n--n${i}--`;
      const mbox = [entry('ok@x', 'text/plain', 'Please cancel.'), entry('large@x', 'text/plain', prose(1100 * KB)), entry('deep@x', 'multipart/mixed; boundary="n0"', `--n0\n${nested}\n--n0--`)].join(
        '',
      );
      const summary = await importMbox(db, source(mbox), { own: ['alex@kizuna-demo.com'], autoCreate: true, neverLog: [] });
      expect(summary).toMatchObject({ messagesRead: 3, added: 3, partlyRead: { 'too-large': 1, 'too-complex': 1 } });
    });
  });
});
