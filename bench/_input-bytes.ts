// Development aid (not a bench: the leading underscore keeps it out of `npm run bench`): the bytes a first full rescore
// writes as score inputs, counted without a browser, so the figure does not depend on the machine's load. The history
// is bench/_seed-large.ts's (same rows, same contacts); each block row is measured as V8's serializer writes it (the
// structured clone that Chromium's IndexedDB stores). Schemas 15–16 stored each contact's events (the text only where
// it has churn wording); schema 17 stores their summary (lib/churn/score-inputs.ts storedInputs), packed (packMail).
// `BENCH_SCALE=0.1 npx tsx bench/_input-bytes.ts`
import { serialize } from 'node:v8';
import { mailEventsOf } from '../lib/churn/from-activities';
import { findIntent } from '../lib/churn/phrases';
import { scoreInputsVersion, storedInputs } from '../lib/churn/score-inputs';
import type { MailEvent } from '../lib/churn/signals';
import type { Activity } from '../lib/db/types';
import { blockOf } from '../lib/db/score-blocks';
import { packMail } from '../lib/db/score-inputs';

const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const CONTACTS = Math.round(100_000 * SCALE);
const HISTORY = Math.round(500_000 * SCALE);
const now = Date.now();

// The history of bench/_seed-large.ts, grouped by contact.
const byContact = new Map<number, Activity[]>();
for (let i = 0; i < HISTORY; i++) {
  const contactId = 1 + (i % CONTACTS);
  const row = {
    id: i + 1,
    kind: 'email',
    contactIds: [contactId],
    at: now - i * 60_000,
    messageId: `bench-${i}`,
    threadId: `t${i >> 2}`,
    direction: i % 3 ? 'in' : 'out',
    subject: `Subject ${i}`,
    snippet: 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(2),
  } as Activity;
  (byContact.get(contactId) ?? byContact.set(contactId, []).get(contactId)!).push(row);
}
const email = (id: number) => `person${id - 1}@company${(id - 1) % 5000}.example`;

// Schemas 15–16: the events, without the text of those with no churn wording.
const eventsAsStored = (events: readonly MailEvent[]) =>
  events.map((e) => {
    if (!e.text || e.intent || findIntent(e.text).length > 0) return e;
    const { text: _text, ...rest } = e;
    return rest;
  });

const v = scoreInputsVersion();
const blocks = { old: new Map<number, object[]>(), new: new Map<number, object[]>() };
for (let id = 1; id <= CONTACTS; id++) {
  const events = mailEventsOf(byContact.get(id) ?? []);
  const block = blockOf(id);
  (blocks.old.get(block) ?? blocks.old.set(block, []).get(block)!).push({ contactId: id, v, events: eventsAsStored(events) });
  const { me, mail } = storedInputs(events, email(id));
  (blocks.new.get(block) ?? blocks.new.set(block, []).get(block)!).push({ contactId: id, v, me, mail: packMail(mail) });
}
const bytes = (rows: Map<number, object[]>) => [...rows].reduce((sum, [block, inputs]) => sum + serialize({ block, inputs }).length, 0);
const [before, after] = [bytes(blocks.old), bytes(blocks.new)];
const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
console.log(`${CONTACTS} contacts, ${HISTORY} history rows, ${blocks.new.size} input blocks`);
console.log(`score inputs written by a first full rescore: events (schemas 15–16) ${mb(before)}, summaries (schema 17) ${mb(after)}: ${(before / after).toFixed(1)}× fewer bytes`);
console.log(`per contact: ${(before / CONTACTS).toFixed(0)} → ${(after / CONTACTS).toFixed(0)} bytes`);
