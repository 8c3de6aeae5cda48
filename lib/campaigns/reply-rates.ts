import type { Recipient } from './types';

export interface StepRate {
  step: number;
  sent: number;
  replied: number;
  /** replied / sent, 0…1; undefined when nothing was sent. */
  rate: number | undefined;
}

/**
 * Reply rates per step: `sent` = recipients who got that step, `replied` = those whose reply stopped
 * the next step (a reply is seen when the next follow-up is checked, so the last step counts none).
 */
export function replyRates(recipients: readonly Recipient[], steps: number): { total: StepRate; steps: StepRate[] } {
  const rows: StepRate[] = Array.from({ length: steps }, (_, step) => ({ step, sent: 0, replied: 0, rate: undefined }));
  for (const r of recipients) {
    for (let s = 0; s < Math.min(steps, r.sentMessageIds.length); s++) rows[s]!.sent++;
    if (r.state === 'skipped' && r.reason === 'replied' && rows[r.step]) rows[r.step]!.replied++;
  }
  for (const row of rows) row.rate = row.sent ? row.replied / row.sent : undefined;
  const sent = recipients.filter((r) => r.sentMessageIds.length > 0).length;
  const replied = rows.reduce((n, r) => n + r.replied, 0);
  return { total: { step: -1, sent, replied, rate: sent ? replied / sent : undefined }, steps: rows };
}
