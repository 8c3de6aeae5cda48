import { z } from '../zod';
import type { Contact } from '../db/types';
import type { CrmSignals } from './rules';
import { fieldDate, fieldNumber } from './field-values';

/** Which custom field (by key) holds each CRM signal; set in settings. */
export const fieldMappingSchema = z.object({
  renewalAt: z.optional(z.string()),
  paymentStatus: z.optional(z.string()),
  revenue: z.optional(z.string()),
  customerSince: z.optional(z.string()),
  supportTickets: z.optional(z.string()),
  nps: z.optional(z.string()),
});
export type FieldMapping = z.infer<typeof fieldMappingSchema>;

// Apart, without zod (the side panel's first paint formats custom fields with them: issue 13).
export { fieldDate, fieldNumber } from './field-values';

/** CRM signals of a contact: stage and customerSince from the record, the rest from mapped custom fields. */
export function crmSignalsOf(contact: Pick<Contact, 'stage' | 'custom' | 'customerSince'>, mapping: FieldMapping): CrmSignals {
  const field = (key: string | undefined) => (key ? contact.custom[key] : undefined);
  return {
    stage: contact.stage,
    renewalAt: fieldDate(field(mapping.renewalAt)),
    paymentStatus: field(mapping.paymentStatus)?.trim() || null,
    revenue: fieldNumber(field(mapping.revenue)),
    customerSince: contact.customerSince ?? fieldDate(field(mapping.customerSince)),
    supportTickets: fieldNumber(field(mapping.supportTickets)),
    nps: fieldNumber(field(mapping.nps)),
  };
}
