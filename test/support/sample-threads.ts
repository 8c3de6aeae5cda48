import type { FixturePerson, FixtureThread } from './gmail-fixture';

/** The demo user (the signed-in account) and their alias. */
export const ME: FixturePerson = { email: 'alex@kizuna-demo.com', name: 'Alex Morgan' };
export const MY_ALIAS: FixturePerson = { email: 'sales@kizuna-demo.com', name: 'Kizuna Sales' };

export const PEOPLE = {
  dana: { email: 'Dana.Lee@Acme-Corp.com', name: 'Dana Lee' },
  raj: { email: 'raj@acme-corp.com', name: 'Raj Patel' },
  yamada: { email: 'taro.yamada@tanaka-shoji.co.jp', name: '山田 太郎' },
  kim: { email: 'kim.novak@gmail.com', name: 'Kim Novak' },
  sam: { email: 'sam@northwind.io', name: 'Sam Ortiz' },
} satisfies Record<string, FixturePerson>;

/** A few realistic threads: a renewal worry, a multi-person thread with the user, a Japanese customer, free mail. */
export const SAMPLE_THREADS: FixtureThread[] = [
  {
    id: '18c1a2b3c4d5e6f7',
    subject: 'Renewal and pricing for next year',
    messages: [
      {
        id: '18c1a2b3c4d5e001',
        from: PEOPLE.dana,
        to: [ME],
        date: 'Mon, Nov 2, 2026, 10:15 AM',
        body: 'Hi Alex,\nOur renewal is coming up and the new pricing looks too expensive for us.\nCan we talk this week?',
      },
      { id: '18c1a2b3c4d5e002', from: ME, to: [PEOPLE.dana], date: 'Mon, Nov 2, 2026, 2:40 PM', body: 'Hi Dana,\nOf course. How about Thursday at 10?', quoted: 'Our renewal is coming up…' },
      { id: '18c1a2b3c4d5e003', from: PEOPLE.dana, to: [ME], date: 'Fri, Nov 6, 2026, 9:05 AM', body: 'Thursday did not work out. We are looking at other options, to be honest.' },
    ],
  },
  {
    id: '18c2b3c4d5e6f7a8',
    subject: 'Onboarding plan for the Northwind team',
    messages: [
      {
        id: '18c2b3c4d5e6f001',
        from: PEOPLE.sam,
        to: [ME, PEOPLE.raj],
        cc: [MY_ALIAS],
        date: 'Tue, Nov 10, 2026, 11:00 AM',
        body: 'Hello both, sharing our onboarding plan. Raj, can you own the data import?',
      },
      { id: '18c2b3c4d5e6f002', from: PEOPLE.raj, to: [PEOPLE.sam], cc: [ME], date: 'Tue, Nov 10, 2026, 1:30 PM', body: 'Yes, I will handle the import by Friday.', collapsed: true },
      { id: '18c2b3c4d5e6f003', from: ME, to: [PEOPLE.sam, PEOPLE.raj], date: 'Wed, Nov 11, 2026, 9:00 AM', body: 'Great, thanks both. I will send the checklist today.' },
    ],
  },
  {
    id: '18c3c4d5e6f7a8b9',
    subject: '契約更新について',
    messages: [
      { id: '18c3c4d5e6f7a001', from: PEOPLE.yamada, to: [ME], date: '2026年11月12日(木) 10:15', body: 'いつもお世話になっております。\n来月の契約更新について、値上げの件でご相談させてください。' },
    ],
  },
  {
    id: '18c4d5e6f7a8b9c0',
    subject: 'Quick question about the API',
    messages: [{ id: '18c4d5e6f7a8b9001', from: PEOPLE.kim, to: [ME], date: 'Thu, Nov 19, 2026, 4:20 PM', body: 'Is there a rate limit on the export endpoint?' }],
  },
];
