// Members' documents for the team tests, synced in memory as a server would.
import * as Y from 'yjs';
import { teamDocumentNames } from '../../../lib/team/config';

const RELAY = Symbol('relay');

/** One member's documents. */
export function replica(): Map<string, Y.Doc> {
  return new Map(teamDocumentNames().map((name) => [name, new Y.Doc()]));
}

/** Brings two members' documents to the same state, as a server would. */
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
