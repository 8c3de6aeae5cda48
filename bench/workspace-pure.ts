// The pure half of the workspace: CSV import (decode → parse → map → validate → plan) of 100,000 rows
// against papaparse alone, a segment query over 100,000 contacts against a one-field filter, and
// CSV export against papaparse's unparse. The IndexedDB side (bulkPut) is measured with the DB wiring.
import Papa from 'papaparse';
import { exportContactsCsv, type ExportColumn } from '../lib/csv/export';
import { decodeCsvBytes } from '../lib/csv/decode';
import { readCsvForImport } from '../lib/csv/import';
import { guessMapping } from '../lib/csv/mapping';
import { planImport, type ExistingContact } from '../lib/csv/plan-import';
import type { Stage } from '../lib/db/types';
import type { SegmentContact } from '../lib/segments/columns';
import { compileFilter } from '../lib/segments/compile';
import type { SegmentFilter } from '../lib/segments/filter';
import { sortContacts } from '../lib/segments/sort';
import { medianMs, report } from './_measure';

const ROWS = 100_000;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 1);
const STAGES: Stage[] = ['lead', 'customer', 'at-risk', 'churned', 'advocate'];
const JA = ['山田 太郎', '佐藤 花子', '鈴木 一郎', '高橋 美咲'];

function csvText(): string {
  const lines = ['メールアドレス,氏名,会社名,ステージ,担当者,タグ,備考,Annual Revenue,Do not contact'];
  for (let i = 0; i < ROWS; i++) {
    const name = i % 3 === 0 ? JA[i % 4] : `"Lee, Ann ${i}"`;
    const note = i % 10 === 0 ? `"Called on ${(i % 28) + 1} March, said ""renewal looks fine""\nfollow up"` : '';
    lines.push(
      `user${i}@company${i % 5000}.example,${name},Company ${i % 5000},${i % 7 === 0 ? '顧客' : STAGES[i % 5]},owner${i % 10},vip;tier-${i % 4},${note},${(i * 37) % 100_000},${i % 50 === 0 ? 'yes' : 'no'}`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

function existing(): Map<string, ExistingContact> {
  const map = new Map<string, ExistingContact>();
  for (let i = 0; i < ROWS; i += 2) {
    const email = `user${i}@company${i % 5000}.example`;
    map.set(email, { id: i + 1, email, name: '', stage: 'lead', owner: `owner${i % 10}`, custom: {}, doNotContact: 0, tagNames: ['vip'] });
  }
  return map;
}

function contacts(): SegmentContact[] {
  return Array.from({ length: ROWS }, (_, i) => ({
    id: i + 1,
    email: `user${i}@company${i % 5000}.example`,
    name: i % 3 === 0 ? JA[i % 4] : `Ann Lee ${i}`,
    companyId: i % 5000,
    companyName: `Company ${i % 5000}`,
    tags: [1 + (i % 20), 21 + (i % 7)],
    stage: STAGES[i % 5],
    owner: `owner${i % 10}`,
    custom: { plan: ['Pro', 'Basic', 'Enterprise'][i % 3], arr: String((i * 37) % 100_000) },
    doNotContact: i % 50 === 0 ? 1 : 0,
    lastInboundAt: NOW - (i % 120) * DAY,
    createdAt: NOW - 400 * DAY,
    updatedAt: NOW,
    risk: (i * 13) % 101,
  }));
}

const FILTER: SegmentFilter = {
  conditions: [
    { type: 'text', query: 'company 1' },
    { type: 'tags', mode: 'any', tagIds: [1, 2, 3, 4, 5] },
    { type: 'stage', stages: ['customer', 'at-risk', 'advocate'] },
    { type: 'risk', bands: ['medium', 'high'] },
    { type: 'lastContact', op: 'olderThan', days: 30 },
    {
      type: 'or',
      conditions: [
        { type: 'custom', key: 'arr', op: 'gt', value: '20000' },
        { type: 'owner', owners: ['owner1'] },
      ],
    },
  ],
};

/** Prints the workspace's pure figures next to their baselines. */
export default async function workspacePure(): Promise<void> {
  const text = csvText();
  const bytes = new TextEncoder().encode(text);
  const store = existing();
  console.log(`CSV: ${ROWS.toLocaleString('en')} rows, ${(bytes.length / 1e6).toFixed(1)} MB`);

  const baseParse = await medianMs(() => Papa.parse(text, { header: true, skipEmptyLines: true }), 3);
  let counts = '';
  const importMs = await medianMs(async () => {
    const decoded = decodeCsvBytes(bytes);
    const read = await readCsvForImport(decoded.text, guessMapping(text.slice(0, text.indexOf('\r')).split(',')));
    if (read.status !== 'ok') throw new Error('no rows');
    const plan = planImport(read.rows, store, 'fill-empty');
    counts = JSON.stringify(plan.counts);
  }, 3);
  report('import 100k rows (decode+parse+map+validate+plan)', importMs, 'papaparse parse alone', baseParse, '≤ 10,000 ms');
  console.log(`  dry run: ${counts}`);

  const list = contacts();
  let matched = 0;
  const baseFilter = await medianMs(() => list.filter((c) => c.stage === 'customer').length);
  const segmentMs = await medianMs(() => {
    matched = list.filter(compileFilter(FILTER, NOW)).length;
  });
  report('segment query over 100k contacts (6 conditions + OR group)', segmentMs, 'array filter on one field', baseFilter, '≤ 300 ms');
  const searchMs = await medianMs(() => list.filter(compileFilter({ conditions: [{ type: 'text', query: '山田' }] }, NOW)).length);
  report('text search over 100k contacts', searchMs, 'array filter on one field', baseFilter, '≤ 300 ms');
  console.log(`  segment matched ${matched.toLocaleString('en')} contacts`);

  const baseSort = await medianMs(() => [...list].sort((a, b) => a.id - b.id), 3);
  const sortMs = await medianMs(() => sortContacts(list, 'name', 'asc', { locale: 'ja' }), 3);
  report('sort 100k contacts by name (collator, stable)', sortMs, 'native sort by id', baseSort);

  const columns: ExportColumn[] = [
    { key: 'email', header: 'email' },
    { key: 'name', header: 'name' },
    { key: 'company', header: 'company' },
    { key: 'stage', header: 'stage' },
    { key: 'tags', header: 'tags' },
    { key: 'custom:arr', header: 'ARR' },
    { key: 'lastContact', header: 'last contact' },
  ];
  const tagNames = new Map(Array.from({ length: 30 }, (_, i) => [i + 1, `tag ${i + 1}`]));
  const rows = list.map((c) => [c.email, c.name, c.companyName ?? '', c.stage, '', c.custom.arr, '']);
  const baseUnparse = await medianMs(() => Papa.unparse(rows), 3);
  const exportMs = await medianMs(() => exportContactsCsv(list, columns, { tagNames }), 3);
  report('export 100k contacts to CSV', exportMs, 'papaparse unparse of plain rows', baseUnparse);
}
