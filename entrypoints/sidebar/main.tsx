import { openEarlyPort } from './early-port';
import { askFirstOpen } from './first-open';
import { prefetchDb, prefetchFirstReads } from './early-reads';
import { paintFirstProfile } from './first-paint';
// In the page's head (the first paint uses the app's styles).
import '@/components/ui/base.css';
import '@/components/components.css';
import './style.css';

// The longest the app's code waits for the first paint before it starts loading.
const APP_WAIT_MS = 250;

// The panel asks the background for what it read when Gmail's button opened it (first-open.ts), or else Gmail for its
// thread and the database for its contact (first-read.ts), and paints that contact (first-paint.ts); then it loads the
// app (Preact, Dexie, zod: a quarter of a megabyte to parse and run), which takes over. Loaded at once, the app's code
// held the main thread while the first paint's reads waited for it (the database open's answer came 350 ms late).
// Marks for the benchmark's breakdown of a first open (bench/sidebar.ts).
performance.mark('kizuna:first-module');
askFirstOpen();
openEarlyPort();
prefetchFirstReads();
// A first paint that fails leaves the page to the app, as before.
const painted = paintFirstProfile().catch((e: unknown) => console.warn('Kizuna: the first paint failed', e));
void Promise.race([painted, new Promise((resolve) => setTimeout(resolve, APP_WAIT_MS))]).then(() => {
  prefetchDb();
  void import('./mount');
});
