import type { FirstReadGlobal } from './app/contacts/first-read';
import { readFirstPage } from './app/contacts/first-read';
import { loadFirstReadHint, saveFirstReadHint } from './app/contacts/first-read-hint';
import { PRELOADS_TEMPLATE_ID } from './app/preloads';
import { parseRoute } from './app/route';
import { openKizunaDb } from './sidebar/first-read';
import { FIRST_PAGE } from '@/lib/workspace/first-page';

/**
 * The contacts list's first read, started by the first script of app.html (issue 16), a classic one: it runs as soon
 * as it has arrived, while the page's module entry (app/main.tsx) runs only once the HTML is parsed and its chunks are
 * in, about a hundred milliseconds later on a busy machine (bench/_page-start.ts). The entry takes the read from here
 * (app/boot.ts). A few kilobytes, no import of the app's code beyond the read.
 */
export default defineUnlistedScript(() => {
  if (parseRoute(location.hash).page === 'contacts') startFirstRead();
  // The HTML's module preloads, held in a template: asked for now, after the read (they took turns with this script).
  const preloads = document.getElementById(PRELOADS_TEMPLATE_ID) as HTMLTemplateElement | null;
  if (preloads) document.head.append(preloads.content);
});

function startFirstRead(): void {
  const opened = openKizunaDb();
  // Read while the database opens: where the first page was last time, so that one round trip reads it all.
  const hint = loadFirstReadHint(localStorage);
  (globalThis as FirstReadGlobal).kizunaFirstPage = opened.then(async (db) => {
    const page = db && (await readFirstPage(db, FIRST_PAGE, hint));
    if (page) saveFirstReadHint(localStorage, page);
    return page;
  });
}
