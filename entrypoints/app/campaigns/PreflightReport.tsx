import { useState } from 'react';
import { formatDateTime, formatNumber, formatUnit, plural } from '@/lib/format';
import { useI18n, type Translate } from '@/components/i18n';
import type { PreflightIssue } from '@/lib/campaigns/preflight';
import type { Checked } from './draft';
import { Checkbox } from '@/components/ui/Checkbox';

const PAGE = 10;

/** The checks before sending: the quota and finish time, then per recipient its issues and every step's rendered message (paged). */
export function PreflightReport({ checked }: { checked: Checked }) {
  const { t, locale } = useI18n();
  const [page, setPage] = useState(0);
  const [onlyIssues, setOnlyIssues] = useState(false);
  const { result, rendered, campaign, signers } = checked;
  const foreign = [...new Set(signers.filter((s): s is string => s !== null))];
  const sender = campaign.from.name ? `${campaign.from.name} <${campaign.from.address}>` : campaign.from.address;
  const q = result.quota;
  const rows = result.rows.map((row, i) => ({ row, i })).filter(({ row }) => !onlyIssues || !row.ok);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  const shown = rows.slice(page * PAGE, page * PAGE + PAGE);
  const blocked = result.rows.length - result.sendable;
  return (
    <section className="cp-check" aria-labelledby="cp-check-title">
      <h3 id="cp-check-title">{t('cpCheckTitle')}</h3>
      <ul className="cp-summary">
        <li data-testid="cp-sendable">{t('cpSendable', [String(result.sendable), String(result.rows.length)])}</li>
        <li data-testid="cp-blocked">{t('cpBlocked', String(blocked))}</li>
        <li>{t('cpQuotaUse', [String(q.usedNow), String(q.needed), String(q.pauseAt), String(q.cap)])}</li>
        <li data-testid="cp-fits">{q.fitsNow ? t('cpFitsToday') : t('cpDoesNotFit')}</li>
        {checked.previewSender && (
          <li className="cp-warning" data-testid="cp-no-sender">
            {t(checked.signing ? 'cpPreviewNoSenderSigning' : 'cpPreviewNoSender')}
          </li>
        )}
        {foreign.length > 0 && (
          <li className="cp-warning" data-testid="cp-signers">
            {plural(t, locale, 'cpSignersNotSender', signers.filter(Boolean).length, [
              formatNumber(signers.filter(Boolean).length, locale),
              foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? ', …' : ''),
              sender,
            ])}
          </li>
        )}
        <li data-testid="cp-finish">{q.finishAt === undefined ? t('cpNeverFits') : t('cpFinishAt', formatDateTime(q.finishAt, locale))}</li>
      </ul>
      <Checkbox block label={t('cpOnlyIssues')} checked={onlyIssues} onChange={(e) => (setOnlyIssues(e.target.checked), setPage(0))} />
      <ol className="cp-preview" start={page * PAGE + 1} aria-label={t('cpPreviewList')}>
        {shown.map(({ row, i }) => (
          <li key={i} className={row.ok ? 'ok' : 'blocked'} data-email={row.contact.email}>
            <div className="cp-who">
              <strong>{row.contact.name ?? row.contact.email}</strong> &lt;{row.contact.email}&gt;
              {row.ok ? <span className="cp-ok">{t('cpWillSend')}</span> : null}
            </div>
            {signers[i] && <p className="cp-warning cp-signer">{t('cpRowSigner', [signers[i]!, sender])}</p>}
            {row.issues.length > 0 && (
              <ul className="cp-issues">
                {row.issues.map((issue, k) => (
                  <li key={k} data-code={issue.code}>
                    {issueText(issue, t)}
                  </li>
                ))}
              </ul>
            )}
            {campaign.steps.map((step, s) => (
              <details key={s}>
                <summary>
                  {/* The language's own colon (ja ：) between the step and its subject. */}
                  {t('labelPair', [
                    s === 0 ? t('cpStepFirst') : t('cpStepFollowUp', [String(s + 1), formatUnit(step.delayDays, 'day', locale)]),
                    s === 0 ? rendered[i]![s]!.subject : t('cpReSubject', rendered[i]![0]!.subject),
                  ])}
                </summary>
                <pre className="cp-body">{rendered[i]![s]!.body}</pre>
              </details>
            ))}
          </li>
        ))}
      </ol>
      <nav className="cp-pager" aria-label={t('cpPager')}>
        <button type="button" disabled={page === 0} onClick={() => setPage(page - 1)}>
          {t('cpPrev')}
        </button>
        <span>{t('cpPageOf', [String(page + 1), String(pages)])}</span>
        <button type="button" disabled={page >= pages - 1} onClick={() => setPage(page + 1)}>
          {t('cpNext')}
        </button>
      </nav>
    </section>
  );
}

/** One preflight issue in the reader's language: what it is, then where (the row, the step and field, or the address). */
function issueText(issue: PreflightIssue, t: Translate): string {
  const what = t(`cpIssue_${issue.code.replace(/-/g, '_')}`);
  const where =
    issue.row !== undefined
      ? t('cpIssueRow', String(issue.row))
      : issue.step !== undefined
        ? issue.field
          ? t('cpIssueStepField', [String(issue.step), issue.field])
          : t('cpIssueStep', String(issue.step))
        : issue.code === 'invalid-address'
          ? issue.detail
          : undefined;
  return where ? t('labelPair', [what, where]) : what;
}
