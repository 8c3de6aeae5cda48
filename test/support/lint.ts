// ESLint run on a small in-memory file, as if it stood at `path` in the repository: the rule tests show each rule of
// eslint.config.js refusing a file that breaks it.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import { expect } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
let eslint: ESLint | undefined;

/** The problems ESLint finds in `code` at `path`, as "rule: message". */
export async function lintProblems(path: string, code: string): Promise<string[]> {
  eslint ??= new ESLint({ cwd: root });
  const [result] = await eslint.lintText(code, { filePath: resolve(root, path) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

/** Fails unless `rule` refuses `code` at `path`. */
export async function expectRefused(path: string, code: string, rule: string): Promise<void> {
  const found = await lintProblems(path, code);
  expect(
    found.some((p) => p.startsWith(`${rule}:`)),
    found.join('\n'),
  ).toBe(true);
}
