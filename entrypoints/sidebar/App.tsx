import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import { signalForeground } from '@/lib/db/foreground';
import { ContactSwitcher } from '@/components/ContactSwitcher';
import { useI18n } from '@/components/i18n';
import { StatusMessage, type SidebarStatus } from '@/components/StatusMessage';
import { externalParticipants, ownAddresses } from '@/lib/contacts/participants';
import { isNeverLogged } from '@/lib/contacts/never-log';
import type { DockReason } from '@/lib/panel/messages';
import { rememberGmailAccount } from '@/lib/settings';
import type { ThreadSnapshot } from '@/lib/protocol';
import { actions } from './actions';
import { ContactView } from './ContactView';
import { profileShown } from './use-contact-data';
import { useGmailPort } from './use-gmail-port';
import { ComposeBridgeContext, type ComposeBridge } from './compose-bridge';
import { expandShortcutFor } from './expand-shortcut';
import { useSettings } from './use-settings';
import { useTeam } from './use-team';
import { Icon } from '@/components/ui/Icon';

// Not needed to paint a profile (issue 13: the first open's path): loaded when first shown.
const SettingsPanel = lazy(() => import('@/components/SettingsPanel').then((m) => ({ default: m.SettingsPanel })));
const AddressLookup = lazy(() => import('@/components/AddressLookup').then((m) => ({ default: m.AddressLookup })));
const TeamBadge = lazy(() => import('@/components/TeamStatus').then((m) => ({ default: m.TeamBadge })));

// The longest a thread's record waits for the profile to be read and shown first.
const RECORD_WAIT_MS = 1000;

// Gmail's page is there but its thread could not be read: the panel offers a lookup by address.
const UNREADABLE = new Set<SidebarStatus>(['layout-unknown', 'no-sender', 'no-messages']);

