import { useLiveQuery } from 'dexie-react-hooks';
import { useFormat, useI18n } from '@/components/i18n';
import { NotesPanel } from '@/components/NotesPanel';
import { ProfileCard } from '@/components/ProfileCard';
import { NoChurnScore, RiskBadge } from '@/components/RiskBadge';
import { db } from '@/lib/db';
import { contactStoreOf } from '@/lib/contacts/dexie-store';
import { actions } from '../../sidebar/actions';
import { loadContactData, useOwners } from '../../sidebar/use-contact-data';
import { ContactTags } from '../../sidebar/contact-tags';
import { useRisk } from '../../sidebar/use-risk';
import { href, type Route } from '../router';
import { stageLabel } from '../contacts/columns';
import { useCustomFields } from '../contacts/use-workspace';
import { useFieldMapping } from '../../sidebar/use-field-mapping';
import { useTeamReadOnly } from '../../sidebar/use-team';
import { ReadOnlyGate, ReadOnlyNote } from '@/components/ReadOnlyGate';
import ContactTasks from '../../sidebar/contact-tasks';
import ContactSequences from '../../sidebar/contact-sequences';
import ContactHistory from '../../sidebar/contact-history';
import { machineTime } from '@/lib/format';
import './contacts.css';
import { PageHeader } from '@/components/ui/PageHeader';
import { Link } from '@/components/ui/Link';

/** Everything about one contact: profile, tags, risk with its reasons, notes, stage history and emails. */
export function ContactPage({ route }: { route: Extract<Route, { page: 'contact' }> }) {
  const { t } = useI18n();
  const format = useFormat();
  const fields = useCustomFields();
  const mapping = useFieldMapping();
  const owners = useOwners(true);
  const readOnly = useTeamReadOnly();
  // The same loader and scorer as the Gmail sidebar: rules or the active model per the risk settings, with its
  // trend, and the score stored when it changed (so lists and filters agree with this page).
  const data = useLiveQuery(async () => {
    const contact = await contactStoreOf(db).get(route.id);
    return contact ? loadContactData(contact) : null;
  }, [route.id]);
  const risk = useRisk(data, fields);

  if (data === undefined)
    return (
      <p className="muted" aria-busy="true">
        {t('loading')}
      </p>
    );
  if (data === null)
    return (
      <p role="alert">
        {t('wsContactMissing')} <a href={href({ page: 'contacts' })}>{t('navContacts')}</a>
      </p>
    );
  const { contact } = data;
  const stages = data.activities.filter((a) => a.kind === 'stage');
  return (
    <article className="ws-contact" data-contact={contact.id}>
      <PageHeader
        back={{ href: href({ page: 'contacts' }), label: t('navContacts') }}
        title={contact.name || contact.email}
        subtitle={
          <>
            <span data-testid="profile-email">{contact.email}</span>
            {data.company && (
              <>
                {' · '}
                <Link href={href({ page: 'company', id: data.company.id })}>{data.company.name}</Link>
              </>
            )}
          </>
        }
      />
      {readOnly && <ReadOnlyNote reason={readOnly} />}
      <div className="ws-detail">
        <ReadOnlyGate reason={readOnly}>
          <div>
            <ProfileCard
              contact={contact}
              companyName={data.company?.name ?? ''}
              customFields={fields}
              owners={owners}
              onSave={(patch) => void actions.saveProfile(contact.id, patch)}
              onCompany={(name) => void actions.setCompany(contact.id, contact.email, name)}
              onCustom={(key, value) => void actions.setCustom(contact.id, key, value)}
              inHeader
              mapping={mapping}
            />
            <ContactTags key={contact.id} contactId={contact.id} tags={data.tags} />
          </div>
        </ReadOnlyGate>
        <div>
          {risk?.eligible ? <RiskBadge risk={risk.risk} trend={risk.trend} reasonsPending={risk.reasonsPending} /> : <NoChurnScore contact={contact} />}
          <section aria-labelledby="contact-tasks-title">
            <h3 id="contact-tasks-title">{t('navTasks')}</h3>
            <ReadOnlyGate reason={readOnly}>
              <ContactTasks contact={contact} source="manual" />
            </ReadOnlyGate>
          </section>
          <ContactSequences contactId={contact.id} approveHref={href({ page: 'approvals' })} />
          <ReadOnlyGate reason={readOnly}>
            <NotesPanel
              notes={data.notes}
              onAdd={(text) => void actions.addNote(contact.id, text)}
              onEdit={(id, text) => void actions.editNote(id, text)}
              onDelete={(id) => void actions.deleteNote(id)}
            />
          </ReadOnlyGate>
          <section aria-label={t('wsStageHistory')}>
            <h3>{t('wsStageHistory')}</h3>
            {stages.length === 0 ? (
              <p className="muted">{t('wsNoStageHistory')}</p>
            ) : (
              <ol className="ws-stages">
                {stages.map((s) => (
                  <li key={s.id}>
                    <time dateTime={machineTime(s.at)}>{format.date(s.at)}</time> {t('wsStageChange', [s.fromStage ? stageLabel(s.fromStage, t) : '—', s.toStage ? stageLabel(s.toStage, t) : '—'])}
                  </li>
                ))}
              </ol>
            )}
          </section>
          <ContactHistory rows={data.history} />
        </div>
      </div>
    </article>
  );
}
