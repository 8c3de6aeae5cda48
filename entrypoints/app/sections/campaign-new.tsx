import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import { Form } from '@/components/enter-key';
import { useI18n } from '@/components/i18n';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { PageHeader } from '@/components/ui/PageHeader';
import { createDexieStore } from '@/lib/campaigns/dexie-store';
import { planRecipients } from '@/lib/campaigns/preflight';
import { db } from '@/lib/db';
import { newCampaignId, readSelection, toBackground } from '../campaigns/api';
import { SELECTION, buildCampaign, checkCampaign, type Checked, type DraftForm, type DraftIssue } from '../campaigns/draft';
import { PreflightReport } from '../campaigns/PreflightReport';
import { ReviewSummary } from '../campaigns/ReviewSummary';
import { clearDraft, loadDraft, saveDraft } from '../campaigns/saved-draft';
import { useCampaignSettings } from '../campaigns/use-campaign-settings';
import { MessageStep, RecipientsStep, ScheduleStep } from '../campaigns/StepFields';
import { Stepper, stepLabel } from '../campaigns/Stepper';
import { REVIEW, WIZARD_STEPS, stepIssues, stepOfIssue } from '../campaigns/wizard-steps';
import { href, navigate, type Route } from '../router';
import '../campaigns/campaigns.css';

const freshForm = (selection: number[] | undefined): DraftForm => ({
  name: '',
  segmentId: selection ? SELECTION : '',
  ...(selection ? { selection } : {}),
  steps: [{ templateId: '', delayDays: '0' }],
  startMode: 'now',
  startAt: '',
  ratePerMinute: '20',
  jitter: '20',
});

