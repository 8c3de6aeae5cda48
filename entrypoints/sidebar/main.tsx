import { createRoot } from 'react-dom/client';
import { uiLocale } from '@/lib/i18n';
import { I18nRoot } from './i18n-root';
import { App } from './App';
import './style.css';

performance.mark('kizuna:main');
const locale = uiLocale();
document.documentElement.lang = locale;
createRoot(document.getElementById('root')!).render(
  <I18nRoot locale={locale}>
    <App />
  </I18nRoot>,
);
