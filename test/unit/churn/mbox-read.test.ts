import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { MailMessage } from '../../../lib/mbox/message';
import { readMbox } from '../../../lib/mbox/read-mbox';
import { NotMboxError, splitMbox } from '../../../lib/mbox/split';

// Copies of ../shared/data (see test/fixtures/churn/README.md), so the tests run from any checkout.
const FIXTURES = 'test/fixtures/churn/';
const SHARED = FIXTURES + 'node-mbox/';
const utf8 = new TextDecoder();

async function* chunked(bytes: Uint8Array, size: number) {
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}
async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe('mbox reader on shared fixtures', () => {
  it.each([
    ['test-0-message.mbox', 0],
    ['test-1-message.mbox', 1],
    ['test-2-message.mbox', 2],
    ['test-3-message.mbox', 3],
    ['test-4-message.mbox', 4],
  ])('%s has %i messages', async (file, count) => {
    const messages = await collect(readMbox(createReadStream(SHARED + file)));
    expect(messages).toHaveLength(count);
    messages.forEach((m, i) => {
      expect(m.subject).toBe(`mail ${i + 1}`);
      expect(m.from).toEqual({ name: 'abc', address: 'abc@gmail.com' });
      expect(m.date).toBe(Date.parse('2011-12-25T13:33:37Z'));
      expect(m.snippet).toMatch(new RegExp(`^The mail content of mail ${i + 1}\\.+$`));
    });
  });

  it.each(['test-not-an.mbox', 'test-attached.mbox'])('%s is refused before anything is yielded', async (file) => {
    const seen: MailMessage[] = [];
    const reading = (async () => {
      for await (const m of readMbox(createReadStream(SHARED + file))) seen.push(m);
    })();
    await expect(reading).rejects.toBeInstanceOf(NotMboxError);
    await expect(collect(readMbox(createReadStream(SHARED + file)))).rejects.toThrow(/not an mbox file: the first line should start with "From "/);
    expect(seen).toEqual([]);
  });

  // SHA-256 of the originals in ../shared/data, taken when they were copied.
  it.each([
    ['node-mbox/test-0-message.mbox', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ['node-mbox/test-1-message.mbox', 'b55b1ba6876440a8b14731eea7f18c48ccfc6fb50c3b704e9e477c16957dad8c'],
    ['node-mbox/test-2-message.mbox', '0d536b0ee49001f3af700b5ac01b8c17cb1a0b24c2f7af79564acd1fe5d18567'],
    ['node-mbox/test-3-message.mbox', '559647ee00d2367d2baaa6371878a2c5aab29ebb6ca7e83a968c835e07c53b56'],
    ['node-mbox/test-4-message.mbox', '6016f22085b8eb218f72bce9c1b0b752ed4ce4a3936f019d449821c4de2342cc'],
    ['node-mbox/test-attached.mbox', '3982616832d3a23b8f54d0bee79d828fc997eb5f797922143256c33dd56bcfef'],
    ['node-mbox/test-not-an.mbox', '6abc4a0e46702d4da077010b106d84e93227858af61009fbdff0a80df6540af9'],
    ['eml-format/cc.eml', '390fd99033581a85c18d7765fbda6bef4fb8320bcd315ac74f43160eb0155f5e'],
    ['eml-format/multipart.eml', '1fbb97e6a094288528cf4cabaa8325b4396c9ca843ac4faace75e923e1354d33'],
    ['eml-format/sample.eml', 'babd7ec3c962464fdc2fa8a50b230445e540f0009006a5ae86f783a3e7af0ae3'],
    ['mlc_churn.csv', '7eaf98ebcdf529c260539b939b6d1e8f5001b9d3d5266810560ba070c5bc2046'],
  ])('the copy %s is byte for byte the shared file', (file, sha256) => {
    expect(
      createHash('sha256')
        .update(readFileSync(FIXTURES + file))
        .digest('hex'),
    ).toBe(sha256);
  });
});

describe('mbox reader on crafted input', () => {
  const crafted = new Uint8Array(readFileSync(FIXTURES + 'crafted.mbox'));

  it('reads every message once, de-duplicated by Message-ID', async () => {
    const progress: number[] = [];
    let duplicates = -1;
    const messages = await collect(
      readMbox(chunked(crafted, 1000), {
        onProgress: (p) => {
          progress.push(p.bytesRead);
          duplicates = p.duplicates;
        },
      }),
    );
    expect(messages.map((m) => m.messageId)).toEqual(['m1@acme.co.jp', 'a1@kizuna.example', 'b1@beta.example', 'c1@beta.example', 'a2@kizuna.example', 'm2@acme.co.jp', null, 'e1@delta.example']);
    expect(duplicates).toBe(1);
    expect(progress.at(-1)).toBe(crafted.length);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
  });

  it('gives the same messages whatever the chunk size', async () => {
    const whole = await collect(readMbox(chunked(crafted, crafted.length)));
    for (const size of [1, 7, 64]) expect(await collect(readMbox(chunked(crafted, size)))).toEqual(whole);
  });

  it('reads CRLF line ends and a web ReadableStream', async () => {
    const crlf = new TextEncoder().encode(utf8.decode(crafted).replace(/\n/g, '\r\n'));
    const messages = await collect(readMbox(new Blob([crlf]).stream()));
    expect(messages.map((m) => m.subject)).toEqual((await collect(readMbox(chunked(crafted, 4096)))).map((m) => m.subject));
    expect(messages[0].snippet).toBe('料金が高いので、解約を検討しています。');
  });

  it('undoes mboxrd escaping: ">From " → "From ", ">>From " → ">From "', async () => {
    const raw = await collect(splitMbox(chunked(crafted, 50)));
    const bob = utf8.decode(raw[2]);
    expect(bob).toContain('\nFrom the start, we liked it.\n');
    expect(bob).toContain('\n>From quoted text stays quoted.\n');
    expect(bob).not.toContain('>>From');
  });

  it('stops on abort', async () => {
    const controller = new AbortController();
    const seen: MailMessage[] = [];
    const reading = (async () => {
      for await (const m of readMbox(chunked(crafted, 200), { signal: controller.signal })) {
        seen.push(m);
        controller.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toHaveLength(1);
  });

  it('splits around a very long line and caps a message’s size', async () => {
    const long = 'A'.repeat(300_000);
    const text = `From a@x Mon Mar  2 00:00:00 2026\nSubject: one\n\n${long}\nFrom b@x Mon Mar  2 00:00:00 2026\nSubject: two\n\nhi\n`;
    const raw = await collect(splitMbox(chunked(new TextEncoder().encode(text), 65_536)));
    expect(raw).toHaveLength(2);
    expect(utf8.decode(raw[1])).toBe('Subject: two\n\nhi\n');
    const capped = await collect(splitMbox(chunked(new TextEncoder().encode(text), 65_536), { maxMessageBytes: 1000 }));
    expect(capped[0].length).toBe(1000);
  });

  it('accepts blank lines before the first message and an empty file', async () => {
    const text = '\n\nFrom a@x Mon Mar  2 00:00:00 2026\nSubject: one\n\nbody';
    const messages = await collect(readMbox(chunked(new TextEncoder().encode(text), 5)));
    expect(messages.map((m) => [m.subject, m.snippet])).toEqual([['one', 'body']]);
    expect(await collect(readMbox(chunked(new Uint8Array(0), 5)))).toEqual([]);
  });
});
