import { lazy, memo, Suspense, useLayoutEffect, useMemo, useState } from 'react';
import { useI18n } from '@/components/i18n';
import { ProfileCard } from '@/components/ProfileCard';
import { StatusMessage } from '@/components/StatusMessage';
import { ReadOnlyGate, ReadOnlyNote, type ReadOnlyReason } from '@/components/ReadOnlyGate';
import type { FieldMapping } from '@/lib/churn/crm-signals';
import { useTeamInView, useTeamReadOnly } from './use-team';
import type { CustomField } from '@/lib/settings';
import { actions } from './actions';
import { useContactDetails, useContactProfile, useOwners, type ContactData, type ContactProfile } from './use-contact-data';
import { useFieldMapping } from './use-field-mapping';
import { useStaged } from './use-staged';

// Only the profile card is on the first paint's path (issue 13): everything under "Open in Kizuna" loads beside it
// and comes in when its code has arrived, so the panel's first open parses less JavaScript before the profile shows.
const ContactRisk = lazy(() => import('./contact-risk'));
const ContactTasks = lazy(() => import('./contact-tasks'));
const ContactSequences = lazy(() => import('./contact-sequences'));
const ContactTags = lazy(() => import('./contact-tags').then((m) => ({ default: m.ContactTags })));
const ContactQuickReplies = lazy(() => import('./quick-replies').then((m) => ({ default: m.ContactQuickReplies })));
const NotesPanel = lazy(() => import('@/components/NotesPanel').then((m) => ({ default: m.NotesPanel })));
const ContactHistory = lazy(() => import('./contact-history'));

// How long a contact's profile stays shown before its details are read and rendered (issue 13: switches 100 ms apart
// waited ~15 ms longer than switches 300 ms apart, behind the last contact's details).
export const DETAILS_AFTER_MS = 150;

/** One contact's profile, tags, notes and history, wired to the database. */
export function ContactView({ email, customFields, onCreate }: { email: string; customFields: CustomField[]; onCreate(): void }) {
  const { t } = useI18n();
  const data = useContactProfile(email);
  const [ownersWanted, setOwnersWanted] = useState(false);
  const owners = useOwners(ownersWanted);
  const mapping = useFieldMapping();
  const readOnly = useTeamReadOnly();
  const shown = data?.contact.email;
  useTeamInView(shown);
  const id = data?.contact.id;
  // Tags, notes, history and risk are read once the profile is on screen: a thread switch waits for one read.
  // Per visit, not per contact: after A → B → A, A's details wait again (an id kept from A's last visit rendered them
  // in the switch's own task when B was left before its details came).
  const visit = useMemo(() => ({ id }), [id]);
  const [painted, setPainted] = useState<{ id: number | undefined }>();
  // Their parts come in one per background task (ReadyContact's useStaged): preact/compat's useDeferredValue, which
  // rendered them "as a transition" before, hands the value straight back, so they all rendered in one task.
  const details = useContactDetails(painted === visit ? id : undefined);
  useLayoutEffect(() => {
    // A User Timing mark when a profile is on screen: the benchmarks read it (nothing else does). From the
    // layout effect, so the frame is the one that paints this commit (a passive effect may run a frame later).
    if (!shown) return;
    let after: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      performance.mark('kizuna:profile-painted', { detail: shown });
      // Once the user has stayed DETAILS_AFTER_MS on this contact, and in a task after this frame (Preact renders a
      // state update in a microtask: set here, the details were rendered and laid out inside this frame). A user who
      // skims threads (Gmail's j/k) gets no details for the contacts passed over: their read, render, layout and
      // unmount ran in the next switch's way (issue 13).
      after = setTimeout(() => setPainted(visit), DETAILS_AFTER_MS);
    });
    // A panel that gets no frames (hidden) still reads the rest.
    const fallback = setTimeout(() => setPainted(visit), 500 + DETAILS_AFTER_MS);
    return () => (cancelAnimationFrame(frame), clearTimeout(after), clearTimeout(fallback));
  }, [shown, visit]);
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
  return <ReadyContact data={data} details={details} customFields={customFields} owners={owners} mapping={mapping} readOnly={readOnly} wantOwners={setOwnersWanted} />;
}

// Risk; tasks; sequences; tags and quick replies; notes and history.
const DETAIL_PARTS = 5;

interface ReadyProps {
  data: ContactProfile;
  details: ContactData | null | undefined;
  customFields: CustomField[];
  owners: string[];
  mapping: FieldMapping | undefined;
  readOnly: ReadOnlyReason | null;
  wantOwners(wanted: boolean): void;
}

/**
 * The profile and what follows it. Memoized: a thread switch renders the panel with the new snapshot while the new
 * contact's read is under way, and this subtree (the last contact, unchanged) need not render again meanwhile.
 */
const ReadyContact = memo(function ReadyContact({ data, details, customFields, owners, mapping, readOnly, wantOwners }: ReadyProps) {
  const { t } = useI18n();
  const { contact } = data;
  const ready = details && details.contact.id === contact.id ? details : null;
  // The details' parts, one more per background task (issue 13): Preact renders a state update whole, so the seven
  // parts in one render made one long task, and a thread switch's Port message arriving meanwhile waited for all of it.
  // A switch to another contact drops the parts not shown yet.
  const parts = useStaged(ready ? contact.id : null, DETAIL_PARTS);
  return (
    <div className="contact" data-state="ready" onFocusCapture={(e) => e.target instanceof HTMLInputElement && e.target.getAttribute('list') === 'owners' && wantOwners(true)}>
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
      {ready && (
        <>
          <Suspense fallback={null}>
            <ContactRisk data={ready} customFields={customFields} />
          </Suspense>
          {parts >= 2 && (
            <ReadOnlyGate reason={readOnly}>
              <Suspense fallback={null}>
                <ContactTasks contact={ready.contact} />
              </Suspense>
            </ReadOnlyGate>
          )}
          {parts >= 3 && (
            <Suspense fallback={null}>
              <ContactSequences contactId={contact.id} approveHref={`${browser.runtime.getURL('/app.html')}#/approvals`} newTab />
            </Suspense>
          )}
          {/* A boundary each: the notes' code loading (the first contact a panel shows) suspended the boundary they
              shared with the tags, and the tag field, on screen already, left the page until it came (focus too). */}
          {parts >= 4 && (
            <Suspense fallback={null}>
              <ReadOnlyGate reason={readOnly}>
                <ContactTags key={contact.id} contactId={contact.id} tags={ready.tags} />
              </ReadOnlyGate>
              <ContactQuickReplies contact={ready.contact} companyName={data.companyName} />
            </Suspense>
          )}
          {parts >= 5 && (
            <Suspense fallback={null}>
              <ReadOnlyGate reason={readOnly}>
                <NotesPanel
                  notes={ready.notes}
                  onAdd={(text) => void actions.addNote(contact.id, text)}
                  onEdit={(id, text) => void actions.editNote(id, text)}
                  onDelete={(id) => void actions.deleteNote(id)}
                />
              </ReadOnlyGate>
              <ContactHistory rows={ready.history} />
            </Suspense>
          )}
        </>
      )}
    </div>
  );
});
