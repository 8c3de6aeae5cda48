// Runs every benchmark in bench/ (or those named on the command line), one after another.
// Each bench module's default export prints its figures next to a baseline measured in the same run.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = join(import.meta.dirname, '..', 'bench');
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
let failed = false;
for (const file of files) {
  console.log(`\n== ${file.replace(/\.ts$/, '')} ==`);
  try {
    const mod = await import(pathToFileURL(join(dir, file)).href);
    await mod.default();
  } catch (error) {
    failed = true;
    console.error(`bench ${file} failed:`, error);
  }
}
process.exit(failed ? 1 : 0);
