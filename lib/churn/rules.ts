import type { Stage } from '../db/types';
import { bandFor } from './bands';
import { encodeIntentQuotes } from './phrases';
import type { RulesConfig } from './rules-config';
import type { MailboxSignals } from './signals';

const DAY = 86_400_000;

/** CRM facts about a contact, already read from its fields (see crm-signals.ts). */
export interface CrmSignals {
  stage?: Stage;
  renewalAt?: number | null;
  paymentStatus?: string | null;
  revenue?: number | null;
  customerSince?: number | null;
  supportTickets?: number | null;
  nps?: number | null;
}

export interface ChurnInput {
  now: number;
  mail?: MailboxSignals | null;
  crm?: CrmSignals | null;
}

/** One factor of a score: `key` + `params` are for the UI's translated sentence. */
export interface Reason {
  key: string;
  params: Record<string, number | string>;
  points: number;
}

export type Band = 'low' | 'medium' | 'high';

export interface ChurnScore {
  /** 0–100: rule points, or round(100 × probability) when calibrated. */
  score: number;
  band: Band;
  /** Largest effect first. */
  reasons: Reason[];
  /** Calibrated chance (0..1) of churning within `horizonDays`; absent for a score not yet calibrated (rules). */
  probability?: number;
  horizonDays?: number;
}

const tierPoints = (tiers: Array<{ atLeast: number; points: number }>, value: number) => {
  let best: { atLeast: number; points: number } | undefined;
  for (const t of tiers) if (value >= t.atLeast && (!best || t.atLeast > best.atLeast)) best = t;
  return best?.points ?? 0;
};
const known = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

function mailReasons(mail: MailboxSignals, c: RulesConfig, add: (r: Reason) => void): void {
  if (c.theirSilence.enabled && known(mail.daysSinceTheirLast))
    add({ key: 'theirSilence', params: { days: mail.daysSinceTheirLast }, points: tierPoints(c.theirSilence.tiers, mail.daysSinceTheirLast) });
  if (c.ourSilence.enabled && known(mail.daysSinceOurLast)) add({ key: 'ourSilence', params: { days: mail.daysSinceOurLast }, points: tierPoints(c.ourSilence.tiers, mail.daysSinceOurLast) });
  if (c.volumeDrop.enabled && mail.inboundPrev90 / 3 >= c.volumeDrop.minPreviousPer30 && known(mail.volumeRatio)) {
    const percent = Math.round(Math.max(0, 1 - mail.volumeRatio) * 100);
    const params = { recent: mail.inboundLast30, before: mail.inboundPrev90, percent };
    add({ key: 'volumeDrop', params, points: tierPoints(c.volumeDrop.tiers, percent) });
  }
  if (c.slowReplies.enabled && known(mail.medianReplyHours)) {
    const hours = Math.round(mail.medianReplyHours);
    add({ key: 'slowReplies', params: { hours }, points: tierPoints(c.slowReplies.tiers, mail.medianReplyHours) });
  }
  if (c.unanswered.enabled && mail.unanswered > 0) {
    const points = Math.min(c.unanswered.max, c.unanswered.pointsEach * mail.unanswered);
    add({ key: 'unansweredInbound', params: { count: mail.unanswered, days: mail.oldestUnansweredDays ?? 0 }, points });
  }
  if (c.intent.enabled && mail.intentHits > 0) {
    const points = Math.min(c.intent.max, c.intent.first + c.intent.each * (mail.intentHits - 1));
    const params: Reason['params'] = { count: mail.intentHits, phrases: mail.intentIds.join(', ') };
    // The words that matched, so the reason can quote them.
    if (mail.intentQuotes?.length) params.quotes = encodeIntentQuotes(mail.intentQuotes);
    add({ key: 'churnIntent', params, points });
  }
  const e = c.recentEngagement;
  if (e.enabled && known(mail.daysSinceTheirLast) && mail.daysSinceTheirLast <= e.withinDays && mail.unanswered === 0 && mail.intentHits === 0)
    add({ key: 'recentEngagement', params: { days: mail.daysSinceTheirLast }, points: e.points });
}

function crmReasons(crm: CrmSignals, mail: MailboxSignals | null | undefined, now: number, c: RulesConfig, add: (r: Reason) => void): void {
  if (c.stage.enabled && crm.stage) add({ key: 'stage', params: { stage: crm.stage }, points: c.stage.points[crm.stage] ?? 0 });
  if (c.renewal.enabled && known(crm.renewalAt) && crm.renewalAt >= now - DAY) {
    const days = Math.max(0, Math.ceil((crm.renewalAt - now) / DAY));
    if (days <= c.renewal.withinDays) {
      add({ key: 'renewalSoon', params: { days }, points: c.renewal.points });
      const last = Math.min(mail?.daysSinceTheirLast ?? Infinity, mail?.daysSinceOurLast ?? Infinity);
      if (last >= c.renewal.silentDays) add({ key: 'renewalSilent', params: { days, silentDays: Number.isFinite(last) ? last : -1 }, points: c.renewal.silentPoints });
    }
  }
  if (c.payment.enabled && crm.paymentStatus) {
    const status = crm.paymentStatus.trim().toLowerCase();
    add({ key: 'payment', params: { status }, points: c.payment.points[status] ?? 0 });
  }
  if (c.revenue.enabled && known(crm.revenue) && crm.revenue < c.revenue.below) add({ key: 'lowRevenue', params: { revenue: crm.revenue }, points: c.revenue.points });
  if (c.tenure.enabled && known(crm.customerSince)) {
    const days = Math.max(0, Math.floor((now - crm.customerSince) / DAY));
    if (days < c.tenure.newWithinDays) add({ key: 'newCustomer', params: { days }, points: c.tenure.newPoints });
    else if (days >= c.tenure.loyalAfterDays) add({ key: 'loyalCustomer', params: { days }, points: c.tenure.loyalPoints });
  }
  if (c.tickets.enabled && known(crm.supportTickets)) add({ key: 'supportTickets', params: { count: crm.supportTickets }, points: tierPoints(c.tickets.tiers, crm.supportTickets) });
  if (c.nps.enabled && known(crm.nps)) {
    if (crm.nps <= c.nps.detractorMax) add({ key: 'npsDetractor', params: { nps: crm.nps }, points: c.nps.detractorPoints });
    else if (crm.nps >= c.nps.promoterMin) add({ key: 'npsPromoter', params: { nps: crm.nps }, points: c.nps.promoterPoints });
  }
}

/** The band a score falls in, by the configured thresholds. */
export function bandOf(score: number, config: RulesConfig): Band {
  return bandFor(score, config.bands);
}

/** Scores one contact 0–100 with the transparent point rules; reasons largest first. */
export function scoreByRules(input: ChurnInput, config: RulesConfig): ChurnScore {
  const reasons: Reason[] = [];
  const add = (r: Reason) => {
    if (r.points !== 0) reasons.push(r);
  };
  if (input.mail) mailReasons(input.mail, config, add);
  if (input.crm) crmReasons(input.crm, input.mail, input.now, config, add);
  reasons.sort((a, b) => Math.abs(b.points) - Math.abs(a.points) || b.points - a.points);
  const raw = reasons.reduce((sum, r) => sum + r.points, 0);
  const score = Math.max(0, Math.min(100, Math.round(raw)));
  return { score, band: bandOf(score, config), reasons };
}
