// Rendering 10,000 personalised messages: Kizuna's templates next to mustache on the same data.
import Mustache from 'mustache';
import { readNameOrder, splitName } from '../lib/templates/names';
import { parseTemplate } from '../lib/templates/parse';
import { type RenderContext, type TemplateContact, render } from '../lib/templates/render';
import { medianMs, report } from './_measure';

const COUNT = 10_000;

const TEMPLATE = `Hi {{firstName|there}},

Thank you for being a {{company|valued}} customer. I'm {{owner|your account manager}}, and I wanted to check in about your {{custom.plan|current}} plan, which renews on {{custom.renewal|your renewal date}}.

As of {{today}}, we have shipped several improvements that teams like yours have asked for: faster search, shared inboxes and better reports. If it would help, I can walk you and the team through them in a short call.

Could you let me know a good time? You can reply to this email, or reach me directly. Dear {{lastName|customer}}, thanks again for your trust.

Best regards,
{{owner|The Kizuna team}}`;

// The same template for mustache: a fallback is an inverted section, `{{{ }}}` skips HTML escaping as ours does.
const MUSTACHE_TEMPLATE = TEMPLATE.replace(/\{\{([\w.]+)(?:\|([^}]*))?\}\}/g, (_m, field: string, fallback?: string) =>
  fallback === undefined ? `{{{${field}}}}` : `{{#${field}}}{{{${field}}}}{{/${field}}}{{^${field}}}${fallback}{{/${field}}}`,
);

const LATIN_FIRST = ['Ann', 'Bob', 'Chloé', 'Dmitri', 'Eve', 'Farid', 'Grace', 'Hugo', 'Ines', 'José'];
const LATIN_LAST = ['Lee', 'Martin', 'van der Berg', 'Okafor', 'Smith', 'García', 'Nowak', 'Rossi'];
const JA_FAMILY = ['山田', '佐藤', '鈴木', '高橋', '田中', '伊藤'];
const JA_GIVEN = ['太郎', '花子', '健', '美咲', '大輔'];

function makeContacts(): TemplateContact[] {
  return Array.from({ length: COUNT }, (_, i) => {
    const japanese = i % 3 === 0;
    const name = japanese
      ? `${JA_FAMILY[i % JA_FAMILY.length]} ${JA_GIVEN[i % JA_GIVEN.length]}`
      : i % 7 === 0
        ? `${LATIN_LAST[i % LATIN_LAST.length]}, ${LATIN_FIRST[i % LATIN_FIRST.length]}`
        : `${LATIN_FIRST[i % LATIN_FIRST.length]} ${LATIN_LAST[(i >> 1) % LATIN_LAST.length]}`;
    const custom: Record<string, string> = { plan: ['Free', 'Pro', 'Team'][i % 3], id: String(i) };
    if (i % 4 !== 0) custom.renewal = `2027-0${(i % 9) + 1}-15`;
    return {
      name: i % 50 === 0 ? '' : name,
      email: `user${i}@example${i % 100}.com`,
      company: i % 5 === 0 ? undefined : `Company ${i % 977}`,
      owner: i % 11 === 0 ? '' : ['Ken', 'Mia', 'Sato'][i % 3],
      stage: 'customer',
      custom,
    };
  });
}

// What a mustache-based app has to compute per contact: the same name split and date.
function mustacheView(contact: TemplateContact, today: string): Record<string, unknown> {
  const { first, last } = splitName(contact.name ?? '', readNameOrder(contact.custom?.nameOrder));
  return { ...contact, firstName: first, lastName: last, today };
}

/** Prints the time to render 10,000 messages with Kizuna's templates next to mustache. */
export default async function benchTemplates(): Promise<void> {
  const contacts = makeContacts();
  const today = new Date(2026, 10, 5);
  const todayText = new Intl.DateTimeFormat('en', { dateStyle: 'long' }).format(today);
  const parsed = parseTemplate(TEMPLATE);
  if (parsed.errors.length) throw new Error(`bench template has errors: ${parsed.errors[0].message}`);
  Mustache.parse(MUSTACHE_TEMPLATE);
  const contexts: RenderContext[] = contacts.map((contact) => ({ contact, locale: 'en', today }));
  const views = contacts.map((c) => mustacheView(c, todayText));

  // Equivalent output is what makes the comparison fair; check every message once.
  for (let i = 0; i < COUNT; i++) {
    const ours = render(parsed, contexts[i]).text;
    const theirs = Mustache.render(MUSTACHE_TEMPLATE, mustacheView(contacts[i], todayText));
    if (ours !== theirs) throw new Error(`outputs differ for contact ${i}:\n${ours}\n---\n${theirs}`);
  }

  let sink = 0;
  const oursMs = await medianMs(() => {
    for (let i = 0; i < COUNT; i++) sink += render(parsed, contexts[i]).text.length;
  }, 9);
  const mustacheMs = await medianMs(() => {
    for (let i = 0; i < COUNT; i++) sink += Mustache.render(MUSTACHE_TEMPLATE, mustacheView(contacts[i], todayText)).length;
  }, 9);
  const mustacheRenderOnlyMs = await medianMs(() => {
    for (let i = 0; i < COUNT; i++) sink += Mustache.render(MUSTACHE_TEMPLATE, views[i]).length;
  }, 9);
  const parseMs = await medianMs(() => (sink += parseTemplate(TEMPLATE).tokens.length), 9);

  console.log(`${COUNT} messages, template ${TEMPLATE.length} chars, ${parsed.tokens.filter((t) => t.type === 'field').length} fields (checksum ${sink % 1000})`);
  report('kizuna render', oursMs, 'mustache (view per contact)', mustacheMs, 'no slower than mustache (ratio ≤ 1)');
  report('kizuna render', oursMs, 'mustache (views prebuilt, render only)', mustacheRenderOnlyMs, 'informative');
  console.log(`parse once: ${parseMs.toFixed(3)} ms`);
}
