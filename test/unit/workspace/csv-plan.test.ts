import { describe, expect, it } from 'vitest';
import { guessMapping } from '../../../lib/csv/mapping';
import { planImport, type ExistingContact } from '../../../lib/csv/plan-import';
import { validateRows } from '../../../lib/csv/validate';

const header = ['email', 'name', 'company', 'stage', 'owner', 'tags', 'notes', 'plan', 'do not contact'];
const rows = validateRows(header, guessMapping(header), [
  { row: 2, cells: ['new@x.com', 'New Person', 'NewCo', '', '', 'trial', 'met at expo', '', ''] },
  { row: 3, cells: ['Suzuki@Example.jp', '鈴木 花子', 'Sample', 'lead', '佐藤', 'VIP;展示会', '', 'Pro', 'no'] },
  { row: 4, cells: ['same@x.com', 'Same', '', 'customer', 'alex', 'vip', '', '', ''] },
  { row: 5, cells: ['optout@x.com', '', '', '', '', '', '', '', 'yes'] },
  { row: 6, cells: ['broken', '', '', '', '', '', '', '', ''] },
]);

function existing(): Map<string, ExistingContact> {
  const list: ExistingContact[] = [
    { id: 10, email: 'suzuki@example.jp', name: '', stage: 'customer', owner: '田中', custom: { plan: '' }, doNotContact: 0, tagNames: ['vip'] },
    { id: 11, email: 'same@x.com', name: 'Same', stage: 'customer', owner: 'alex', custom: {}, doNotContact: 0, tagNames: ['VIP'] },
    { id: 12, email: 'optout@x.com', name: 'Opt', stage: 'lead', owner: '', custom: {}, doNotContact: 0, tagNames: [] },
  ];
  return new Map(list.map((c) => [c.email, c]));
}

describe('planImport', () => {
  it('fill-empty: creates new contacts, fills only empty fields, adds tags, never touches the stage', () => {
    const plan = planImport(rows, existing(), 'fill-empty');
    expect(plan.counts).toEqual({ new: 1, updated: 2, unchanged: 1, invalid: 1, skipped: 0 });
    expect(plan.writes).toEqual([
      {
        kind: 'create',
        row: 2,
        note: 'met at expo',
        contact: { email: 'new@x.com', name: 'New Person', company: 'NewCo', stage: 'lead', owner: '', tags: ['trial'], custom: {}, doNotContact: 0 },
      },
      { kind: 'update', row: 3, id: 10, changes: { name: '鈴木 花子', company: 'Sample', custom: { plan: 'Pro' } }, addTags: ['展示会'] },
      { kind: 'update', row: 5, id: 12, changes: { doNotContact: 1 }, addTags: [] },
    ]);
    expect(plan.tagNames).toEqual(['trial', '展示会']);
    expect(plan.companyNames).toEqual(['NewCo', 'Sample']);
  });

  it('overwrite: replaces differing fields and records the stage change', () => {
    const plan = planImport(rows, existing(), 'overwrite');
    const suzuki = plan.writes.find((w) => w.row === 3);
    expect(suzuki).toEqual({
      kind: 'update',
      row: 3,
      id: 10,
      addTags: ['展示会'],
      changes: { name: '鈴木 花子', company: 'Sample', owner: '佐藤', stage: 'lead', custom: { plan: 'Pro' } },
      stageChange: { from: 'customer', to: 'lead' },
    });
    expect(plan.counts).toEqual({ new: 1, updated: 2, unchanged: 1, invalid: 1, skipped: 0 });
  });

  it('skip: leaves every existing contact alone', () => {
    const plan = planImport(rows, existing(), 'skip');
    expect(plan.counts).toEqual({ new: 1, updated: 0, unchanged: 3, invalid: 1, skipped: 3 });
    expect(plan.writes.map((w) => w.kind)).toEqual(['create']);
  });

  it('never clears do-not-contact, and does not re-add a note that is already there', () => {
    const store = existing();
    store.set('optout@x.com', { ...store.get('optout@x.com')!, doNotContact: 1 });
    const header2 = ['email', 'do not contact', 'notes'];
    const again = validateRows(header2, guessMapping(header2), [{ row: 2, cells: ['optout@x.com', 'no', 'called'] }]);
    store.set('optout@x.com', { ...store.get('optout@x.com')!, noteTexts: ['called'] });
    const plan = planImport(again, store, 'overwrite');
    expect(plan.counts.unchanged).toBe(1);
    expect(plan.writes).toEqual([]);
  });

  it('matches existing contacts by lower-cased email', () => {
    const store = new Map([['ann@x.com', { id: 1, email: 'ann@x.com', name: 'Ann', stage: 'lead', owner: '', custom: {}, doNotContact: 0, tagNames: [] } as ExistingContact]]);
    const h = ['email', 'name'];
    const plan = planImport(validateRows(h, guessMapping(h), [{ row: 2, cells: ['ANN@X.COM', 'Ann'] }]), store, 'overwrite');
    expect(plan.counts).toMatchObject({ new: 0, unchanged: 1 });
  });

  it('keeps the source id as the external id, and moves the last-contact date only forward', () => {
    const h = ['email', 'Record ID', 'Last Contacted'];
    const read = validateRows(h, guessMapping(h), [
      { row: 2, cells: ['new@x.com', '901', '2025-11-03'] },
      { row: 3, cells: ['old@x.com', '902', '2025-11-03'] },
      { row: 4, cells: ['recent@x.com', '903', '2025-11-03'] },
    ]);
    const base = { name: '', stage: 'customer' as const, owner: '', custom: {}, doNotContact: 0 as const, tagNames: [] };
    const store = new Map<string, ExistingContact>([
      ['old@x.com', { ...base, id: 1, email: 'old@x.com', lastOutboundAt: Date.UTC(2024, 0, 1) }],
      ['recent@x.com', { ...base, id: 2, email: 'recent@x.com', externalId: 'mine', lastOutboundAt: Date.UTC(2025, 11, 24) }],
    ]);
    const plan = planImport(read, store, 'fill-empty');
    expect(plan.writes).toEqual([
      {
        kind: 'create',
        row: 2,
        contact: { email: 'new@x.com', name: '', stage: 'lead', owner: '', tags: [], custom: {}, doNotContact: 0, lastOutboundAt: Date.UTC(2025, 10, 3), externalId: '901' },
      },
      { kind: 'update', row: 3, id: 1, changes: { externalId: '902', lastOutboundAt: Date.UTC(2025, 10, 3) }, addTags: [] },
    ]);
    expect(plan.counts).toMatchObject({ new: 1, updated: 1, unchanged: 1 });
    expect(planImport(read, store, 'overwrite').writes[2]).toEqual({ kind: 'update', row: 4, id: 2, changes: { externalId: '903' }, addTags: [] });
  });
});
