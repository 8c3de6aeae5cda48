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
 * Cross-row checks of a backup that refuse it: unique ids and keys (two rows with one id or email
 * cannot both be restored, and which one is meant is not ours to guess). References to rows that
 * are not in the file are not refused: see dropDangling.
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
  for (const table of ['templates', 'riskModels', 'segments', 'campaigns', 'campaignRecipients', 'sendLedger'] as const) {
    unique(tables[table] as { id?: unknown }[], table, 'id', (r) => r.id, errors);
  }
  unique(tables.alerts, 'alerts', 'id', (r) => r.id, errors);
  unique(tables.alerts, 'alerts', 'key', (r) => r.key, errors);
  unique(tables.tasks, 'tasks', 'id', (r) => r.id, errors);
  unique(tables.tasks, 'tasks', 'key', (r) => r.key, errors);
  return errors.slice(0, limit);
}

/** What a restore leaves out because it refers to rows the file does not hold (shown to the user). */
export interface LeftOut {
  /** History rows (emails, notes, stage changes, sends) all of whose contacts are missing: not restored. */
  activities: number;
  /** History rows with some contacts missing: restored without those contact ids. */
  activityContacts: number;
  /** Alerts whose contact is missing: not restored. */
  alerts: number;
  /** Campaign recipients whose campaign is missing: not restored. */
  campaignRecipients: number;
  /** Contacts whose company is missing: restored without a company. */
  contactCompanies: number;
  /** Tag ids on contacts whose tag is missing: taken off (the contacts are restored). */
  contactTags: number;
  /** Tasks whose contact is missing: not restored (a task whose company is missing loses its companyId, which is derived). */
  tasks: number;
}

/** True when a restore leaves nothing out. */
export function nothingLeftOut(left: LeftOut): boolean {
  return Object.values(left).every((n) => n === 0);
}

/**
 * Takes out references to rows the file does not hold, so that such a file is restored rather than
 * refused (a contact deleted while a history row was being written for it used to make one). A row
 * that means nothing without its target (a history row none of whose contacts is there, an alert or a task
 * without its contact, a recipient without its campaign) is dropped; a row that stands on its own
 * (a contact without its company or one of its tags, a history row shared with other contacts) keeps
 * the rest. What stays as it is: a recipient's contactId (a contact deleted after the campaign keeps
 * its send history), a segment filter's tag or company ids (the condition then matches nobody), and
 * a campaign's selected contact ids (its audience skips those that are gone).
 */
export function dropDangling(tables: BackupTables): { tables: BackupTables; leftOut: LeftOut } {
  const left: LeftOut = { activities: 0, activityContacts: 0, alerts: 0, campaignRecipients: 0, contactCompanies: 0, contactTags: 0, tasks: 0 };
  const companies = new Set(tables.companies.map((c) => c.id));
  const tags = new Set(tables.tags.map((t) => t.id));
  const contacts = new Set(tables.contacts.map((c) => c.id));
  const campaigns = new Set(tables.campaigns.map((c) => c.id));
  const keptContacts = tables.contacts.map((c) => {
    const knownTags = c.tags.filter((t) => tags.has(t));
    const lostCompany = c.companyId !== undefined && !companies.has(c.companyId);
    if (knownTags.length === c.tags.length && !lostCompany) return c;
    left.contactTags += c.tags.length - knownTags.length;
    const next = { ...c, tags: knownTags };
    if (lostCompany) {
      left.contactCompanies++;
      delete next.companyId;
    }
    return next;
  });
  const keptActivities = tables.activities.flatMap((a) => {
    const known = a.contactIds.filter((id) => contacts.has(id));
    if (known.length === a.contactIds.length) return [a];
    if (known.length === 0) {
      left.activities++;
      return [];
    }
    left.activityContacts++;
    return [{ ...a, contactIds: known }];
  });
  const keptAlerts = tables.alerts.filter((a) => contacts.has(a.contactId) || (left.alerts++, false));
  const keptRecipients = tables.campaignRecipients.filter((r) => campaigns.has(r.campaignId) || (left.campaignRecipients++, false));
  const keptTasks = tables.tasks.flatMap((t) => {
    if (!contacts.has(t.contactId)) return (left.tasks++, []);
    if (t.companyId === undefined || companies.has(t.companyId)) return [t];
    const next = { ...t };
    delete next.companyId;
    return [next];
  });
  return {
    tables: { ...tables, contacts: keptContacts, activities: keptActivities, alerts: keptAlerts, campaignRecipients: keptRecipients, tasks: keptTasks },
    leftOut: left,
  };
}
