// Seed data for the demo inbox: the people of the sample threads with a history of their own.
import { seededRandom } from '../lib/random';
import { PEOPLE } from '../test/support/sample-threads';

const DAY = 86_400_000;
const HOUR = 3_600_000;
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
    {
      ...base,
      id: 1,
      email: PEOPLE.dana.email.toLowerCase(),
      name: PEOPLE.dana.name,
      companyId: 1,
      tags: [1, 2],
      stage: 'at-risk',
      owner: 'Alex Morgan',
      customerSince: now - 380 * DAY,
      custom: { plan: 'Business', renewalAt: '2027-01-15', revenue: '24000', paymentStatus: 'paid', nps: '6' },
    },
    { ...base, id: 2, email: PEOPLE.raj.email, name: PEOPLE.raj.name, companyId: 1, tags: [2], stage: 'customer', owner: 'Alex Morgan', customerSince: now - 380 * DAY },
    {
      ...base,
      id: 3,
      email: PEOPLE.yamada.email,
      name: PEOPLE.yamada.name,
      companyId: 2,
      tags: [4],
      stage: 'customer',
      owner: '佐藤 花子',
      customerSince: now - 700 * DAY,
      custom: { plan: 'Standard', renewalAt: '2026-12-20', revenue: '6000', paymentStatus: 'paid', nps: '8' },
    },
    { ...base, id: 4, email: PEOPLE.sam.email, name: PEOPLE.sam.name, companyId: 3, tags: [3], stage: 'advocate', owner: 'Jordan Kim', customerSince: now - 90 * DAY },
  ];
  const activities = [
    { id: 1, kind: 'note', contactIds: [1], at: now - 20 * DAY + 14.5 * HOUR, text: 'QBR went fine, but finance is reviewing every tool.' },
    { id: 2, kind: 'stage', contactIds: [1], at: now - 10 * DAY, fromStage: 'customer', toStage: 'at-risk' },
    { id: 3, kind: 'note', contactIds: [3], at: now - 5 * DAY + 1.75 * HOUR, text: '来月の更新前に価格の件で電話する。' },
  ];
  const templates = [
    {
      id: 1,
      name: 'Renewal check-in',
      subject: 'Your renewal',
      body: 'Hi {{firstName|there}},\n\nYour {{custom.plan|current}} plan at {{company}} renews soon. Could we find 20 minutes this week to go over pricing and what you need next year?\n\nBest,\n{{owner}}',
      category: 'Renewal',
      language: 'en',
      shortcut: 'renew',
      usageCount: 12,
      lastUsedAt: now - DAY,
      createdAt: now - 90 * DAY,
      updatedAt: now - 30 * DAY,
    },
    {
      id: 2,
      name: '更新のご案内',
      subject: '契約更新について',
      body: '{{lastName|お客}}様\n\nいつもお世話になっております。{{company}}様の契約更新についてご案内いたします。\n\n{{owner}}',
      category: 'Renewal',
      language: 'ja',
      shortcut: 'koushin',
      usageCount: 4,
      createdAt: now - 60 * DAY,
      updatedAt: now - 60 * DAY,
    },
    {
      id: 3,
      name: 'Win-back 1: checking in',
      subject: 'How is {{company}} getting on?',
      body: 'Hi {{firstName|there}},\n\nIt has been a while since we last spoke. Is there anything we could do better for {{company}}? I would be glad to help.\n\nBest,\n{{owner}}',
      category: 'Win-back',
      language: 'en',
      usageCount: 0,
      createdAt: now - 30 * DAY,
      updatedAt: now - 30 * DAY,
    },
    {
      id: 4,
      name: 'Win-back 2: a short call',
      subject: 'A short call?',
      body: 'Hi {{firstName|there}},\n\nWould 15 minutes this week suit you? I would like to hear what would make Kizuna worth keeping.\n\n{{owner}}',
      category: 'Win-back',
      language: 'en',
      usageCount: 0,
      createdAt: now - 30 * DAY,
      updatedAt: now - 30 * DAY,
    },
  ];
  // The win-back series the ready-made "high risk" playbook enrols contacts in (it waits for the owner's approval).
  const sequences = [
    {
      id: 'win-back',
      name: 'Win-back series',
      steps: [
        { templateId: 3, delayDays: 0, condition: 'no-reply' },
        { templateId: 4, delayDays: 4, condition: 'no-reply' },
      ],
      sendWithoutApproval: false,
      allowConcurrent: false,
    },
  ];
  const book = bookOfBusiness(companies.length, contacts.length, activities.length);
  return { companies: [...companies, ...book.companies], tags, contacts: [...contacts, ...book.contacts], activities: [...activities, ...book.activities], templates, sequences };
}

