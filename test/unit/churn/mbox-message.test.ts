import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAddressList } from '../../../lib/mbox/addresses';
import { htmlToText, ownWords } from '../../../lib/mbox/body';
import { decodeBase64, decodeQuotedPrintable } from '../../../lib/mbox/charset';
import { parseMailDate } from '../../../lib/mbox/date';
import { decodeEncodedWords } from '../../../lib/mbox/encoded-words';
import { parseHeaders, parseParams } from '../../../lib/mbox/headers';
import { parseMessage } from '../../../lib/mbox/message';

const bytes = (text: string) => new TextEncoder().encode(text);
const eml = (name: string) => parseMessage(new Uint8Array(readFileSync(`test/fixtures/churn/eml-format/${name}`)));

describe('RFC 2047 encoded-words', () => {
  it('decodes B and Q in UTF-8', () => {
    expect(decodeEncodedWords('=?UTF-8?B?6Kej57SE?=')).toBe('解約');
    expect(decodeEncodedWords('=?utf-8?q?caf=C3=A9_au_lait?=')).toBe('café au lait');
  });

  it('decodes ISO-2022-JP and Shift_JIS', () => {
    expect(decodeEncodedWords('=?ISO-2022-JP?B?GyRCMnJMcyRLJEQkJCRGGyhC?=')).toBe('解約について');
    // テスト in Shift_JIS is 83 65 83 58 83 67.
    expect(decodeEncodedWords('=?Shift_JIS?B?g2WDWINn?=')).toBe('テスト');
    expect(decodeEncodedWords('=?shift_jis?Q?=83e=83X=83g?=')).toBe('テスト');
    expect(decodeEncodedWords('=?cp932?B?g2WDWINn?=')).toBe('テスト');
  });

  it('drops the space between adjacent words and joins a character split across them', () => {
    // 解 is E8 A7 A3: split over two words.
    expect(decodeEncodedWords('=?UTF-8?Q?=E8=A7?= =?UTF-8?Q?=A3?=')).toBe('解');
    expect(decodeEncodedWords('Re: =?UTF-8?B?6Kej?=  =?UTF-8?B?57SE?= now')).toBe('Re: 解約 now');
  });

  it('keeps plain text and falls back to UTF-8 for an unknown charset', () => {
    expect(decodeEncodedWords('no words here =? really')).toBe('no words here =? really');
    expect(decodeEncodedWords('=?x-klingon?Q?hi?=')).toBe('hi');
  });
});

describe('headers and addresses', () => {
  it('unfolds continuation lines and keeps repeated fields', () => {
    const h = parseHeaders(bytes('Subject: a long\r\n  subject\r\nReceived: one\nReceived: two\n\nbody'));
    expect(h.get('subject')).toEqual(['a long  subject']);
    expect(h.get('received')).toEqual(['one', 'two']);
    expect(h.has('body')).toBe(false);
  });

  it('reads parameters, quoted and RFC 2231', () => {
    expect(parseParams('multipart/mixed;\t boundary="a;b"; charset=UTF-8')).toEqual({ value: 'multipart/mixed', params: { boundary: 'a;b', charset: 'UTF-8' } });
    expect(parseParams("attachment; filename*=utf-8''%E8%A7%A3.pdf").params.filename).toBe('解.pdf');
  });

  it('parses display names, quotes, comments, groups and encoded names', () => {
    expect(parseAddressList('"Smith, Carol" <Carol@Beta.example>, bob@beta.example (Bob B), =?UTF-8?B?5bGx55Sw?= <taro@acme.co.jp>, Team: a@x.org, b@x.org;, <bare@x.org>')).toEqual([
      { name: 'Smith, Carol', address: 'carol@beta.example' },
      { name: 'Bob B', address: 'bob@beta.example' },
      { name: '山田', address: 'taro@acme.co.jp' },
      { name: '', address: 'a@x.org' },
      { name: '', address: 'b@x.org' },
      { name: '', address: 'bare@x.org' },
    ]);
    expect(parseAddressList('undisclosed-recipients:;')).toEqual([]);
    expect(parseAddressList(undefined)).toEqual([]);
  });
});

describe('dates', () => {
  it.each([
    ['Sun, 25 Dec 2011 21:33:37 +0800', '2011-12-25T13:33:37Z'],
    ['Mon, 2 Mar 2026 09:00:00 +0900 (JST)', '2026-03-02T00:00:00Z'],
    ['2 Mar 2026 09:00 -0530', '2026-03-02T14:30:00Z'],
    ['Tue, 3 Mar 26 08:00:00 EST', '2026-03-03T13:00:00Z'],
    ['Wed, 4 Mar 2026 10:00:00 GMT', '2026-03-04T10:00:00Z'],
    ['Thu, 05 March 2026 12:00:00 +00:00', '2026-03-05T12:00:00Z'],
    ['2026-03-05T12:00:00Z', '2026-03-05T12:00:00Z'],
  ])('%s', (text, iso) => expect(parseMailDate(text)).toBe(Date.parse(iso)));

  it('is null when unreadable or missing', () => {
    expect(parseMailDate('someday')).toBeNull();
    expect(parseMailDate(undefined)).toBeNull();
  });
});

describe('bodies', () => {
  it('decodes quoted-printable and base64', () => {
    expect(new TextDecoder().decode(decodeQuotedPrintable(bytes('caf=C3=A9 soft=\nbreak =3D ok')))).toBe('café softbreak = ok');
    expect(new TextDecoder().decode(decodeBase64('5pu0\r\n5paw'))).toBe('更新');
  });

  it('keeps only the sender’s own words', () => {
    expect(ownWords('Please cancel.\n\nOn Mon, Ann <a@x> wrote:\n> old text\n> more')).toBe('Please cancel.');
    expect(ownWords('Top\n> quoted\nBottom')).toBe('Top Bottom');
    expect(ownWords('x'.repeat(5000)).length).toBe(2000);
  });

  it('turns HTML into text', () => {
    expect(htmlToText('<style>p{}</style><p>We&nbsp;will <b>leave</b> &amp; go&#33;</p>').replace(/\s+/g, ' ').trim()).toBe('We will leave & go!');
  });
});

describe('eml-format fixtures', () => {
  it('cc.eml: address lists and an encoded From name', () => {
    const m = eml('cc.eml');
    expect(m.from).toEqual({ name: 'Foo Bar', address: 'foo.bar@example.com' });
    expect(m.to.map((a) => a.address)).toEqual(['foo.bar@example.com', 'info@example.com']);
    expect(m.cc).toEqual([
      { name: '', address: 'foo@example.com' },
      { name: 'Bar', address: 'bar@example.com' },
    ]);
    expect(m.messageId).toBe('ecc38b11-aa06-44c9-b8de-283b06a1d89e@example.com');
    expect(m.date).toBe(Date.parse('2019-10-12T18:09:08Z'));
  });

  it('multipart.eml: the text part, not the attachment', () => {
    const m = eml('multipart.eml');
    expect(m.subject).toBe('Multi-part boundary');
    expect(m.snippet).toBe('please see attached');
  });

  it('sample.eml: quoted-printable text/plain inside multipart/related', () => {
    const m = eml('sample.eml');
    expect(m.snippet.startsWith('Lorem ipsum dolor sit amet, consectetur adipiscing elit.')).toBe(true);
    expect(m.snippet).toContain('pulvinar eleifend massa');
    expect(m.to).toEqual([{ name: 'Foo Bar', address: 'foo.bar@example.com' }]);
  });
});
