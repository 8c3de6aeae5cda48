import { createRoot } from 'react-dom/client';
import { db } from '@/lib/db';
import { uiLocale } from '@/lib/i18n';
import { I18nRoot } from './i18n-root';
import { App } from './App';
import { takeFirstPaint } from './first-paint';
import { handOver } from './hand-over';

performance.mark('kizuna:mount');
// The database opens while React mounts and the panel connects to Gmail, not on the profile's first read.
void db.open().catch(() => undefined);
const locale = uiLocale();
document.documentElement.lang = locale;
// With the first paint on screen (first-paint.ts), the app renders off the page and takes its place once it shows the
// same (hand-over.ts).
const first = takeFirstPaint();
const host = first ? document.createElement('div') : document.getElementById('root')!;
createRoot(host).render(
  <I18nRoot locale={locale}>
    <App />
  </I18nRoot>,
);
if (first) handOver(first, host);
