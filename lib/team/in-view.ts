// The contact an open side panel shows keeps its shard loaded in the sync host (issue 17). The host unloads a shard
// after SHARD_IDLE_MS of quiet, and an edit after that loaded it again on both sides: the editor's to write it, the
// viewer's to hear it (the server's "shard changed", then a load from IndexedDB and a sync with the server) before the
// edit could show. The contact on screen is the one a colleague's edit must reach fast, so its shard stays; the rest of
// the book is unloaded as before. Only the shard's name crosses the channel, never the contact.
import { contactShardNames, SHARD_IDLE_MS, shardName } from './documents';

/** The BroadcastChannel (same origin: every extension page, the sync host's too) on which pages name the shard they show. */
export const IN_VIEW_CHANNEL = 'kizuna-team-in-view';

/** How often a page names the shard it shows: a third of SHARD_IDLE_MS, so that one late message does not let it go idle. */
export const IN_VIEW_EVERY_MS = SHARD_IDLE_MS / 3;

/** Tells the sync host, now and every `every` ms until the returned function is called, that this page shows the contact `key`. */
export function announceInView(key: string, every = IN_VIEW_EVERY_MS): () => void {
  const channel = new BroadcastChannel(IN_VIEW_CHANNEL);
  const doc = shardName(key.trim().toLowerCase());
  const post = () => channel.postMessage({ doc });
  post();
  const timer = setInterval(post, every);
  return () => {
    clearInterval(timer);
    channel.close();
  };
}

/** Calls `inView` with each contact shard a page says it shows (the sync host: lib/team/host.ts); the returned function stops. */
export function followInView(inView: (doc: string) => void): () => void {
  const shards = new Set(contactShardNames());
  const channel = new BroadcastChannel(IN_VIEW_CHANNEL);
  channel.onmessage = (event: MessageEvent<unknown>) => {
    const doc = (event.data as { doc?: unknown } | null)?.doc;
    if (typeof doc === 'string' && shards.has(doc)) inView(doc);
  };
  return () => channel.close();
}
