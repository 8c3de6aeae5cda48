// The bridge between the team's live Yjs documents and this browser's database. This is the
// seam's first shape: the sync host (the page that holds the documents and their connections)
// starts one bridge when the team's documents are open, and stops it when it closes them.
import type * as Y from 'yjs';

export interface TeamBridgeOptions {
  /** The team's documents by name (`teamDocumentNames()` in lib/team/config.ts), each loaded from y-indexeddb. */
  docs: ReadonlyMap<string, Y.Doc>;
  /** The name other members see on notes and "changed by". */
  memberName: string;
  /** A viewer, or a member the server removed: remote changes still land here, local ones are not sent. */
  readOnly: boolean;
}

export interface TeamBridge {
  /** Resolves once the local book and the documents have been merged for the first time. */
  ready: Promise<void>;
  /** Stops following both sides; the documents stay as they are. */
  stop(): void;
}

/** Starts mirroring the local book into the team's documents and theirs into the local book. */
export function startTeamBridge(options: TeamBridgeOptions): TeamBridge {
  void options;
  // Filled in by the synced book (lib/team/*): until then, joining connects but shares nothing.
  return { ready: Promise.resolve(), stop() {} };
}
