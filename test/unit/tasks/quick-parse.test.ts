import { describe, expect, it } from 'vitest';
import { parseQuickTask } from '../../../lib/tasks/quick-parse';

// Wednesday 2 December 2026, 14:20 in Tokyo (05:20 UTC).
const NOW = Date.UTC(2026, 11, 2, 5, 20);
const TOKYO = 'Asia/Tokyo';
const tokyo = (day: number, hour: number, minute = 0) => Date.UTC(2026, 11, day, hour - 9, minute);
const parse = (text: string, zone = TOKYO) => parseQuickTask(text, NOW, zone);

describe('quick task lines', () => {
  it('reads the four examples of the issue', () => {
    expect(parse('follow up in 3 days')).toEqual({ title: 'Follow up', type: 'other', dueAt: tokyo(5, 9) });
    expect(parse('call tomorrow 10:00')).toEqual({ title: 'Call', type: 'call', dueAt: tokyo(3, 10) });
    expect(parse('明日 電話')).toEqual({ title: '電話', type: 'call', dueAt: tokyo(3, 9) });
    expect(parse('3日後にフォロー')).toEqual({ title: 'フォロー', type: 'other', dueAt: tokyo(5, 9) });
  });

  it('reads dates in the given zone: the same instant is another day in New York', () => {
    // 00:20 on 2 December in New York: tomorrow is the 3rd there too, at 9:00 New York time (14:00 UTC).
    expect(parse('call tomorrow', 'America/New_York')?.dueAt).toBe(Date.UTC(2026, 11, 3, 14));
    // 23:30 UTC on the 2nd is already the 3rd in Tokyo: "tomorrow" is the 4th.
    expect(parseQuickTask('call tomorrow', Date.UTC(2026, 11, 2, 23, 30), TOKYO)?.dueAt).toBe(tokyo(4, 9));
  });

  it('reads English dates, times and types', () => {
    expect(parse('email the price list on friday at 3pm')).toEqual({ title: 'Email the price list', type: 'email', dueAt: tokyo(4, 15) });
    expect(parse('meeting next week')).toEqual({ title: 'Meeting', type: 'meeting', dueAt: tokyo(7, 9) });
    expect(parse('Ring Dana wednesday 9:30am')?.dueAt).toBe(tokyo(9, 9, 30));
    expect(parse('check in 2 weeks')).toMatchObject({ title: 'Check', dueAt: tokyo(16, 9) });
    expect(parse('ping in 2 hours')?.dueAt).toBe(NOW + 2 * 3_600_000);
    expect(parse('call today')?.dueAt).toBe(tokyo(2, 15));
    expect(parse('call at 16')?.dueAt).toBe(tokyo(2, 16));
    expect(parse('call 10:00')?.dueAt).toBe(tokyo(3, 10));
    expect(parse('send contract')).toEqual({ title: 'Send contract', type: 'other', dueAt: tokyo(3, 9) });
  });

  it('reads Japanese dates, times and types, with full-width digits', () => {
    expect(parse('明後日の午後3時に打ち合わせ')).toEqual({ title: '打ち合わせ', type: 'meeting', dueAt: tokyo(4, 15) });
    expect(parse('来週 メール')).toEqual({ title: 'メール', type: 'email', dueAt: tokyo(7, 9) });
    expect(parse('金曜日に電話 10時半')).toEqual({ title: '電話', type: 'call', dueAt: tokyo(4, 10, 30) });
    expect(parse('２週間後にフォロー')?.dueAt).toBe(tokyo(16, 9));
    expect(parse('今日 17:45 電話')?.dueAt).toBe(tokyo(2, 17, 45));
  });

  it('gives nothing when only a date is left', () => {
    expect(parse('tomorrow')).toBeUndefined();
    expect(parse('  明日に ')).toBeUndefined();
    expect(parse('')).toBeUndefined();
  });
});
