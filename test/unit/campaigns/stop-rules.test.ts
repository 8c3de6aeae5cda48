import { describe, expect, it } from 'vitest';
import { asksToUnsubscribe, detectStop, type OurSide } from '../../../lib/campaigns/stop-rules';
import { toBase64Url } from '../../../lib/gmail-api/encoding';
import type { GmailThread, ThreadMessage } from '../../../lib/gmail-api/schemas';

const ours: OurSide = { recipient: 'ann@acme.com', self: 'cs@kizuna-test.com', messageIds: ['<kz.1@kizuna-test.com>'], gmailIds: ['m1'] };

function msg(id: string, from: string, text: string, extra: Partial<ThreadMessage> = {}, headers: { name: string; value: string }[] = []): ThreadMessage {
  return {
    id,
    threadId: 't1',
    labelIds: from.includes('kizuna-test.com') ? ['SENT'] : ['INBOX'],
    payload: { mimeType: 'text/plain', headers: [{ name: 'From', value: from }, { name: 'Subject', value: 'Re: renewal' }, ...headers], body: { data: toBase64Url(text) } },
    ...extra,
  };
}
const thread = (...messages: ThreadMessage[]): GmailThread => ({ id: 't1', messages });
const first = msg('m1', 'Kizuna CS <cs@kizuna-test.com>', 'Hello Ann. To unsubscribe, reply "unsubscribe".');

describe('stop rules', () => {
  it('goes on when only our messages are in the thread', () => {
    expect(detectStop(thread(first), ours)).toBeUndefined();
    expect(detectStop(thread(first, msg('m2', 'cs@kizuna-test.com', 'a note to self')), ours)).toBeUndefined();
  });

  it('stops on a reply from the recipient (or anyone else) after our message', () => {
    expect(detectStop(thread(first, msg('m2', '"Ann" <Ann@Acme.com>', 'Thanks, all good!')), ours)).toBe('replied');
    expect(detectStop(thread(first, msg('m2', 'assistant@acme.com', 'Ann is away')), ours)).toBe('replied');
  });

  it('ignores what came before our first message', () => {
    const earlier = msg('m0', 'ann@acme.com', 'an old conversation');
    expect(detectStop(thread(earlier, first), ours)).toBeUndefined();
  });

  it('stops on a bounce: mailer-daemon, postmaster or a delivery-status report', () => {
    expect(detectStop(thread(first, msg('m2', 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>', 'Address not found')), ours)).toBe('bounced');
    expect(detectStop(thread(first, msg('m2', 'postmaster@acme.com', 'undeliverable')), ours)).toBe('bounced');
    const report = msg('m2', 'robot@relay.example', 'failed', {}, [{ name: 'Content-Type', value: 'multipart/report; report-type=delivery-status; boundary=x' }]);
    expect(detectStop(thread(first, report), ours)).toBe('bounced');
  });

  it('stops as unsubscribed when the reply asks for it, in English or Japanese', () => {
    expect(detectStop(thread(first, msg('m2', 'ann@acme.com', 'Please unsubscribe me.')), ours)).toBe('unsubscribed');
    expect(detectStop(thread(first, msg('m2', 'ann@acme.com', '今後のメール配信停止をお願いします。')), ours)).toBe('unsubscribed');
    expect(detectStop(thread(first, msg('m2', 'ann@acme.com', 'Stop emailing me')), ours)).toBe('unsubscribed');
  });

  it('does not read our own footer in the quoted original as an unsubscribe request', () => {
    const quoted = 'Sounds good, talk soon.\n\nOn Mon, Jan 12, 2026 at 9:00 AM Kizuna CS <cs@kizuna-test.com> wrote:\n> To unsubscribe, reply "unsubscribe".';
    expect(detectStop(thread(first, msg('m2', 'ann@acme.com', quoted)), ours)).toBe('replied');
    const ja = 'ありがとうございます。\n\n2026年1月12日(月) 9:00 Kizuna CS <cs@kizuna-test.com>:\n配信停止はこちら';
    expect(detectStop(thread(first, msg('m2', 'ann@acme.com', ja)), ours)).toBe('replied');
    expect(detectStop(thread(first, msg('m2', 'ann@acme.com', 'ok\n> unsubscribe')), ours)).toBe('replied');
  });

  it('recognises unsubscribe wording', () => {
    for (const t of ['unsubscribe', 'Please OPT-OUT', 'remove me from your list', '登録解除してください', '送らないでください']) expect(asksToUnsubscribe(t)).toBe(true);
    for (const t of ['Thanks!', 'subscribe me to the newsletter', 'we should remove the old plan']) expect(asksToUnsubscribe(t)).toBe(false);
  });
});
