import { findDockParts, mountDock } from '@/lib/gmail/dock';
import type { DockApi, DockStatus } from '@/lib/panel/messages';

/**
 * The optional in-Gmail dock, a file of its own that the content script imports only when the user
 * switched the dock on (so the content script stays small). It self-tests Gmail's page at start-up,
 * after every navigation and after the window is resized, and takes itself out on any failure.
 */
export default defineUnlistedScript(() => {
  const api: DockApi = {
    start({ src, title, onStatus }) {
      let mounted: ReturnType<typeof mountDock> | null = null;
      let last = '';
      let timer: ReturnType<typeof setTimeout> | undefined;
      const report = (status: DockStatus) => {
        const key = JSON.stringify(status);
        if (key !== last) onStatus(status);
        last = key;
      };
      const run = () => {
        const found = findDockParts(document);
        const failure = found.ok ? (mounted ??= mountDock(document, found.parts, src, title)).check() : found.reason;
        if (!failure) return report({ state: 'docked' });
        mounted?.remove();
        mounted = null;
        report({ state: 'fallback', reason: failure });
      };
      const schedule = () => {
        clearTimeout(timer);
        timer = setTimeout(run, 50);
      };
      // The dock's own synthetic resize is not a reason to check again; the user's is.
      const onResize = (event: Event) => event.isTrusted && schedule();
      window.addEventListener('hashchange', schedule);
      window.addEventListener('resize', onResize);
      run();
      return {
        stop() {
          window.removeEventListener('hashchange', schedule);
          window.removeEventListener('resize', onResize);
          clearTimeout(timer);
          mounted?.remove();
          mounted = null;
        },
      };
    },
  };
  (globalThis as { kizunaDock?: DockApi }).kizunaDock = api;
});
