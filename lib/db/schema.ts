import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie';
import type { TagMemberRow } from '../contacts/membership';
import type { TagEventRow } from '../contacts/tag-events';
import type { BandRosterRow } from '../playbooks/band-roster';
import type { StageEmailBucket, StagedBlock } from '../contacts/staging';
import type { ListPage } from '../contacts/list-pages';
import { buildListPages, moveTagsToMembers, startContactCounter, dropEventInputs } from './upgrades';
import { moveScoresToTable, packScoresIntoBlocks } from './scores';
import type { ScoreBlockRow } from './score-blocks';
import { packInputsIntoBlocks, type ScoreInputBlockRow, type ScoreInputMarkRow } from './score-inputs';
import type { Activity, Alert, Company, Contact, RiskModelRecord, SegmentRecord, Tag } from './types';
import type { Template } from '../templates/schema';
import type { OutboxRow, TeamConflict } from '../team/outbox';
import type { Campaign, LedgerEntry, Recipient } from '../campaigns/types';
import type { Task } from '../tasks/types';
import type { AuditEntry } from '../playbooks/plan';
import type { Enrolment, Sequence } from '../playbooks/sequence';
import type { Playbook } from '../playbooks/types';

/** Dexie stores of every schema version, oldest first. Never edit a version once released: add one. */
export const SCHEMA_VERSIONS: Record<number, Record<string, string | null>> = {
  1: {
    contacts: '++id, &email, companyId, *tags, stage, owner, name, updatedAt, lastInboundAt',
    companies: '++id, &domain, name',
    tags: '++id, &key',
    activities: '++id, &messageId, *contactIds, threadId, kind, at',
  },
  2: {
    templates: '++id, name, shortcut, usageCount',
  },
  3: {
    // Churn risk is stored on the contact (risk, riskBand, riskAt) so lists can sort and filter by it.
    contacts: '++id, &email, companyId, *tags, stage, owner, name, updatedAt, lastInboundAt, risk',
    /** Fitted churn models, each a version the user can switch to or roll back to. */
    riskModels: '++id, createdAt',
    /** Pre-churn alerts; `key` makes one alert per contact, kind and event; `open` is 1 until dismissed. */
    alerts: '++id, &key, contactId, at, open',
    /** Saved segments (named filters). */
    segments: '++id, name',
    campaigns: 'id, status',
    campaignRecipients: 'id, [campaignId+state], [campaignId+nextAttemptAt], contactId',
    sendLedger: '++id, at',
  },
  4: {
    // Writes cost per index: the app filters contacts in memory, so the tags (multi-entry), name and
    // risk indexes that nothing queried are dropped (see the note on issue #5 for the figures).
    contacts: '++id, &email, companyId, stage, owner, updatedAt, lastInboundAt',
  },
  5: {
    // Tag membership moves out of the contact rows (see lib/contacts/membership.ts), so a bulk tag writes
    // a few small rows instead of every contact. And since each index costs about as much again per
    // contact written, contacts keep only the email index (the others were each used by one screen,
    // which now reads otherwise; figures in the note on issue #5).
    contacts: '++id, &email',
    tagMembers: '[tagId+block], block',
  },
  6: {
    // A large import stores its new contacts packed, a hundred per row, and they move into ordinary
    // contact rows in the background (see lib/contacts/staging.ts): writing 100,000 rows one by one
    // costs 9–12 s on a small machine, whatever the rows.
    contactStage: 'block',
    contactStageEmails: 'bucket',
  },
  7: {
    // Churn scores move out of the contact rows (see lib/db/scores.ts): a full rescore writes one small row
    // per changed score, through neither contact middleware, and each row keeps the score's daily history
    // for the trend. Keyed by contact id, no other index.
    scores: 'contactId',
  },
  8: {
    // What each contact's score reads from its history, without the text (see lib/db/score-inputs.ts): the daily
    // rescore reads one row per contact instead of every activity. Keyed by contact id, no other index.
    scoreInputs: 'contactId',
    // The ContactStore reads and writes its tables itself (no middleware) and hands out contact ids from its own
    // counter row (`nextContactId`), written in the same transaction as the contacts: an aborted import takes
    // its ids back, whatever the key generator does (docs/contact-store.md).
    contactMeta: 'key',
  },
  9: {
    // Team sync (lib/team/outbox.ts): once a team is joined, every store write adds rows here in its own transaction,
    // so the page that holds the team's documents learns each committed local write, from any context, even after a
    // crash; the rows go once the change is in the documents. Conflicts found when joining wait here for the user.
    teamOutbox: '++seq',
    teamConflicts: '++id',
  },
  10: {
    // Tasks (lib/tasks): `key` unique so a playbook or a double Enter adds a task once; a contact's tasks by
    // contactId; the open ones by [done+dueAt] (the Tasks page, the reminders).
    tasks: '++id, &key, contactId, [done+dueAt]',
  },
  11: {
    // Playbooks (docs/playbooks.md). A book has a few playbooks, read whole: no index but the id. The log's key is
    // the firing key (a run's `done` set); `[playbookId+at]` lists one playbook's log newest first.
    playbooks: 'id',
    playbookLog: 'key, [playbookId+at], contactId',
    sequences: 'id',
    // contactId: "never two sequences at once"; [state+createdAt]: the approval queue.
    enrolments: 'id, contactId, [sequenceId+state], [state+createdAt]',
    // The run's own rows: the cursor (PLAYBOOK_CURSOR), the time of the last events read.
    playbookMeta: 'key',
  },
  12: {
    // Tag additions (lib/contacts/tag-events.ts): one row per tag and membership write, added by the ContactStore in
    // the write's transaction; the playbook run reads those since its cursor by `at` ("a tag is added").
    tagEvents: '++id, at',
  },
  13: {
    // Who was in which churn band on a day a playbook acted (lib/playbooks/band-roster.ts): the comparison group of
    // "did it work?", frozen that day (score histories keep 30 days, and a contact that churns loses its score row).
    bandRosters: '[day+band], day',
  },
  14: {
    // Churn scores packed a block of 100 contact ids per row (lib/db/score-blocks.ts): a full rescore writes ~1,000
    // rows instead of 100,000 (each row written costs about the same, whatever its size). Only the ScoreStore reads them.
    scores: null,
    scoreBlocks: 'block',
  },
  15: {
    // Score inputs packed a block of 100 contact ids per row like the scores (lib/db/score-inputs.ts), their stale
    // marks apart in a small row per block: a first full rescore writes ~1,000 input rows instead of 100,000.
    scoreInputs: null,
    scoreInputBlocks: 'block',
    scoreInputMarks: 'block',
  },
  16: {
    // A rescore's chunk reads its contacts' alerts as index keys only ([contactId+open+key], lib/churn/alert-store.ts):
    // a chunk whose alerts did not change reads no alert row (issue #12).
    alerts: '++id, &key, contactId, [contactId+open+key], at, open',
  },
  17: {
    // The score inputs hold a summary of each contact's mail (MailSummary, lib/churn/score-inputs.ts), not its events:
    // a first full rescore wrote the whole history's volume again (issue #12). The old blocks are dropped by the upgrade
    // (the rescore rebuilds them); the stores stay as they are. (The alerts keep their plain contactId index: Dexie's
    // virtual index over [contactId+open+key] fails in fake-indexeddb, which the unit tests' where('contactId') use.)
    scoreInputBlocks: 'block',
  },
  18: {
    // The alerts lose their plain contactId index: every alert written wrote an entry in each of its indexes, and a
    // first full rescore writes tens of thousands (issue #12). A contact's alerts are read from [contactId+open+key]
    // (alertsOfContacts, lib/churn/alert-store.ts).
    alerts: '++id, &key, [contactId+open+key], at, open',
  },
  19: {
    // The contacts list's pages (lib/contacts/list-pages.ts): every contact row again, a block of 100 ids per record, one
    // array per field. The lists read the whole book from them: IndexedDB's cost is per record (issue 16). Written by the
    // ContactStore only, with the rows; the upgrade builds them from the rows.
    contactList: 'block',
  },
};

