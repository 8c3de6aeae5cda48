import { describe, expect, it } from 'vitest';
import { CsvError } from '../../../lib/csv/errors';
import { assertMappingUsable, guessMapping, setColumn, type ColumnTarget } from '../../../lib/csv/mapping';
import { parseDateCell, parseStage, splitTags } from '../../../lib/csv/values';

const field = (f: string): ColumnTarget => ({ kind: 'field', field: f }) as ColumnTarget;

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
    const m = guessMapping(['email', 'Plan Tier', '業種', 'Plan tier', '取引区分', '']);
    expect(m.columns.slice(1)).toEqual([
      { kind: 'custom', key: 'plan_tier', label: 'Plan Tier' },
      { kind: 'custom', key: 'industry', label: '業種' },
      { kind: 'custom', key: 'plan_tier_2', label: 'Plan tier' },
      { kind: 'custom', key: 'field_5', label: '取引区分' },
      { kind: 'ignore' },
    ]);
    expect(guessMapping(['email', 'Plan'], { unknown: 'ignore' }).columns[1]).toEqual({ kind: 'ignore' });
  });

  it.each(['売上', '年商', '契約金額', '売上高', '月額', '金額', 'Annual Revenue', 'Amount', 'Deal Value', 'Deal - Value', 'ＡＲＲ'])(
    'maps %j to the revenue field the churn risk reads, not a new custom field',
    (header) => {
      const m = guessMapping(['メールアドレス', header]);
      expect(m.columns[1]).toEqual({ kind: 'custom', key: 'revenue', label: header });
      expect(m.fieldTypes.revenue).toBe('number');
    },
  );

  it('maps revenue to the field the risk settings name, or to an existing field named revenue', () => {
    expect(guessMapping(['email', '売上'], { signalKeys: { revenue: 'arr' } }).columns[1]).toEqual({ kind: 'custom', key: 'arr', label: '売上' });
    const withField = guessMapping(['email', '売上'], { customFields: [{ key: 'Revenue', label: '年間売上' }] });
    expect(withField.columns[1]).toEqual({ kind: 'custom', key: 'Revenue', label: '年間売上' });
    expect(withField.fieldTypes).toMatchObject({ Revenue: 'number' });
    // The first of two revenue-like columns by rank; the other stays its own field.
    const two = guessMapping(['email', '金額', '売上']);
    expect(two.columns.slice(1)).toEqual([
      { kind: 'custom', key: 'field_2', label: '金額' },
      { kind: 'custom', key: 'revenue', label: '売上' },
    ]);
  });

  it('maps the other risk fields, the last-contact date and a source record id', () => {
    const m = guessMapping(['Email', 'NPS', 'Support Tickets', '契約更新日', '支払状況', 'Last Contacted', 'Record ID', '電話']);
    expect(m.columns.slice(1)).toEqual([
      { kind: 'custom', key: 'nps', label: 'NPS' },
      { kind: 'custom', key: 'supportTickets', label: 'Support Tickets' },
      { kind: 'custom', key: 'renewalAt', label: '契約更新日' },
      { kind: 'custom', key: 'paymentStatus', label: '支払状況' },
      field('lastContact'),
      field('externalId'),
      { kind: 'custom', key: 'phone', label: '電話' },
    ]);
    expect(m.fieldTypes).toEqual({ revenue: 'number', nps: 'number', supportTickets: 'number', renewalAt: 'date' });
  });

  it('maps Japanese and CRM headers of the standard fields', () => {
    const ja = guessMapping(['企業名', '氏名', 'E-mail', 'ステータス', 'オーナー', 'ラベル', '最終接触日', '顧客ID']);
    expect(ja.columns).toEqual(['company', 'name', 'email', 'stage', 'owner', 'tags', 'lastContact', 'externalId'].map(field));
    const crm = guessMapping(['Email Address', 'Company Name', 'Contact Owner', 'Lifecycle Stage', 'Contact ID', 'Last Activity Date']);
    expect(crm.columns).toEqual(['email', 'company', 'owner', 'stage', 'externalId', 'lastContact'].map(field));
    expect(guessMapping(['Account Name', 'Person ID', 'mail']).columns).toEqual(['company', 'externalId', 'email'].map(field));
    expect(guessMapping(['担当者名', '担当']).columns).toEqual(['name', 'owner'].map(field));
  });

  it('takes the best-ranked column for a field: the lifecycle stage over a lead status, whatever the order', () => {
    const m = guessMapping(['Email', 'Lead Status', 'Lifecycle Stage']);
    expect(m.columns.slice(1)).toEqual([{ kind: 'custom', key: 'lead_status', label: 'Lead Status' }, field('stage')]);
  });

  it('reuses an existing custom field matched by label or key', () => {
    const m = guessMapping(['email', '契約プラン', 'arr'], {
      customFields: [
        { key: 'plan', label: '契約プラン' },
        { key: 'arr', label: 'ARR' },
      ],
    });
    expect(m.columns.slice(1)).toEqual([
      { kind: 'custom', key: 'plan', label: '契約プラン' },
      { kind: 'custom', key: 'arr', label: 'ARR' },
    ]);
  });

  it('maps a field from its first column only', () => {
    const m = guessMapping(['Email', 'Work email']);
    expect(m.columns[0]).toEqual(field('email'));
    expect(m.columns[1]).toMatchObject({ kind: 'custom' });
  });

  it('lets the user override a column, moving a field (or custom field) off its old column', () => {
    const m = setColumn(guessMapping(['Email', 'Mail 2']), 1, field('email'));
    expect(m.columns).toEqual([{ kind: 'ignore' }, field('email')]);
    const revenue = setColumn(guessMapping(['Email', '売上', 'Deal size']), 2, { kind: 'custom', key: 'revenue', label: 'Deal size' });
    expect(revenue.columns.slice(1)).toEqual([{ kind: 'ignore' }, { kind: 'custom', key: 'revenue', label: 'Deal size' }]);
  });

  it('refuses a mapping without an email column, hinting at the separator for a one-column header', () => {
    const header = ['email|name'];
    expect(() => assertMappingUsable(guessMapping(header), header)).toThrow(CsvError);
    expect(() => assertMappingUsable(guessMapping(header), header)).toThrow(/separator/);
  });
});

describe('cell values', () => {
  it.each([
    ['customer', 'customer'],
    ['Customer', 'customer'],
    ['At risk', 'at-risk'],
    ['AT_RISK', 'at-risk'],
    ['顧客', 'customer'],
    ['見込み客', 'lead'],
    ['解約', 'churned'],
    ['要注意', 'at-risk'],
    ['推奨者', 'advocate'],
    ['prospect', 'lead'],
    ['VIP', undefined],
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