/** The sidebar: follows the tab's Gmail thread, records it, and shows the selected participant. */
export function App() {
  const { t, locale } = useI18n();
  const [settings, saveSettings] = useSettings();
  const team = useTeam();
  const pending = useRef(new Map<number, (result: { ok: boolean; reason?: string }) => void>());
  const nextRequest = useRef(1);
  const [focusToken, setFocusToken] = useState(0);
  const [port, send] = useGmailPort((message) => {
    if (message.type === 'inserted') {
      pending.current.get(message.requestId)?.({ ok: message.ok, reason: message.reason });
      pending.current.delete(message.requestId);
    } else if (message.type === 'openPicker') {
      // The keys stay in Gmail's page unless the panel takes focus (Chrome may refuse; the picker still opens).
      window.focus();
      setShowSettings(false);
      setFocusToken((n) => n + 1);
    } else if (message.type === 'dock') {
      setDockFallback(message.state === 'fallback' ? (message.reason ?? 'load-failed') : null);
    } else if (message.type === 'expand') {
      void expandShortcutFor(message.word, selected, locale).then((text) => send({ type: 'expansion', requestId: message.requestId, text }));
    }
  });
  const bridge: ComposeBridge = {
    focusToken,
    insert: (text) =>
      new Promise((resolve) => {
        const requestId = nextRequest.current++;
        pending.current.set(requestId, resolve);
        send({ type: 'insert', requestId, text });
        // Gmail opening a reply box takes a moment; past this, say so instead of waiting forever.
        setTimeout(() => pending.current.get(requestId) && (pending.current.delete(requestId), resolve({ ok: false, reason: 'timeout' })), 8000);
      }),
  };
  const [showSettings, setShowSettings] = useState(false);
  // A participant picked in the switcher holds while the thread and its first participant stay the same.
  const [picked, setPicked] = useState<{ threadId: string; initial: string | null; email: string } | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [lookup, setLookup] = useState<{ email: string; found: boolean } | null>(null);
  const [dockFallback, setDockFallback] = useState<DockReason | null>(null);
  const snapshot = port.kind === 'ready' ? port.snapshot : null;
  const thread = snapshot?.status === 'thread' ? snapshot : null;

  const { people, initial } = useMemo(
    () => (thread && settings ? externalParticipants(thread, ownAddresses(thread.userEmail, settings.aliases, settings.gmailAccounts)) : { people: [], initial: null }),
    [thread, settings?.aliases, settings?.gmailAccounts],
  );

  // Derived in this render, not set by an effect: the profile's read then starts in the same commit as
  // the snapshot (one render and one effect pass sooner), before the thread's record.
  const selected = thread && picked && picked.threadId === thread.threadId && picked.initial === initial ? picked.email : initial;
  const select = (email: string) => thread && setPicked({ threadId: thread.threadId, initial, email });
  useEffect(() => {
    setLookup(null);
    setPicked(null);
  }, [snapshot?.status, thread?.threadId]);
  useEffect(() => {
    if (snapshot) document.documentElement.dataset.theme = snapshot.theme;
  }, [snapshot?.theme]);
  useEffect(() => {
    // Kept for the mailbox import, which fills in the user's own addresses from it.
    const patch = settings && rememberGmailAccount(settings, snapshot?.userEmail);
    if (patch) saveSettings(patch);
  }, [snapshot?.userEmail, settings?.gmailAccounts]);
  const shownEmail = useRef(selected);
  shownEmail.current = selected;
  useEffect(() => {
    if (!thread || !settings) return;
    signalForeground();
    setSaveError(null);
    // After the frame that shows the profile (issue 13: the record's reads went to IndexedDB beside the profile's, whose
    // answers queued behind theirs; and its work, run between the read and that frame, held the frame up), and never
    // later than RECORD_WAIT_MS.
    void Promise.race([profileShown(shownEmail.current), new Promise((resolve) => setTimeout(resolve, RECORD_WAIT_MS))])
      .then(() => actions.record(thread, settings))
      .catch((e: unknown) => setSaveError(String(e instanceof Error ? e.message : e)));
  }, [thread, settings?.autoCreate, settings?.neverLog, settings?.aliases]);

  let status: SidebarStatus | null = null;
  if (port.kind === 'connecting' || !settings) status = 'connecting';
  else if (port.kind === 'no-gmail' || port.kind === 'no-tab') status = port.kind;
  else if (snapshot?.status === 'none') status = snapshot.reason;
  else if (!selected) status = 'only-you';
  else if (isNeverLogged(selected, settings.neverLog)) status = 'never-logged';

  return (
    <main data-theme-source={snapshot?.theme}>
      <header className="bar">
        <h1>{t('extName')}</h1>
        {team.summary && (
          <Suspense fallback={null}>
            <TeamBadge summary={team.summary} compact />
          </Suspense>
        )}
        <button type="button" aria-label={t('settings')} title={t('settings')} aria-pressed={showSettings} onClick={() => setShowSettings(!showSettings)}>
          <Icon name="settings" />
        </button>
        <button type="button" aria-label={t('openApp')} title={t('openApp')} onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/app.html') })}>
          <Icon name="openInNew" />
        </button>
      </header>
      {showSettings && settings ? (
        <Suspense fallback={<div className="loading" aria-busy="true" />}>
          <SettingsPanel settings={settings} onChange={saveSettings} onClose={() => setShowSettings(false)} />
        </Suspense>
      ) : (
        <>
          {thread && !thread.userEmail && settings && settings.aliases.length === 0 && (
            <p className="warning" role="note">
              {t('userUnknown')}
            </p>
          )}
          {saveError && (
            <p className="warning" role="alert">
              {t('saveFailed', saveError)}
            </p>
          )}
          {dockFallback && settings?.gmailDock && (
            <p className="note" role="note" data-dock-fallback={dockFallback}>
              {t(`dockFallback_${dockFallback.replace(/-/g, '_')}`)}
            </p>
          )}
          <ContactSwitcher people={people} selected={selected} onSelect={select} />
          {status && UNREADABLE.has(status) ? (
            <>
              <StatusMessage status={status} />
              <Suspense fallback={null}>
                <AddressLookup notFound={lookup && !lookup.found ? lookup.email : null} onLookup={(email) => void actions.exists(email).then((found) => setLookup({ email, found }))} />
              </Suspense>
              {lookup?.found && settings && (
                <ComposeBridgeContext.Provider value={bridge}>
                  <ContactView email={lookup.email} onCreate={() => undefined} customFields={settings.customFields} />
                </ComposeBridgeContext.Provider>
              )}
            </>
          ) : status ? (
            <StatusMessage status={status} />
          ) : (
            <ComposeBridgeContext.Provider value={bridge}>
              <ContactView
                email={selected!}
                onCreate={() =>
                  thread &&
                  settings &&
                  void actions.create(
                    thread as ThreadSnapshot,
                    people.find((p) => p.email === selected)!,
                    settings,
                  )
                }
                customFields={settings!.customFields}
              />
            </ComposeBridgeContext.Provider>
          )}
        </>
      )}
    </main>
  );
}
