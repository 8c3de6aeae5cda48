import { createReadStream } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CorrespondentCollector } from '../../../lib/churn/correspondents';
import { readMbox } from '../../../lib/mbox/read-mbox';

async function signals(file: string, me: string[], now: string, timeZone = 'UTC') {
  const collector = new CorrespondentCollector(me);
  for await (const m of readMbox(createReadStream(file))) collector.add(m);
  return collector.results(Date.parse(now), timeZone);
}

describe('signals per correspondent from an mbox', () => {
  it('crafted.mbox, seen from ann@kizuna.example', async () => {
    const lines = await signals('test/fixtures/churn/crafted.mbox', ['Ann@Kizuna.example'], '2026-03-10T12:00:00Z');
    expect(lines).toEqual([
      // Our reply (to Bob, In-Reply-To Carol's message) answers his message by References, untimed;
      // "not cancelling" is negated, "price increase" is not.
      {
        email: 'bob@beta.example',
        name: 'Bob (Beta)',
        inbound: 1,
        outbound: 1,
        lastInboundAt: '2026-03-03T13:00:00.000Z',
        lastOutboundAt: '2026-03-05T12:00:00.000Z',
        medianReplyHours: null,
        unanswered: 0,
        intentHits: 1,
      },
      {
        email: 'carol@beta.example',
        name: 'Carol Smith',
        inbound: 1,
        outbound: 1,
        lastInboundAt: '2026-03-04T10:00:00.000Z',
        lastOutboundAt: '2026-03-05T12:00:00.000Z',
        medianReplyHours: 26,
        unanswered: 0,
        intentHits: 1,
      },
      // No Date header: dated by its From_ line (Saturday 00:00, so not yet overdue on Tuesday noon).
      // "I'm disappointed." alone is no churn wording.
      { email: 'dave@gamma.example', name: 'Dave', inbound: 1, outbound: 0, lastInboundAt: '2026-03-07T00:00:00.000Z', lastOutboundAt: null, medianReplyHours: null, unanswered: 0, intentHits: 0 },
      { email: 'eve@delta.example', name: 'Eve', inbound: 1, outbound: 0, lastInboundAt: '2026-02-27T09:00:00.000Z', lastOutboundAt: null, medianReplyHours: null, unanswered: 1, intentHits: 1 },
      // The duplicate of m1 is dropped; 解約について + 料金が高い…解約 + 返金をお願い (a bare 返金 subject is not a request).
      {
        email: 'taro@acme.co.jp',
        name: 'Taro Yamada',
        inbound: 2,
        outbound: 1,
        lastInboundAt: '2026-03-06T09:00:00.000Z',
        lastOutboundAt: '2026-03-02T01:30:00.000Z',
        medianReplyHours: 1.5,
        unanswered: 1,
        intentHits: 4,
      },
    ]);
  });

  it('unanswered depends on working days as of --now', async () => {
    // Taro's last message (Fri 09:00 UTC) is not 2 working days old on Monday.
    const lines = await signals('test/fixtures/churn/crafted.mbox', ['ann@kizuna.example'], '2026-03-09T12:00:00Z');
    expect(lines.find((l) => l.email === 'taro@acme.co.jp')?.unanswered).toBe(0);
  });

  it('a message from any --me address is never inbound', async () => {
    const lines = await signals('test/fixtures/churn/crafted.mbox', ['ann@kizuna.example', 'bob@beta.example'], '2026-03-10T12:00:00Z');
    expect(lines.find((l) => l.email === 'bob@beta.example')).toBeUndefined();
    // Bob's message, now ours, reaches Carol in Cc.
    expect(lines.find((l) => l.email === 'carol@beta.example')).toMatchObject({ inbound: 1, outbound: 2 });
  });

  it('node-mbox test-4: four outbound messages to an address without "@" name nobody', async () => {
    expect(await signals('test/fixtures/churn/node-mbox/test-4-message.mbox', ['abc@gmail.com'], '2026-01-01T00:00:00Z')).toEqual([]);
    const theirs = await signals('test/fixtures/churn/node-mbox/test-4-message.mbox', ['me@example.com'], '2026-01-01T00:00:00Z');
    // Sent to "def <ydefmail.com>", not to me: counted, but nothing to answer.
    expect(theirs).toMatchObject([{ email: 'abc@gmail.com', name: 'abc', inbound: 4, outbound: 0, lastInboundAt: null, unanswered: 0 }]);
  });
});
