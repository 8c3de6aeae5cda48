import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { appEntryPath, appFirstPaintPath, contactsPageFirstPath } from '../support/first-path';
import { EXTENSION_DIR } from '../support/launch';

// Issue 16: the contacts list's first rows wait for the app's entry and the contacts page's chunk. A row shows a band
// name and a chance, which need neither the reasons' phrase lists, the model and training code, nor the alert code;
// the segment writes (full zod's filter schema for saving, the team outbox's errors) load on use.
describe('the built contacts page’s first path (app entry + contacts chunk, static imports)', () => {
  it('leaves the churn model, the phrases, the alerts and the segment writes to load on demand', () => {
    expect(existsSync(join(EXTENSION_DIR, 'app.html')), 'run "npx wxt build" first').toBe(true);
    const files = contactsPageFirstPath(EXTENSION_DIR);
    const chunks = readdirSync(join(EXTENSION_DIR, 'chunks'));
    for (const name of ['RiskBadge', 'phrases', 'scorer-config', 'training', 'score-store', 'alerts', 'segments', 'segment-error']) {
      for (const chunk of chunks.filter((f) => f.startsWith(`${name}-`) && f.endsWith('.js'))) {
        expect(files.has(`chunks/${chunk}`), `${chunk} is on the contacts page's first path:\n${[...files.keys()].join('\n')}`).toBe(false);
      }
    }
  });

  it('holds zod/mini, not full zod (the filter builder’s schemas: issue 16)', () => {
    const files = contactsPageFirstPath(EXTENSION_DIR);
    // Full zod's chunk, by what only its classic API has (its chunk's name follows whichever module rolldown puts it with).
    const full = [...files.keys()].filter((file) => readFileSync(join(EXTENSION_DIR, file), 'utf8').includes('superRefine'));
    expect(full).toEqual([]);
  });

  it('starts the first page’s read from an entry of a few kilobytes, before React, Dexie and the page’s code (issue 16)', () => {
    const files = appEntryPath(EXTENSION_DIR);
    const bytes = [...files.values()].reduce((a, b) => a + b, 0);
    // The entry is what runs before the read starts (entrypoints/app/main.tsx, boot.ts); 234 kB of React and the
    // app's shell plus 84 kB of zod and the polyfill were on it before. 11.0 kB when it landed (ninth session); the
    // read itself is in app.html's first script since the eleventh (app-first-read.js, counted here), not in both:
    // 7.5 kB together when it moved; 8.1 kB since the twelfth, when the first script took the last page's hint and asks
    // for the rows' tags, scores and companies beside them (one round trip to IndexedDB instead of two). The thirteenth
    // put app.html's preloads in the first script's hands (+104 bytes) and dropped Vite's modulepreload polyfill from the
    // entry's first import (670 bytes; every supported browser has modulepreload): 7.8 kB with the entry's wait for the first
    // rows' frame before it asks for the shell.
    expect(bytes, [...files].map(([f, n]) => `${f} ${n}`).join('\n')).toBeLessThanOrEqual(8_100);
    expect(files.get('app-first-read.js') ?? 0, 'the first read’s classic script').toBeLessThanOrEqual(4_000);
  });

  it('paints the first rows with code of a few kilobytes, without zod (issue 16)', () => {
    const files = [...appFirstPaintPath(EXTENSION_DIR)];
    const bytes = files.reduce((sum, file) => sum + readFileSync(join(EXTENSION_DIR, file)).length, 0);
    // The first paint's module and what it imports beyond the entry: what is compiled and run between the first page's
    // read and its rows. The default band thresholds came from the rules' module (lib/churn/rules-config.ts), which
    // brought zod/mini's core and the schemas' construction into a shared chunk of 70 kB: 88.4 kB in all (thirteenth
    // session), 22.2 kB once the defaults had a module without zod (lib/churn/default-rules.ts, fourteenth).
    expect(bytes, files.join('\n')).toBeLessThanOrEqual(23_000);
    const zod = files.filter((file) => /\$ZodType|ZodMini/.test(readFileSync(join(EXTENSION_DIR, file), 'utf8')));
    expect(zod).toEqual([]);
  });

  it('has an HTML that asks for the first paint’s chunks and holds no stylesheet for the entry to wait for (issue 16)', () => {
    const html = readFileSync(join(EXTENSION_DIR, 'app.html'), 'utf8');
    // A <link rel="stylesheet"> holds the entry's run until it has loaded (13 kB, app.css, before): inline instead.
    expect(html.match(/<link[^>]*rel="stylesheet"[^>]*>/g) ?? []).toEqual([]);
    expect(html.match(/<style>[^]*?<\/style>/)?.[0].length ?? 0).toBeGreaterThan(10_000);
    // One classic script, which holds the parser until it has run: the first read's (entrypoints/app-first-read.ts).
    expect(html.match(/<script(?![^>]*type="module")[^>]*>/g) ?? []).toEqual(['<script src="/app-first-read.js">']);
    // The first paint's chunks, listed by the HTML, not asked for only once the entry has run (its preload helper);
    // in a template before the first script, which the preload scanner skips and the first script puts into the head:
    // what the HTML asks for itself is that script and the entry (nine requests before: seven modulepreloads).
    const template = /<template id="kizuna-preloads">([^]*?)<\/template>\s*<script src="\/app-first-read\.js">/.exec(html)?.[1] ?? '';
    const outside = html.replace(template, '');
    expect([...outside.matchAll(/<(?:script|link)[^>]*(?:src|href)="\/([^"]+)"/g)].map((m) => m[1].replace(/-[\w-]{8}\.js$/, '.js'))).toEqual(['app-first-read.js', 'chunks/app.js']);
    const preloaded = new Set([...template.matchAll(/<link rel="modulepreload"[^>]*href="\/([^"]+)"/g)].map((m) => m[1]));
    const firstPaint = [...appFirstPaintPath(EXTENSION_DIR)];
    expect(firstPaint.length).toBeGreaterThan(0);
    expect(firstPaint.filter((file) => !preloaded.has(file))).toEqual([]);
  });
});