const FIRST = ['Alice', 'Ben', 'Chloe', 'Daniel', 'Emma', 'Felix', 'Grace', 'Hiro', 'Isla', 'Jun', 'Kenji', 'Lena', 'Mika', 'Noah', 'Olivia', 'Priya', 'Quinn', 'Rina', 'Sora', 'Tom'];
const LAST = ['Adams', 'Brown', 'Chen', 'Davis', 'Evans', 'Fujita', 'Garcia', 'Hayashi', 'Ito', 'Jones', 'Kato', 'Lopez', 'Mori', 'Nakamura', 'Ono', 'Park'];
const OWNERS = ['Alex Morgan', 'Jordan Kim', '佐藤 花子'];
const PLANS: [string, number][] = [
  ['Starter', 1200],
  ['Business', 6000],
  ['Enterprise', 24000],
];
const INBOUND = [
  'Quick question about the invoice',
  'Thanks for the update',
  'Can we add two seats?',
  'The new pricing is too expensive for us',
  'We are considering switching to a competitor',
  '来月の更新について',
  'Feature request: export',
];

/** What content customers write about: no price complaint, no competitor. */
const CONTENT = INBOUND.filter((_, i) => i !== 3 && i !== 4);

/**
 * An NPS answer from one uniform draw, shaped like a real book's: most active customers promoters or passives, a
 * detractor now and then (about one in six); customers at risk or gone anywhere on the scale.
 */
function npsFor(stage: string, u: number): number {
  if (stage === 'at-risk' || stage === 'churned') return Math.floor(u * 11);
  if (u < 0.16) return Math.floor((u / 0.16) * 7);
  if (u < 0.46) return 7 + Math.floor(((u - 0.16) / 0.3) * 2);
  return 9 + Math.floor(((u - 0.46) / 0.54) * 2 * 0.999);
}

/**
 * 20 more companies and 160 contacts with 18 months of stage history, plan revenue and mail, so the
 * app's lists, reports, needs-attention page and model panel have something to show. Deterministic.
 */
