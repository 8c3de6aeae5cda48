// The rescore's results pinned on a seeded book (issue #12): making the rescore cheaper must not change a stored score,
// band, history entry or alert. The snapshot was written by the code before that work (wt-rescore, 2026-12-02).
import { storedScores } from '../../support/stored-scores';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { DEMO_SETTINGS, demoRows } from '../../../scripts/demo-data';
import { bandsForBook } from '../../../lib/churn/bands';
import { activityStoreOf } from '../../../lib/activities/dexie-store';
import { recomputeRisk } from '../../../lib/churn/recompute';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Activity, Contact } from '../../../lib/db/types';
import { seededRandom } from '../../../lib/random';
import { config, DAY } from './fixtures';

const NOW = Date.UTC(2026, 10, 20, 12);
let db: KizunaDb;
let n = 0;

beforeEach(async () => {
  fakeBrowser.reset();
  db = createDb(`rescore-results-${++n}`);
  await db.open();
});

/** The demo book and 150 generated customers with a random history (some writing churn wording), all seeded. */
async function seedBook(): Promise<void> {
  const { contacts, activities } = demoRows() as unknown as { contacts: Contact[]; activities: Activity[] };
  const random = seededRandom(12);
  const first = Math.max(...contacts.map((c) => c.id)) + 1;
  const wording = ['Thanks, see you then.', 'We are looking at other options, to be honest.', 'This is too expensive for us.', 'We will not renew next year.', 'Great work!'];
  const extra: Contact[] = [];
  const mails: Omit<Activity, 'id'>[] = [];
  for (let i = 0; i < 150; i++) {
    const id = first + i;
    const email = `person${i}@book${i % 40}.example`;
    extra.push({ id, email, name: `Person ${i}`, tags: [], stage: i % 17 === 0 ? 'lead' : 'customer', owner: '', custom: {}, doNotContact: 0, createdAt: NOW - 500 * DAY, updatedAt: NOW });
    const count = Math.floor(random() * 8);
    for (let k = 0; k < count; k++) {
      const direction = random() < 0.6 ? 'in' : 'out';
      mails.push({
        kind: 'email',
        contactIds: [id],
        at: NOW - Math.floor(random() * 200) * DAY - Math.floor(random() * DAY),
        direction,
        messageId: `seed-${i}-${k}`,
        threadId: `seed-${i}-${k >> 1}`,
        from: direction === 'in' ? email : 'me@us.example',
        subject: `Subject ${i}`,
        snippet: wording[Math.floor(random() * wording.length)],
      });
    }
  }
  await db.contacts.bulkAdd([...contacts, ...extra]);
  await activityStoreOf(db).addMany(activities);
  await activityStoreOf(db).addMany(mails as Activity[]);
}

const snapshot = async () => ({
  scores: (await storedScores(db).toArray()).map(({ contactId, score, band, probability, horizonDays, history }) => ({ contactId, score, band, probability, horizonDays, history })),
  alerts: (await db.alerts.toArray()).map(({ key, open, at, detail }) => `${key} ${open} ${at} ${detail}`).sort(),
});

describe('a rescore of a seeded book', () => {
  it('stores the same scores, bands, histories and alerts as before, on a first run, a run with nothing changed and one with new mail', async () => {
    await seedBook();
    const settings = config({}, { customFields: DEMO_SETTINGS.customFields });
    const bookBands = async (book: Parameters<typeof bandsForBook>[0]) => bandsForBook(book, settings.settings.rules.bands);
    const first = await recomputeRisk(db, settings, { now: NOW, chunkSize: 40, bookBands });
    expect({ changed: first.changed, alerts: first.alerts.length }).toMatchSnapshot('first run');
    expect(await snapshot()).toMatchSnapshot('after the first run');
    const again = await recomputeRisk(db, settings, { now: NOW + DAY, chunkSize: 40, bookBands });
    expect({ changed: again.changed, alerts: again.alerts.length }).toMatchSnapshot('second run');
    const contactIds = [(await db.contacts.toArray()).find((c) => c.email.startsWith('person3@'))!.id];
    await activityStoreOf(db).add({
      kind: 'email',
      contactIds,
      at: NOW + DAY,
      direction: 'in',
      messageId: 'new-1',
      threadId: 'new',
      from: 'person3@book3.example',
      subject: 'Renewal',
      snippet: 'We are switching to another vendor.',
    } as Activity);
    const third = await recomputeRisk(db, settings, { now: NOW + 2 * DAY, chunkSize: 40, bookBands });
    expect({ changed: third.changed, alerts: third.alerts.length }).toMatchSnapshot('third run');
    expect(await snapshot()).toMatchSnapshot('after the third run');
  }, 60_000);
});
