import { browser } from 'wxt/browser';
import { db } from './index';
import { contactStoreOf } from '../contacts/dexie-store';
import { foregroundQuiet, listenForForeground } from './foreground';

/**
 * Session-storage key that holds the filing back while true, read only by a development build (WXT_DEV_HOOKS=1,
 * see docs/dev-hooks.md). Browser tests set it (from the worker) to look at staged contacts before they are filed,
 * then clear it and send 'kizuna:file-staged'.
 */
export const HOLD_KEY = 'kizunaStageHeld';

/**
 * Pause between filing steps. A step files one packed row (100 contacts) in about 15 ms; with 60 ms
 * between steps, Gmail's sidebar switches threads during the filing as fast as after it (16 ms
 * pauses cost it about 15 ms a switch; bench/workspace-import.ts). 100,000 contacts take about
 * 75 s to file on an idle machine, usable throughout.
 */
const PAUSE_MS = 60;

/**
 * The filing waits until the user has read one thread this long without switching (the sidebar's
 * signal, lib/db/foreground.ts). Nothing in the sidebar needs a contact filed (staged contacts read
 * the same), so the filing gives way to a user moving between threads altogether instead of for a
 * second: with one second, the first switch of every burst landed on running filing steps and
 * competed with them for the CPU (bench/workspace-import.ts, docs/workspace.md).
 */
export const FILING_QUIET_MS = 5000;

let running: Promise<number> | null = null;
/** Asked again during a run: run once more after it (the run may have looked before the new contacts were staged). */
let again = false;

/**
 * Files every staged contact into ordinary rows, in small transactions with a pause between them
 * (so the sidebar's reads and writes wait for one short step at most, as with the risk rescore).
 * One run at a time; a run cut short (the worker stopped) resumes at the next start.
 */
export function fileStagedNow(): Promise<number> {
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    try {
      if (import.meta.env.WXT_DEV_HOOKS === '1' && (await browser.storage.session.get(HOLD_KEY))[HOLD_KEY]) return 0;
      return await contactStoreOf(db).fileStaged({
        pause: pauseBetweenSteps,
        // An extension call keeps the service worker awake while it works.
        onStep: () => void browser.runtime.getPlatformInfo().catch(() => {}),
      });
    } finally {
      running = null;
      if (again) {
        again = false;
        void fileStagedNow().catch((e: unknown) => console.warn('Kizuna: filing staged contacts failed', e));
      }
    }
  })();
  return running;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Between two filing steps: a short pause, and none at all while the user is switching threads in Gmail (until they have read one for FILING_QUIET_MS). */
export async function pauseBetweenSteps(): Promise<void> {
  await sleep(PAUSE_MS);
  await foregroundQuiet(FILING_QUIET_MS);
}

/** The background's side: file at start (a run interrupted before); requests come through lib/messages (`kizuna:file-staged`). */
export function startStageBackground(): void {
  listenForForeground();
  void fileStagedNow().catch((e: unknown) => console.warn('Kizuna: filing staged contacts failed', e));
}
