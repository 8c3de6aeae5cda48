import { afterEach, describe, expect, it } from 'vitest';
import { parseMailDate } from '../../../lib/mbox/date';
import { mboxText, readAll } from '../../support/mbox-text';

const zone = process.env.TZ;
afterEach(() => {
  if (zone === undefined) delete process.env.TZ;
  else process.env.TZ = zone;
});

describe('mail dates', () => {
  it.each([
    ['Thu, 5 Mar 2026 12:00:00', '2026-03-05T12:00:00Z'],
    ['Thu Mar  5 12:00:00 2026', '2026-03-05T12:00:00Z'],
    ['2026-03-05T12:00:00', '2026-03-05T12:00:00Z'],
    ['2026-03-05 12:00', '2026-03-05T12:00:00Z'],
    ['Mon Jan 01 00:00:00 +0000 2024', '2024-01-01T00:00:00Z'],
  ])('%s without a zone is UTC, whatever the machine’s zone', (text, iso) => {
    // Changing TZ at run time changes the zone Node's Date uses for local times.
    process.env.TZ = 'Asia/Tokyo';
    expect(new Date(2026, 0, 1).getTimezoneOffset()).toBe(-540);
    expect(parseMailDate(text)).toBe(Date.parse(iso));
    process.env.TZ = 'America/New_York';
    expect(parseMailDate(text)).toBe(Date.parse(iso));
  });

  it.each([
    ['Thu, 5 Mar 2026 1:30:00 PM +0000', '2026-03-05T13:30:00Z'],
    ['Thu, 5 Mar 2026 12:15 AM -0100', '2026-03-05T01:15:00Z'],
    ['Thu, 5 Mar 2026 12:00:00 GMT+0100', '2026-03-05T11:00:00Z'],
    ['Thu, 5 Mar 2026 12:00:00 UTC-05:30', '2026-03-05T17:30:00Z'],
    ['Thu, 5 Mar 2026 12:00:00 +0100 (CET)', '2026-03-05T11:00:00Z'],
    ['Thu, 5 Mar 2026 12:00:00 CET', '2026-03-05T11:00:00Z'],
    ['Mon Mar 02 2026 10:00:00 GMT+0900 (JST)', '2026-03-02T01:00:00Z'],
    ['Thursday, March 5, 2026 12:00 PM', '2026-03-05T12:00:00Z'],
    ['Thu, 29 Feb 2024 08:00:00 +0000', '2024-02-29T08:00:00Z'],
  ])('%s', (text, iso) => expect(parseMailDate(text)).toBe(Date.parse(iso)));

  it.each([
    'Mon, 30 Feb 2026 10:00:00 +0000',
    'Sun, 29 Feb 2026 10:00:00 +0000',
    'Mon, 2 Mar 2026 25:00:00 +0000',
    'Mon, 2 Mar 2026 10:60:00 +0000',
    'Mon, 2 Mar 2026 13:00 PM',
    'Mon, 2 Mar 2026 10:00:00 +2500',
    'Mon, 32 Mar 2026 10:00:00 +0000',
    '2026-02-30T10:00:00Z',
    '2026-13-01',
    'Mon Feb 30 10:00:00 2026',
  ])('%s is impossible: no date', (text) => expect(parseMailDate(text)).toBeNull());
});

describe('a message without a usable Date header', () => {
  const headers = ['From: Dana <dana@acme.com>', 'To: me@kizuna.example', 'Subject: Hi'];

  it('is dated by its last Received header (the first relay), then by its From_ line', async () => {
    const [received, envelope, both, neither] = await readAll(
      mboxText(
        {
          headers: [
            'Received: from relay2 by mx; Tue, 3 Mar 2026 10:05:00 +0000',
            'Received: from laptop by relay2; Tue, 3 Mar 2026 10:01:00 +0000',
            ...headers,
            'Date: Tue, 31 Feb 2026 10:00:00 +0000',
          ],
          envelope: 'dana@acme.com Wed Mar  4 09:00:00 2026',
        },
        { headers, envelope: 'dana@acme.com Wed Mar  4 09:00:00 2026' },
        { headers: ['Received: by mx (no date)', ...headers], envelope: '1790000000000000001@xxx Thu Mar 05 08:00:00 +0100 2026' },
        { headers, envelope: 'dana@acme.com' },
      ),
    );
    expect(received.date).toBe(Date.parse('2026-03-03T10:01:00Z'));
    expect(envelope.date).toBe(Date.parse('2026-03-04T09:00:00Z'));
    expect(both.date).toBe(Date.parse('2026-03-05T07:00:00Z'));
    expect(neither.date).toBeNull();
  });
});
