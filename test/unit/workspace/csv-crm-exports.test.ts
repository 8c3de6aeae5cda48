import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes } from '../../../lib/csv/decode';
import { previewCsv, readCsvForImport } from '../../../lib/csv/import';
import type { ColumnTarget, CsvMapping } from '../../../lib/csv/mapping';
import { planImport } from '../../../lib/csv/plan-import';

// Exports shaped as HubSpot, Salesforce and Pipedrive write them, and a Japanese sales list from Excel
// ("CSV UTF-8"): every row must arrive, unknown stages and impossible dates only warn.
async function load(name: string, change?: (mapping: CsvMapping) => CsvMapping) {
  const { text } = decodeCsvBytes(new Uint8Array(readFileSync(join(import.meta.dirname, '../../fixtures/csv', name))));
  const preview = await previewCsv(text);
  const mapping = change ? change(preview.mapping) : preview.mapping;
  const read = await readCsvForImport(text, mapping);
  if (read.status !== 'ok') throw new Error(read.status);
  const targets = Object.fromEntries(preview.header.map((h, i) => [h, mapping.columns[i]]));
  return { preview, mapping, rows: read.rows, targets };
}

const field = (f: string): ColumnTarget => ({ kind: 'field', field: f }) as ColumnTarget;
const custom = (key: string, label: string): ColumnTarget => ({ kind: 'custom', key, label });
const utc = (...parts: number[]) => Date.UTC(parts[0], parts[1] - 1, ...parts.slice(2));

describe('CSV import: a HubSpot contacts export', () => {
  it('maps its headers, reads lifecycle stages (values and labels), and keeps every row', async () => {
    const { rows, targets } = await load('hubspot-contacts-export.csv');
    expect(targets).toEqual({
      'Record ID': field('externalId'),
      'First Name': field('firstName'),
      'Last Name': field('lastName'),
      Email: field('email'),
      'Phone Number': custom('phone', 'Phone Number'),
      'Company Name': field('company'),
      'Lifecycle Stage': field('stage'),
      'Lead Status': custom('lead_status', 'Lead Status'),
      'Contact owner': field('owner'),
      'Last Activity Date': field('lastContact'),
      'Create Date': custom('create_date', 'Create Date'),
      'Annual Revenue': custom('revenue', 'Annual Revenue'),
      'Became a Customer Date': field('customerSince'),
    });
    expect(rows.total).toBe(10);
    expect(rows.invalid).toEqual([]);
    expect(rows.valid.map((r) => [r.email.split('@')[0], r.stage])).toEqual([
      ['ann', 'customer'],
      ['bob', 'lead'],
      ['cy', 'lead'],
      ['dee', undefined],
      ['eve', 'advocate'],
      ['finn', 'lead'],
      ['gia', 'lead'],
      ['hal', undefined],
      ['ivy', 'lead'],
      ['jo', 'customer'],
    ]);
    expect(rows.valid[0]).toEqual({
      row: 2,
      email: 'ann@acme.example',
      name: 'Ann Lee',
      company: 'Acme',
      stage: 'customer',
      owner: 'Alex Kim',
      tags: [],
      customerSince: utc(2023, 3, 15),
      lastContact: utc(2025, 11, 3, 14, 20),
      externalId: '51',
      custom: { phone: '+1 555 0100', create_date: '2023-02-01 09:00', revenue: '120000' },
    });
    expect(rows.valid[2].custom.revenue).toBe('45000');
    expect(rows.warnings).toEqual([
      { row: 5, column: 'Lifecycle Stage', reason: 'Unknown stage "Partner": imported with the default stage' },
      { row: 9, column: 'Lifecycle Stage', reason: 'Unknown stage "Partner": imported with the default stage' },
      { row: 11, column: 'Last Activity Date', reason: 'Impossible date "2025-02-30 10:00": left empty' },
    ]);
    expect(rows.warningRowCount).toBe(3);
    expect(rows.stageValues.find((v) => v.value === 'Partner')).toEqual({ key: 'partner', value: 'Partner', count: 2, stage: null, rows: [5, 9] });
    expect(rows.stageValues.find((v) => v.value === 'Marketing Qualified Lead')?.stage).toBe('lead');
  });

  it('the user’s stage for an unknown value is used, and the warning goes', async () => {
    const { rows } = await load('hubspot-contacts-export.csv', (m) => ({ ...m, stages: { partner: 'advocate' } }));
    expect(rows.valid.filter((r) => r.email.startsWith('dee') || r.email.startsWith('hal')).map((r) => r.stage)).toEqual(['advocate', 'advocate']);
    expect(rows.warnings.map((w) => w.row)).toEqual([11]);
    expect(rows.stageValues.find((v) => v.key === 'partner')?.stage).toBe('advocate');
  });
});

