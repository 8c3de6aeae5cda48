import { createRoot } from 'react-dom/client';
import { I18nProvider } from '@/components/i18n';
import { db } from '@/lib/db';
import { translate, uiLocale } from '@/lib/i18n';
import { App } from './App';
import '@/components/ui/base.css';
import '@/components/components.css';
import './style.css';

performance.mark('kizuna:main');
// The database opens while React mounts and the panel connects to Gmail, not on the profile's first read.
void db.open().catch(() => undefined);
const locale = uiLocale();
document.documentElement.lang = locale;
createRoot(document.getElementById('root')!).render(
  <I18nProvider value={{ t: translate, locale }}>
    <App />
  </I18nProvider>,
);
