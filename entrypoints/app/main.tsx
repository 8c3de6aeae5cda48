import { parseRoute } from './router';
import '@/components/ui/base.css';
import '@/components/components.css';
import './style.css';

// The page's first module is small (issue 16): it asks at once for React and the shell, the contacts list's code and
// the list's first read, side by side. With React in this module, the list's code and read waited for React to load
// and run first.
if (parseRoute(location.hash).page === 'contacts') {
  void import('./contacts/use-workspace').then((m) => m.workspaceStore.start());
  void import('./sections/contacts');
}
void import('./boot').then((m) => m.boot());
