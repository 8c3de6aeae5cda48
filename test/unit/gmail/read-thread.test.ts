// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { readThread } from '../../../lib/gmail/read-thread';
import { parseGmailDate } from '../../../lib/gmail/parse-date';
import { gmailPage, inboxHtml, threadViewHtml } from '../../support/gmail-fixture';
import { ME, PEOPLE, SAMPLE_THREADS } from '../../support/sample-threads';

function load(html: string): void {
  document.open();
  document.write(html);
  document.close();
}

function showThread(id: string, layout: 'current' | 'legacy' = 'current'): void {
  const thread = SAMPLE_THREADS.find((t) => t.id === id)!;
  document.getElementById('gmail-main')!.innerHTML = threadViewHtml(thread, layout);
}

describe('readThread on Gmail fixtures', () => {
  beforeEach(() => load(gmailPage({ user: ME, threads: SAMPLE_THREADS })));

  it('reads the current layout (.a98.iY): subject, thread id, messages, people, dates, snippets', () => {
    showThread('18c1a2b3c4d5e6f7');
    const snap = readThread(document, '#inbox/18c1a2b3c4d5e6f7');
    expect(snap.status).toBe('thread');
    if (snap.status !== 'thread') return;
    expect(snap.threadId).toBe('18c1a2b3c4d5e6f7');
    expect(snap.subject).toBe('Renewal and pricing for next year');
    expect(snap.userEmail).toBe('alex@kizuna-demo.com');
    expect(snap.messages).toHaveLength(3);
    const [first, second] = snap.messages;
    expect(first.messageId).toBe('18c1a2b3c4d5e001');
    expect(first.from).toEqual({ email: 'dana.lee@acme-corp.com', name: 'Dana Lee' });
    expect(first.to).toEqual([{ email: 'alex@kizuna-demo.com', name: 'Alex Morgan' }]);
    expect(first.at).toBe(new Date(2026, 10, 2, 10, 15).getTime());
    expect(first.snippet).toBe('Hi Alex, Our renewal is coming up and the new pricing looks too expensive for us. Can we talk this week?');
    // Quoted text is not part of the snippet.
    expect(second.snippet).not.toContain('renewal is coming up');
  });

  it('reads the pre-2023 layout (table.Bs) the same way', () => {
    showThread('18c1a2b3c4d5e6f7', 'legacy');
    const snap = readThread(document, '#inbox/18c1a2b3c4d5e6f7');
    expect(snap.status).toBe('thread');
    if (snap.status === 'thread') expect(snap.messages.map((m) => m.from.email)).toEqual(['dana.lee@acme-corp.com', 'alex@kizuna-demo.com', 'dana.lee@acme-corp.com']);
  });

  it('reads several participants, cc apart from to, and a collapsed message by its snippet', () => {
    showThread('18c2b3c4d5e6f7a8');
    const snap = readThread(document, '#inbox/18c2b3c4d5e6f7a8');
    if (snap.status !== 'thread') throw new Error(snap.reason);
    expect(snap.messages[0].to.map((p) => p.email)).toEqual(['alex@kizuna-demo.com', 'raj@acme-corp.com']);
    expect(snap.messages[0].cc.map((p) => p.email)).toEqual(['sales@kizuna-demo.com']);
    expect(snap.messages[1].snippet).toBe('Yes, I will handle the import by Friday.');
  });

  it('reads Japanese dates and names', () => {
    showThread('18c3c4d5e6f7a8b9');
    const snap = readThread(document, '#inbox/18c3c4d5e6f7a8b9');
    if (snap.status !== 'thread') throw new Error(snap.reason);
    expect(snap.messages[0].from.name).toBe('山田 太郎');
    expect(snap.messages[0].at).toBe(new Date(2026, 10, 12, 10, 15).getTime());
  });

  it('says there is no thread on the inbox list', () => {
    document.getElementById('gmail-main')!.innerHTML = inboxHtml(SAMPLE_THREADS);
    expect(readThread(document, '#inbox')).toMatchObject({ status: 'none', reason: 'no-thread' });
  });

  it('says the layout is unknown when a thread URL shows no known thread view', () => {
    document.getElementById('gmail-main')!.innerHTML = '<div class="newLayout2027"><div>Some message</div></div>';
    expect(readThread(document, '#inbox/18c1a2b3c4d5e6f7')).toMatchObject({ status: 'none', reason: 'layout-unknown' });
  });

  it('says no sender when messages have no readable sender, without throwing', () => {
    showThread('18c1a2b3c4d5e6f7');
    document.querySelectorAll('.gD').forEach((el) => el.removeAttribute('email'));
    expect(readThread(document, '#inbox/18c1a2b3c4d5e6f7')).toMatchObject({ status: 'none', reason: 'no-sender' });
  });

  it('follows an in-place thread switch (the view is swapped in the same document)', () => {
    showThread('18c1a2b3c4d5e6f7');
    const before = readThread(document, '#inbox/18c1a2b3c4d5e6f7');
    showThread('18c4d5e6f7a8b9c0');
    const after = readThread(document, '#inbox/18c4d5e6f7a8b9c0');
    expect(before.status === 'thread' && before.threadId).toBe('18c1a2b3c4d5e6f7');
    expect(after.status === 'thread' && after.messages[0].from.email).toBe(PEOPLE.kim.email);
  });

  it('skips a hidden, earlier thread view that Gmail keeps in the DOM', () => {
    showThread('18c1a2b3c4d5e6f7');
    const main = document.getElementById('gmail-main')!;
    (main.firstElementChild as HTMLElement).style.display = 'none';
    main.insertAdjacentHTML('beforeend', threadViewHtml(SAMPLE_THREADS[3]));
    const snap = readThread(document, '#inbox/18c4d5e6f7a8b9c0');
    expect(snap.status === 'thread' && snap.threadId).toBe('18c4d5e6f7a8b9c0');
  });

  it('reads the user from the title when the account button is missing, and null when neither has it', () => {
    load(gmailPage({ user: ME, threads: SAMPLE_THREADS, userIn: 'title' }));
    expect(readThread(document, '#inbox').userEmail).toBe('alex@kizuna-demo.com');
    load(gmailPage({ user: ME, threads: SAMPLE_THREADS, userIn: 'none' }));
    expect(readThread(document, '#inbox').userEmail).toBeNull();
  });

  it('re-reads a message body whose text changed between reads (the snippet cache follows the body)', () => {
    showThread('18c4d5e6f7a8b9c0');
    const first = readThread(document, '#inbox/18c4d5e6f7a8b9c0');
    expect(first.status === 'thread' && first.messages[0].snippet).toBe('Is there a rate limit on the export endpoint?');
    document.querySelector('.a3s div')!.append(' And on import?');
    const second = readThread(document, '#inbox/18c4d5e6f7a8b9c0');
    expect(second.status === 'thread' && second.messages[0].snippet).toBe('Is there a rate limit on the export endpoint? And on import?');
  });

  it('keeps a hostile subject as text', () => {
    const hostile = { ...SAMPLE_THREADS[3], subject: '<img src=x onerror=alert(1)>{{name}}' };
    document.getElementById('gmail-main')!.innerHTML = threadViewHtml(hostile);
    const snap = readThread(document, '#inbox/18c4d5e6f7a8b9c0');
    expect(snap.status === 'thread' && snap.subject).toBe('<img src=x onerror=alert(1)>{{name}}');
  });
});

describe('parseGmailDate', () => {
  it.each([
    ['Mon, Nov 2, 2026, 10:15 AM', new Date(2026, 10, 2, 10, 15)],
    ['Nov 2, 2026, 2:40\u202fPM', new Date(2026, 10, 2, 14, 40)],
    ['Monday, November 2, 2026 at 10:15 AM', new Date(2026, 10, 2, 10, 15)],
    ['2026年11月12日(木) 10:15', new Date(2026, 10, 12, 10, 15)],
  ])('%s', (title, expected) => expect(parseGmailDate(title)).toBe(expected.getTime()));
  it('returns null for what it cannot read', () => {
    expect(parseGmailDate('')).toBeNull();
    expect(parseGmailDate('yesterday-ish')).toBeNull();
  });
});