function bookOfBusiness(companyBase: number, contactBase: number, activityBase: number) {
  const random = seededRandom(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const companies = Array.from({ length: 20 }, (_, i) => ({
    id: companyBase + i + 1,
    domain: `client${i + 1}.example.com`,
    name: `${pick(LAST)} ${pick(['Systems', 'Labs', 'Trading', 'Foods', 'Logistics'])}`,
    fields: {},
  }));
  const contacts: object[] = [];
  const activities: object[] = [];
  let activityId = activityBase;
  for (let i = 0; i < 160; i++) {
    const id = contactBase + i + 1;
    const company = companies[i % companies.length];
    const first = pick(FIRST);
    const last = pick(LAST);
    const [plan, revenue] = pick(PLANS);
    const since = now - Math.floor(60 + random() * 480) * DAY;
    // About one in four has churned some time after becoming a customer; a few are still leads.
    const churned = random() < 0.25 ? since + Math.floor(30 + random() * Math.max(1, (now - since) / DAY - 30)) * DAY : undefined;
    const lead = !churned && random() < 0.1;
    const stage = lead ? 'lead' : churned ? 'churned' : random() < 0.15 ? 'at-risk' : random() < 0.1 ? 'advocate' : 'customer';
    const renewal = new Date(now + Math.floor(random() * 200 - 20) * DAY).toISOString().slice(0, 10);
    const payment = random() < 0.1 ? 'overdue' : 'paid';
    const contact: Record<string, unknown> = {
      id,
      email: `${first}.${last}.${i}@${company.domain}`.toLowerCase(),
      name: `${first} ${last}`,
      companyId: company.id,
      tags: random() < 0.3 ? [2] : [],
      stage,
      owner: OWNERS[i % OWNERS.length],
      custom: { plan, revenue: String(revenue), renewalAt: renewal, paymentStatus: payment, nps: String(npsFor(stage, random())) },
      doNotContact: random() < 0.05 ? 1 : 0,
      createdAt: since - 20 * DAY,
      updatedAt: churned ?? now - DAY,
      ...(lead ? {} : { customerSince: since }),
      ...(churned ? { churnedAt: churned } : {}),
    };
    contacts.push(contact);
    if (!lead) activities.push({ id: ++activityId, kind: 'stage', contactIds: [id], at: since, fromStage: 'lead', toStage: 'customer' });
    if (churned) activities.push({ id: ++activityId, kind: 'stage', contactIds: [id], at: churned, fromStage: 'customer', toStage: 'churned' });
    // Mail: churned and at-risk contacts went quiet, or wrote churn wording.
    const quietSince = churned ?? (stage === 'at-risk' ? now - Math.floor(20 + random() * 60) * DAY : now);
    const messages = lead ? 2 : 4 + Math.floor(random() * 8);
    for (let m = 0; m < messages; m++) {
      const at = Math.min(quietSince, now) - Math.floor(random() * 150) * DAY - Math.floor(random() * DAY);
      const inbound = random() < 0.55;
      // Churn wording comes from customers at risk or on their way out, not from the content ones (one draw either way,
      // so the rest of the book stays as it was).
      const wording = stage === 'at-risk' || churned ? INBOUND : CONTENT;
      const subject = inbound ? (stage === 'at-risk' && random() < 0.4 ? pick(INBOUND.slice(3, 6)) : pick(wording)) : 'Re: your account';
      const key = inbound ? 'lastInboundAt' : 'lastOutboundAt';
      if (!((contact[key] as number | undefined)! >= at)) contact[key] = at;
      activities.push({
        id: ++activityId,
        kind: 'email',
        contactIds: [id],
        at,
        messageId: `demo${id.toString(16)}${m.toString(16).padStart(4, '0')}`,
        threadId: `demo-t${id}`,
        direction: inbound ? 'in' : 'out',
        from: inbound ? `${first}.${last}.${i}@${company.domain}`.toLowerCase() : 'alex@kizuna-demo.com',
        subject,
        snippet: subject,
      });
    }
  }
  return { companies, contacts, activities };
}

/**
 * A few open and done tasks for the demo's Tasks page and side panel, due relative to `today` (the real clock at
 * seeding, so that the page shows overdue, today and upcoming groups whenever the demo runs). Not part of
 * demoRows(): the tests that seed the demo book count alerts and badges without tasks.
 */
export function demoTasks(today = Date.now()) {
  const day = new Date(today);
  day.setHours(0, 0, 0, 0);
  const at = (days: number, hour: number) => day.getTime() + days * DAY + hour * HOUR;
  const task = (id: number, contactId: number, companyId: number, title: string, dueAt: number, owner: string, type: string, done = false) => ({
    id,
    key: `demo:${id}`,
    contactId,
    companyId,
    title,
    dueAt,
    owner,
    type,
    done: done ? 1 : 0,
    ...(done ? { doneAt: dueAt } : {}),
    notes: '',
    createdAt: at(-7, 9),
    updatedAt: at(-1, 9),
    createdBy: 'manual',
  });
  return [
    task(1, 1, 1, 'Call Dana about renewal pricing', at(0, 15), 'Alex Morgan', 'call'),
    task(2, 2, 1, 'Send the quote for two more seats', at(-1, 11), 'Alex Morgan', 'email'),
    task(3, 3, 2, '更新前に価格の件で電話する', at(1, 10), '佐藤 花子', 'call'),
    task(4, 4, 3, 'Ask Sam for a case study', at(5, 14), 'Jordan Kim', 'meeting'),
    task(5, 1, 1, 'Send the QBR notes', at(-3, 17), 'Alex Morgan', 'email', true),
  ];
}

/** The custom fields the demo shows. */
export const DEMO_SETTINGS = {
  customFields: [
    { key: 'plan', label: 'Plan' },
    { key: 'revenue', label: 'Revenue' },
    { key: 'renewalAt', label: 'Renews on' },
    { key: 'paymentStatus', label: 'Payment' },
    { key: 'nps', label: 'NPS' },
  ],
};
