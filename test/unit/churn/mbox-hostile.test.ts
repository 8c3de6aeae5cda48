import { describe, expect, it } from 'vitest';
import { decodeEncodedWords } from '../../../lib/mbox/encoded-words';
import { parseMessage } from '../../../lib/mbox/message';
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
/** A message to 2,000 people: 64 kB of header. */
const normalBigHeader = () =>
  message('text/plain; charset=utf-8', prose(KB), `Cc: ${Array.from({ length: 2000 }, (_, i) => `Person ${i} <person${i}@example.com>`).join(', ')}\n`);

describe('crafted mail costs what a normal message of its size costs', () => {
  it.each([
    ['Date', `Date: ${'('.repeat(64 * KB)}\n`],
    ['Date (spaces)', `Date: 1${' '.repeat(64 * KB)}x\n`],
    ['From', `From: ${'a'.repeat(32 * KB)}@${':'.repeat(32 * KB)}\n`],
    ['Subject (encoded-words in made-up charsets)', `Subject: ${'=?x1?q?a?= =?x2?b?YQ?= '.repeat(3 * KB)}\n`],
  ])('a 64 kB %s header line', (_, line) => {
    const normal = normalBigHeader();
    const hostile = bytes(`${line}${HEADERS.replace(/^(From|Date):.*\n/gm, '')}\nContent-Type: text/plain\n\nHi`);
    expectComparable(() => parseMessage(normal), () => parseMessage(hostile));
  }, 120_000);

  it('a 64 kB Content-Type line of escaped quotes', () => {
    const normal = normalBigHeader();
    const hostile = message(`text/plain; charset="${'\\"'.repeat(32 * KB)}`, 'Hi');
    expectComparable(() => parseMessage(normal), () => parseMessage(hostile));
    expect(parseMessage(hostile).snippet).toBe('Hi');
  }, 120_000);
});

describe('encoded-words in a long header value', () => {
  it('are decoded in its first 8 kB; the rest is kept as written', () => {
    const rest = ` ${'=?UTF-8?B?6Kej57SE?= '.repeat(500)}`;
    const decoded = decodeEncodedWords(`=?UTF-8?B?6Kej57SE?=${rest}`);
    expect(decoded.startsWith('解約解約')).toBe(true);
    expect(decoded.endsWith('=?UTF-8?B?6Kej57SE?= ')).toBe(true);
  });
});
