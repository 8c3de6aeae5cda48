// The team's document names, shared by the extension, the server's tools and the benchmarks. Kept apart from
// lib/team/config.ts, whose storage items need a browser, so that Node scripts can import them.

/** How many documents the contacts are spread over (by a hash of the contact's key). */
export const CONTACT_SHARDS = 16;

/** How long a contact shard stays in memory after its last change, once the book has joined (lib/team/host.ts, `unloadIdleAfter`). */
export const SHARD_IDLE_MS = 15_000;

/**
 * How many contact shards a pass over the whole book (joining, or the first pull after the page opens) holds loaded at
 * once: each is unloaded as soon as it is written into the local book and the server has all of it, so the pass's
 * memory is a few shards', not the whole book's (issue 17; lib/team/book-sync.ts, `shardByShard`).
 */
export const LOADED_AT_ONCE = 4;

/** The team's documents, without the team prefix: `book` (tags, segments, team templates) and `contacts-00` … `contacts-15`. */
export function teamDocumentNames(): string[] {
  return ['book', ...Array.from({ length: CONTACT_SHARDS }, (_, i) => `contacts-${String(i).padStart(2, '0')}`)];
}

/** The contact shards' document names (`contacts-00` … `contacts-15`). */
export function contactShardNames(): string[] {
  return teamDocumentNames().filter((name) => name !== 'book');
}

/** The server's name for one of the team's documents (server/team-server.ts accepts `<teamId>/<name>`). */
export function serverDocumentName(teamId: string, name: string): string {
  return `${teamId}/${name}`;
}

/** The shard (0 … CONTACT_SHARDS − 1) of a contact key: FNV-1a over its UTF-16 code units, stable everywhere. */
export function shardOf(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % CONTACT_SHARDS;
}

/** The document name (`contacts-07`) that holds a contact key. */
export function shardName(key: string): string {
  return `contacts-${String(shardOf(key)).padStart(2, '0')}`;
}

const SHARD_CHANGED = 'kizuna:shard-changed';

/**
 * The stateless message the server broadcasts on the team's `book` document when a contact shard changes: a sync host
 * that has unloaded that shard (idle) loads it again to hear the change (docs/team-server.md, "Memory of the sync host").
 */
export function shardChangedMessage(name: string): string {
  return JSON.stringify({ type: SHARD_CHANGED, doc: name });
}

/** The contact shard a stateless message says changed (`contacts-07`), or undefined for any other message. */
export function shardChangedIn(payload: string): string | undefined {
  try {
    const message = JSON.parse(payload) as { type?: unknown; doc?: unknown };
    return message?.type === SHARD_CHANGED && typeof message.doc === 'string' && /^contacts-\d\d$/.test(message.doc) ? message.doc : undefined;
  } catch {
    return undefined;
  }
}
