import { defineConfig } from 'wxt';
import { inlinePageCss } from './scripts/inline-page-css';
import { preloadPageChunks } from './scripts/preload-page-chunks';
import { PRELOADS_TEMPLATE_ID } from './entrypoints/app/preloads';

// Team servers the user may join (lib/team/join.ts asks for the one server's origin at join).
const TEAM_SERVER_ORIGINS = ['wss://*/*', 'ws://localhost/*', 'ws://127.0.0.1/*'];

// React's modules as Preact's (preact/compat): for the side panel's build only. dedupe resolves preact from the
// project's root also for imports inside other packages (dexie-react-hooks imports react).
const PREACT_ALIASES = [
  { find: /^react$/, replacement: 'preact/compat' },
  { find: /^react-dom$/, replacement: 'preact/compat' },
  { find: /^react-dom\/client$/, replacement: 'preact/compat/client' },
  { find: /^react\/jsx-runtime$/, replacement: 'preact/jsx-runtime' },
  { find: /^react\/jsx-dev-runtime$/, replacement: 'preact/jsx-dev-runtime' },
];
type Aliases = readonly { find: string | RegExp; replacement: string }[] | Record<string, string> | undefined;
const aliasList = (alias: Aliases) => (Array.isArray(alias) ? alias : Object.entries(alias ?? {}).map(([find, replacement]) => ({ find, replacement })));

// Permissions are the least the features need; see docs/design.md "Security and privacy model".
export default defineConfig({
  // KIZUNA_OUT_DIR lets parallel work build into separate folders; test/support/launch.ts reads it too.
  outDir: process.env.KIZUNA_OUT_DIR ?? '.output',
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  hooks: {
    // The side panel's floor page (bench/_first-open-floor.ts) is the development build's only (docs/dev-hooks.md).
    'entrypoints:resolved'(_wxt, entrypoints) {
      if (process.env.WXT_DEV_HOOKS === '1') return;
      const floor = entrypoints.findIndex((e) => e.name === 'dev-floor');
      if (floor >= 0) entrypoints.splice(floor, 1);
    },
    // The side panel builds apart from the other pages, on Preact (issue 13: its first open parses react-dom's 207 kB
    // before the profile can paint; preact/compat is about 12 kB). The app page keeps React.
    'entrypoints:grouped'(_wxt, groups) {
      for (const group of groups) {
        if (!Array.isArray(group)) continue;
        const panel = group.findIndex((e) => e.name === 'sidepanel');
        if (panel >= 0 && group.length > 1) groups.push(group.splice(panel, 1));
      }
    },
    // The Gmail content script stays small (goal ≤ 30 kB): it uses only callback-free APIs
    // (runtime.onConnect, Port, getURL, i18n), so it gets WXT's plain browser object, not the polyfill.
    'vite:build:extendConfig'(entrypoints, config) {
      if (entrypoints.some((e) => e.name === 'sidepanel')) {
        config.resolve = { ...config.resolve, alias: [...PREACT_ALIASES, ...aliasList(config.resolve?.alias)], dedupe: [...(config.resolve?.dedupe ?? []), 'preact'] };
        // Its stylesheet inline in sidepanel.html: the first module waits for no request but its own (issue 13).
        config.plugins = [...(config.plugins ?? []), inlinePageCss('sidepanel')];
        return;
      }
      if (entrypoints.some((e) => e.name === 'app')) {
        // The app page (issue 16): its entry starts the contacts list's first read, so nothing may hold it back. Its
        // stylesheet inline (a <link> holds the entry's run until it has loaded), and the first paint's chunks asked
        // for by the HTML rather than by the entry once it runs (main.tsx imports it at once), held in a template that the
        // first script (app-first-read.ts) puts into the head once it has started the read: the HTML's own requests are
        // that script and the entry, not seven more beside them.
        config.plugins = [...(config.plugins ?? []), preloadPageChunks('app', ['first-paint'], { template: PRELOADS_TEMPLATE_ID }), inlinePageCss('app')];
        // No modulepreload polyfill in the entry's first import (670 bytes): every browser Kizuna supports has modulepreload
        // (Chrome 66, Firefox 115, the manifest's strict_min_version).
        config.build = { ...config.build, modulePreload: { ...(typeof config.build?.modulePreload === 'object' ? config.build.modulePreload : {}), polyfill: false } };
        return;
      }
      if (!entrypoints.every((e) => e.type === 'content-script')) return;
      const alias = { 'wxt/browser': '@wxt-dev/browser' };
      const existing = config.resolve?.alias;
      config.resolve = { ...config.resolve, alias: Array.isArray(existing) ? [{ find: 'wxt/browser', replacement: '@wxt-dev/browser' }, ...existing] : { ...existing, ...alias } };
    },
  },
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    // offscreen (Chrome only, no install warning): the page that holds a joined team's sync, made only after joining.
    permissions: ['storage', 'unlimitedStorage', 'alarms', ...(browser === 'firefox' ? [] : ['offscreen'])],
    // Asked for only when needed: notifications when the user switches pre-churn alert notifications on;
    // identity and the Gmail API host when they sign in to send campaigns (lib/campaigns/auth.ts);
    // the team server's origin when they join a team (wss://, or ws:// to this computer only).
    optional_permissions: ['notifications', 'identity', ...(browser === 'firefox' ? ['https://gmail.googleapis.com/*', ...TEAM_SERVER_ORIGINS] : [])],
    ...(browser === 'firefox' ? {} : { optional_host_permissions: ['https://gmail.googleapis.com/*', ...TEAM_SERVER_ORIGINS] }),
    host_permissions: ['https://mail.google.com/*'],
    action: { default_title: '__MSG_extName__' },
    // The keyboard shortcut that opens Kizuna's panel for the Gmail tab (users can change it in the browser).
    commands: browser === 'firefox' ? { _execute_sidebar_action: { suggested_key: { default: 'Alt+Shift+L' } } } : { _execute_action: { suggested_key: { default: 'Alt+Shift+L' } } },
    // Only the in-Gmail dock (an option, off by default) frames the panel page inside Gmail, and its
    // code is imported by the content script only when switched on. Firefox has no dock (an extension
    // frame in a web page gets no tabs API there), and MV2 would open these files to every site.
    ...(browser === 'firefox'
      ? {}
      : {
          web_accessible_resources: [
            {
              resources: ['sidepanel.html', 'gmail-dock.js', 'chunks/*', 'assets/*'],
              matches: ['https://mail.google.com/*'],
            },
          ],
        }),
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'kizuna@kizuna-crm.app',
              strict_min_version: '115.0',
              // Kizuna sends no data anywhere (docs/design.md "Security and privacy model"); AMO asks new add-ons to say so.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
