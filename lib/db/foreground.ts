/**
 * "The user is working in Gmail now": the sidebar says so on each thread it shows, and background
 * work that competes with it for IndexedDB and the CPU (the filing of staged contacts, the churn
 * rescore) steps aside for a moment. A BroadcastChannel between the extension's own pages and its
 * service worker: it costs the sidebar nothing and never wakes a sleeping worker.
 */
export const FOREGROUND_CHANNEL = 'kizuna-foreground';
/** After the sidebar showed a thread, background work waits this long before its next step. */
export const FOREGROUND_QUIET_MS = 1000;

let channel: BroadcastChannel | undefined;

export function signalForeground(): void {
  try {
    channel ??= new BroadcastChannel(FOREGROUND_CHANNEL);
    channel.postMessage(Date.now());
  } catch {
    // No BroadcastChannel (tests in Node): nothing to tell.
  }
}

let lastForeground = 0;
let listening = false;

/** The background's side: follows the sidebar's signals (once per context). */
export function listenForForeground(): void {
  if (listening) return;
  listening = true;
  new BroadcastChannel(FOREGROUND_CHANNEL).onmessage = () => noteForeground();
}

/** Gmail's sidebar just showed a thread (a message on FOREGROUND_CHANNEL). */
export function noteForeground(at = Date.now()): void {
  lastForeground = Math.max(lastForeground, at);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Resolves once the user has not switched threads for `quietMs` (at once when they have not lately). */
export async function foregroundQuiet(quietMs = FOREGROUND_QUIET_MS): Promise<void> {
  while (Date.now() - lastForeground < quietMs) await sleep(quietMs - (Date.now() - lastForeground));
}
