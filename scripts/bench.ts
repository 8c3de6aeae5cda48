// Runs every benchmark in bench/ (or those named on the command line), one after another.
// Each bench module's default export prints its figures next to a baseline measured in the same run.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEV_EXTENSION_DIR, EXTENSION_DIR } from '../test/support/launch';

const dir = join(import.meta.dirname, '..', 'bench');
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && !f.startsWith('_'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
// The benches load the builds as they are (`npx wxt build`, `npm run build:dev`): one older than the source would time
// code that is no longer there.
const root = join(import.meta.dirname, '..');
const newestSource = (path: string): number => (statSync(path).isDirectory() ? Math.max(0, ...readdirSync(path).map((name) => newestSource(join(path, name)))) : statSync(path).mtimeMs);
const source = Math.max(
  ...['lib', 'entrypoints', 'components', 'public', 'wxt.config.ts']
    .map((p) => join(root, p))
    .filter(existsSync)
    .map(newestSource),
);
for (const [build, command] of [
  [EXTENSION_DIR, 'npx wxt build'],
  [DEV_EXTENSION_DIR, 'npm run build:dev'],
]) {
  const manifest = join(build, 'manifest.json');
  if (existsSync(manifest) && statSync(manifest).mtimeMs < source) console.warn(`warning: ${build} is older than the source: run "${command}" first`);
}

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
