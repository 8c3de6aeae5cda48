// Run by the app's entry (main.tsx) before React and the pages' code have loaded: on the contacts list (the default
// page) it starts the first page's read straight from IndexedDB, rather than once Dexie has loaded and opened (issue 16).
import type { SegmentRecord } from '@/lib/db/types';
import { FIRST_PAGE, type FirstPage } from '@/lib/workspace/first-page';
import { openKizunaDb } from '../sidebar/first-read';
import { readFirstPage } from './contacts/first-read';
import { parseRoute } from './route';

/** The contacts list's first page, read as the app opened on it (undefined: opened on another page). */
export const firstPage: Promise<FirstPage | null> | undefined = parseRoute(location.hash).page === 'contacts' ? openKizunaDb().then((db) => (db ? readFirstPage(db, FIRST_PAGE) : null)) : undefined;

let segments: SegmentRecord[] | undefined;
void firstPage?.then((page) => (segments = page?.segments));

/** The saved segments read with the first page, until the page's own live query has answered (then forgotten: they age). */
export function firstSegments(): SegmentRecord[] | undefined {
  return segments;
}

export function forgetFirstSegments(): void {
  segments = undefined;
}
