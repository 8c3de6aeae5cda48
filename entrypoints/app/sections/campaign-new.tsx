import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import { Form } from '@/components/enter-key';
import { useI18n } from '@/components/i18n';
import { createDexieStore } from '@/lib/campaigns/dexie-store';
import { planRecipients } from '@/lib/campaigns/preflight';
import { db } from '@/lib/db';
import { newCampaignId, readSelection, toBackground } from '../campaigns/api';
import { SELECTION, buildCampaign, checkCampaign, type Checked, type DraftForm, type DraftIssue } from '../campaigns/draft';
import { PreflightReport } from '../campaigns/PreflightReport';
import { clearDraft, loadDraft, saveDraft } from '../campaigns/saved-draft';
import { useCampaignSettings } from '../campaigns/SendingSettings';
import { href, navigate, type Route } from '../router';
import '../campaigns/campaigns.css';
import { PageHeader } from '@/components/ui/PageHeader';

const MAX_STEPS = 10;

const freshForm = (selection: number[] | undefined): DraftForm => ({ name: '', segmentId: selection ? SELECTION : '', ...(selection ? { selection } : {}), steps: [{ templateId: '', delayDays: '0' }], startMode: 'now', startAt: '', ratePerMinute: '20', jitter: '20' });

/** Issue paths the form marks on a field (aria-invalid); anything else (the sender…) is only said in words. */
const MARKED = /^(name|segmentId|startAt|ratePerMinute|jitter|steps\.\d+\.(templateId|delayDays))$/;

