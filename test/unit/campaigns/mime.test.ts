import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { MimeError } from '../../../lib/gmail-api/address';
import { buildMessage, createMessageId, rfc2822Date, subjectHeader, type MailMessage } from '../../../lib/gmail-api/mime';

const base: MailMessage = {
  from: { address: 'cs@kizuna-test.com', name: 'Kizuna CS' },
  to: [{ address: 'ann@acme.com' }],
  subject: 'Hello',
  text: 'Hi Ann,\nhow is the new plan working?\n',
  messageId: '<kz.c1.c1-0.0.abc@kizuna-test.com>',
  date: Date.UTC(2026, 1, 3, 9, 5, 0),
};

const headerBlock = (raw: string) => raw.slice(0, raw.indexOf('\r\n\r\n'));
const lines = (raw: string) => raw.split('\r\n');

describe('RFC 2047 subjects', () => {
  const subjects = [
    '【ご案内】来月の契約更新について',
    '山田様、新しいプランの使い心地はいかがですか？ご意見をお聞かせください。よろしくお願いいたします。株式会社絆カスタマーサクセス',
    'Café crème — naïve façade 🎉 déjà vu',
    '日本語とEnglishが混ざった件名 😀😀😀😀😀😀😀😀😀😀😀😀',
  ];
  it.each(subjects)('encodes and decodes back: %s', async (subject) => {
    const raw = buildMessage({ ...base, subject });
    const header = subjectHeader(subject);
    for (const line of lines(header)) expect(line.length).toBeLessThanOrEqual(76);
    const words = header.match(/=\?UTF-8\?B\?[^?]*\?=/g) ?? [];
    expect(words.length).toBeGreaterThan(0);
    for (const word of words) {
      expect(word.length).toBeLessThanOrEqual(75);
      // Each word decodes on its own: no UTF-8 sequence is split between words.
      const bytes = Uint8Array.from(atob(word.slice(10, -2)), (c) => c.charCodeAt(0));
      expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).not.toThrow();
    }
    // eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL
    expect(header).not.toMatch(/[^\x00-\x7f]/);
    expect((await PostalMime.parse(raw)).subject).toBe(subject);
  });

  it('folds a long Japanese subject over several lines', () => {
    expect(lines(subjectHeader(subjects[1]!)).length).toBeGreaterThan(2);
  });

  it('leaves a short ASCII subject as it is and folds a long one losslessly', async () => {
    expect(subjectHeader('Your renewal is next month')).toBe('Subject: Your renewal is next month');
    const long = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const header = subjectHeader(long);
    expect(lines(header).length).toBeGreaterThan(1);
    for (const line of lines(header)) expect(line.length).toBeLessThanOrEqual(76);
    expect((await PostalMime.parse(buildMessage({ ...base, subject: long }))).subject).toBe(long);
  });
});

