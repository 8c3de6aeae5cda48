import { describe, expect, it } from 'vitest';
import { CsvError } from '../../../lib/csv/errors';
import { assertMappingUsable, guessMapping, setColumn, type ColumnTarget } from '../../../lib/csv/mapping';
import { parseDateCell, parseStage, splitTags } from '../../../lib/csv/values';

const field = (f: string): ColumnTarget => ({ kind: 'field', field: f } as ColumnTarget);

describe('guessMapping', () => {
  it('maps English headers, whatever their case and punctuation', () => {
    const m = guessMapping(['E-mail', 'Full name', 'Company', 'Lifecycle Stage', 'Owner', 'Tags', 'Notes']);
    expect(m.columns).toEqual(['email', 'name', 'company', 'stage', 'owner', 'tags', 'notes'].map(field));
    expect(m.nameOrder).toBe('given-family');
  });

  it('maps Japanese headers, family name first when 姓 is given', () => {
    const m = guessMapping(['メールアドレス', '姓', '名', '会社名', 'ステージ', '担当者', 'タグ', '備考']);
    expect(m.columns).toEqual(['email', 'lastName', 'firstName', 'company', 'stage', 'owner', 'tags', 'notes'].map(field));
    expect(m.nameOrder).toBe('family-given');
    expect(guessMapping(['メール', '氏名', '企業名']).columns).toEqual(['email', 'name', 'company'].map(field));
    expect(guessMapping(['Ｅメール', '名前', '会社']).columns).toEqual(['email', 'name', 'company'].map(field));
  });

  it('turns unknown columns into custom fields with a key from the header, or ignores them', () => {
    const m = guessMapping(['email', 'Annual Revenue', '業種', 'Annual revenue', '']);
    expect(m.columns.slice(1)).toEqual([
      { kind: 'custom', key: 'annual_revenue', label: 'Annual Revenue' },
      { kind: 'custom', key: 'field_3', label: '業種' },
      { kind: 'custom', key: 'annual_revenue_2', label: 'Annual revenue' },
      { kind: 'ignore' },
    ]);
    expect(guessMapping(['email', 'Plan'], { unknown: 'ignore' }).columns[1]).toEqual({ kind: 'ignore' });
  });

  it('reuses an existing custom field matched by label or key', () => {
    const m = guessMapping(['email', '契約プラン', 'arr'], { customFields: [{ key: 'plan', label: '契約プラン' }, { key: 'arr', label: 'ARR' }] });
    expect(m.columns.slice(1)).toEqual([{ kind: 'custom', key: 'plan', label: '契約プラン' }, { kind: 'custom', key: 'arr', label: 'ARR' }]);
  });

  it('maps a field from its first column only', () => {
    const m = guessMapping(['Email', 'Work email']);
    expect(m.columns[0]).toEqual(field('email'));
    expect(m.columns[1]).toMatchObject({ kind: 'custom' });
  });

  it('lets the user override a column, moving a field off its old column', () => {
    const m = setColumn(guessMapping(['Email', 'Mail 2']), 1, field('email'));
    expect(m.columns).toEqual([{ kind: 'ignore' }, field('email')]);
  });

  it('refuses a mapping without an email column, hinting at the separator for a one-column header', () => {
    const header = ['email|name'];
    expect(() => assertMappingUsable(guessMapping(header), header)).toThrow(CsvError);
    expect(() => assertMappingUsable(guessMapping(header), header)).toThrow(/separator/);
  });
});

describe('cell values', () => {
  it.each([
    ['customer', 'customer'], ['Customer', 'customer'], ['At risk', 'at-risk'], ['AT_RISK', 'at-risk'], ['顧客', 'customer'],
    ['見込み客', 'lead'], ['解約', 'churned'], ['要注意', 'at-risk'], ['推奨者', 'advocate'], ['prospect', 'lead'], ['VIP', undefined],
  ])('stage %j → %j', (text, stage) => expect(parseStage(text)).toBe(stage));

  it('splits tags on ; , and 、, trimming and dropping repeats', () => {
    expect(splitTags(' vip; Renewal 2027 ,VIP、展示会;; ')).toEqual(['vip', 'Renewal 2027', '展示会']);
  });

  it('reads dates as UTC and refuses impossible ones', () => {
    expect(parseDateCell('2024-03-15')).toBe(Date.UTC(2024, 2, 15));
    expect(parseDateCell('2024/3/5 9:30')).toBe(Date.UTC(2024, 2, 5, 9, 30));
    expect(parseDateCell('2024-03-15T09:00:00+09:00')).toBe(Date.UTC(2024, 2, 15, 0));
    expect(parseDateCell('2024-02-30')).toBeUndefined();
    expect(parseDateCell('15/03/2024')).toBeUndefined();
  });
});
