import { createRoot } from 'react-dom/client';
import { db } from '@/lib/db';
import { uiLocale } from '@/lib/i18n';
import { I18nRoot } from './i18n-root';
import { App } from './App';
import '@/components/ui/base.css';
import '@/components/components.css';
import './style.css';

performance.mark('kizuna:mount');
// The database opens while React mounts and the panel connects to Gmail, not on the profile's first read.
void db.open().catch(() => undefined);
const locale = uiLocale();
document.documentElement.lang = locale;
createRoot(document.getElementById('root')!).render(
  <I18nRoot locale={locale}>
    <App />
  </I18nRoot>,
);