describe('message building', () => {
  it('uses CRLF everywhere and the required headers', async () => {
    const raw = buildMessage({ ...base, cc: [{ address: 'cc@acme.com' }], bcc: [{ address: 'crm@kizuna-test.com' }] });
    expect(raw.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const head = headerBlock(raw);
    for (const h of ['MIME-Version: 1.0', 'Content-Type: text/plain; charset=UTF-8', 'Message-ID: <kz.c1.c1-0.0.abc@kizuna-test.com>', 'Date: Tue, 03 Feb 2026 09:05:00 +0000']) {
      expect(head).toContain(h);
    }
    const parsed = await PostalMime.parse(raw);
    expect(parsed.from?.address).toBe('cs@kizuna-test.com');
    expect(parsed.cc?.map((a) => a.address)).toEqual(['cc@acme.com']);
    expect(parsed.bcc?.map((a) => a.address)).toEqual(['crm@kizuna-test.com']);
    expect(parsed.messageId).toBe('<kz.c1.c1-0.0.abc@kizuna-test.com>');
  });

  it('threads a follow-up with In-Reply-To and References', async () => {
    const refs = ['<a.1@kizuna-test.com>', '<b.2@kizuna-test.com>'];
    const parsed = await PostalMime.parse(buildMessage({ ...base, inReplyTo: refs[1], references: refs }));
    expect(parsed.inReplyTo).toBe('<b.2@kizuna-test.com>');
    expect(parsed.references?.split(/\s+/)).toEqual(refs);
  });

  it('adds List-Unsubscribe (mailto) and the one-click header only with an https URL', () => {
    const mailtoOnly = headerBlock(buildMessage({ ...base, listUnsubscribe: { mailto: 'cs@kizuna-test.com' } }));
    expect(mailtoOnly).toContain('List-Unsubscribe: <mailto:cs@kizuna-test.com?subject=unsubscribe>');
    expect(mailtoOnly).not.toContain('List-Unsubscribe-Post');
    const withUrl = headerBlock(buildMessage({ ...base, listUnsubscribe: { mailto: 'cs@kizuna-test.com', url: 'https://u.example.com/x?id=1' } }));
    expect(withUrl).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(() => buildMessage({ ...base, listUnsubscribe: { url: 'http://insecure.example.com' } })).toThrow(MimeError);
  });

  it.each(['base64', 'quoted-printable'] as const)('round-trips a Japanese body in %s', async (encoding) => {
    const text = `山田様\n\nいつもお世話になっております。${'長い行です。'.repeat(30)}\nA line with = signs and trailing space \n`;
    const raw = buildMessage({ ...base, text, encoding });
    expect(headerBlock(raw)).toContain(`Content-Transfer-Encoding: ${encoding}`);
    for (const line of lines(raw.slice(raw.indexOf('\r\n\r\n') + 4))) expect(line.length).toBeLessThanOrEqual(76);
    expect((await PostalMime.parse(raw)).text?.replace(/\r\n/g, '\n')).toBe(text);
  });

  it('chooses quoted-printable for mostly-ASCII text and base64 otherwise', () => {
    expect(buildMessage(base)).toContain('Content-Transfer-Encoding: quoted-printable');
    expect(buildMessage({ ...base, text: '日本語の本文です。' })).toContain('Content-Transfer-Encoding: base64');
  });

  it('encodes a Japanese display name', async () => {
    const parsed = await PostalMime.parse(buildMessage({ ...base, to: [{ address: 'taro@acme.co.jp', name: '山田 太郎' }] }));
    expect(parsed.to?.[0]).toMatchObject({ address: 'taro@acme.co.jp', name: '山田 太郎' });
  });
});

describe('header injection', () => {
  it.each([
    ['subject', { subject: 'Hi\r\nBcc: victim@evil.com' }],
    ['subject (LF only)', { subject: 'Hi\nBcc: victim@evil.com' }],
    ['display name', { to: [{ address: 'ann@acme.com', name: 'Ann\r\nBcc: victim@evil.com' }] }],
    ['address', { to: [{ address: 'ann@acme.com\r\nBcc: victim@evil.com' }] }],
    ['message id', { messageId: '<a@b.com>\r\nBcc: victim@evil.com' }],
    ['references', { references: ['<a@b.com>\nBcc: victim@evil.com'] }],
  ])('rejects a line break in the %s', (_, patch) => {
    expect(() => buildMessage({ ...base, ...patch } as MailMessage)).toThrow(MimeError);
  });
  it('rejects a message without recipients', () => expect(() => buildMessage({ ...base, to: [] })).toThrow(MimeError));
});

describe('ids and dates', () => {
  it('makes unique, well-formed Message-IDs on the sender domain', () => {
    const ids = Array.from({ length: 500 }, () => createMessageId({ campaignId: 'c1', recipientId: 'c1-7', step: 1, domain: 'acme.com' }));
    expect(new Set(ids).size).toBe(500);
    for (const id of ids) expect(id).toMatch(/^<kz\.c1\.c1-7\.1\.[a-z0-9]{16}@acme\.com>$/);
    expect(createMessageId({ campaignId: 'c 1', recipientId: 'r>', step: 0, domain: '' })).toMatch(/^<kz\.c-1\.r-\.0\.[a-z0-9]+@kizuna\.local>$/);
  });
  it('formats RFC 2822 dates in UTC', () => {
    expect(rfc2822Date(Date.UTC(2026, 0, 1, 0, 0, 7))).toBe('Thu, 01 Jan 2026 00:00:07 +0000');
    expect(() => rfc2822Date(Number.NaN)).toThrow(MimeError);
  });
});
