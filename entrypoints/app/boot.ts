// Run by the app's entry (main.tsx) before React and the pages' code have loaded: on the contacts list (the default
// page) the first page's read straight from IndexedDB, rather than once Dexie has loaded and opened (issue 16). The
// read starts before the entry, in app.html's first script (entrypoints/app-first-read.ts); the entry takes it here.
import type { SegmentRecord } from '@/lib/db/types';
import type { FirstPage } from '@/lib/workspace/first-page';
import type { FirstReadGlobal } from './contacts/first-read';

/** The contacts list's first page, read as the app opened on it (undefined: opened on another page). */
export const firstPage: Promise<FirstPage | null> | undefined = (globalThis as FirstReadGlobal).kizunaFirstPage;

let segments: SegmentRecord[] | undefined;
void firstPage?.then((page) => (segments = page?.segments));

/** The saved segments read with the first page, until the page's own live query has answered (then forgotten: they age). */
export function firstSegments(): SegmentRecord[] | undefined {
  return segments;
}

export function forgetFirstSegments(): void {
  segments = undefined;
}
