// The app page's entry, kept small so that it runs as soon as it arrives (issue 16): on the contacts list the first
// page's read starts here (boot.ts), and the shell (React, mount.tsx), the workspace store and the page's code are
// asked for at once, side by side. The stylesheets stay here: the shell paints with them.
import { firstPage } from './boot';
import '@/components/ui/base.css';
import '@/components/components.css';
import './style.css';

void import('./mount');
if (firstPage) {
  // Its first rows are painted from the read, before React (first-paint.ts): the painter loads while IndexedDB reads.
  void Promise.all([import('./first-paint'), firstPage]).then(([m, page]) => m.paintFirstRows(page));
  void import('./contacts/use-workspace').then((m) => m.workspaceStore.start());
  // The page's own chunk too: React.lazy would ask for it only once the shell has rendered.
  void import('./sections/contacts');
}