/** The key of the playbook run's cursor row in `playbookMeta`: events from this time on are read by the next run. */
export const PLAYBOOK_CURSOR = 'cursor';

/** The key of the contact id counter row in `contactMeta`: the next id the ContactStore hands out. */
export const NEXT_CONTACT_ID = 'nextContactId';

/** Row changes of a schema version, run by Dexie inside the version-change transaction. */
const UPGRADES: Record<number, (tx: Transaction) => Promise<void>> = {
  5: (tx) => moveTagsToMembers((tx as unknown as { idbtrans: IDBTransaction }).idbtrans),
  7: (tx) => moveScoresToTable((tx as unknown as { idbtrans: IDBTransaction }).idbtrans),
  8: (tx) => startContactCounter((tx as unknown as { idbtrans: IDBTransaction }).idbtrans, NEXT_CONTACT_ID),
  14: (tx) => packScoresIntoBlocks((tx as unknown as { idbtrans: IDBTransaction }).idbtrans),
  15: (tx) => packInputsIntoBlocks((tx as unknown as { idbtrans: IDBTransaction }).idbtrans),
  17: (tx) => dropEventInputs((tx as unknown as { idbtrans: IDBTransaction }).idbtrans),
  19: (tx) => buildListPages((tx as unknown as { idbtrans: IDBTransaction }).idbtrans),
};

/**
 * Stores that are another form of other tables' rows: never in a backup. A backup holds
 * `contact.tags` (not tagMembers) and staged contacts as contacts (they read as contacts). Scores are
 * computed from the contacts and their history (a restore is rescored; the trend starts again). The playbook
 * run's cursor belongs to this browser's runs: a restored book starts reading events from the restore on, so the tag
 * additions (the run's feed of "a tag is added" events) stay out too.
 * The band rosters, like the scores they are taken from, start again after a restore.
 */
