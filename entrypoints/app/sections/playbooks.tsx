import { useLiveQuery } from 'dexie-react-hooks';
import { useState } from 'react';
import { Button } from '@/components/ui/Button';
import { Checkbox } from '@/components/ui/Checkbox';
import { PageHeader } from '@/components/ui/PageHeader';
import { useFormat, useI18n } from '@/components/i18n';
import { db } from '@/lib/db';
import { contactStoreOf } from '@/lib/contacts/dexie-store';
import { bandFor } from '@/lib/churn/bands';
import { loadScorerConfig } from '@/lib/churn/scorer-config';
import { describeAction, describeTrigger, type PlaybookNames } from '@/lib/playbooks/describe';
import { previewPlaybook } from '@/lib/playbooks/evaluate';
import { knownRefsOf } from '@/lib/playbooks/known';
import { outcomeAnchor } from '@/lib/playbooks/outcome-report';
import { playbookStoreOf } from '@/lib/playbooks/store';
import type { Playbook, PlaybookInput } from '@/lib/playbooks/types';
import type { SegmentContact } from '@/lib/segments/columns';
import { knownOwnAddresses, loadSettings } from '@/lib/settings';
import { PlaybookForm, type FormChoices } from './playbook-form';
import { useOwners } from '../../sidebar/use-contact-data';
import { href } from '../router';
import { useTeamReadOnly } from '../../sidebar/use-team';
import { ReadOnlyGate, ReadOnlyNote } from '@/components/ReadOnlyGate';

const store = playbookStoreOf(db);

// The id is the playbook's key in the team book too: random, so two members' playbooks made at once stay two.
function newPlaybook(now: number): PlaybookInput {
  return {
    id: `pb-${now.toString(36)}-${crypto.randomUUID().slice(0, 8)}`,
    name: '',
    enabled: true,
    trigger: { type: 'band-entered', bands: ['high'] },
    conditions: { conditions: [] },
    actions: [],
    createdAt: now,
    updatedAt: now,
  };
}

/** The issue's ready-made playbook: high risk → the account to me, a call task for tomorrow, the win-back series. */
function highRiskTemplate(now: number, me: string, t: (key: string) => string, sequenceId: string): PlaybookInput {
  return {
    ...newPlaybook(now),
    name: t('pbTemplateHighRiskName'),
    actions: [
      { type: 'set-owner', owner: me },
      { type: 'create-task', owner: '', taskType: 'call', title: t('pbTemplateHighRiskTask'), dueInDays: 1, dueTime: '10:00' },
      { type: 'enrol', sequenceId },
    ],
  };
}

