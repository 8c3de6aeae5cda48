import { useEffect, useMemo, useState } from 'react';
import { ContactSwitcher } from '@/components/ContactSwitcher';
import { useI18n } from '@/components/i18n';
import { SettingsPanel } from '@/components/SettingsPanel';
import { StatusMessage, type SidebarStatus } from '@/components/StatusMessage';
import { externalParticipants, ownAddresses } from '@/lib/contacts/participants';
import { isNeverLogged } from '@/lib/contacts/never-log';
import type { ThreadSnapshot } from '@/lib/protocol';
import { actions } from './actions';
import { ContactView } from './ContactView';
import { useGmailPort } from './use-gmail-port';
import { useSettings } from './use-settings';

/** The sidebar: follows the tab's Gmail thread, records it, and shows the selected participant. */
export function App() {
  const { t } = useI18n();
  const [port, send] = useGmailPort();
  const [settings, saveSettings] = useSettings();
  const [showSettings, setShowSettings] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const snapshot = port.kind === 'ready' ? port.snapshot : null;
  const thread = snapshot?.status === 'thread' ? snapshot : null;
  const collapsed = settings?.sidebarCollapsed ?? false;

  const { people, initial } = useMemo(
    () => (thread && settings ? externalParticipants(thread, ownAddresses(thread.userEmail, settings.aliases)) : { people: [], initial: null }),
    [thread, settings?.aliases],
  );

  useEffect(() => setSelected(initial), [thread?.threadId, initial]);
  useEffect(() => {
    if (snapshot) document.documentElement.dataset.theme = snapshot.theme;
  }, [snapshot?.theme]);
  useEffect(() => {
    if (settings) send({ type: 'layout', collapsed });
  }, [collapsed, port.kind, settings !== null]);
  useEffect(() => {
    if (!thread || !settings) return;
    setSaveError(null);
    actions.record(thread, settings).catch((e: unknown) => setSaveError(String(e instanceof Error ? e.message : e)));
  }, [thread, settings?.autoCreate, settings?.neverLog, settings?.aliases]);

  if (collapsed) {
    return (
      <main className="collapsed">
        <button type="button" className="expand" aria-label={t('expandSidebar')} title={t('expandSidebar')} onClick={() => saveSettings({ sidebarCollapsed: false })}>
          絆
        </button>
      </main>
    );
  }

  let status: SidebarStatus | null = null;
  if (port.kind === 'connecting' || !settings) status = 'connecting';
  else if (port.kind === 'no-gmail') status = 'no-gmail';
  else if (snapshot?.status === 'none') status = snapshot.reason;
  else if (!selected) status = 'only-you';
  else if (isNeverLogged(selected, settings.neverLog)) status = 'never-logged';

  return (
    <main data-theme-source={snapshot?.theme}>
      <header className="bar">
        <h1>{t('extName')}</h1>
        <button type="button" aria-label={t('settings')} title={t('settings')} aria-pressed={showSettings} onClick={() => setShowSettings(!showSettings)}>
          ⚙
        </button>
        <button type="button" aria-label={t('collapseSidebar')} title={t('collapseSidebar')} onClick={() => saveSettings({ sidebarCollapsed: true })}>
          ⇥
        </button>
      </header>
      {showSettings && settings ? (
        <SettingsPanel settings={settings} onChange={saveSettings} onClose={() => setShowSettings(false)} />
      ) : (
        <>
          {thread && !thread.userEmail && settings && settings.aliases.length === 0 && <p className="warning" role="note">{t('userUnknown')}</p>}
          {saveError && <p className="warning" role="alert">{t('saveFailed', saveError)}</p>}
          <ContactSwitcher people={people} selected={selected} onSelect={setSelected} />
          {status ? (
            <StatusMessage status={status} />
          ) : (
            <ContactView
              email={selected!}
              onCreate={() => thread && settings && void actions.create(thread as ThreadSnapshot, people.find((p) => p.email === selected)!, settings)}
              customFields={settings!.customFields}
            />
          )}
        </>
      )}
    </main>
  );
}
