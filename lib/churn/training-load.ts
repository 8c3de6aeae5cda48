import type { KizunaDb } from '../db/schema';
import type { Activity } from '../db/types';
import { contactStoreOf } from '../contacts/dexie-store';
import type { CustomField } from '../settings';
import { buildTrainingSet, type TrainingSet, type TrainingSettings } from './training-set';

/** Stages whose contacts can be labelled (churned, or a customer who may have stayed). */
const LABELLED = new Set(['churned', 'customer', 'at-risk', 'advocate']);

/** Reads the labelled contacts and their activities from the database and builds the training set (the model panel's worker). */
export async function loadTrainingSet(db: KizunaDb, settings: TrainingSettings, customFields: readonly CustomField[], now: number, timeZone: string): Promise<TrainingSet> {
  const contacts = (await contactStoreOf(db).all()).filter((c) => LABELLED.has(c.stage));
  // anyOf on the multi-entry index gives an activity of two listed contacts twice: keep one.
  const activities = [
    ...new Map(
      (
        await db.activities
          .where('contactIds')
          .anyOf(contacts.map((c) => c.id))
          .toArray()
      ).map((a) => [a.id, a]),
    ).values(),
  ];
  const byContact = new Map<number, Activity[]>();
  for (const a of activities) {
    for (const id of a.contactIds) {
      const list = byContact.get(id);
      if (list) list.push(a);
      else byContact.set(id, [a]);
    }
  }
  return buildTrainingSet(contacts, (id) => byContact.get(id) ?? [], now, settings, customFields, timeZone);
}
