import { createRoot } from 'react-dom/client';
import { translate, uiLocale } from '@/lib/i18n';
import { I18nRoot } from '../sidebar/i18n-root';
import { App } from './App';
import { parseRoute } from './router';
import '@/components/ui/base.css';
import '@/components/components.css';
import './style.css';

// The contacts list (the app's default page) starts reading the book now, while React renders the shell and its
// page's code loads, rather than from the page's first effect once that code is in.
if (parseRoute(location.hash).page === 'contacts') {
  void import('./contacts/use-workspace').then((m) => m.workspaceStore.start());
  // The page's own chunk too: React.lazy would ask for it only once the shell has rendered.
  void import('./sections/contacts');
}

const locale = uiLocale();
document.documentElement.lang = locale;
document.title = translate('appTitle');
if (matchMedia('(prefers-color-scheme: dark)').matches) document.documentElement.dataset.theme = 'dark';
createRoot(document.getElementById('root')!).render(
  <I18nRoot locale={locale}>
    <App />
  </I18nRoot>,
);
