// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';

// The browser API under every name it is imported by (WXT's own, the polyfill and the plain one).
const BROWSER_API = ['wxt/browser', 'webextension-polyfill', '@wxt-dev/browser'];
const restrict = (paths, message) => paths.map((name) => ({ name, message }));

/**
 * The layers (docs/design.md "Architecture"): components are UI only; the Gmail content script is a thin adapter
 * that never opens Gmail's IndexedDB and stays small; lib is pure logic that UI and entrypoints build on.
 */
export const LAYER_ZONES = [
  // lib/db/types.ts is the data's shapes only (no Dexie): components may name a Contact.
  { target: './components', from: './lib/db', except: ['./types.ts'], message: 'Components take their data as props or from a store, never from the database.' },
  { target: './entrypoints/gmail.content', from: './lib/db', message: 'The content script runs in Gmail: a database opened here is Gmail’s.' },
  { target: './lib', from: './entrypoints', message: 'lib/ is below the entrypoints: move the shared code into lib/.' },
  { target: './lib', from: './components', message: 'lib/ is below the UI: move the shared code into lib/.' },
];

/**
 * Writes of the contacts' history go through the ActivityStore (lib/activities), which marks the churn rescore's score
 * inputs stale in the same transaction: a write past it would leave a contact scored from an old history.
 */
const ACTIVITY_WRITES = [
  {
    selector: "CallExpression[callee.object.property.name='activities'][callee.property.name=/^(add|bulkAdd|put|bulkPut|update|bulkUpdate|upsert|delete|bulkDelete|clear)$/]",
    message: 'Write activities through the ActivityStore (activityStoreOf(db)): it marks the score inputs stale.',
  },
  {
    selector: "CallExpression[callee.property.name=/^(modify|delete)$/] > MemberExpression.callee MemberExpression[property.name='activities']",
    message: 'Write activities through the ActivityStore (activityStoreOf(db)): it marks the score inputs stale.',
  },
  {
    selector: "CallExpression[callee.property.name='table'][arguments.0.value='activities']",
    message: 'Reach activities through the ActivityStore (activityStoreOf(db)) or db.activities for reads, never db.table(…).',
  },
];
/** lib/db is the schema and the data's shapes: no DBCore middleware makes one table act for another (docs/activity-store.md). */
const NO_MIDDLEWARE = [
  { selector: "CallExpression[callee.property.name='use']", message: 'lib/db holds no Dexie middleware: put a store in front of the tables instead (lib/activities, lib/contacts).' },
];

export default tseslint.config(
  { ignores: ['.output/**', '.output-*/**', '.wxt/**', 'node_modules/**', 'stats.html', 'tmp/**', 'screenshots/**'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // The classic hook rules only: the plugin's React Compiler rules (set-state-in-effect, purity, refs, immutability…)
    // judge code by what the compiler can optimise, and this project does not use the compiler.
    plugins: { 'react-hooks': reactHooks, 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'], tsconfig: { configFile: './tsconfig.json' } })] },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones: LAYER_ZONES }],
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      // `_name` marks what is left out on purpose (a rest sibling, an unused parameter of a callback shape).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true }],
      // `ok && doIt()`, `a ? b() : c()` and `if (x) (doThis(), doThat())` as statements are this codebase's habit, and
      // the rule has no option for the comma form; tsc and the tests catch expressions that do nothing.
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
  {
    // Plain JavaScript (this file, scripts) runs in Node; TypeScript files are checked by tsc instead of no-undef.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
  {
    // Tests may set up raw rows; the rescore's own tests write through the store.
    files: ['**/*.{ts,tsx}'],
    ignores: ['lib/activities/**', 'lib/db/**', 'test/unit/**'],
    rules: { 'no-restricted-syntax': ['error', ...ACTIVITY_WRITES] },
  },
  {
    files: ['lib/db/**'],
    rules: {
      'no-restricted-syntax': ['error', ...ACTIVITY_WRITES, ...NO_MIDDLEWARE],
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'dexie', importNames: ['Middleware', 'DBCore', 'DBCoreTable', 'DBCoreMutateRequest'], message: 'lib/db holds no Dexie middleware: put a store in front of the tables instead.' },
          ],
        },
      ],
    },
  },
  {
    files: ['components/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: restrict([...BROWSER_API, 'dexie', 'dexie-react-hooks'], 'Components use neither the browser API nor the database: take it as props.') }],
      // WXT also offers `browser` as an auto-imported global.
      'no-restricted-globals': [
        'error',
        { name: 'browser', message: 'Components do not use the browser API: take it as props.' },
        { name: 'chrome', message: 'Components do not use the browser API.' },
      ],
    },
  },
  {
    files: ['entrypoints/gmail.content/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: restrict(
            ['dexie', 'dexie-react-hooks', 'react', 'react-dom', 'react-dom/client', 'zod', 'zod/mini', 'zod/v4'],
            'The Gmail content script stays a thin adapter within 30 kB: no database, React or zod (check by hand, see lib/protocol-content-guard.ts).',
          ),
          patterns: [{ group: ['react/*', 'react-dom/*', 'zod/*', 'dexie/*'], message: 'The Gmail content script stays a thin adapter: no database, React or zod.' }],
        },
      ],
    },
  },
);
