import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Button } from '@/components/ui/Button';
import { Link } from '@/components/ui/Link';
import { useFormat, useI18n } from '@/components/i18n';
import { db } from '@/lib/db';
import { contactStoreOf } from '@/lib/contacts/dexie-store';
import { recipientIdFor, sequenceCampaignId } from '@/lib/playbooks/hand-off';
import { heldBack, type HeldEnrolment, type HeldReason } from '@/lib/playbooks/held-back';
import { playbookStoreOf } from '@/lib/playbooks/store';
import { toBackground } from '../campaigns/api';
import { useCampaignSettings } from '../campaigns/use-campaign-settings';
import { href } from '../router';

const store = playbookStoreOf(db);
const inState = (state: 'approved' | 'handed') => db.enrolments.where('[state+createdAt]').between([state, -Infinity], [state, Infinity]).toArray();

/** The reason's message key: "No sender address is set for campaigns", "Its sequence's campaign is paused"… */
const REASON_KEY: Record<HeldReason, string> = {
  'no-sender': 'aqHeld_noSender',
  'deleted-sequence': 'aqHeld_deletedSequence',
  'campaign-cancelled': 'aqHeld_campaignCancelled',
  'campaign-paused': 'aqHeld_campaignPaused',
  'quota-reached': 'aqHeld_quotaReached',
};

async function loadHeld(senderAddress: string | undefined): Promise<{ held: HeldEnrolment; contact: string; sequence: string }[]> {
  const [approved, handed, sequences] = await Promise.all([inState('approved'), inState('handed'), db.sequences.toArray()]);
  const bySequence = new Map(sequences.map((s) => [s.id, s]));
  const sequenceIds = [...new Set([...approved, ...handed].map((e) => e.sequenceId))];
  const [campaigns, recipients] = await Promise.all([db.campaigns.bulkGet(sequenceIds.map(sequenceCampaignId)), db.campaignRecipients.bulkGet(handed.map((e) => recipientIdFor(e)))]);
  const campaignOf = new Map(sequenceIds.map((id, i) => [id, campaigns[i]]));
  const recipientOf = new Map(handed.map((e, i) => [e.id, recipients[i]]));
  const held = heldBack([...approved, ...handed], {
    now: Date.now(),
    senderAddress,
    sequence: (id) => bySequence.get(id),
    campaign: (id) => campaignOf.get(id),
    recipient: (e) => recipientOf.get(e.id),
  });
  const people = await contactStoreOf(db).getMany(held.map((h) => h.enrolment.contactId));
  return held.map((h, i) => ({
    held: h,
    contact: people[i] ? people[i].name || people[i].email : String(h.enrolment.contactId),
    sequence: bySequence.get(h.enrolment.sequenceId)?.name ?? h.enrolment.sequenceId,
  }));
}

/** What gets a held enrolment moving: settings for the sender or the quota, resuming its campaign, or skipping it. */
function WayOut({ held, label, onResume, onSkip }: { held: HeldEnrolment; label: string; onResume(id: string): Promise<void>; onSkip(id: string): Promise<void> }) {
  const { t } = useI18n();
  switch (held.reason) {
    case 'no-sender':
    case 'quota-reached':
      return <Link href={href({ page: 'campaigns' })}>{t('aqHeldSettings')}</Link>;
    case 'campaign-paused':
      return (
        <Button variant="primary" aria-label={t('aqHeldResumeFor', label)} onClick={() => void onResume(held.campaignId!)}>
          {t('aqHeldResume')}
        </Button>
      );
    case 'campaign-cancelled':
    case 'deleted-sequence':
      // Nothing can send it any more: say so, show the campaign if there is one, and let the owner take it off the list.
      return (
        <>
          {held.campaignId && <Link href={href({ page: 'campaign', id: held.campaignId })}>{t('aqHeldCampaign')}</Link>}
          {held.enrolment.state === 'approved' && (
            <Button variant="quiet" aria-label={t('aqHeldSkipFor', label)} onClick={() => void onSkip(held.enrolment.id)}>
              {t('aqHeldSkip')}
            </Button>
          )}
        </>
      );
  }
}

/** Approved enrolments that are not going out (no sender, a cancelled or paused campaign, the quota), each with its reason and way out. */
export function HeldSection() {
  const { t } = useI18n();
  const format = useFormat();
  // The sender lives in extension storage, not the database: a settings change re-runs the query (the live query
  // alone would show it only after some database write).
  const settings = useCampaignSettings();
  const rows = useLiveQuery(async () => (settings ? loadHeld(settings.senderAddress) : undefined), [settings]);
  const [status, setStatus] = useState('');
  if (!rows || rows.length === 0) return null;
  const resume = async (campaignId: string) => {
    const reply = await toBackground({ type: 'campaign:control', action: 'resume', id: campaignId });
    setStatus(reply.ok ? t('aqHeldResumed') : reply.error);
  };
  const skip = async (id: string) => {
    await store.applyToEnrolment(id, { type: 'skip' }, Date.now());
    setStatus(t('aqHeldSkipped'));
  };
  return (
    <section aria-labelledby="aq-held-h" className="aq-held" data-testid="aq-held">
      <h3 id="aq-held-h">{t('aqHeldTitle', String(rows.length))}</h3>
      <ul className="aq-list">
        {rows.map(({ held, contact, sequence }) => {
          const label = `${contact} (${sequence})`;
          return (
            <li key={held.enrolment.id} className="aq-item" data-enrolment={held.enrolment.id} data-reason={held.reason}>
              <div className="aq-head">
                <strong>{contact}</strong> <span className="muted">{sequence}</span>
              </div>
              <p className="aq-held-reason">{t(REASON_KEY[held.reason], held.until !== undefined ? format.dateTime(held.until) : '')}</p>
              <div className="aq-actions">
                <WayOut held={held} label={label} onResume={resume} onSkip={skip} />
              </div>
            </li>
          );
        })}
      </ul>
      <p role="status" className="aq-status">
        {status}
      </p>
    </section>
  );
}
