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

/** Cross-row checks of a backup: unique ids and keys, and every company, tag and contact reference resolves. */
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
  return errors.slice(0, limit);
}
