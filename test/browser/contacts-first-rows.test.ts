import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchKizuna, type Kizuna } from '../support/launch';
import { seedRows } from '../support/seed';

let k: Kizuna;
beforeAll(async () => {
  k = await launchKizuna();
  const now = Date.now();
  // More than the store's first page (60 rows): the rest of the book is read after the first rows. The first rows have
  // companies, tags and stored scores (customers), which the first read asks for beside them.
  const contacts = Array.from({ length: 300 }, (_, i) => ({
    id: i + 1,
    email: `person${i}@example.com`,
    name: `Person ${i}`,
    stage: i % 2 ? 'customer' : 'lead',
    owner: '',
    custom: {},
    doNotContact: 0,
    createdAt: now,
    updatedAt: now,
    ...(i % 3 ? { companyId: 1 + (i % 3) } : {}),
    tags: i % 4 ? [1] : [],
    ...(i % 2 ? { risk: 0.5 } : {}),
  }));
  await seedRows(k.worker, {
    companies: [
      { id: 2, domain: 'acme.example', name: 'Acme', fields: {} },
      { id: 3, domain: 'beta.example', name: 'Beta', fields: {} },
    ],
    tags: [{ id: 1, name: 'VIP', key: 'vip', color: '#d33' }],
    contacts,
  });
});
afterAll(async () => k?.close());

