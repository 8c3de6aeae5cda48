import { describe, expect, it } from 'vitest';
import { guessDateOrder, isoDate, readDateCell } from '../../../lib/csv/dates';
import { halfWidthDigits, parseNumberCell } from '../../../lib/csv/numbers';
import { parseStage } from '../../../lib/csv/values';

describe('parseNumberCell', () => {
  it.each([
    ['30000', 30000],
    ['30,000', 30000],
    ['３０，０００', 30000],
    ['３０,０００円', 30000],
    ['¥30,000', 30000],
    ['￥３０，０００', 30000],
    ['\\30,000', 30000],
    ['JPY 30,000', 30000],
    ['30,000 JPY', 30000],
    ['30,000円', 30000],
    ['3万円', 30000],
    ['3万5000円', 35000],
    ['1億2000万', 120_000_000],
    ['1.5万', 15000],
    ['$45,000', 45000],
    ['US$ 45,000.50', 45000.5],
    ['€15,000', 15000],
    ['£1,200', 1200],
    ['$3.5k', 3500],
    ['2M', 2_000_000],
    ['-1,200', -1200],
    ['▲1,200', -1200],
    ['(1,200)', -1200],
    ['−¥500', -500],
    ['9', 9],
    ['９', 9],
    ['12件', 12],
    [' 1 234 ', 1234],
    ['0.75', 0.75],
  ])('%j → %d', (text, n) => expect(parseNumberCell(text)).toBe(n));

  it.each([[''], ['-'], ['abc'], ['3,5'], ['1.234,56'], ['12/5'], ['N/A'], ['10%'], ['3万円くらい']])('%j is not a number', (text) => expect(parseNumberCell(text)).toBeUndefined());

  it('turns a full-width number or phone number into ASCII and leaves other text alone', () => {
    expect(halfWidthDigits('０６－１２３４－５６７８')).toBe('06-1234-5678');
    expect(halfWidthDigits('３０，０００')).toBe('30,000');
    expect(halfWidthDigits('第３営業部')).toBe('第３営業部');
    expect(halfWidthDigits('Ｐｌａｎ ３')).toBe('Ｐｌａｎ ３');
  });
});

describe('readDateCell', () => {
  const ok = (ms: number) => ({ ok: true, ms });
  const impossible = { ok: false, impossible: true };
  it.each([
    ['2024-03-15', ok(Date.UTC(2024, 2, 15))],
    ['2024/3/5 9:30', ok(Date.UTC(2024, 2, 5, 9, 30))],
    ['2025-11-03 14:20', ok(Date.UTC(2025, 10, 3, 14, 20))],
    ['2024-03-15T09:00:00+09:00', ok(Date.UTC(2024, 2, 15, 0))],
    ['2024-03-15T09:00:00.000Z', ok(Date.UTC(2024, 2, 15, 9))],
    ['２０２５／１０／２０', ok(Date.UTC(2025, 9, 20))],
    ['2025年9月1日', ok(Date.UTC(2025, 8, 1))],
    ['2025年9月1日 14時05分', ok(Date.UTC(2025, 8, 1, 14, 5))],
    ['10/15/2025', ok(Date.UTC(2025, 9, 15))],
    ['3/4/2025 2:05 PM', ok(Date.UTC(2025, 2, 4, 14, 5))],
    ['2026-02-30', impossible],
    ['2025/13/01', impossible],
    ['2024-02-29', ok(Date.UTC(2024, 1, 29))],
    ['2025-02-29', impossible],
    ['2026-02-30T10:00:00Z', impossible],
    ['2025-01-01 25:00', impossible],
    ['13/13/2025', impossible],
    ['15/03/2024', impossible],
    ['soon', { ok: false, impossible: false }],
    ['', { ok: false, impossible: false }],
  ])('%j → %j', (text, reading) => expect(readDateCell(text)).toEqual(reading));

  it('reads dates with the year last day first when asked', () => {
    expect(readDateCell('15/03/2024', 'day-first')).toEqual(ok(Date.UTC(2024, 2, 15)));
    expect(readDateCell('03/04/2024', 'day-first')).toEqual(ok(Date.UTC(2024, 3, 3)));
    expect(readDateCell('03/04/2024', 'month-first')).toEqual(ok(Date.UTC(2024, 2, 4)));
  });

  it('guesses the order from sample cells: day first only when a cell shows it', () => {
    expect(guessDateOrder(['x', '2024-03-15'])).toBeUndefined();
    expect(guessDateOrder(['03/04/2024', '10/15/2025'])).toBe('month-first');
    expect(guessDateOrder(['03/04/2024', '25/12/2024'])).toBe('day-first');
  });

  it('stores a date as YYYY-MM-DD, a time as ISO', () => {
    expect(isoDate(Date.UTC(2026, 3, 1))).toBe('2026-04-01');
    expect(isoDate(Date.UTC(2026, 3, 1, 9, 30))).toBe('2026-04-01T09:30:00.000Z');
  });
});

describe('parseStage: other CRMs’ stages', () => {
  it.each([
    // HubSpot lifecycle stages, as internal values and as labels (English and Japanese UI)
    ['subscriber', 'lead'],
    ['lead', 'lead'],
    ['marketingqualifiedlead', 'lead'],
    ['Marketing Qualified Lead', 'lead'],
    ['salesqualifiedlead', 'lead'],
    ['Sales Qualified Lead', 'lead'],
    ['opportunity', 'lead'],
    ['customer', 'customer'],
    ['evangelist', 'advocate'],
    ['Evangelist', 'advocate'],
    ['other', 'lead'],
    ['マーケティングクオリファイドリード', 'lead'],
    ['エバンジェリスト', 'advocate'],
    // HubSpot lead statuses
    ['Attempted to contact', 'lead'],
    ['Bad timing', 'lead'],
    // Salesforce lead statuses, account types, opportunity stages
    ['Open - Not Contacted', 'lead'],
    ['Working - Contacted', 'lead'],
    ['Closed - Converted', 'customer'],
    ['Closed - Not Converted', 'lead'],
    ['Customer - Direct', 'customer'],
    ['Customer - Channel', 'customer'],
    ['Prospect', 'lead'],
    ['Former Customer', 'churned'],
    ['Closed Won', 'customer'],
    ['Closed Lost', 'lead'],
    ['Proposal/Price Quote', 'lead'],
    ['Id. Decision Makers', 'lead'],
    // Pipedrive deal statuses and person labels
    ['won', 'customer'],
    ['lost', 'lead'],
    ['open', 'lead'],
    ['Hot lead', 'lead'],
    ['Warm', 'lead'],
    ['Cold lead', 'lead'],
    ['失注', 'lead'],
    ['受注', 'customer'],
    // No fair equivalent: the user decides
    ['Channel Partner / Reseller', undefined],
    ['Partner', undefined],
    ['休眠', undefined],
    ['constructor', undefined],
  ])('%j → %j', (text, stage) => expect(parseStage(text)).toBe(stage));

  it('the user’s choice for a value wins over the built-in words', () => {
    const chosen = { partner: 'advocate', lost: 'churned' } as const;
    expect(parseStage(' Partner ', chosen)).toBe('advocate');
    expect(parseStage('Lost', chosen)).toBe('churned');
    expect(parseStage('Customer', chosen)).toBe('customer');
  });
});
