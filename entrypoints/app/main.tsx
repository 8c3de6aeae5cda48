import { createRoot } from 'react-dom/client';
import { I18nProvider } from '@/components/i18n';
import { translate, uiLocale } from '@/lib/i18n';
import { App } from './App';
import '@/components/ui/base.css';
import '@/components/components.css';
import './style.css';

const locale = uiLocale();
document.documentElement.lang = locale;
document.title = translate('appTitle');
if (matchMedia('(prefers-color-scheme: dark)').matches) document.documentElement.dataset.theme = 'dark';
createRoot(document.getElementById('root')!).render(
  <I18nProvider value={{ t: translate, locale }}>
    <App />
  </I18nProvider>,
);
