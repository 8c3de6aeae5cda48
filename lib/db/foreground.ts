/**
 * "The user is working in Gmail now": the sidebar says so on each thread it shows, and background
 * work that competes with it for IndexedDB (the filing of staged contacts) steps aside for a
 * moment. A BroadcastChannel between the extension's own pages and its service worker: it costs
 * the sidebar nothing and never wakes a sleeping worker.
 */
export const FOREGROUND_CHANNEL = 'kizuna-foreground';

let channel: BroadcastChannel | undefined;

export function signalForeground(): void {
  try {
    channel ??= new BroadcastChannel(FOREGROUND_CHANNEL);
    channel.postMessage(Date.now());
  } catch {
    // No BroadcastChannel (tests in Node): nothing to tell.
  }
}
