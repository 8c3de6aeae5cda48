// @vitest-environment jsdom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Translate } from '../../../components/i18n';
import { reasonText } from '../../../components/RiskBadge';
import { scoreContact } from '../../../lib/churn/from-activities';
import { recordThread } from '../../../lib/contacts/record-thread';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import { readThread } from '../../../lib/gmail/read-thread';
import { DEFAULT_SETTINGS } from '../../../lib/settings';
import { activityStoreOf } from '../../../lib/activities/dexie-store';
import { bookBandsOf } from '../../../lib/churn/book-bands';
import { recomputeRisk } from '../../../lib/churn/recompute';
import { loadRiskSettings } from '../../../lib/churn/settings';
import { demoRows, DEMO_SETTINGS } from '../../../scripts/demo-data';
import { config } from '../risk/fixtures';
import { storedScores } from '../../support/stored-scores';
import { gmailPage, threadViewHtml } from '../../support/gmail-fixture';
import { ME, PEOPLE, SAMPLE_THREADS } from '../../support/sample-threads';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const messages = JSON.parse(readFileSync(join(import.meta.dirname, '../../../public/_locales/en/messages.json'), 'utf8')) as Messages;
const en: Translate = (key, subs) => {
  const args = typeof subs === 'string' ? [subs] : (subs ?? []);
  return messages[key].message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) =>
    (messages[key].placeholders?.[name.toLowerCase()]?.content ?? '').replace(/\$(\d)/g, (_m, i: string) => args[Number(i) - 1] ?? ''),
  );
};

let db: KizunaDb | undefined;
afterEach(async () => db?.delete());

/** Opens the demo's renewal thread in a Gmail-shaped page and records it, as the content script and panel do. */
async function openDanasThread(into: KizunaDb): Promise<void> {
  const thread = SAMPLE_THREADS[0];
  document.open();
  document.write(gmailPage({ user: ME, threads: SAMPLE_THREADS }));
  document.close();
  document.getElementById('gmail-main')!.innerHTML = threadViewHtml(thread);
  const snapshot = readThread(document, `#inbox/${thread.id}`);
  if (snapshot.status !== 'thread') throw new Error(`thread not readable: ${snapshot.status}`);
  await recordThread(into, snapshot, DEFAULT_SETTINGS);
}

it('the demo’s unhappy customer, read from her Gmail thread, gets churn wording quoted in her risk reasons', async () => {
  // The demo database (scripts/start.ts seeds demoRows()), then the renewal thread opened in Gmail.
  db = createDb('demo-intent');
  const rows = demoRows();
  await db.companies.bulkAdd(rows.companies as never);
  await db.contacts.bulkAdd(rows.contacts as never);
  await openDanasThread(db);

  const dana = (await db.contacts.where('email').equals(PEOPLE.dana.email.toLowerCase()).first())!;
  const activities = await db.activities.where('contactIds').equals(dana.id).toArray();
  const risk = scoreContact(dana, activities, Date.parse('2026-11-20T12:00:00Z'));
  const intent = risk.reasons.find((r) => r.key === 'churnIntent');
  expect(intent?.params).toMatchObject({ count: 2, phrases: 'alternatives, tooExpensive' });
  expect(reasonText(intent!, en, 'en')).toBe('Churn wording in their recent messages (2 times): “too expensive” (price or budget), “looking at other options” (looking at alternatives)');
});

it('the demo’s unhappy customer, once her thread is read, is among the few high-risk customers of the book', async () => {
  // "We are looking at other options", "too expensive": an explicit intent to leave outranks stacked weak signals
  // (silence, slow replies) of other customers. The whole demo book scored by the rules, bands from the book.
  db = createDb('demo-intent-band');
  const rows = demoRows();
  await db.companies.bulkAdd(rows.companies as never);
  await db.contacts.bulkAdd(rows.contacts as never);
  await activityStoreOf(db).addMany(rows.activities as never);
  await openDanasThread(db);
  const settings = config(await loadRiskSettings(), { customFields: DEMO_SETTINGS.customFields });
  await recomputeRisk(db, settings, { now: Date.parse('2026-11-20T12:00:00Z'), bookBands: bookBandsOf(settings) });

  const dana = (await db.contacts.where('email').equals(PEOPLE.dana.email.toLowerCase()).first())!;
  const scores = await storedScores(db).toArray();
  const hers = scores.find((s) => s.contactId === dana.id)!;
  expect(hers.band).toBe('high');
  // And the high band stays a short list (at most 15 % of the customers scored).
  expect(scores.filter((s) => s.band === 'high').length / scores.length).toBeLessThanOrEqual(0.15);
}, 60_000);
