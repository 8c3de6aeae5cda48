// The app page's entry, kept small so that it runs as soon as it arrives (issue 16): on the contacts list the first
// page's read starts before it (app-first-read.ts, boot.ts takes it), and the first rows are painted from it before the
// shell (React, mount.tsx), the workspace store and the page's code are asked for. The stylesheets stay here: the shell
// paints with them, and so does the first paint: the contacts page's own (its grid, rows and scroll box) came with the
// page's chunk, which loads after the first rows now, so they were painted unstyled (issue 16).
import { firstPage } from './boot';
import '@/components/ui/base.css';
import '@/components/components.css';
import './style.css';
import './sections/contacts.css';

if (firstPage) {
  // Its first rows are painted from the read, before React (first-paint.ts): the painter loads while IndexedDB reads.
  // The rest (about 30 chunks: their answers and compiles took the main thread the paint waited for) once it is done,
  // and on screen: after the frame that shows it (at once when nothing was painted or the page is hidden).
  void Promise.all([import('./first-paint'), firstPage])
    .then(([m, page]) => m.paintFirstRows(page))
    .finally(() => {
      if ('firstPaint' in document.documentElement.dataset && document.visibilityState === 'visible') requestAnimationFrame(() => setTimeout(loadApp, 0));
      else loadApp();
    });
} else loadApp();

function loadApp(): void {
  void import('./mount');
  if (!firstPage) return;
  void import('./contacts/use-workspace').then((m) => m.workspaceStore.start());
  // The page's own chunk too: React.lazy would ask for it only once the shell has rendered.
  void import('./sections/contacts');
}
