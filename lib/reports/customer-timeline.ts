import type { Activity, Contact, Stage } from '../db/types';

/** Stages that count as a customer in the reports; churned is lost, lead is not yet won. */
export const CUSTOMER_STAGES: ReadonlySet<Stage> = new Set<Stage>(['customer', 'at-risk', 'advocate']);

export type StageEvent = Pick<Activity, 'at' | 'fromStage' | 'toStage'>;
export type ReportContact = Pick<Contact, 'id' | 'stage' | 'owner' | 'createdAt' | 'updatedAt' | 'customerSince' | 'churnedAt'>;

/** A customer-status change: from `at` on, the contact is (or is not) a customer. */
export interface StatusChange {
  at: number;
  customer: boolean;
}

function isCustomer(stage: Stage | undefined): boolean {
  return stage !== undefined && CUSTOMER_STAGES.has(stage);
}

/** When a contact became and stopped being a customer, from its stage history or else its customerSince/churnedAt. */
export function customerTimeline(contact: ReportContact, history: readonly StageEvent[] = []): StatusChange[] {
  const events = history.filter((e) => e.toStage !== undefined).sort((a, b) => a.at - b.at);
  const changes: StatusChange[] = [];
  if (events.length > 0) {
    const first = events[0];
    // A first change *from* a customer stage means they were one before it: since customerSince, or createdAt.
    if (isCustomer(first.fromStage)) changes.push({ at: Math.min(contact.customerSince ?? contact.createdAt, first.at), customer: true });
    for (const e of events) {
      const customer = isCustomer(e.toStage);
      if ((changes.at(-1)?.customer ?? false) !== customer) changes.push({ at: e.at, customer });
    }
    return changes;
  }
  const wasCustomer = isCustomer(contact.stage) || contact.stage === 'churned' || contact.customerSince !== undefined || contact.churnedAt !== undefined;
  if (!wasCustomer) return changes;
  const start = contact.customerSince ?? contact.createdAt;
  const end = isCustomer(contact.stage) ? undefined : (contact.churnedAt ?? contact.updatedAt);
  if (end !== undefined && end <= start) return changes;
  changes.push({ at: start, customer: true });
  if (end !== undefined) changes.push({ at: end, customer: false });
  return changes;
}

/** Whether the contact was a customer just before each boundary (changes at a boundary belong to the period it starts). */
export function statusBefore(changes: readonly StatusChange[], boundaries: readonly number[]): boolean[] {
  const out: boolean[] = [];
  let i = 0;
  let customer = false;
  for (const boundary of boundaries) {
    while (i < changes.length && changes[i].at < boundary) customer = changes[i++].customer;
    out.push(customer);
  }
  return out;
}