export const DERIVED_STORES: readonly string[] = [
  'tagMembers',
  'contactStage',
  'contactStageEmails',
  'contactList',
  // The scores table of versions 7–13, then their blocks (version 14).
  'scores',
  'scoreBlocks',
  // One row per contact (versions 8–14), then blocks and their stale marks (version 15).
  'scoreInputs',
  'scoreInputBlocks',
  'scoreInputMarks',
  'contactMeta',
  'teamOutbox',
  'teamConflicts',
  'playbookMeta',
  'tagEvents',
  'bandRosters',
];

export const DB_NAME = 'kizuna';
export const LATEST_VERSION = Math.max(...Object.keys(SCHEMA_VERSIONS).map(Number));

export type KizunaDb = Dexie & {
  contacts: EntityTable<Contact, 'id'>;
  companies: EntityTable<Company, 'id'>;
  tags: EntityTable<Tag, 'id'>;
  activities: EntityTable<Activity, 'id'>;
  templates: EntityTable<Template & { id: number }, 'id'>;
  riskModels: EntityTable<RiskModelRecord, 'id'>;
  alerts: EntityTable<Alert, 'id'>;
  segments: EntityTable<SegmentRecord, 'id'>;
  campaigns: EntityTable<Campaign, 'id'>;
  campaignRecipients: EntityTable<Recipient, 'id'>;
  sendLedger: EntityTable<LedgerEntry & { id?: number }, 'id'>;
  /** Tag membership, kept by the ContactStore (lib/contacts/dexie-store.ts) and nothing else. */
  tagMembers: Table<TagMemberRow, [number, number]>;
  /** Contacts of a large import not yet in ordinary rows, kept by the ContactStore (lib/contacts/staging.ts). */
  contactStage: Table<StagedBlock, number>;
  contactStageEmails: Table<StageEmailBucket, number>;
  /** Every contact row again, a block of ids per record, column by column: the lists' read (lib/contacts/list-pages.ts), written by the ContactStore only. */
  contactList: Table<ListPage, number>;
  /** The ContactStore's own rows: the contact id counter (NEXT_CONTACT_ID). */
  contactMeta: Table<{ key: string; value: number }, string>;
  /** Churn scores of churn-eligible contacts, a block of contact ids per row: read and written only by the ScoreStore (lib/db/score-blocks.ts). */
  scoreBlocks: Table<ScoreBlockRow, number>;
  /** What each contact's score reads from its history, a block of contact ids per row (lib/db/score-inputs.ts): filled by the rescore. */
  scoreInputBlocks: Table<ScoreInputBlockRow, number>;
  /** The contacts whose score inputs are stale, per block: marked by the ActivityStore, taken away by the rescore. */
  scoreInputMarks: Table<ScoreInputMarkRow, number>;
  /** Local writes not yet in the team's documents (lib/team/outbox.ts). */
  teamOutbox: Table<OutboxRow, number>;
  /** Fields that differed between the local and the team book when joining (lib/team/join-merge.ts). */
  teamConflicts: Table<TeamConflict, number>;
  /** Tasks, kept by the TaskStore (lib/tasks/dexie-store.ts). */
  tasks: EntityTable<Task, 'id'>;
  /** Playbooks and what they did (lib/playbooks/store.ts). */
  playbooks: Table<Playbook, string>;
  playbookLog: Table<AuditEntry, string>;
  sequences: Table<Sequence, string>;
  enrolments: Table<Enrolment, string>;
  playbookMeta: Table<{ key: string; value: number }, string>;
  /** Tag additions, kept by the ContactStore (lib/contacts/tag-events.ts). */
  tagEvents: Table<TagEventRow, number>;
  /** Each band's customers on the days playbooks acted (lib/playbooks/band-roster.ts). */
  bandRosters: Table<BandRosterRow, [number, string]>;
};

/** Opens (lazily) the Kizuna database with every schema version and its upgrades declared. */
export function createDb(name = DB_NAME): KizunaDb {
  // Dexie 4.4.7's optimistic live-query cache showed stale rows and broke every live list on a
  // table after one refused add (issue #14, test/unit/db/live-cache.test.ts; docs/upstream/).
  const db = new Dexie(name, { cache: 'disabled' }) as KizunaDb;
  // Dexie (since 3.0) needs only the versions with an upgrade and the latest, each with its whole schema: it diffs
  // the schema it finds installed. Declaring all 13 cost 10–25 ms of CPU at every page's start (each declaration
  // re-parses every version before it), on the side panel's first open too (issue 13).
  let stores: Record<string, string | null> = {};
  for (const [version, delta] of Object.entries(SCHEMA_VERSIONS)) {
    stores = { ...stores, ...delta };
    const upgrade = UPGRADES[Number(version)];
    if (!upgrade && Number(version) !== LATEST_VERSION) continue;
    const declared = db.version(Number(version)).stores(stores);
    if (upgrade) declared.upgrade(upgrade);
  }
  return db;
}
