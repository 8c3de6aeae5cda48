import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

// Built chunks import each other as `import … from "./name.js"` (or `import "./name.js"`, `export … from`).
const STATIC_IMPORT = /(?:import|export)\s*(?:[^"'()]*?from\s*)?["'](\.\/[^"']+\.js)["']/g;

function closure(dir: string, start: string, into: Set<string>): void {
  const todo = [start];
  while (todo.length) {
    const file = todo.pop()!;
    if (into.has(file)) continue;
    into.add(file);
    for (const m of readFileSync(join(dir, file), 'utf8').matchAll(STATIC_IMPORT)) todo.push(`chunks/${basename(m[1])}`);
  }
}

function sidePanelEntry(dir: string): string {
  const entry = /src="\/(chunks\/[^"]+\.js)"/.exec(readFileSync(join(dir, 'sidepanel.html'), 'utf8'))?.[1];
  if (!entry) throw new Error(`${dir}/sidepanel.html: no entry script`);
  return entry;
}

/** The JavaScript files a built side panel runs before its first paint of a profile (its entry with what it imports statically: issue 13), with their sizes in bytes. */
export function sidePanelFirstPaintPath(dir: string): Map<string, number> {
  const files = new Set<string>();
  closure(dir, sidePanelEntry(dir), files);
  return new Map([...files].map((f) => [f, readFileSync(join(dir, f)).length]));
}

/** The JavaScript files a built side panel runs before its app shows a profile (its entry and the mount chunk, each with what they import statically), with their sizes in bytes. */
export function sidePanelFirstPath(dir: string): Map<string, number> {
  const entry = sidePanelEntry(dir);
  const files = new Set<string>();
  closure(dir, entry, files);
  const mount = /"(chunks\/mount-[^"]+\.js)"/.exec(readFileSync(join(dir, entry), 'utf8'))?.[1];
  if (!mount) throw new Error(`${entry}: no mount chunk`);
  closure(dir, mount, files);
  return new Map([...files].map((f) => [f, readFileSync(join(dir, f)).length]));
}

function appEntry(dir: string): string {
  const entry = /src="\/(chunks\/[^"]+\.js)"/.exec(readFileSync(join(dir, 'app.html'), 'utf8'))?.[1];
  if (!entry) throw new Error(`${dir}/app.html: no entry script`);
  return entry;
}

/**
 * The JavaScript files the built app page runs before its entry's own code (its classic scripts, then its entry with
 * what it imports statically), with their sizes in bytes.
 */
export function appEntryPath(dir: string): Map<string, number> {
  const html = readFileSync(join(dir, 'app.html'), 'utf8');
  const files = new Set([...html.matchAll(/<script(?![^>]*type="module")[^>]*src="\/([^"]+)"/g)].map((m) => m[1]));
  closure(dir, appEntry(dir), files);
  return new Map([...files].map((f) => [f, readFileSync(join(dir, f)).length]));
}

/**
 * The JavaScript files the built app page runs before the contacts list's first rows (its entry, the contacts page's
 * chunk, and the shell (mount) and the list's store when the entry loads them apart, with their static imports), with
 * their sizes in bytes.
 */
export function contactsPageFirstPath(dir: string): Map<string, number> {
  const entry = appEntry(dir);
  const files = new Set<string>();
  closure(dir, entry, files);
  const text = readFileSync(join(dir, entry), 'utf8');
  const page = /"(chunks\/contacts-[^"]+\.js)"/.exec(text)?.[1];
  if (!page) throw new Error(`${entry}: no contacts page chunk`);
  closure(dir, page, files);
  for (const name of ['mount', 'boot', 'use-workspace']) {
    const chunk = new RegExp(`"(chunks/${name}-[^"]+\\.js)"`).exec(text)?.[1];
    if (chunk) closure(dir, chunk, files);
  }
  return new Map([...files].map((f) => [f, readFileSync(join(dir, f)).length]));
}

/** The JavaScript files of the app page's first paint of the contacts list (first-paint.ts's chunk with what it imports statically, less the entry's own path). */
export function appFirstPaintPath(dir: string): Set<string> {
  const entry = appEntry(dir);
  const chunk = /"(chunks\/first-paint-[^"]+\.js)"/.exec(readFileSync(join(dir, entry), 'utf8'))?.[1];
  if (!chunk) throw new Error(`${entry}: no first-paint chunk`);
  const own = new Set<string>();
  closure(dir, entry, own);
  const files = new Set<string>();
  closure(dir, chunk, files);
  return new Set([...files].filter((f) => !own.has(f)));
}
