import { lazy, Suspense, useLayoutEffect, useState } from 'react';
import { useI18n } from '@/components/i18n';
import { ProfileCard } from '@/components/ProfileCard';
import { StatusMessage } from '@/components/StatusMessage';
import { ReadOnlyGate, ReadOnlyNote } from '@/components/ReadOnlyGate';
import { useTeamReadOnly } from './use-team';
import { useThreadSharing } from './use-thread-sharing';
import type { CustomField } from '@/lib/settings';
import { actions } from './actions';
import { useContactData, useOwners } from './use-contact-data';
import { useFieldMapping } from './use-field-mapping';

// Only the profile card is on the first paint's path (issue 13): everything under "Open in Kizuna" loads beside it
// and comes in when its code has arrived, so the panel's first open parses less JavaScript before the profile shows.
const ContactRisk = lazy(() => import('./contact-risk'));
const ContactTasks = lazy(() => import('./contact-tasks'));
const ContactTags = lazy(() => import('./contact-tags').then((m) => ({ default: m.ContactTags })));
const ContactQuickReplies = lazy(() => import('./quick-replies').then((m) => ({ default: m.ContactQuickReplies })));
const NotesPanel = lazy(() => import('@/components/NotesPanel').then((m) => ({ default: m.NotesPanel })));
const HistoryList = lazy(() => import('@/components/HistoryList').then((m) => ({ default: m.HistoryList })));

/** One contact's profile, tags, notes and history, wired to the database. */
export function ContactView({ email, customFields, onCreate }: { email: string; customFields: CustomField[]; onCreate(): void }) {
  const { t } = useI18n();
  const data = useContactData(email);
  const [ownersWanted, setOwnersWanted] = useState(false);
  const owners = useOwners(ownersWanted);
  const mapping = useFieldMapping();
  const readOnly = useTeamReadOnly();
  const sharing = useThreadSharing(data?.history);
  const shown = data?.contact.email;
  useLayoutEffect(() => {
    // A User Timing mark when a profile is on screen: the benchmarks read it (nothing else does). From the
    // layout effect, so the frame is the one that paints this commit (a passive effect may run a frame later).
    if (shown) requestAnimationFrame(() => performance.mark('kizuna:profile-painted', { detail: shown }));
  }, [shown]);
  if (data === undefined) return <div className="loading" aria-busy="true" />;
  if (data === null) {
    return (
      <div className="not-created">
        <StatusMessage status="not-created" />
        <p className="email">{email}</p>
        <button type="button" onClick={onCreate}>
          {t('createContact')}
        </button>
      </div>
    );
  }
  const { contact } = data;
  return (
    <div className="contact" data-state="ready" onFocusCapture={() => setOwnersWanted(true)}>
      {readOnly && <ReadOnlyNote reason={readOnly} />}
      <ReadOnlyGate reason={readOnly}>
        <ProfileCard
          contact={contact}
          companyName={data.companyName}
          customFields={customFields}
          owners={owners}
          onSave={(patch) => void actions.saveProfile(contact.id, patch)}
          onCompany={(name) => void actions.setCompany(contact.id, contact.email, name)}
          onCustom={(key, value) => void actions.setCustom(contact.id, key, value)}
          mapping={mapping}
        />
      </ReadOnlyGate>
      {/* Above the parts loaded on demand (risk, tasks): they come in after the profile painted, and a button under
          them would move under the user's pointer. */}
      <button type="button" className="open-app" onClick={() => void browser.tabs.create({ url: `${browser.runtime.getURL('/app.html')}#/contact/${contact.id}` })}>
        {t('wsOpenInKizuna')}
      </button>
      <Suspense fallback={null}>
        <ContactRisk data={data} customFields={customFields} />
      </Suspense>
      <ReadOnlyGate reason={readOnly}>
        <Suspense fallback={null}>
          <ContactTasks contact={contact} />
        </Suspense>
      </ReadOnlyGate>
      <Suspense fallback={null}>
        <ReadOnlyGate reason={readOnly}>
          <ContactTags key={contact.id} contactId={contact.id} tags={data.tags} />
        </ReadOnlyGate>
        <ContactQuickReplies contact={contact} companyName={data.companyName} />
        <ReadOnlyGate reason={readOnly}>
          <NotesPanel
            notes={data.notes}
            onAdd={(text) => void actions.addNote(contact.id, text)}
            onEdit={(id, text) => void actions.editNote(id, text)}
            onDelete={(id) => void actions.deleteNote(id)}
          />
        </ReadOnlyGate>
        <HistoryList rows={data.history} sharing={sharing} />
      </Suspense>
    </div>
  );
}
