import type { BackupTables } from './schemas';

function unique<T>(rows: T[], table: string, field: string, valueOf: (row: T) => unknown, errors: string[]): void {
  const first = new Map<unknown, number>();
  rows.forEach((row, i) => {
    const value = valueOf(row);
    if (value === undefined) return;
    const seen = first.get(value);
    if (seen === undefined) first.set(value, i);
    else errors.push(`tables.${table}[${i}].${field}: Same ${field} as tables.${table}[${seen}]`);
  });
}

/**
 * Cross-row checks of a backup: unique ids and keys, and every company, tag and contact reference
 * resolves. Schema v3: alerts and campaign recipients must name an existing contact and campaign;
 * a recipient's contactId may be gone (a contact deleted after the campaign keeps its send history),
 * and a segment filter's tag or company ids may be gone (the condition then matches nobody).
 */
export function checkIntegrity(tables: BackupTables, limit = 20): string[] {
  const errors: string[] = [];
  unique(tables.contacts, 'contacts', 'id', (r) => r.id, errors);
  unique(tables.contacts, 'contacts', 'email', (r) => r.email, errors);
  unique(tables.companies, 'companies', 'id', (r) => r.id, errors);
  unique(tables.companies, 'companies', 'domain', (r) => r.domain, errors);
  unique(tables.tags, 'tags', 'id', (r) => r.id, errors);
  unique(tables.tags, 'tags', 'key', (r) => r.key, errors);
  unique(tables.activities, 'activities', 'id', (r) => r.id, errors);
  unique(tables.activities, 'activities', 'messageId', (r) => r.messageId, errors);
  const companies = new Set(tables.companies.map((c) => c.id));
  const tags = new Set(tables.tags.map((t) => t.id));
  const contacts = new Set(tables.contacts.map((c) => c.id));
  tables.contacts.forEach((c, i) => {
    if (c.companyId !== undefined && !companies.has(c.companyId)) errors.push(`tables.contacts[${i}].companyId: No company ${c.companyId}`);
    c.tags.forEach((t, j) => {
      if (!tags.has(t)) errors.push(`tables.contacts[${i}].tags[${j}]: No tag ${t}`);
    });
  });
  tables.activities.forEach((a, i) => {
    a.contactIds.forEach((id, j) => {
      if (!contacts.has(id)) errors.push(`tables.activities[${i}].contactIds[${j}]: No contact ${id}`);
    });
  });
  for (const table of ['templates', 'riskModels', 'segments', 'campaigns', 'campaignRecipients', 'sendLedger'] as const) {
    unique(tables[table] as { id?: unknown }[], table, 'id', (r) => r.id, errors);
  }
  unique(tables.alerts, 'alerts', 'id', (r) => r.id, errors);
  unique(tables.alerts, 'alerts', 'key', (r) => r.key, errors);
  tables.alerts.forEach((a, i) => {
    if (!contacts.has(a.contactId)) errors.push(`tables.alerts[${i}].contactId: No contact ${a.contactId}`);
  });
  const campaigns = new Set(tables.campaigns.map((c) => c.id));
  tables.campaignRecipients.forEach((r, i) => {
    if (!campaigns.has(r.campaignId)) errors.push(`tables.campaignRecipients[${i}].campaignId: No campaign ${r.campaignId}`);
  });
  return errors.slice(0, limit);
}
