import { useI18n } from '@/components/i18n';
import { Link } from '@/components/ui/Link';
import { db } from '@/lib/db';
import { enrolmentStatus } from '@/lib/playbooks/enrolment-status';
import { recipientIdFor } from '@/lib/playbooks/hand-off';
import { liveSource, useLiveSource } from './live-source';
import { KEEP_SHOWN } from './use-contact-data';

// The enrolments of the contacts shown last stay followed: a switch back to one reads nothing (issue 13).
const contactEnrolments = liveSource(
  async (key) => {
    const contactId = Number(key);
    const enrolments = (await db.enrolments.where('contactId').equals(contactId).toArray()).sort((a, b) => b.createdAt - a.createdAt);
    const [sequences, recipients] = await Promise.all([db.sequences.bulkGet(enrolments.map((e) => e.sequenceId)), db.campaignRecipients.bulkGet(enrolments.map((e) => recipientIdFor(e)))]);
    return enrolments.map((e, i) => ({ e, sequence: sequences[i], status: enrolmentStatus(e, sequences[i]?.steps.length ?? 1, recipients[i]) }));
  },
  { keep: KEEP_SHOWN },
);

/**
 * The contact's sequence enrolments, newest first, each as one line: "Win-back series: sending, step 1 of 2", with an
 * "Approve" link to the approval queue while one waits. The contact page and the side panel share it (in the side
 * panel it is loaded on demand, after the profile painted: one index read on the contact's enrolments).
 */
export default function ContactSequences({ contactId, approveHref, newTab = false }: { contactId: number; approveHref: string; newTab?: boolean }) {
  const { t } = useI18n();
  const rows = useLiveSource(contactEnrolments, String(contactId), false);
  if (!rows || rows.length === 0) return null;
  return (
    <section aria-labelledby="contact-sequences-title" className="contact-sequences" data-testid="contact-sequences">
      <h3 id="contact-sequences-title">{t('sqContactTitle')}</h3>
      <ul className="ws-sequences">
        {rows.map(({ e, sequence, status }) => {
          const name = sequence?.name ?? e.sequenceId;
          return (
            <li key={e.id} data-enrolment={e.id} data-state={e.state}>
              <span className="sq-line">{t(status.key, [name, ...status.params.map((p) => (p.startsWith('sqStop_') ? t(p) : p))])}</span>
              {e.state === 'awaiting-approval' && (
                <>
                  {' '}
                  <Link href={approveHref} aria-label={t('sqApproveLinkLabel', name)} {...(newTab ? { target: '_blank', rel: 'noopener' } : {})}>
                    {t('sqApproveLink')}
                  </Link>
                </>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