/** Which contacts a playbook would act on today, and its log. */
function PlaybookDetails({ playbook }: { playbook: Playbook }) {
  const { t, locale } = useI18n();
  const format = useFormat();
  const preview = useLiveQuery(async () => {
    const contacts = contactStoreOf(db);
    const [people, scores, config, log] = await Promise.all([contacts.all(), contacts.scores.page({}), loadScorerConfig(db), store.log(playbook.id, 1000)]);
    const byId = new Map(scores.map((s) => [s.contactId, s]));
    const map = new Map<number, SegmentContact>(people.map((c) => [c.id, byId.has(c.id) ? { ...c, risk: byId.get(c.id)!.score, score: byId.get(c.id) } : c]));
    const bands = config.settings.rules.bands;
    const ids = previewPlaybook(playbook, {
      now: Date.now(),
      timeZone: config.timeZone,
      events: [],
      contacts: map,
      bands,
      done: new Set(log.map((l) => l.key)),
      bandOf: (c) => (c.risk === undefined ? undefined : bandFor(c.risk, bands)),
    });
    return { ids, names: ids.slice(0, 20).map((id) => map.get(id)?.name || map.get(id)?.email || String(id)), log: log.slice(0, 50), people: map };
  }, [playbook]);
  if (!preview) return <p className="muted">{t('loading')}</p>;
  return (
    <div className="pb-details">
      <h4>{t('pbPreviewTitle', format.number(preview.ids.length))}</h4>
      <ul data-testid="pb-preview">
        {preview.names.map((n, i) => (
          <li key={preview.ids[i]}>{n}</li>
        ))}
      </ul>
      <h4>{t('pbLogTitle')}</h4>
      <p>
        <a href={href({ page: 'reports', focus: outcomeAnchor('playbook', playbook.id) })} data-testid="pb-outcome-link">
          {t('pbOutcomeLink')}
        </a>
      </p>
      {preview.log.length === 0 ? (
        <p className="muted">{t('pbLogEmpty')}</p>
      ) : (
        <ul data-testid="pb-log">
          {preview.log.map((row) => (
            <li key={row.key}>
              {t('pbLogRow', [
                format.dateTime(row.at),
                preview.people.get(row.contactId)?.email ?? String(row.contactId),
                row.held
                  ? t(row.held.key, row.held.params)
                  : row.actions.map((a) => t(`pbActionKind_${a.type.replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}`)).join(locale === 'ja' ? '、' : '; '),
              ])}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The playbooks page: each playbook with its switch and sentence, the editor, the preview and the log. */
export function PlaybooksSection() {
  const { t, locale } = useI18n();
  const playbooks = useLiveQuery(() => store.list(), []);
  const owners = useOwners(true);
  const lists = useLiveQuery(async () => {
    const [tags, sequences, companies, settings] = await Promise.all([contactStoreOf(db).tags.list(), store.sequences(), db.companies.toArray(), loadSettings()]);
    return { tags, sequences: sequences.map((s) => ({ id: s.id, name: s.name })), companies, customKeys: settings.customFields.map((f) => ({ key: f.key, label: f.label })) };
  }, []);
  const choices: FormChoices | undefined = lists && { ...lists, owners };
  const [editing, setEditing] = useState<PlaybookInput | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  // A viewer or a refused member sees the team's playbooks but cannot change them (the store refuses too).
  const readOnly = useTeamReadOnly();
  if (!playbooks || !choices) return <p className="muted">{t('loading')}</p>;
  const names: PlaybookNames = { tag: (id) => choices.tags.find((x) => x.id === id)?.name, sequence: (id) => choices.sequences.find((s) => s.id === id)?.name };

  const save = async (input: PlaybookInput) => {
    const known = await knownRefsOf(db, knownOwnAddresses(await loadSettings()));
    const result = await store.save(input, known, Date.now());
    if (!result.ok) return result.issues;
    setEditing(null);
    return [];
  };
  const fromTemplate = async () => {
    const me = knownOwnAddresses(await loadSettings())[0] ?? '';
    const winBack = choices.sequences.find((s) => /win|back|ウィン/i.test(s.name)) ?? choices.sequences[0];
    setEditing(highRiskTemplate(Date.now(), me, t, winBack?.id ?? ''));
  };

  return (
    <section aria-labelledby="pb-h">
      <PageHeader
        title={t('pbTitle')}
        titleId="pb-h"
        subtitle={t('pbSubtitle')}
        actions={
          <ReadOnlyGate reason={readOnly}>
            <Button onClick={() => setEditing(newPlaybook(Date.now()))}>{t('pbNew')}</Button>
            <Button variant="primary" onClick={() => void fromTemplate()}>
              {t('pbTemplateHighRisk')}
            </Button>
          </ReadOnlyGate>
        }
      />
      {readOnly && <ReadOnlyNote reason={readOnly} />}
      {editing ? (
        <ReadOnlyGate reason={readOnly}>
          <PlaybookForm key={editing.id} initial={editing} choices={choices} onSave={save} onCancel={() => setEditing(null)} />
        </ReadOnlyGate>
      ) : null}
      {playbooks.length === 0 && !editing ? <p className="muted">{t('pbEmpty')}</p> : null}
      <ul className="pb-list" data-testid="pb-list">
        {playbooks.map((p) => (
          <li key={p.id} data-playbook={p.id}>
            <Checkbox
              role="switch"
              label={<strong>{p.name}</strong>}
              aria-label={t('pbSwitch', p.name)}
              checked={p.enabled}
              disabled={!!readOnly}
              onChange={(e) => void store.setEnabled(p.id, e.target.checked, Date.now())}
            />
            <p>{t('pbSentence', [describeTrigger(p.trigger, t, locale, names), p.actions.map((a) => describeAction(a, t, locale, names)).join(locale === 'ja' ? '、' : '; ')])}</p>
            {p.runner ? (
              <p className="muted" data-testid="pb-runner">
                {t('pbRunner', p.runner)}
              </p>
            ) : null}
            {p.pausedReason ? (
              <p className="ui-field-error" role="status">
                {t('pbPausedBecause', t(p.pausedReason.key, p.pausedReason.params))}
              </p>
            ) : null}
            <ReadOnlyGate reason={readOnly}>
              <Button onClick={() => setEditing(p)}>{t('pbEdit', p.name)}</Button>
            </ReadOnlyGate>
            <Button variant="quiet" aria-expanded={open === p.id} onClick={() => setOpen(open === p.id ? null : p.id)}>
              {t('pbShowDetails')}
            </Button>
            <ReadOnlyGate reason={readOnly}>
              <Button variant="danger" onClick={() => void store.delete(p.id)}>
                {t('pbDelete', p.name)}
              </Button>
            </ReadOnlyGate>
            {open === p.id ? <PlaybookDetails playbook={p} /> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