// Issue 16: the first rows need one page of the book. The rest's range reads, started as soon as the first page was
// out, came back (thousands of rows to clone) before React had put the first rows on the page.
describe('the contacts page’s first rows (real Chromium, built extension)', () => {
  it('are on the page before the rest of the book is asked of IndexedDB', async () => {
    const page = await k.context.newPage();
    const cdp = await k.context.newCDPSession(page);
    await cdp.send('Page.enable');
    // Every read of the contacts store, and how many there had been when the first row came into the DOM.
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', {
      source: `(() => {
        const seen = (globalThis.__contactReads = { reads: 0, atFirstRow: -1 });
        for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype]) {
          for (const name of ['get', 'getAll', 'getAllKeys', 'openCursor', 'openKeyCursor']) {
            const real = proto[name];
            proto[name] = function (...args) {
              const store = this instanceof IDBIndex ? this.objectStore : this;
              if (store.name === 'contacts') seen.reads++;
              return real.apply(this, args);
            };
          }
        }
        new MutationObserver((_, observer) => {
          if (!document.querySelector('#contacts-rows [role="row"][data-index="0"]')) return;
          seen.atFirstRow = seen.reads;
          observer.disconnect();
        }).observe(document, { childList: true, subtree: true });
      })();`,
    });
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/contacts`);
    await page.locator('[data-testid="result-count"][data-count="300"][data-complete="true"]').waitFor({ timeout: 30_000 });
    const seen = await page.evaluate(() => (globalThis as unknown as { __contactReads: { reads: number; atFirstRow: number } }).__contactReads);
    // The first page is one read; the rest (the last id, then the ranges) comes after the first row is on the page.
    expect(seen.atFirstRow).toBe(1);
    expect(seen.reads).toBeGreaterThan(1);
    await page.close();
  });

  it('are read by the page’s first script, a classic one that runs before the entry module (not by Dexie once its chunk and the page’s have loaded)', async () => {
    const page = await k.context.newPage();
    const cdp = await k.context.newCDPSession(page);
    await cdp.send('Page.enable');
    // Where the first read of the contacts store comes from: its stack.
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', {
      source: `(() => {
        const seen = (globalThis.__firstContactRead = { stack: '' });
        for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype]) {
          for (const name of ['get', 'getAll', 'openCursor']) {
            const real = proto[name];
            proto[name] = function (...args) {
              const store = this instanceof IDBIndex ? this.objectStore : this;
              if (store.name === 'contacts' && !seen.stack) seen.stack = new Error().stack;
              return real.apply(this, args);
            };
          }
        }
      })();`,
    });
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/contacts`);
    await page.locator('#contacts-rows [role="row"][data-index="0"]').waitFor({ timeout: 30_000 });
    const seen = await page.evaluate(() => (globalThis as unknown as { __firstContactRead: { stack: string } }).__firstContactRead);
    // The stack's frames in the extension's code (the line above them is the wrapper): app.html's first script only
    // (entrypoints/app-first-read.ts). Before, the entry chunk (chunks/app-*.js), which runs once the HTML is parsed.
    const frames = seen.stack.split('\n').filter((line) => line.includes('chrome-extension://'));
    expect(frames.length, seen.stack).toBeGreaterThan(0);
    expect(
      frames.filter((line) => !/chrome-extension:\/\/\w+\/app-first-read\.js:/.test(line)),
      seen.stack,
    ).toEqual([]);
    await page.close();
  });

  it('are read in one transaction and one round trip once the page has opened before: the rows’ tags, scores and companies asked for with them', async () => {
    // The first open leaves where its first page was (localStorage): the next open asks for all of it at once.
    const before = await k.context.newPage();
    await before.goto(`chrome-extension://${k.extensionId}/app.html#/contacts`);
    await before.locator('[data-testid="result-count"][data-count="300"][data-complete="true"]').waitFor({ timeout: 30_000 });
    await before.close();
    const page = await k.context.newPage();
    const cdp = await k.context.newCDPSession(page);
    await cdp.send('Page.enable');
    // Every transaction and request before the first row, and the requests of the first transaction asked for once one
    // of its results had come back (a second round trip to IndexedDB).
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', {
      source: `(() => {
        const seen = (globalThis.__firstPath = { transactions: 0, asked: [], late: [] });
        let row = false;
        let first;
        let answered = 0;
        const transaction = IDBDatabase.prototype.transaction;
        IDBDatabase.prototype.transaction = function (...a) {
          const tx = transaction.apply(this, a);
          if (!row) seen.transactions++;
          first ??= tx;
          return tx;
        };
        for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype]) {
          for (const name of ['get', 'getAll', 'getAllKeys', 'openCursor', 'openKeyCursor', 'count']) {
            const real = proto[name];
            proto[name] = function (...args) {
              const request = real.apply(this, args);
              if (row) return request;
              const label = name + ' ' + (this instanceof IDBIndex ? this.objectStore.name : this.name);
              seen.asked.push(label);
              if (request.transaction !== first) return request;
              if (answered) seen.late.push(label);
              request.addEventListener('success', () => answered++);
              return request;
            };
          }
        }
        new MutationObserver((_, observer) => {
          if (!document.querySelector('.ws-scroll [role="row"][data-index="0"]')) return;
          row = true;
          observer.disconnect();
        }).observe(document, { childList: true, subtree: true });
      })();`,
    });
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/contacts`);
    await page.locator('.ws-scroll [role="row"][data-index="0"]').first().waitFor({ timeout: 30_000 });
    const seen = await page.evaluate(() => (globalThis as unknown as { __firstPath: { transactions: number; asked: string[]; late: string[] } }).__firstPath);
    // Old build: the membership rows, the score blocks and each company were asked for once the rows were back.
    expect(seen.late).toEqual([]);
    expect(seen.transactions).toBe(1);
    expect(seen.asked.sort()).toEqual(
      ['getAllKeys contactStage', 'getAll tags', 'getAll segments', 'getAll contacts', 'getAll tagMembers', 'getAll scoreBlocks', 'get companies', 'get companies'].sort(),
    );
    // What the first paint shows of them: the row's company, tag and risk (person 1: Acme, VIP, a customer's score).
    const second = page.locator('.ws-scroll [role="row"][data-index="1"]').first();
    await expect.poll(() => second.textContent(), { timeout: 30_000 }).toMatch(/Person 1.*Acme.*VIP/);
    await page.close();
  });

  it('start from an HTML that holds back nothing: no stylesheet to wait for, the first paint’s chunks asked for by the first script once the read is out', async () => {
    const page = await k.context.newPage();
    const cdp = await k.context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Page.enable');
    // When the first paint's chunk came into the document as a preload: whether the database's open had been asked for
    // (the first script's first statement on the contacts list) and whether the entry had run (it takes the read).
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', {
      source: `(() => {
        const seen = (globalThis.__firstPaintPreload = { opened: false, entryRan: false, at: null });
        const open = IDBFactory.prototype.open;
        IDBFactory.prototype.open = function (...a) {
          seen.opened = true;
          return open.apply(this, a);
        };
        let read;
        Object.defineProperty(globalThis, 'kizunaFirstPage', {
          configurable: true,
          get: () => ((seen.entryRan = true), read),
          set: (value) => (read = value),
        });
        new MutationObserver((_, observer) => {
          if (!document.querySelector('head > link[rel="modulepreload"][href*="/first-paint-"]')) return;
          seen.at = { opened: seen.opened, entryRan: seen.entryRan };
          observer.disconnect();
        }).observe(document, { childList: true, subtree: true });
      })();`,
    });
    // What the HTML asks for itself (its parser and preload scanner), and what scripts ask for, by file.
    const byHtml: string[] = [];
    const byScript: string[] = [];
    cdp.on('Network.requestWillBeSent', (e) => {
      if (e.type === 'Document') return;
      const file = e.request.url.replace(/^.*\/(?:chunks|assets)\/([\w.-]+?)-[\w-]{8}\.(js|css)$/, '$1.$2').replace(/^.*\//, '');
      (e.initiator.type === 'parser' ? byHtml : byScript).push(file);
    });
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/contacts`);
    await page.locator('#contacts-rows [role="row"][data-index="0"]').waitFor({ timeout: 30_000 });
    // Old build: the HTML asked for app.css (13 kB), which the entry's run waited for. Then the first paint's chunk only
    // once the entry had run (its preload helper). Then seven modulepreloads beside the first script (nine requests),
    // whose answers came back with its own: now the HTML asks for the first script and the entry alone.
    expect(byHtml.filter((file) => file.endsWith('.css'))).toEqual([]);
    expect(byHtml.sort()).toEqual(['app-first-read.js', 'app.js']);
    // The first paint's chunks: app.html's preloads, held in a template, put into the head by the first script once it
    // has asked for the database, before the entry has run.
    expect(byScript).toContain('first-paint.js');
    const seen = await page.evaluate(() => (globalThis as unknown as { __firstPaintPreload: { at: unknown } }).__firstPaintPreload);
    expect(seen.at).toEqual({ opened: true, entryRan: false });
    // The stylesheet is in the HTML: the rule that hides the app under the first paint applies with the first paint.
    expect(await page.evaluate(() => [...document.querySelectorAll('head style')].some((s) => s.textContent!.includes('[data-first-paint]')))).toBe(true);
    await page.close();
  });

  it('ask for the shell, the store and the page’s code once they are painted, after the frame that shows them', async () => {
    const page = await k.context.newPage();
    const cdp = await k.context.newCDPSession(page);
    await cdp.send('Page.enable');
    // In the order the DOM saw them: the first row, and the preloads of the shell's, the store's and the page's chunks
    // (the entry's preload helper puts a link in the head for each chunk it asks for).
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', {
      source: `(() => {
        const order = (globalThis.__firstOrder = []);
        const seen = new Set();
        new MutationObserver((records) => {
          for (const record of records)
            for (const node of record.addedNodes) {
              const chunk = node.nodeName === 'LINK' && /\\/(mount|use-workspace|contacts)-[\\w-]+\\.js$/.exec(node.href)?.[1];
              if (chunk && !seen.has(chunk)) seen.add(chunk), order.push(chunk);
            }
          if (seen.has('row') || !document.querySelector('.ws-scroll [role="row"][data-index="0"]')) return;
          seen.add('row');
          order.push('row');
          // The frame that shows it (this callback is asked for before the entry's, in the same frame).
          requestAnimationFrame(() => order.push('frame'));
        }).observe(document, { childList: true, subtree: true });
      })();`,
    });
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/contacts`);
    await page.locator('[data-testid="result-count"][data-count="300"][data-complete="true"]').waitFor({ timeout: 30_000 });
    const order = await page.evaluate(() => (globalThis as unknown as { __firstOrder: string[] }).__firstOrder);
    // Old build: all three were asked for as the entry ran, beside the first paint's chunk, and their ~30 answers and
    // compiles held the paint back; then, in a first version, at once after the row, before its frame.
    // An order, not a duration.
    expect(order.slice(0, 2), order.join(' → ')).toEqual(['row', 'frame']);
    expect([...order].sort()).toEqual(['contacts', 'frame', 'mount', 'row', 'use-workspace']);
    await page.close();
  });

  it('leave the bulk bar’s code to load after them', async () => {
    const page = await k.context.newPage();
    const cdp = await k.context.newCDPSession(page);
    await cdp.send('Page.enable');
    await cdp.send('Network.enable');
    // When the bulk bar's chunk was asked for, and when the first row came into the DOM (both on the wall clock).
    let bulkBarAskedAt = 0;
    cdp.on('Network.requestWillBeSent', (e) => {
      if (/\/BulkBar-[\w-]+\.js$/.test(e.request.url)) bulkBarAskedAt ||= e.wallTime * 1000;
    });
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', {
      source: `new MutationObserver((_, observer) => {
        if (!document.querySelector('#contacts-rows [role="row"][data-index="0"]')) return;
        globalThis.__firstRowAt = Date.now();
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });`,
    });
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/contacts`);
    await page.locator('[data-testid="result-count"][data-count="300"][data-complete="true"]').waitFor({ timeout: 30_000 });
    await expect.poll(() => bulkBarAskedAt, { timeout: 30_000 }).toBeGreaterThan(0);
    const firstRowAt = await page.evaluate(() => (globalThis as unknown as { __firstRowAt: number }).__firstRowAt);
    // An order, not a duration: the chunk is asked for only once the first rows are in.
    expect(bulkBarAskedAt).toBeGreaterThan(firstRowAt);
    await page.close();
  });

  it('are painted before React has rendered them, inert and busy, and the app takes their place', async () => {
    const page = await k.context.newPage();
    const cdp = await k.context.newCDPSession(page);
    await cdp.send('Page.enable');
    // Where the first row came into the DOM: inside the app's #root (React's) or outside it (the first paint's).
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', {
      source: `new MutationObserver((_, observer) => {
        const row = document.querySelector('.ws-scroll [role="row"][data-index="0"]');
        if (!row) return;
        const paint = row.closest('[data-first-paint]');
        globalThis.__firstRow = { inRoot: !!row.closest('#root'), inert: !!paint?.inert, busy: paint?.getAttribute('aria-busy') ?? '', rootHidden: getComputedStyle(document.getElementById('root')).visibility === 'hidden' };
        observer.disconnect();
      }).observe(document, { childList: true, subtree: true });`,
    });
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/contacts`);
    await page.locator('[data-testid="result-count"][data-count="300"][data-complete="true"]').waitFor({ timeout: 30_000 });
    const first = await page.evaluate(() => (globalThis as unknown as { __firstRow: { inRoot: boolean; inert: boolean; busy: string; rootHidden: boolean } }).__firstRow);
    // Old build: the first row was React's, in #root.
    expect(first).toEqual({ inRoot: false, inert: true, busy: 'true', rootHidden: true });
    // Taken over: the first paint is gone, the app is visible and its active row takes the focus.
    await page.locator('[data-first-paint]').waitFor({ state: 'detached', timeout: 30_000 });
    expect(await page.evaluate(() => getComputedStyle(document.getElementById('root')!).visibility)).toBe('visible');
    await page.locator('#contacts-rows [role="row"][tabindex="0"]').focus();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-index'))).toBe('0');
    await page.close();
  });

  it('are painted with the contacts page’s stylesheet and only the text that shows (the first paint is inert)', async () => {
    const page = await k.context.newPage();
    const cdp = await k.context.newCDPSession(page);
    await cdp.send('Page.enable');
    // When the first paint's first row comes into the DOM (before the frame that shows it): how the row and its scroll
    // box are styled, and the text nodes the first frame lays out, with those only a screen reader or a hover would meet.
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', {
      source: `new MutationObserver((_, observer) => {
        const row = document.querySelector('[data-first-paint] .ws-scroll [role="row"][data-index="0"]');
        if (!row) return;
        observer.disconnect();
        const paint = row.closest('[data-first-paint]');
        const texts = [];
        const walk = document.createTreeWalker(paint, NodeFilter.SHOW_TEXT);
        while (walk.nextNode()) texts.push(walk.currentNode);
        globalThis.__firstFrame = {
          row: getComputedStyle(row).display + ' ' + getComputedStyle(row).position,
          scroll: getComputedStyle(row.closest('.ws-scroll')).overflowY,
          texts: texts.length,
          hidden: texts.filter((node) => node.parentElement.closest('.sr-only, .ws-tags-all')).length,
          rows: paint.querySelectorAll('.ws-scroll [role="row"]').length,
        };
      }).observe(document, { childList: true, subtree: true });`,
    });
    await page.goto(`chrome-extension://${k.extensionId}/app.html#/contacts`);
    await page.locator('[data-testid="result-count"][data-count="300"][data-complete="true"]').waitFor({ timeout: 30_000 });
    const first = await page.evaluate(() => (globalThis as unknown as { __firstFrame: { row: string; scroll: string; texts: number; hidden: number; rows: number } }).__firstFrame);
    // The grid’s rows and scroll box as the app shows them (contacts.css). Old build: "block static" and "visible": the
    // stylesheet came with the page's chunk, asked for after the first rows' frame, so they were painted unstyled.
    expect({ row: first.row, scroll: first.scroll }).toEqual({ row: 'grid absolute', scroll: 'auto' });
    // No sr-only words or tags' tooltip: 142 text nodes for 16 rows at the test's viewport (old build: 174, 32 of them hidden).
    expect(first.hidden).toBe(0);
    expect(first.rows).toBe(16);
    expect(first.texts).toBeLessThanOrEqual(150);
    await page.close();
  });
});
