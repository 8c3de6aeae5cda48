// The sync host: holds the team's live documents (each loaded from y-indexeddb, so edits survive
// with the server down), one shared socket to the team server, and the health every page shows.
// It runs in a page that stays alive (Chromium's offscreen document, Firefox's background page),
// never in the MV3 service worker, which sleeps (TEAM-SYNC-FACTS.md, pitfall 6).
import { HocuspocusProvider, HocuspocusProviderWebsocket, WebSocketStatus } from '@hocuspocus/provider';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { startTeamBridge, type TeamBridge } from './bridge';
import type { ShardHealth, TeamConfig, TeamHealth, TeamLogEntry } from './config';
import { contactShardNames, serverDocumentName, SHARD_IDLE_MS, shardChangedIn, teamDocumentNames } from './documents';
import { firstRowsShown } from './first-rows';
import { followInView } from './in-view';
import { hop, phaseSince, timed } from './phases';

/** Refusals that will not pass by retrying: the member leaves the team and keeps the local copy. */
export const LASTING_REFUSALS = ['member-removed', 'token-unknown', 'invitation-expired', 'other-team'] as const;
export type LastingRefusal = (typeof LASTING_REFUSALS)[number];

const LOGGED_REFUSALS: readonly TeamLogEntry['code'][] = ['token-malformed', ...LASTING_REFUSALS];
const LOG_SIZE = 50;
/** How many documents wait for the server's first answer at once when the host starts (startTeamHost). */
export const ATTACHED_AT_ONCE = 3;

export interface TeamHostOptions {
  config: TeamConfig;
  /** Called with the newest health, at most once per `healthInterval`. */
  writeHealth: (health: TeamHealth) => void | Promise<void>;
  /** The server refused this member for good; the host has stopped. */
  onLeft: (reason: LastingRefusal) => void | Promise<void>;
  /** What the server said last time (kept in the stored health): the bridge starts read-only for a viewer even offline. */
  knownScope?: TeamHealth['scope'];
  /** Keep the documents in IndexedDB (y-indexeddb); off only in tests that want a fresh start. */
  persist?: boolean;
  healthInterval?: number;
  /** Reconnect delays in ms (the provider's `minDelay`/`maxDelay`); `delay` is never below `minDelay` (pitfall 3). */
  minDelay?: number;
  maxDelay?: number;
  now?: () => number;
  /** Carried over from the last stored health, so the log survives the page being reopened. */
  log?: TeamLogEntry[];
  /**
   * Unload a contact shard (its Y.Doc, provider and y-indexeddb handle) once it has been idle this long, everything in it
   * stored here and acknowledged by the server (issue 17: memory with 50,000 contacts). It is loaded again for a local
   * edit (the bridge's drain) or when the server says it changed. Default SHARD_IDLE_MS; never without `persist`.
   */
  unloadIdleAfter?: number | false;
  /**
   * Called when the bridge's first pass is done (the join, or the first pull after a start): a big join stores its new
   * contacts packed (book-sync.ts, JOIN_PACKED_FROM), and the page then asks the background to file them.
   */
  onPassDone?: () => void;
}

export interface TeamHost {
  /**
   * Resolves once the documents the host starts with are loaded from IndexedDB and attached to the socket: `book` (the
   * bridge's pass loads the contact shards a few at a time), or every document when shards are never unloaded.
   */
  ready: Promise<void>;
  /** The loaded documents: `book` always, the contact shards while they are in use (idle ones are unloaded). */
  docs: ReadonlyMap<string, Y.Doc>;
  health(): TeamHealth;
  /** Closes the socket and the documents; the local copy stays in IndexedDB. */
  stop(): Promise<void>;
}

/** The IndexedDB database that keeps one of the team's documents in this browser. */
export function localDocumentName(teamId: string, name: string): string {
  return `kizuna-team-${teamId}-${name}`;
}

/**
 * Resolves once every update y-indexeddb has been handed for this document so far is committed. y-indexeddb writes
 * each update in its own read-write transaction on `updates`, made as the update happens; IndexedDB runs read-write
 * transactions over the same store in the order they were made, so an empty one made now completes after them.
 */
