import { useMemo } from 'react';
import { scoreContact } from '@/lib/churn/from-activities';
import type { ChurnScore } from '@/lib/churn/rules';
import type { ContactData } from './use-contact-data';

const MINUTE = 60_000;

/** The contact's churn risk by the default rules, from what use-contact-data already loaded; null without a contact. */
export function useRisk(data: ContactData | null | undefined): ChurnScore | null {
  // Rounded to the minute so a re-render does not recompute; the live query changes `data` when mail arrives.
  const now = Math.floor(Date.now() / MINUTE) * MINUTE;
  const timeZone = useMemo(() => Intl.DateTimeFormat().resolvedOptions().timeZone, []);
  return useMemo(() => (data ? scoreContact(data.contact, data.history, now, undefined, { timeZone }) : null), [data, now, timeZone]);
}
