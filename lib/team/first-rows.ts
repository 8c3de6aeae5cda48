// A join's first rows on screen (issue 17: book usable ≤ 3 s). The sync host writes the first shard's first contacts in
// a transaction of their own so that a contacts list open during the join shows rows soon. But the list reads them only
// once Dexie has told it of the commit, and by then the host had begun its next write and asked the server for more
// shards: IndexedDB ran the list's read after that write, whose transaction waited in turn for the next shards'
// decoding on the host's thread, and the rows came 0.5–1 s after their commit. So after that commit the host asks the
// extension's pages whether one lists contacts, and goes on once it shows them, or at once when none answers.

/** The BroadcastChannel (same origin: the extension's pages and the sync host's worker) of the question and its answers. */
export const FIRST_ROWS_CHANNEL = 'kizuna-team-first-rows';
/** How long the host waits for a page to say that it lists contacts: none did, and the join goes on. */
export const FIRST_ROWS_ANSWER_MS = 150;
/** How long the host waits at most for a page that lists contacts to show the rows. */
export const FIRST_ROWS_WAIT_MS = 1500;

/** What the host heard: a page shows the rows, no page lists contacts, or one does and was not done in time. */
export type FirstRowsAnswer = 'shown' | 'no page' | 'late';

type Message = { ask?: unknown; listing?: unknown; shown?: unknown } | null;

function open(): BroadcastChannel | undefined {
  try {
    return new BroadcastChannel(FIRST_ROWS_CHANNEL);
  } catch {
    // No BroadcastChannel: no page can be told, none waited for.
    return undefined;
  }
}

/** The sync host's side, after a join's first write: asks the pages, and resolves with what it heard. */
export function firstRowsShown(answerMs = FIRST_ROWS_ANSWER_MS, waitMs = FIRST_ROWS_WAIT_MS): Promise<FirstRowsAnswer> {
  const channel = open();
  if (!channel) return Promise.resolve('no page');
  return new Promise((resolve) => {
    let listed = false;
    const done = (answer: FirstRowsAnswer) => {
      clearTimeout(timer);
      channel.close();
      resolve(answer);
    };
    let timer = setTimeout(() => done('no page'), answerMs);
    channel.onmessage = (event: MessageEvent<unknown>) => {
      const data = event.data as Message;
      if (data?.shown === true) done('shown');
      else if (data?.listing === true && !listed) {
        listed = true;
        clearTimeout(timer);
        timer = setTimeout(() => done('late'), waitMs);
      }
    };
    channel.postMessage({ ask: true });
  });
}

export interface FirstRowsAnswerer {
  /** Whether the contacts this page lists are on screen now. */
  show(shown: boolean): void;
  stop(): void;
}

/**
 * A page that lists contacts: answers a joining host that it shows rows, or that it lists contacts and will say when it
 * does. `listing()` false (a hidden page: nobody is looking at it) answers nothing.
 */
export function answerFirstRows(listing: () => boolean = () => true): FirstRowsAnswerer {
  const channel = open();
  let shown = false;
  let asked = false;
  if (channel)
    channel.onmessage = (event: MessageEvent<unknown>) => {
      if ((event.data as Message)?.ask !== true || !listing()) return;
      asked = !shown;
      channel.postMessage(shown ? { shown: true } : { listing: true });
    };
  return {
    show(value) {
      shown = value;
      if (!shown || !asked) return;
      asked = false;
      channel?.postMessage({ shown: true });
    },
    stop: () => channel?.close(),
  };
}
