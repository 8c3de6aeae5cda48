// Members' documents for the team tests, synced in memory as a server would.
import * as Y from 'yjs';
import { teamDocumentNames } from '../../../lib/team/config';

/** One member's documents. */
export function replica(): Map<string, Y.Doc> {
  return new Map(teamDocumentNames().map((name) => [name, new Y.Doc()]));
}

/** Brings two members' documents to the same state, as a server would. */
export function sync(a: Map<string, Y.Doc>, b: Map<string, Y.Doc>): void {
  for (const [name, doc] of a) {
    const other = b.get(name)!;
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(other)), 'remote');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)), 'remote');
  }
}
