// `npm start`: builds Kizuna and opens Chromium with it on a demo inbox (a local Gmail-shaped page,
// offline, no Google account). Without a display it runs headless and writes screenshots:
//   npm start                        (a window when $DISPLAY is set, else headless + screenshots in ./screenshots)
//   npm start -- --screenshot DIR    (headless, screenshots in DIR)
//   npm start -- --no-build          (use the existing .output/chrome-mv3)
import { execSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { launchKizuna } from '../test/support/launch';
import { ME, SAMPLE_THREADS } from '../test/support/sample-threads';
import { seedRows } from '../test/support/seed';
import { DEMO_SETTINGS, demoRows, demoTasks } from './demo-data';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? '') : undefined;
};
const screenshotDir = option('--screenshot') ?? (process.env.DISPLAY ? undefined : 'screenshots');
const headless = screenshotDir !== undefined;

if (!args.includes('--no-build')) execSync('npx wxt build', { stdio: 'inherit' });

const kizuna = await launchKizuna({ headless, lang: option('--lang') });
await seedRows(kizuna.worker, { ...demoRows(), tasks: demoTasks() });
await kizuna.worker.evaluate(async (settings) => {
  const { chrome } = globalThis as unknown as { chrome: { storage: { local: { set(items: object): Promise<void> } } } };
  await chrome.storage.local.set({ settings: { autoCreate: true, neverLog: [], aliases: ['sales@kizuna-demo.com'], sidebarCollapsed: false, ...settings } });
}, DEMO_SETTINGS);
await kizuna.serveGmail({ user: ME, threads: SAMPLE_THREADS });
// Opens Kizuna's side panel the way a user does: the Kizuna button at Gmail's right edge.
const { page, sidebar } = await kizuna.openGmail(`#inbox/${SAMPLE_THREADS[0].id}`);

// The full-page app in a second tab; scores everyone now rather than at the first daily alarm.
const app = await kizuna.context.newPage();
await app.goto(`chrome-extension://${kizuna.extensionId}/app.html#/contacts`);
await app.evaluate(() => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: object): Promise<unknown> } } }).chrome.runtime.sendMessage({ type: 'kizuna:risk-recompute' }));

if (!headless) {
  await page.bringToFront();
  console.log('Kizuna is running on the demo inbox, in the side panel, with the full app in the second tab. Click the threads in the inbox (#inbox) to switch; close the window to stop.');
  await new Promise<void>((done) => kizuna.context.on('close', () => done()));
  process.exit(0);
}

const dir = resolve(screenshotDir!);
mkdirSync(dir, { recursive: true });
const shots: [string, string][] = [
  ['1-renewal-thread', SAMPLE_THREADS[0].id],
  ['2-several-people', SAMPLE_THREADS[1].id],
  ['3-japanese-customer', SAMPLE_THREADS[2].id],
  ['4-inbox', ''],
];
// The side panel is not part of Gmail's page: each shot puts the panel's own screenshot beside Gmail's,
// as the browser shows them.
const sideBySide = await kizuna.context.newPage();
await sideBySide.setViewportSize({ width: 1400 + 360, height: 900 });
// A tab's side panel paints only while its tab is the one in front.
await page.bringToFront();
for (const [name, id] of shots) {
  await page.evaluate((hash) => (location.hash = hash), id ? `#inbox/${id}` : '#inbox');
  await page.waitForTimeout(600);
  const [gmailShot, panelShot] = [await page.screenshot(), await sidebar.screenshot()];
  await sideBySide.bringToFront();
  await sideBySide.setContent(
    `<body style="margin:0;display:flex;align-items:flex-start;background:#dadce0"><img src="data:image/png;base64,${gmailShot.toString('base64')}"><img style="border-left:1px solid #aaa" src="data:image/png;base64,${panelShot.toString('base64')}"></body>`,
  );
  const file = `${dir}/${name}.png`;
  await sideBySide.screenshot({ path: file });
  await page.bringToFront();
  console.log(`screenshot: ${file}`);
}
await sideBySide.close();
for (const route of ['contacts', 'attention', 'tasks', 'playbooks', 'reports', 'risk', 'campaigns']) {
  await app.evaluate((hash) => (location.hash = hash), `#/${route}`);
  await app.waitForTimeout(1200);
  const file = `${dir}/app-${route}.png`;
  await app.screenshot({ path: file, fullPage: route === 'reports' });
  console.log(`screenshot: ${file}`);
}
if (kizuna.errors.length) console.warn('console errors seen:', kizuna.errors);
await kizuna.close();
