// Another team member for the team tests that run a real server (shard-unload, join-memory).
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import { TeamBook } from '../../../lib/team/book-doc';
import { serverDocumentName, teamDocumentNames } from '../../../lib/team/documents';
import { until } from './replicas';

/** Another member with every document of the team open, writing through a TeamBook of its own; its teardown goes in `cleanups`. */
export async function otherMember(s: { url: string; teamId: string }, token: string, cleanups: (() => void)[]) {
  const docs = new Map(teamDocumentNames().map((name) => [name, new Y.Doc()]));
  const socket = new HocuspocusProviderWebsocket({ url: s.url, minDelay: 100, delay: 100, maxDelay: 300 });
  const providers = [...docs].map(([name, document]) => new HocuspocusProvider({ websocketProvider: socket, name: serverDocumentName(s.teamId, name), token, document }));
  for (const p of providers) p.attach();
  cleanups.push(() => (providers.forEach((p) => p.destroy()), socket.destroy()));
  await until(() => providers.every((p) => p.isSynced), 'the other member synced');
  /** True once the server has every change this member made. */
  const sent = () => providers.every((p) => p.unsyncedChanges === 0);
  return { docs, book: new TeamBook(docs), sent };
}
