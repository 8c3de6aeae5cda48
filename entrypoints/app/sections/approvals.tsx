import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useState } from 'react';
import { Field } from '@/components/ui/Field';
import { PageHeader } from '@/components/ui/PageHeader';
import { useI18n } from '@/components/i18n';
import { db } from '@/lib/db';
import { contactStoreOf } from '@/lib/contacts/dexie-store';
import { renderTemplate } from '@/lib/campaigns/render-step';
import type { CampaignSettings } from '@/lib/campaigns/settings';
import { approvalQueue, type Enrolment, type Sequence } from '@/lib/playbooks/sequence';
import { playbookStoreOf } from '@/lib/playbooks/store';
import { knownOwnAddresses, loadSettings, settingsItem } from '@/lib/settings';
import { toBackground } from '../campaigns/api';
import { useCampaignSettings } from '../campaigns/use-campaign-settings';
import { ApprovalList, type ApprovalActions, type ApprovalItem } from './approval-list';
import { HeldSection } from '../approvals/held';
import './approvals.css';
import { useOwners } from '../../sidebar/use-contact-data';

const store = playbookStoreOf(db);
const EVERYONE = '*';

/** Each enrolment's first message as it would go to the contact now: the sequence's first template, personalised. */
type RawItem = Omit<ApprovalItem, 'problem'> & { problem?: { key: string; param?: string } };

async function itemsFor(queue: Enrolment[], sequences: Map<string, Sequence>, settings: CampaignSettings): Promise<RawItem[]> {
  const contacts = await contactStoreOf(db).getMany(queue.map((e) => e.contactId));
  return Promise.all(
    queue.map(async (e, i): Promise<RawItem> => {
      const contact = contacts[i];
      const sequence = sequences.get(e.sequenceId);
      const base = { id: e.id, contact: contact ? contact.name || contact.email : String(e.contactId), sequence: sequence?.name ?? e.sequenceId };
      const templateId = sequence?.steps[0]?.templateId;
      const template = templateId === undefined ? undefined : await db.templates.get(Number(templateId));
      if (!contact || !sequence || !template) return { ...base, subject: '', body: '', problem: { key: !sequence ? 'aqNoSequence' : !contact ? 'aqNoContact' : 'aqNoTemplate' } };
      const company = contact.companyId !== undefined ? await db.companies.get(contact.companyId) : undefined;
      try {
        const rendered = renderTemplate(template, contact, company?.name, { from: { address: settings.senderAddress ?? '' } });
        const warning = rendered.warnings[0];
        return { ...base, subject: rendered.subject, body: rendered.body, ...(warning ? { problem: { key: 'aqMissingValue', param: typeof warning === 'string' ? warning : warning.message } } : {}) };
      } catch (error) {
        return { ...base, subject: template.subject, body: template.body, problem: { key: 'aqTemplateError', param: (error as Error).message } };
      }
    }),
  );
}

/** The user's own address (the queue's default owner), or everyone's queue when none is known; follows the settings. */
function useOwnAddress(): string | undefined {
  const [me, setMe] = useState<string>();
  useEffect(() => {
    let live = true;
    const load = () => void loadSettings().then((s) => live && setMe(knownOwnAddresses(s)[0] ?? EVERYONE));
    load();
    const unwatch = settingsItem.watch(load);
    return () => {
      live = false;
      unwatch();
    };
  }, []);
  return me;
}

/** The approval queue: enrolments awaiting their owner, each with its personalised first message; approve, edit or skip. */
export function ApprovalsSection() {
  const { t } = useI18n();
  const owners = useOwners(true);
  const me = useOwnAddress();
  const settings = useCampaignSettings();
  const [chosen, setChosen] = useState<string>();
  const owner = chosen ?? me;
  const raw = useLiveQuery(async () => {
    if (owner === undefined || !settings) return undefined;
    const [waiting, sequences] = await Promise.all([store.awaitingApproval(), store.sequences()]);
    const people = await contactStoreOf(db).getMany([...new Set(waiting.map((e) => e.contactId))]);
    const ownerOf = new Map(people.flatMap((c) => (c ? [[c.id, c.owner] as const] : [])));
    const queue = approvalQueue(waiting, (id) => ownerOf.get(id), owner === EVERYONE ? undefined : owner);
    return itemsFor(queue, new Map(sequences.map((s) => [s.id, s])), settings);
  }, [owner, settings]);
  const items = raw?.map(({ problem, ...item }): ApprovalItem => (problem ? { ...item, problem: t(problem.key, problem.param ?? '') } : item));

  const decide = async (id: string, event: Parameters<typeof store.applyToEnrolment>[1]) => {
    await store.applyToEnrolment(id, event, Date.now());
    // The background hands approved enrolments to the campaign engine on its next run: start one now.
    if (event.type !== 'skip') await toBackground({ type: 'campaign:tick' });
  };
  const actions: ApprovalActions = {
    approve: (id) => decide(id, { type: 'approve' }),
    edit: (id, message) => decide(id, { type: 'edit', ...message }),
    skip: (id) => decide(id, { type: 'skip' }),
  };
  const ownerChoices = [...new Set([...(me && me !== EVERYONE ? [me] : []), ...owners])];

  return (
    <section aria-labelledby="aq-h" className="aq-page" data-state={items ? 'ready' : 'loading'}>
      <PageHeader title={t('aqTitle')} titleId="aq-h" subtitle={items ? t('aqCount', String(items.length)) : undefined} />
      <Field label={t('aqOwner')}>
        <select name="owner" value={owner ?? EVERYONE} onChange={(e) => setChosen(e.target.value)}>
          <option value={EVERYONE}>{t('aqEveryone')}</option>
          {ownerChoices.map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      </Field>
      {!items ? <p className="muted">{t('loading')}</p> : items.length === 0 ? <p className="muted">{t('aqEmpty')}</p> : <ApprovalList items={items} actions={actions} />}
      <HeldSection />
    </section>
  );
}
