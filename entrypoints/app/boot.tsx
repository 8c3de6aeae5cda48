import { createRoot } from 'react-dom/client';
import { translate, uiLocale } from '@/lib/i18n';
import { I18nRoot } from '../sidebar/i18n-root';
import { App } from './App';

/** Renders the app into the page (loaded by main.tsx beside the first page's code and data). */
export function boot(): void {
  const locale = uiLocale();
  document.documentElement.lang = locale;
  document.title = translate('appTitle');
  if (matchMedia('(prefers-color-scheme: dark)').matches) document.documentElement.dataset.theme = 'dark';
  createRoot(document.getElementById('root')!).render(
    <I18nRoot locale={locale}>
      <App />
    </I18nRoot>,
  );
}