describe('CSV import: Salesforce exports', () => {
  it('a leads report: lead statuses, US dates (month first), "Email Opt Out", the Lead ID as external id', async () => {
    const { rows, targets, mapping } = await load('salesforce-leads-export.csv');
    expect(mapping.dateOrder).toBe('month-first');
    expect(targets).toMatchObject({
      'Lead ID': field('externalId'),
      'Company / Account': field('company'),
      'Lead Status': field('stage'),
      'Lead Owner': field('owner'),
      'Annual Revenue': custom('revenue', 'Annual Revenue'),
      'Last Activity': field('lastContact'),
      'Email Opt Out': field('doNotContact'),
    });
    expect(rows.valid.map((r) => [r.custom.revenue, r.stage, r.lastContact, r.doNotContact])).toEqual([
      ['2500000', 'lead', undefined, 0],
      ['12000000', 'lead', utc(2025, 10, 15), 0],
      ['800000', 'customer', utc(2025, 11, 2), 0],
      [undefined, 'lead', utc(2025, 9, 9), 1],
      [undefined, undefined, undefined, 0],
    ]);
    expect(rows.valid[0].externalId).toBe('00Q5g00000AbCdEAAV');
    expect(rows.warnings).toEqual([{ row: 6, column: 'Lead Status', reason: 'Unknown stage "Nurturing": imported with the default stage' }]);
  });

  it('a contacts report: account types (customer, prospect, former customer); a partner type only warns', async () => {
    const { rows, targets } = await load('salesforce-contacts-export.csv');
    expect(targets).toMatchObject({ 'Contact ID': field('externalId'), 'Account Name': field('company'), 'Account Type': field('stage'), Description: field('notes') });
    expect(rows.valid.map((r) => r.stage)).toEqual(['customer', 'customer', 'lead', 'churned', undefined, 'lead']);
    expect(rows.warnings).toEqual([{ row: 6, column: 'Account Type', reason: 'Unknown stage "Channel Partner / Reseller": imported with the default stage' }]);
  });
});

describe('CSV import: a Pipedrive people export', () => {
  it('"Person - …" headers, person labels as stages, deal values in ¥, € and $', async () => {
    const { rows, targets } = await load('pipedrive-people-export.csv');
    expect(targets).toEqual({
      'Person - ID': field('externalId'),
      'Person - Name': field('name'),
      'Person - Label': field('stage'),
      'Person - Organization': field('company'),
      'Person - Email - Work': field('email'),
      'Person - Phone - Work': custom('phone', 'Person - Phone - Work'),
      'Person - Owner': field('owner'),
      'Person - Last activity date': field('lastContact'),
      'Deal - Value': custom('revenue', 'Deal - Value'),
      'Deal - Status': custom('deal_status', 'Deal - Status'),
    });
    expect(rows.valid.map((r) => [r.name, r.stage, r.custom.revenue])).toEqual([
      ['Kenji Sato', 'customer', '1200000'],
      ['Lena Fischer', 'lead', '15000'],
      ['Omar Haddad', 'lead', '8500'],
      ['Nina Rossi', 'lead', undefined],
      ['Paul Martin', undefined, '40000'],
    ]);
    expect(rows.warnings).toEqual([{ row: 6, column: 'Person - Label', reason: 'Unknown stage "VIP": imported with the default stage' }]);
  });
});

describe('CSV import: a Japanese sales list', () => {
  it('maps 売上 to the revenue field (not a hidden field_7), and reads full-width and yen amounts as numbers', async () => {
    const { rows, targets } = await load('japanese-sales-list.csv');
    expect(targets).toEqual({
      顧客ID: field('externalId'),
      会社名: field('company'),
      担当者名: field('name'),
      メールアドレス: field('email'),
      電話番号: custom('phone', '電話番号'),
      ステータス: field('stage'),
      売上: custom('revenue', '売上'),
      最終接触日: field('lastContact'),
      契約更新日: custom('renewalAt', '契約更新日'),
      NPS: custom('nps', 'NPS'),
      タグ: field('tags'),
      担当: field('owner'),
    });
    // ３０，０００ · 30,000円 · 3万円 · ¥1,200,000 · JPY 450000
    expect(rows.valid.map((r) => r.custom.revenue)).toEqual(['30000', '30000', '30000', '1200000', '450000']);
    expect(rows.valid.map((r) => r.custom.nps)).toEqual(['9', '7', '3', undefined, '10']);
    expect(rows.valid.map((r) => r.custom.renewalAt)).toEqual(['2026-04-01', undefined, '2026/02/30', undefined, '2026-06-30']);
    expect(rows.valid.map((r) => r.lastContact)).toEqual([utc(2025, 11, 4), utc(2025, 10, 20), utc(2025, 9, 1), undefined, utc(2025, 11, 10)]);
    expect(rows.valid[1].custom.phone).toBe('06-1234-5678');
    expect(rows.valid[0]).toMatchObject({ name: '山田 太郎', company: '株式会社さくら商事', owner: '佐藤', externalId: 'C-0001', tags: ['VIP', '更新2026'] });
    expect(rows.warnings).toEqual([
      { row: 4, column: '契約更新日', reason: 'Impossible date "2026/02/30": kept as text, not read as a date' },
      { row: 5, column: 'ステータス', reason: 'Unknown stage "休眠": imported with the default stage' },
      { row: 5, column: '最終接触日', reason: 'Impossible date "2025/13/01": left empty' },
    ]);
    expect(rows.warningRowCount).toBe(2);
  });

  it('the dry run counts every row as new: the unknown stage becomes lead, the last-contact date and external id are kept', async () => {
    const { rows } = await load('japanese-sales-list.csv');
    const plan = planImport(rows, new Map(), 'fill-empty');
    expect(plan.counts).toEqual({ new: 5, updated: 0, unchanged: 0, invalid: 0, skipped: 0 });
    const ito = plan.writes.find((w) => w.kind === 'create' && w.contact.email === 'ito@momiji.example');
    expect(ito).toMatchObject({ kind: 'create', row: 5, contact: { stage: 'lead', externalId: 'C-0004', custom: { revenue: '1200000' } } });
    expect(ito?.kind === 'create' && 'lastOutboundAt' in ito.contact).toBe(false);
    expect(plan.writes[0]).toMatchObject({ contact: { lastOutboundAt: utc(2025, 11, 4), externalId: 'C-0001' } });
  });
});
