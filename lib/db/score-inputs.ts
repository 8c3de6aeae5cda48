import type { DBCore, DBCoreKeyRange, DBCoreMutateRequest, DBCoreTable, Middleware } from 'dexie';
import type { MailEvent } from '../churn/signals';

export const SCORE_INPUTS = 'scoreInputs';
const ACTIVITIES = 'activities';
// Dexie's DBCoreRangeType.Any (a const enum in Dexie's types, not importable at run time).
const ALL_KEYS: DBCoreKeyRange = { type: 3 as DBCoreKeyRange['type'], lower: undefined, upper: undefined };

/**
 * What a contact's churn score reads from its history, kept so that the daily rescore need not read the history
 * again (lib/churn/score-inputs.ts): its mail events, without the text of those that carry no churn wording. Any
 * write to the contact's activities replaces the row with a bare marker (no `events`), with a new `rev`: the
 * rescore then reads the activities, and stores the events it built only if the row is still the one it read.
 */
export interface ScoreInputRow {
  contactId: number;
  /** Changes with every write to the contact's activities (a random number). */
  rev: number;
  /** Of the code that built `events` (see scoreInputsVersion); events of another version are not used. */
  v?: string;
  events?: MailEvent[];
}

/** A fresh revision for a score-input row. */
export const newRev = (): number => Math.random();

type Row = { contactIds?: unknown };

function contactIdsOf(rows: readonly unknown[], into: Set<number>): void {
  for (const row of rows) {
    const ids = (row as Row | undefined)?.contactIds;
    if (Array.isArray(ids)) for (const id of ids) if (typeof id === 'number') into.add(id);
  }
}

/** The primary keys a put or delete names: given, or (a put of rows with their own `id`) in the rows. */
function keysOf(req: DBCoreMutateRequest): unknown[] {
  if (req.type === 'delete') return req.keys;
  if (req.type !== 'put') return [];
  return req.keys ?? req.values.map((v) => (v as { id?: unknown }).id).filter((id) => id !== undefined);
}

function activitiesTable(activities: DBCoreTable, inputs: DBCoreTable): DBCoreTable {
  return {
    ...activities,
    async mutate(req) {
      if (req.type === 'deleteRange') {
        const res = await activities.mutate(req);
        await inputs.mutate({ type: 'deleteRange', trans: req.trans, range: ALL_KEYS });
        return res;
      }
      const touched = new Set<number>();
      if (req.type === 'add' || req.type === 'put') contactIdsOf(req.values, touched);
      // A row rewritten or deleted also touches the contacts it had (a merge moves an activity to another contact).
      const keys = keysOf(req);
      if (keys.length) contactIdsOf(await activities.getMany({ trans: req.trans, keys }), touched);
      const res = await activities.mutate(req);
      if (touched.size) await inputs.mutate({ type: 'put', trans: req.trans, values: [...touched].map((contactId) => ({ contactId, rev: newRev() })) });
      return res;
    },
  };
}

/**
 * The Dexie middleware that marks a contact's score inputs stale whenever one of its activities is added, changed
 * or deleted, in the same transaction (it adds `scoreInputs` to every transaction that writes activities). It only
 * adds writes: activities read and write as ever.
 */
export const scoreInputsMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'KizunaScoreInputs',
  level: 10,
  create(down) {
    if (!down.schema.tables.some((t) => t.name === SCORE_INPUTS) || !down.schema.tables.some((t) => t.name === ACTIVITIES)) return down;
    const activities = activitiesTable(down.table(ACTIVITIES), down.table(SCORE_INPUTS));
    return {
      ...down,
      transaction(stores, mode, options) {
        const widened = mode === 'readwrite' && stores.includes(ACTIVITIES) && !stores.includes(SCORE_INPUTS) ? [...stores, SCORE_INPUTS] : stores;
        return down.transaction(widened, mode, options);
      },
      table(name) {
        return name === ACTIVITIES ? activities : down.table(name);
      },
    };
  },
};
