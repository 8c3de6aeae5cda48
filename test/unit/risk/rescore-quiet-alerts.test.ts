// A daily rescore with nothing changed (issue #12): it writes nothing, and it reads no alert row, only the keys of the
// alerts' [contactId+open+key] index (schema 16), though the book has open and dismissed alerts.
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { activityStoreOf } from '../../../lib/activities/dexie-store';
import { dismissAlerts } from '../../../lib/churn/alert-store';
import { bandsForBook } from '../../../lib/churn/bands';
import { recomputeRisk } from '../../../lib/churn/recompute';
import { createDb, type KizunaDb } from '../../../lib/db/schema';
import type { Activity, Contact } from '../../../lib/db/types';
import { watchRequests } from '../../support/watch-requests';
import { config, contact, NOW, renewalMail } from './fixtures';

let n = 0;
let db: KizunaDb;
/** Alert rows (values) each request handed up, and write requests on any table. */
const seen = { alertRows: 0, writes: [] as string[] };

beforeEach(async () => {
  fakeBrowser.reset();
  db = createDb(`rescore-quiet-alerts-${++n}`);
  watchRequests(db, (r) => {
    if (r.op === 'mutate') seen.writes.push(`${r.table} ${r.type}`);
    else if (r.table === 'alerts' && r.values) seen.alertRows += r.rows;
  });
  await db.open();
});

const mail = renewalMail;

describe('a rescore with nothing changed', () => {
  for (const bands of ['fixed bands', 'bands from the book'] as const) {
    it(`writes nothing and reads no alert row (${bands})`, async () => {
      const people: Contact[] = Array.from({ length: 60 }, (_, i) => contact({ id: i + 1, email: `c${i + 1}@x.example` }));
      await db.contacts.bulkAdd(people);
      // Waiting messages (unanswered alerts) and churn wording (intent alerts) for some; silence for the rest.
      await activityStoreOf(db).addMany(
        people.filter((c) => c.id % 3 !== 0).map((c) => (c.id % 4 === 0 ? mail(c.id, 3, 'We plan to cancel our subscription.') : mail(c.id, 5 + (c.id % 20)))) as Activity[],
      );
      const settings = config();
      const bookBands = bands === 'fixed bands' ? undefined : async (book: Parameters<typeof bandsForBook>[0]) => bandsForBook(book, settings.settings.rules.bands);
      const first = await recomputeRisk(db, settings, { now: NOW, chunkSize: 20, bookBands });
      expect(first.alerts.length).toBeGreaterThan(10);
      await dismissAlerts(db, [first.alerts[0].id, first.alerts[1].id], NOW);
      seen.alertRows = 0;
      seen.writes.length = 0;
      const again = await recomputeRisk(db, settings, { now: NOW, chunkSize: 20, bookBands });
      expect({ changed: again.changed, alerts: again.alerts.length, read: again.read }).toEqual({ changed: 0, alerts: 0, read: 60 });
      expect(seen.writes).toEqual([]);
      expect(seen.alertRows).toBe(0);
      // The alerts are all still there, two of them dismissed.
      expect(await db.alerts.count()).toBe(first.alerts.length);
      expect(await db.alerts.where('open').equals(0).count()).toBe(2);
    });
  }
});
