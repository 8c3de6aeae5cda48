// The app's shell, loaded by the entry (main.tsx) beside the contacts list's first read and code.
import { createRoot } from 'react-dom/client';
import { translate, uiLocale } from '@/lib/i18n';
import { I18nRoot } from '../sidebar/i18n-root';
import { App } from './App';
import { takeOver } from './first-paint';

const locale = uiLocale();
document.documentElement.lang = locale;
document.title = translate('appTitle');
if (matchMedia('(prefers-color-scheme: dark)').matches) document.documentElement.dataset.theme = 'dark';
const root = document.getElementById('root')!;
// With the contacts list's first rows on screen (first-paint.ts), the app renders hidden and takes their place once it shows its own.
takeOver(root);
createRoot(root).render(
  <I18nRoot locale={locale}>
    <App />
  </I18nRoot>,
);
