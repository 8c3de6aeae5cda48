// The app's shell, loaded by the entry (main.tsx) beside the contacts list's first read and code.
import { createRoot } from 'react-dom/client';
import { translate, uiLocale } from '@/lib/i18n';
import { I18nRoot } from '../sidebar/i18n-root';
import { App } from './App';

const locale = uiLocale();
document.documentElement.lang = locale;
document.title = translate('appTitle');
if (matchMedia('(prefers-color-scheme: dark)').matches) document.documentElement.dataset.theme = 'dark';
createRoot(document.getElementById('root')!).render(
  <I18nRoot locale={locale}>
    <App />
  </I18nRoot>,
);
