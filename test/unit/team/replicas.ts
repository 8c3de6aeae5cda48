// Members' documents for the team tests, synced in memory as a server would.
import { afterEach } from 'vitest';
import * as Y from 'yjs';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { startTeamBridge, type TeamBridge } from '../../../lib/team/bridge';
import { TeamBook } from '../../../lib/team/book-doc';
import { teamDocumentNames } from '../../../lib/team/config';

const RELAY = Symbol('relay');

/** One member's documents. */
export function replica(): Map<string, Y.Doc> {
  return new Map(teamDocumentNames().map((name) => [name, new Y.Doc()]));
}

/** Brings two members' documents to the same state, as a server would. */
/** Ben's documents (empty, as fresh from IndexedDB) and the server's first sync of each, made by `deliver(name)`. */
export function joining(team: Map<string, Y.Doc>) {
  const docs = replica();
  const arrived = new Map<string, () => void>();
  const synced = new Map([...docs.keys()].map((name) => [name, new Promise<void>((resolve) => arrived.set(name, resolve))]));
  return {
    docs,
    firstSync: (name: string) => synced.get(name)!,
    deliver(name: string) {
      Y.applyUpdate(docs.get(name)!, Y.encodeStateAsUpdate(team.get(name)!));
      arrived.get(name)!();
    },
  };
}

export function sync(a: Map<string, Y.Doc>, b: Map<string, Y.Doc>): void {
  for (const [name, doc] of a) {
    const other = b.get(name)!;
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)), RELAY);
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), RELAY);
  }
}

/** Relays every update between two members' documents as it happens, while `online`; going online again syncs what was missed. */
export function link(a: Map<string, Y.Doc>, b: Map<string, Y.Doc>) {
  const state = { online: true };
  for (const [from, to] of [
    [a, b],
    [b, a],
  ]) {
    for (const [name, doc] of from) {
      doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (state.online && origin !== RELAY) Y.applyUpdate(to.get(name)!, update, RELAY);
      });
    }
  }
  return {
    offline() {
      state.online = false;
    },
    online() {
      state.online = true;
      sync(a, b);
    },
  };
}

/** Waits for a condition another member brings about (no fixed sleep). */
export async function until(check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A maker of members: each with a database of its own and a bridge over the given documents, stopped and deleted
 * after each test. `before` writes into the database before the bridge starts (a book made before joining).
 */
export function teamMembers(prefix: string) {
  let n = 0;
  const bridges: TeamBridge[] = [];
  const dbs: KizunaDb[] = [];
  afterEach(async () => {
    for (const b of bridges.splice(0)) (b.stop(), await b.idle());
    for (const db of dbs.splice(0)) await db.delete();
  });
  return async (name: string, docs: Map<string, Y.Doc>, options: { readOnly?: boolean; before?: (db: KizunaDb) => Promise<unknown>; persisted?: () => Promise<void> } = {}) => {
    const db = createDb(`${prefix}-${name}-${++n}`);
    dbs.push(db);
    await options.before?.(db);
    const bridge = startTeamBridge({ docs, memberName: name, readOnly: options.readOnly ?? false, db, persisted: options.persisted });
    bridges.push(bridge);
    await bridge.ready;
    return { db, bridge };
  };
}

/** A team book of `count` contacts over all 16 shards, as the server holds it. */
export function teamBook(count: number) {
  const docs = replica();
  const book = new TeamBook(docs);
  const stamp = { at: 1_700_000_000_000, by: 'Ann' };
  book.putTag({ key: 'vip', name: 'vip', color: '' });
  for (let i = 0; i < count; i++)
    book.put({ email: `p${i}@acme.example`, name: `P ${i}`, stage: 'customer', owner: 'ann', custom: {}, doNotContact: 0, company: `co${i % 20}.example`, createdAt: stamp.at, tags: ['vip'] }, stamp, {
      create: true,
    });
  book.destroy();
  return docs;
}