export function storedSoFar(persistence: IndexeddbPersistence): Promise<void> {
  const db = (persistence as unknown as { db: IDBDatabase | null }).db;
  if (!db) return Promise.reject(new Error('the team document’s local copy is not open'));
  return new Promise((resolve, reject) => {
    const tx = db.transaction(['updates'], 'readwrite');
    tx.oncomplete = () => resolve();
    tx.onerror = tx.onabort = () => reject(tx.error ?? new Error('the team document’s local copy could not be written'));
  });
}

/** Records the time each update from the server takes to apply (decode, integrate, observers) as a phase. */
function timeRemoteUpdates(name: string, doc: Y.Doc, provider: unknown) {
  let start = 0;
  doc.on('beforeTransaction', (tr: Y.Transaction) => {
    if (tr.origin === provider) start = performance.now();
  });
  doc.on('afterTransactionCleanup', (tr: Y.Transaction) => {
    if (tr.origin !== provider) return;
    phaseSince('server update applied (Y decode + observers)', start);
    hop('remote update applied', { doc: name });
  });
}

/** Opens the team's documents and keeps them in sync with the server, reporting health as it goes. */
export function startTeamHost(options: TeamHostOptions): TeamHost {
  const { config } = options;
  const now = options.now ?? Date.now;
  const names = teamDocumentNames();
  const unloadAfter = options.persist === false ? false : (options.unloadIdleAfter ?? SHARD_IDLE_MS);
  // Shards that can be unloaded start unloaded: the bridge's pass over the book (the join, or the first pull after the
  // page opens) loads them a few at a time (LOADED_AT_ONCE, documents.ts), so the page never holds the whole book at once.
  const docs = new Map((unloadAfter === false ? names : ['book']).map((name) => [name, new Y.Doc()]));
  const persistence = new Map<string, IndexeddbPersistence>();
  const providers = new Map<string, HocuspocusProvider>();
  const shards: Record<string, ShardHealth> = Object.fromEntries(names.map((n) => [n, { state: 'connecting', pending: 0 }]));
  let log: TeamLogEntry[] = (options.log ?? []).slice(0, LOG_SIZE);
  let scope = options.knownScope;
  let bridge: TeamBridge | undefined;
  // Per loaded document: a joining book merges and writes each shard as soon as it holds the server's state.
  const firstSync = new Map<string, Promise<void>>();
  let stopped = false;
  let everConnected = false;
  let outage = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** When each loaded contact shard last changed (any origin) or was loaded. */
  const lastUsed = new Map<string, number>();
  /** Each contact shard's load or unload in progress (one at a time per shard: one y-indexeddb handle per database). */
  const lifecycle = new Map<string, Promise<void>>();
  const loading = new Set<string>();
  /** The bridge has joined (its first merge is done): only then are idle shards unloaded. */
  let bridgeReady = false;
  /** The socket was down: shard changes broadcast meanwhile were missed, so every unloaded shard is loaded again. */
  let missed = false;
  /** The socket's last attempt failed (not merely connecting): a shard cannot settle until it is back. */
  let down = false;
  /** Shards the server said changed (or whose changes were missed) while the bridge's first pass runs: loaded after it. */
  const wokenLater = new Set<string>();
  /** The bridge's pass waiting for a shard to be settled (shardSettled). */
  const settleWaiters = new Map<string, ((settled: boolean) => void)[]>();
  let sweeper: ReturnType<typeof setInterval> | undefined;
  // A shard an open side panel shows is used as long as it is shown (lib/team/in-view.ts): loaded, it stays loaded;
  // unloaded, it is loaded now, before an edit needs it on either side.
  const stopInView = unloadAfter === false ? undefined : followInView(wake);

  const health = (): TeamHealth => ({
    scope,
    role: scope === 'readonly' ? 'viewer' : undefined,
    shards: structuredClone(shards),
    log: [...log],
    updatedAt: now(),
  });
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    void Promise.resolve(options.writeHealth(health())).catch((e: unknown) => console.warn('Kizuna: the team sync health could not be saved', e));
  };
  const changed = () => {
    if (stopped || timer) return;
    timer = setTimeout(flush, options.healthInterval ?? 250);
  };
  const addLog = (code: TeamLogEntry['code'], detail?: string) => {
    log = [{ at: now(), code, ...(detail ? { detail } : {}) }, ...log].slice(0, LOG_SIZE);
  };
  const startBridge = () => {
    bridge?.stop();
    const started = startTeamBridge({
      docs,
      memberName: config.memberName,
      readOnly: scope === 'readonly',
      firstSync: (name) => firstSync.get(name) ?? Promise.resolve(),
      persisted: () => Promise.all([...persistence.values()].map(storedSoFar)).then(() => undefined),
      loadShards: (names) => Promise.all(names.map((name) => load(name))).then(() => undefined),
      shards: { settled: shardSettled, release },
      firstRowsShown,
    });
    bridge = started;
    bridgeReady = false;
    void started.ready.then(
      () => {
        if (bridge !== started) return;
        bridgeReady = true;
        for (const name of wokenLater) void load(name);
        wokenLater.clear();
        options.onPassDone?.();
      },
      () => {},
    );
  };
  const touch = (name: string) => void lastUsed.set(name, now());
  const provide = (name: string, doc: Y.Doc) => {
    const provider = new HocuspocusProvider({ websocketProvider: socket, name: serverDocumentName(config.teamId, name), token: config.token, document: doc });
    providers.set(name, provider);
    firstSync.set(name, new Promise<void>((resolve) => provider.on('synced', () => resolve())));
    follow(name, provider);
    timeRemoteUpdates(name, doc, provider);
    if (name !== 'book') doc.on('update', () => touch(name));
    else provider.on('stateless', ({ payload }: { payload: string }) => wake(shardChangedIn(payload)));
    return provider;
  };

  const socket = new HocuspocusProviderWebsocket({
    url: config.serverUrl,
    autoConnect: false,
    minDelay: options.minDelay ?? 1000,
    delay: options.minDelay ?? 1000,
    maxDelay: options.maxDelay ?? 30_000,
  });
  socket.on('status', ({ status }: { status: WebSocketStatus }) => {
    if (stopped) return;
    down = status === WebSocketStatus.Disconnected;
    hop(`socket: ${status}`);
    if (status === WebSocketStatus.Connected && missed) {
      missed = false;
      // Only the shards unloaded after a pull: one never loaded yet is pulled whole by the bridge's pass.
      for (const name of names) if (shards[name]?.idle) wake(name);
    }
    if (status === WebSocketStatus.Disconnected) {
      missed = true;
      for (const name of settleWaiters.keys()) settleCheck(name);
      // One log line per outage, not one per retry; the shards remember since when.
      if (!outage) addLog('server-unreachable');
      outage = true;
      for (const shard of Object.values(shards)) {
        if (shard.state === 'refused') continue;
        if (shard.state !== 'offline') shard.since = now();
        shard.state = 'offline';
      }
      changed();
    }
  });

  const follow = (name: string, provider: HocuspocusProvider) => {
    const shard = shards[name]!;
    provider.on('authenticated', ({ scope: given }: { scope: TeamHealth['scope'] }) => {
      if (stopped) return;
      hop('document authenticated', { doc: name });
      if (outage && everConnected) addLog('reconnected');
      if (outage) outage = false;
      everConnected = true;
      shard.state = 'connected';
      delete shard.since;
      if (given && given !== scope) {
        const wasReadOnly = scope === 'readonly';
        scope = given;
        if (given === 'readonly') addLog('read-only');
        // Restarted only when the access it was started with changed: a join knows no scope yet, and a member's first
        // answer restarted a bridge already waiting for the book (its start undone, a second TeamBook built).
        if ((given === 'readonly') !== wasReadOnly) startBridge();
      }
      changed();
    });
    provider.on('authenticationFailed', ({ reason }: { reason: string }) => {
      if (stopped) return;
      const already = shard.state === 'refused';
      shard.state = 'refused';
      shard.since ??= now();
      const code = LOGGED_REFUSALS.find((c) => c === reason);
      if (!already && !log.some((e) => e.code === code && e.at >= (shard.since ?? 0))) addLog(code ?? 'token-unknown', code ? undefined : reason.slice(0, 200));
      changed();
      const lasting = LASTING_REFUSALS.find((r) => r === reason);
      if (lasting) {
        void stop().then(() => options.onLeft(lasting));
      }
    });
    provider.on('unsyncedChanges', ({ number }: { number: number }) => {
      if (stopped) return;
      shard.pending = number;
      if (number === 0 && shard.state === 'connected') shard.lastSyncedAt = now();
      changed();
      settleCheck(name);
    });
    provider.on('synced', () => {
      if (stopped) return;
      hop('document synced', { doc: name });
      if (provider.unsyncedChanges === 0) shard.lastSyncedAt = now();
      changed();
      settleCheck(name);
    });
  };

  // The first contact shard the bridge's pass asks for: its local copy is opened beside the book's, and it is attached
  // right after the book (whose answer the join needs first), so that its request leaves with the book's.
  const firstShard = unloadAfter === false ? undefined : contactShardNames()[0];
  const bookAttached = Promise.withResolvers<void>();
  if (firstShard) void load(firstShard, bookAttached.promise);
  const ready = (async () => {
    if (options.persist !== false) {
      for (const [name, doc] of docs) persistence.set(name, new IndexeddbPersistence(localDocumentName(config.teamId, name), doc));
      await timed('y-indexeddb load (all documents)', () => Promise.all([...persistence.values()].map((p) => p.whenSynced)));
    }
    if (stopped) return;
    hop('local copies loaded', { docs: [...docs.keys()].join(' ') });
    for (const [name, doc] of docs) (provide(name, doc), touch(name));
    const connecting = performance.now();
    // Attached after the local copy is loaded, so loading it does not count as changes to send; and a few at a time
    // (the book first), the next as one has synced or been refused: were all asked for at once, the server's answers
    // would arrive together and their decoding (one long task each, on this page's thread) would hold up writing the
    // first shard's contacts, and the app page that shares the thread.
    const queue = [...providers.values()];
    const attachNext = () => {
      const next = stopped ? undefined : queue.shift();
      if (next) (next.attach(), hop('document attached', { doc: next.configuration.name }));
    };
    for (const [name, p] of providers) {
      p.on('authenticationFailed', attachNext);
      void firstSync.get(name)!.then(() => (phaseSince('connect + first sync (per document)', connecting), attachNext()));
    }
    for (let i = 0; i < ATTACHED_AT_ONCE; i++) attachNext();
    startBridge();
    socket.connect();
    // The first shard (loading since the start) is attached now: it syncs with the book, while the bridge reads the local
    // book. Only that one: a join asks for the others once the first shard's first write has committed (BookSync,
    // joinShardByShard); their answers decoded before it would hold up the contacts page's first rows (issue 17).
    bookAttached.resolve();
    changed();
    if (unloadAfter !== false) sweeper = setInterval(sweep, Math.max(250, Math.min(unloadAfter, 5000)));
  })();

  /**
   * Loads an unloaded contact shard from y-indexeddb, follows it in the bridge, then attaches it to the socket (its local
   * copy loaded, not before `after`).
   */
  function load(name: string, after?: Promise<void>): Promise<void> {
    if (docs.has(name) || stopped) return Promise.resolve();
    return inTurn(name, 'loaded', async () => {
      if (docs.has(name) || stopped) return;
      loading.add(name);
      try {
        const doc = new Y.Doc();
        const local = new IndexeddbPersistence(localDocumentName(config.teamId, name), doc);
        await local.whenSynced;
        await after;
        if (stopped) return void (await local.destroy(), doc.destroy());
        docs.set(name, doc);
        persistence.set(name, local);
        touch(name);
        // Followed before the server is heard: its answer is what changed while the shard was unloaded.
        bridge?.attachShard(name);
        delete shards[name]!.idle;
        provide(name, doc).attach();
        hop('shard loaded', { doc: name });
        changed();
      } finally {
        loading.delete(name);
      }
    });
  }

  function wake(name: string | undefined) {
    if (!name || !(name in shards) || name === 'book') return;
    if (docs.has(name)) touch(name);
    // While the bridge's first pass runs, a shard it has not reached yet is pulled whole when it does, and one it has
    // unloaded is loaded after it: loaded now, it would stay for the rest of the pass and break the pass's bound.
    else if (bridgeReady) void load(name);
    else if (shards[name]?.idle) wokenLater.add(name);
  }

  /** The shard is loaded, holds the server's state and the server has all of it: it may be unloaded. */
  const settled = (name: string) => {
    const provider = providers.get(name);
    return !!provider && !loading.has(name) && provider.isSynced && provider.unsyncedChanges === 0 && shards[name]?.state === 'connected';
  };
  const idle = (name: string, at: number) => unloadAfter !== false && settled(name) && at - (lastUsed.get(name) ?? at) >= unloadAfter;

  /**
   * For the bridge's pass: resolves true once the shard is settled (or is not loaded, or never unloaded), false when it
   * cannot settle now (the socket is down, the host stopped): the pass then leaves it to the idle sweep.
   */
  function shardSettled(name: string): Promise<boolean> {
    if (unloadAfter === false || !docs.has(name) || settled(name)) return Promise.resolve(true);
    if (stopped || down) return Promise.resolve(false);
    return new Promise((resolve) => settleWaiters.set(name, [...(settleWaiters.get(name) ?? []), resolve]));
  }
  function settleCheck(name: string) {
    const waiting = settleWaiters.get(name);
    if (!waiting) return;
    const answer = settled(name) || !docs.has(name) ? true : stopped || down ? false : undefined;
    if (answer === undefined) return;
    settleWaiters.delete(name);
    for (const resolve of waiting) resolve(answer);
  }

  /**
   * For the bridge's pass, in its turn (no pull or drain runs meanwhile): unloads the shard now if it is settled. True when
   * the shard is no longer loaded (or shards are never unloaded here), false when it must stay (something is unsent).
   */
  function release(name: string): boolean {
    if (unloadAfter === false || !docs.has(name)) return true;
    if (!settled(name)) return false;
    unload(name);
    changed();
    return true;
  }

  /** Unloads the idle contact shards, between the bridge's pulls and drains, and only when no pull waits. */
  function sweep() {
    const current = bridge;
    if (stopped || !bridgeReady || !current) return;
    if (![...docs.keys()].some((name) => name !== 'book' && idle(name, now()))) return;
    void current.exclusive((pullWaiting) => {
      if (pullWaiting || stopped || bridge !== current) return;
      const at = now();
      // Synchronous from the check to leaving `docs`: no change of the shard can come in between.
      for (const name of [...docs.keys()]) if (name !== 'book' && idle(name, at)) unload(name);
      changed();
    });
  }

  function unload(name: string) {
    const doc = docs.get(name);
    const local = persistence.get(name);
    providers.get(name)?.destroy();
    providers.delete(name);
    bridge?.detachShard(name);
    docs.delete(name);
    persistence.delete(name);
    firstSync.delete(name);
    lastUsed.delete(name);
    shards[name]!.idle = true;
    hop('shard unloaded', { doc: name });
    // Everything is stored (the provider had nothing unsynced, and y-indexeddb writes each update as it happens).
    void inTurn(name, 'closed', async () => {
      await local?.destroy();
      doc?.destroy();
    });
  }

  /** Runs a shard's load or unload after the one before it; a failure is logged and does not stop the next. */
  function inTurn(name: string, what: 'loaded' | 'closed', work: () => Promise<void>): Promise<void> {
    const op = (lifecycle.get(name) ?? Promise.resolve()).then(work);
    lifecycle.set(
      name,
      op.catch((e: unknown) => console.warn(`Kizuna: the team document ${name} could not be ${what}`, e)),
    );
    return op;
  }

  async function stop() {
    if (stopped) return;
    stopped = true;
    // The first shard's load waits for the book's attach, which a host stopped before it never makes.
    bookAttached.resolve();
    flush();
    clearInterval(sweeper);
    stopInView?.();
    for (const name of [...settleWaiters.keys()]) settleCheck(name);
    bridge?.stop();
    for (const provider of providers.values()) provider.destroy();
    socket.destroy();
    await ready.catch(() => {});
    await Promise.all(lifecycle.values());
    await Promise.all([...persistence.values()].map((p) => p.destroy()));
    for (const doc of docs.values()) doc.destroy();
  }

  return { ready, docs, health, stop };
}
