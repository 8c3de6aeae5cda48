// The check's CPU work without a browser (issue 16): papaparse through parseCsv alone, then parse + validate
// (readCsvForImport), three times each on the bench's 100,000-row file, in Node. For a profile:
// `npx esbuild bench/_probe-import-check.ts --bundle --platform=node --format=esm --outfile=/tmp/p.mjs && node --cpu-prof /tmp/p.mjs`.
import { previewCsv, readCsvForImport } from '../lib/csv/import';
import { parseCsv } from '../lib/csv/parse';
const STAGES = ['lead', 'customer', 'at-risk', 'churned', 'advocate'];
const OWNERS = ['alex', 'mia', 'sato', '佐藤', ''];
function makeCsv(rows: number): string {
  const lines = ['Email,First Name,Last Name,Company,Stage,Owner,Tags,Notes,Plan,Annual Revenue'];
  for (let i = 0; i < rows; i++) {
    const note = i % 10 === 0 ? `"Called on ${1 + (i % 28)} May, asked about ""renewal"""` : '';
    lines.push(
      `person${i}@company${i % 2000}.example,Given${i},Family${i % 997},Company ${i % 2000},${STAGES[i % 5]},${OWNERS[i % 5]},"vip; t${i % 40}",${note},${['Free', 'Pro', 'Team'][i % 3]},${(i % 500) * 1000}`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}
const csv = makeCsv(100000);
const { mapping } = await previewCsv(csv);
for (let k = 0; k < 3; k++) {
  let t = performance.now();
  await parseCsv(csv, { onRows: () => {} });
  const p = performance.now() - t;
  t = performance.now();
  const r = await readCsvForImport(csv, mapping);
  console.log('parse', p.toFixed(0), 'parse+validate', (performance.now() - t).toFixed(0), r.status === 'ok' && r.rows.valid.length);
}