/** The campaign wizard: audience, steps with follow-ups, schedule and pacing, then the checks, previews, a test send and start. */
export function CampaignWizard(_props: { route: Extract<Route, { page: 'campaign-new' }> }) {
  const { t } = useI18n();
  const settings = useCampaignSettings();
  const segments = useLiveQuery(() => db.segments.orderBy('name').toArray(), []);
  const templates = useLiveQuery(() => db.templates.orderBy('name').toArray(), []);
  const [selection] = useState(readSelection);
  // A draft left for the campaign settings (or a reload) comes back as it was, with its campaign id.
  const [saved] = useState(loadDraft);
  const [form, setForm] = useState<DraftForm>(() => saved?.form ?? freshForm(selection));
  const [issues, setIssues] = useState<DraftIssue[]>([]);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const id = useRef(saved?.id ?? newCampaignId());
  const [restored, setRestored] = useState(saved !== null);
  useEffect(() => {
    if (JSON.stringify(form) === JSON.stringify(freshForm(selection))) clearDraft();
    else saveDraft({ id: id.current, form });
  }, [form]);
  const change = (patch: Partial<DraftForm>) => (setForm({ ...form, ...patch }), setChecked(null));
  const setStep = (i: number, patch: Partial<DraftForm['steps'][number]>) => change({ steps: form.steps.map((s, k) => (k === i ? { ...s, ...patch } : s)) });
  const issueFor = (path: string) => issues.find((i) => i.path === path || i.path.startsWith(`${path}.`));
  const invalid = (path: string) => !!issueFor(path) || undefined;
  const issueText = (i: DraftIssue) => {
    if (i.message.startsWith('cp')) return t(i.message);
    const step = /^steps\.(\d+)\.delayDays$/.exec(i.path);
    if (step) return t('cpBadDelay', String(Number(step[1]) + 1));
    if (i.path === 'ratePerMinute') return t('cpBadRate');
    if (i.path === 'jitter') return t('cpBadJitter');
    return `${i.path}: ${i.message}`;
  };
  const startOver = () => {
    clearDraft();
    id.current = newCampaignId();
    setForm(freshForm(selection));
    setIssues([]);
    setChecked(null);
    setStatus('');
    setRestored(false);
  };

  async function run(action: (c: Checked) => Promise<void>, { needSender = true } = {}) {
    if (!settings || busy) return;
    setBusy(true);
    setStatus('');
    try {
      const built = buildCampaign({ ...form, name: form.name.trim() || t('cpUntitled') }, settings, id.current, Date.now(), { needSender });
      if (!built.ok) {
        setIssues(built.issues);
        setChecked(null);
        // "Fix the fields marked above" only when a field is marked; the rest is listed in words.
        setStatus(built.issues.some((i) => MARKED.test(i.path)) ? t('cpFixIssues') : '');
        return;
      }
      setIssues([]);
      const result = await checkCampaign(built.campaign, Date.now());
      setChecked(result);
      await action(result);
    } catch (error) {
      setStatus(t('cpError', (error as Error).message));
    } finally {
      setBusy(false);
    }
  }

  const sendTest = () =>
    run(async (c) => {
      const first = c.result.rows.find((r) => r.ok) ?? c.result.rows[0];
      if (!first) return setStatus(t('cpNobody'));
      const store = createDexieStore(db);
      if (!(await store.getCampaign(c.campaign.id))) await store.putCampaign(c.campaign);
      const reply = await toBackground({ type: 'campaign:test', id: c.campaign.id, contactId: first.contact.contactId, step: 0, to: c.campaign.from.address });
      setStatus(reply.ok ? t('cpTestSent', c.campaign.from.address) : t('cpTestFailed', reply.error));
    });

  const start = () =>
    run(async (c) => {
      if (c.result.sendable === 0) return setStatus(t('cpNobody'));
      const store = createDexieStore(db);
      await db.transaction('rw', db.campaigns, db.campaignRecipients, async () => {
        // A draft has sent nothing: an earlier attempt's rows are replaced by today's check.
        const existing = await db.campaigns.get(c.campaign.id);
        if (existing && existing.status !== 'draft') throw new Error('this campaign has already started');
        await db.campaignRecipients.where('[campaignId+state]').between([c.campaign.id, ''], [c.campaign.id, '\uffff']).delete();
        await store.putCampaign(c.campaign);
        await store.addRecipients(planRecipients(c.campaign, c.result, Date.now()));
      });
      const reply = await toBackground({ type: 'campaign:control', action: 'start', id: c.campaign.id });
      if (!reply.ok) return setStatus(t('cpError', reply.error));
      clearDraft();
      navigate({ page: 'campaign', id: c.campaign.id });
    });

  if (!settings || !segments || !templates) return <p className="muted">{t('loading')}</p>;
  return (
    <div className="cp-page cp-wizard" data-state="ready">
      <PageHeader title={t('cpWizardTitle')} back={{ href: href({ page: 'campaigns' }), label: t('navCampaigns') }} />
      {restored && (
        <p className="cp-restored" role="status">
          {t('cpDraftRestored')}{' '}
          <button type="button" onClick={startOver}>{t('cpStartOver')}</button>
        </p>
      )}
      {!settings.senderAddress && (
        <p className="cp-error" role="alert">
          {t('cpNeedSender')} <a href={href({ page: 'campaigns' })}>{t('cpOpenSettings')}</a>
        </p>
      )}
      {settings.developerToken && <p className="cp-dev-warning">{t('cpDeveloperWarning')}</p>}
      <Form onSubmit={(e) => e.preventDefault()}>
        <fieldset>
          <legend>{t('cpAudience')}</legend>
          <label className="cp-field">
            <span>{t('cpName')}</span>
            <input name="name" value={form.name} maxLength={200} aria-invalid={invalid('name')} onChange={(e) => change({ name: e.target.value })} />
          </label>
          <label className="cp-field">
            <span>{t('cpSegment')}</span>
            <select name="segment" value={form.segmentId} aria-invalid={invalid('segmentId')} onChange={(e) => change({ segmentId: e.target.value })}>
              <option value="">{t('cpChooseSegment')}</option>
              {selection && <option value={SELECTION}>{t('cpSelection', String(selection.length))}</option>}
              {segments.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          {segments.length === 0 && <p className="muted">{t('cpNoSegments')}</p>}
        </fieldset>
        <fieldset>
          <legend>{t('cpSteps')}</legend>
          <ol className="cp-steps">
            {form.steps.map((step, i) => (
              <li key={i}>
                <label className="cp-field">
                  <span>{i === 0 ? t('cpTemplateFirst') : t('cpTemplateFollowUp', String(i + 1))}</span>
                  <select name={`template-${i}`} value={step.templateId} aria-invalid={invalid(`steps.${i}.templateId`)} onChange={(e) => setStep(i, { templateId: e.target.value })}>
                    <option value="">{t('cpChooseTemplate')}</option>
                    {templates.map((tpl) => (
                      <option key={tpl.id} value={tpl.id}>
                        {tpl.name}
                      </option>
                    ))}
                  </select>
                </label>
                {i > 0 && (
                  <>
                    <label className="cp-field">
                      <span>{t('cpDelayDays')}</span>
                      <input name={`delay-${i}`} type="number" min="0" max="365" step="any" value={step.delayDays} aria-invalid={invalid(`steps.${i}.delayDays`)} onChange={(e) => setStep(i, { delayDays: e.target.value })} />
                      <small className="muted">{t('cpDelayHint')}</small>
                    </label>
                    <button type="button" onClick={() => change({ steps: form.steps.filter((_, k) => k !== i) })}>
                      {t('cpRemoveStep', String(i + 1))}
                    </button>
                  </>
                )}
              </li>
            ))}
          </ol>
          <button type="button" disabled={form.steps.length >= MAX_STEPS} onClick={() => change({ steps: [...form.steps, { templateId: form.steps.at(-1)!.templateId, delayDays: '3' }] })}>
            {t('cpAddFollowUp')}
          </button>
        </fieldset>
        <fieldset>
          <legend>{t('cpSchedule')}</legend>
          <label className="cp-inline">
            <input type="radio" name="startMode" checked={form.startMode === 'now'} onChange={() => change({ startMode: 'now' })} /> {t('cpStartNow')}
          </label>
          <label className="cp-inline">
            <input type="radio" name="startMode" checked={form.startMode === 'at'} onChange={() => change({ startMode: 'at' })} /> {t('cpStartAt')}
          </label>
          {form.startMode === 'at' && (
            <label className="cp-field">
              <span>{t('cpStartTime')}</span>
              <input name="startAt" type="datetime-local" value={form.startAt} aria-invalid={invalid('startAt')} onChange={(e) => change({ startAt: e.target.value })} />
            </label>
          )}
          <label className="cp-field">
            <span>{t('cpRate')}</span>
            <input name="rate" type="number" min="0.1" max="600" step="any" value={form.ratePerMinute} aria-invalid={invalid('ratePerMinute')} onChange={(e) => change({ ratePerMinute: e.target.value })} />
          </label>
          <label className="cp-field">
            <span>{t('cpJitter')}</span>
            <input name="jitter" type="number" min="0" max="100" value={form.jitter} aria-invalid={invalid('jitter')} onChange={(e) => change({ jitter: e.target.value })} />
          </label>
          <p className="muted">{t('cpCapInfo', settings.dailyCap ? String(settings.dailyCap) : t(settings.accountType === 'gmail' ? 'cpCapGmail' : 'cpCapWorkspace'))}</p>
        </fieldset>
        {issues.length > 0 && (
          <ul className="cp-error" role="alert">
            {issues.map((i, k) => (
              <li key={k}>{issueText(i)}</li>
            ))}
          </ul>
        )}
        <div className="cp-actions">
          <button type="button" disabled={busy} onClick={() => void run(async () => {}, { needSender: false })}>
            {t('cpCheck')}
          </button>
          <button type="button" disabled={busy} onClick={() => void sendTest()}>
            {t('cpSendTest')}
          </button>
          <button type="button" className="primary" disabled={busy} onClick={() => void start()}>
            {form.startMode === 'now' ? t('cpStartSending') : t('cpSchedule')}
          </button>
          <span role="status" className="cp-status-line">
            {status}
          </span>
        </div>
      </Form>
      {checked && <PreflightReport checked={checked} />}
    </div>
  );
}