/** The campaign wizard in steps: recipients, messages with follow-ups, schedule and pacing, then the checks, previews, a test send and start. */
export function CampaignWizard(_props: { route: Extract<Route, { page: 'campaign-new' }> }) {
  const { t } = useI18n();
  const settings = useCampaignSettings();
  const segments = useLiveQuery(() => db.segments.orderBy('name').toArray(), []);
  const templates = useLiveQuery(() => db.templates.orderBy('name').toArray(), []);
  const [selection] = useState(readSelection);
  // A draft left for the campaign settings (or a reload) comes back as it was, on its step, with its campaign id.
  const [saved] = useState(loadDraft);
  const [form, setForm] = useState<DraftForm>(() => saved?.form ?? freshForm(selection));
  const [step, setStep] = useState(() => Math.min(saved?.step ?? 0, REVIEW));
  const [issues, setIssues] = useState<DraftIssue[]>([]);
  const [checked, setChecked] = useState<Checked | null>(null);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const id = useRef(saved?.id ?? newCampaignId());
  const [restored, setRestored] = useState(saved !== null);
  const root = useRef<HTMLDivElement>(null);
  // What gets the focus after the next render: the new step's heading, or the first field marked invalid.
  const focusNext = useRef<'heading' | 'invalid' | null>(null);
  useEffect(() => {
    if (JSON.stringify(form) === JSON.stringify(freshForm(selection)) && step === 0) clearDraft();
    else saveDraft({ id: id.current, form, step });
  }, [form, step, selection]);
  useEffect(() => {
    const target = focusNext.current;
    focusNext.current = null;
    if (target === 'heading') root.current?.querySelector<HTMLElement>('#cp-step-title')?.focus();
    if (target === 'invalid') root.current?.querySelector<HTMLElement>('.cp-wizard-step [aria-invalid="true"]')?.focus();
  });
  // The review step shows the checks and previews as soon as it opens (no sender needed for them).
  const ready = !!settings && !!segments && !!templates;
  const checkOnOpen = useEffectEvent(() => {
    if (!checked) void run(async () => {}, { needSender: false });
  });
  useEffect(() => {
    if (ready && step === REVIEW) checkOnOpen();
  }, [ready, step]);

  const change = (patch: Partial<DraftForm>) => (setForm({ ...form, ...patch }), setChecked(null));
  const issueText = (i: DraftIssue) => {
    if (i.message.startsWith('cp')) return t(i.message);
    const delay = /^steps\.(\d+)\.delayDays$/.exec(i.path);
    if (delay) return t('cpBadDelay', String(Number(delay[1]) + 1));
    if (i.path === 'ratePerMinute') return t('cpBadRate');
    if (i.path === 'jitter') return t('cpBadJitter');
    return t('labelPair', [i.path, i.message]);
  };
  const errorFor = (path: string) => {
    const issue = issues.find((i) => i.path === path);
    return issue ? issueText(issue) : undefined;
  };
  /** Stays on (or goes back to) a step with fields to fix, and says so next to them. */
  const markStep = (at: number, found: DraftIssue[]) => {
    setStep(at);
    setIssues(found);
    setStatus(t('cpFixIssues'));
    focusNext.current = 'invalid';
  };
  /** Goes to a step: back freely; forward only past steps whose fields are valid (it stops at the first that is not). */
  const goTo = (target: number) => {
    if (!settings || target === step) return;
    for (let s = step; s < target; s++) {
      const found = stepIssues(form, settings, s, t('cpUntitled'), Date.now());
      if (found.length) return markStep(s, found);
    }
    setIssues([]);
    setStatus('');
    setStep(target);
    focusNext.current = 'heading';
  };
  const startOver = () => {
    clearDraft();
    id.current = newCampaignId();
    setForm(freshForm(selection));
    setStep(0);
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
        setChecked(null);
        // A field of an earlier step: back to it, marked. Anything else (the sender) is said in words here.
        const first = Math.min(...built.issues.map((i) => stepOfIssue(i.path)));
        if (first < REVIEW)
          markStep(
            first,
            built.issues.filter((i) => stepOfIssue(i.path) === first),
          );
        else setIssues(built.issues);
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
      // A draft has sent nothing: an earlier attempt's rows are replaced by today's check.
      await store.startDraft(c.campaign, planRecipients(c.campaign, c.result, Date.now()));
      const reply = await toBackground({ type: 'campaign:control', action: 'start', id: c.campaign.id });
      if (!reply.ok) return setStatus(t('cpError', reply.error));
      clearDraft();
      navigate({ page: 'campaign', id: c.campaign.id });
    });

  if (!settings || !segments || !templates) return <p className="muted">{t('loading')}</p>;
  const capInfo = t('cpCapInfo', settings.dailyCap ? String(settings.dailyCap) : t(settings.accountType === 'gmail' ? 'cpCapGmail' : 'cpCapWorkspace'));
  const stepProps = { form, change, errorFor };
  return (
    <div className="cp-page cp-wizard" data-state="ready" data-step={WIZARD_STEPS[step]} ref={root}>
      <PageHeader title={t('cpWizardTitle')} back={{ href: href({ page: 'campaigns' }), label: t('navCampaigns') }} />
      {restored && (
        <p className="cp-restored" role="status">
          {t('cpDraftRestored')} <Button onClick={startOver}>{t('cpStartOver')}</Button>
        </p>
      )}
      {!settings.senderAddress && (
        <p className="cp-error" role="alert">
          {t('cpNeedSender')} <a href={href({ page: 'campaigns' })}>{t('cpOpenSettings')}</a>
        </p>
      )}
      {settings.developerToken && <p className="cp-dev-warning">{t('cpDeveloperWarning')}</p>}
      <Stepper current={step} onGo={goTo} />
      <Form
        // The steps judge their own fields and say so next to them; the browser's bubbles would only block Next.
        noValidate
        onSubmit={(e) => {
          // Enter in a field is "Next" (never on the review step, where starting is a deliberate click).
          e.preventDefault();
          if (step < REVIEW) goTo(step + 1);
        }}
      >
        <Card className="cp-wizard-step" aria-labelledby="cp-step-title">
          <h3 id="cp-step-title" tabIndex={-1}>
            {stepLabel(t, step)}
          </h3>
          {step === 0 && <RecipientsStep {...stepProps} segments={segments} />}
          {step === 1 && <MessageStep {...stepProps} templates={templates} />}
          {step === 2 && <ScheduleStep {...stepProps} capInfo={capInfo} />}
          {step === REVIEW && <ReviewSummary form={form} segments={segments} templates={templates} />}
          {step === REVIEW && issues.length > 0 && (
            <ul className="cp-error" role="alert">
              {issues.map((i, k) => (
                <li key={k}>{issueText(i)}</li>
              ))}
            </ul>
          )}
        </Card>
        <div className="cp-actions">
          {step > 0 && <Button onClick={() => goTo(step - 1)}>{t('cpWizBack')}</Button>}
          {step < REVIEW ? (
            <Button type="submit" variant="primary">
              {t('cpWizNext')}
            </Button>
          ) : (
            <>
              <Button disabled={busy} onClick={() => void run(async () => {}, { needSender: false })}>
                {t('cpCheck')}
              </Button>
              <Button disabled={busy} onClick={() => void sendTest()}>
                {t('cpSendTest')}
              </Button>
              <Button variant="primary" disabled={busy} onClick={() => void start()}>
                {form.startMode === 'now' ? t('cpStartSending') : t('cpSchedule')}
              </Button>
            </>
          )}
          <span role="status" className="cp-status-line">
            {status}
          </span>
        </div>
      </Form>
      {step === REVIEW && checked && <PreflightReport checked={checked} />}
    </div>
  );
}
