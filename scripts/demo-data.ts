// Seed data for the demo inbox: the people of the sample threads with a history of their own.
import { PEOPLE } from '../test/support/sample-threads';

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 20);

/** Rows for the demo database: companies, tags, contacts with stages, owners, notes. */
export function demoRows() {
  const companies = [
    { id: 1, domain: 'acme-corp.com', name: 'Acme Corp', fields: {} },
    { id: 2, domain: 'tanaka-shoji.co.jp', name: '田中商事', fields: {} },
    { id: 3, domain: 'northwind.io', name: 'Northwind', fields: {} },
  ];
  const tags = [
    { id: 1, name: 'Renewal Q1', key: 'renewal q1', color: '#e37400' },
    { id: 2, name: 'Enterprise', key: 'enterprise', color: '#1a73e8' },
    { id: 3, name: 'Champion', key: 'champion', color: '#188038' },
    { id: 4, name: '要フォロー', key: '要フォロー', color: '#d93025' },
  ];
  const base = { custom: {}, doNotContact: 0, createdAt: now - 400 * DAY, updatedAt: now - DAY };
  const contacts = [
    { ...base, id: 1, email: PEOPLE.dana.email.toLowerCase(), name: PEOPLE.dana.name, companyId: 1, tags: [1, 2], stage: 'at-risk', owner: 'Alex Morgan', customerSince: now - 380 * DAY, custom: { plan: 'Business', renewal: '2027-01-15' } },
    { ...base, id: 2, email: PEOPLE.raj.email, name: PEOPLE.raj.name, companyId: 1, tags: [2], stage: 'customer', owner: 'Alex Morgan', customerSince: now - 380 * DAY },
    { ...base, id: 3, email: PEOPLE.yamada.email, name: PEOPLE.yamada.name, companyId: 2, tags: [4], stage: 'customer', owner: '佐藤 花子', customerSince: now - 700 * DAY, custom: { plan: 'Standard' } },
    { ...base, id: 4, email: PEOPLE.sam.email, name: PEOPLE.sam.name, companyId: 3, tags: [3], stage: 'advocate', owner: 'Jordan Kim', customerSince: now - 90 * DAY },
  ];
  const activities = [
    { id: 1, kind: 'note', contactIds: [1], at: now - 20 * DAY, text: 'QBR went fine, but finance is reviewing every tool.' },
    { id: 2, kind: 'stage', contactIds: [1], at: now - 10 * DAY, fromStage: 'customer', toStage: 'at-risk' },
    { id: 3, kind: 'note', contactIds: [3], at: now - 5 * DAY, text: '来月の更新前に価格の件で電話する。' },
  ];
  const templates = [
    { id: 1, name: 'Renewal check-in', subject: 'Your renewal', body: 'Hi {{firstName|there}},\n\nYour {{custom.plan|current}} plan at {{company}} renews soon. Could we find 20 minutes this week to go over pricing and what you need next year?\n\nBest,\n{{owner}}', category: 'Renewal', language: 'en', shortcut: 'renew', usageCount: 12, lastUsedAt: now - DAY, createdAt: now - 90 * DAY, updatedAt: now - 30 * DAY },
    { id: 2, name: '更新のご案内', subject: '契約更新について', body: '{{lastName|お客}}様\n\nいつもお世話になっております。{{company}}様の契約更新についてご案内いたします。\n\n{{owner}}', category: 'Renewal', language: 'ja', shortcut: 'koushin', usageCount: 4, createdAt: now - 60 * DAY, updatedAt: now - 60 * DAY },
  ];
  return { companies, tags, contacts, activities, templates };
}

/** The custom fields the demo shows. */
export const DEMO_SETTINGS = { customFields: [{ key: 'plan', label: 'Plan' }, { key: 'renewal', label: 'Renewal date' }] };
