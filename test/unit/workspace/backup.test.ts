import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createBackup, readBackupText, validateBackup } from '../../../lib/backup/format';
import { migrateBackup } from '../../../lib/backup/migrate';
import { BACKUP_TABLES, type BackupTables } from '../../../lib/backup/schemas';
import { MAX_EPOCH_MS } from '../../../lib/db/epoch-ms';
import { DERIVED_STORES, LATEST_VERSION, SCHEMA_VERSIONS } from '../../../lib/db/schema';

/** The newest fixture in backup shape: version 5 changed only how tags are stored, not a backup's rows. */
const BACKUP_FIXTURE = 4;
/** The backup fixture's tables at the latest version: version 10 added the tasks (those of the v10 fixture, on contact 1 and company 1), version 11 the playbooks (empty here). */
const latestTables = (): BackupTables => ({
  playbooks: [],
  playbookLog: [],
  sequences: [],
  enrolments: [],
  ...JSON.parse(readFileSync(join(import.meta.dirname, `../../fixtures/db/v${BACKUP_FIXTURE}.json`), 'utf8')),
  tasks: JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/db/v10.json'), 'utf8')).tasks,
});

const NOTHING_LEFT_OUT = { activities: 0, activityContacts: 0, alerts: 0, campaignRecipients: 0, contactCompanies: 0, contactTags: 0, tasks: 0 };

const v1Tables = (): BackupTables => JSON.parse(readFileSync(join(import.meta.dirname, '../../fixtures/db/v1.json'), 'utf8'));
const v1File = (tables: unknown = v1Tables()) => ({ format: 'kizuna-backup', schemaVersion: 1, exportedAt: '2026-01-01T00:00:00.000Z', tables });

function errorsOf(data: unknown): string[] {
  const check = validateBackup(data);
  if (check.ok) throw new Error('expected the backup to be refused');
  return check.errors;
}

describe('backup format', () => {
  it('round-trips every table through JSON', () => {
    const latest = latestTables();
    const backup = createBackup(latest, Date.UTC(2026, 0, 2));
    expect(backup).toMatchObject({ format: 'kizuna-backup', schemaVersion: LATEST_VERSION, exportedAt: '2026-01-02T00:00:00.000Z' });
    const check = readBackupText(JSON.stringify(backup));
    expect(check).toEqual({ ok: true, backup, leftOut: NOTHING_LEFT_OUT });
    expect(check.ok && check.backup.tables.tasks.map((t) => [t.key, t.done, t.snoozedUntil])).toEqual([
      ['fixture:1', 0, 1_760_200_000_000],
      ['fixture:2', 1, undefined],
    ]);
  });

  it('gives a version 8 backup an empty tasks table, and refuses a task with a bad type or a repeated key, naming the field', () => {
    const v8 = { ...latestTables() } as Partial<BackupTables>;
    delete v8.tasks;
    const check = validateBackup({ format: 'kizuna-backup', schemaVersion: 8, exportedAt: 'x', tables: v8 });
    expect(check.ok && check.backup.tables.tasks).toEqual([]);
    const tables = latestTables();
    (tables.tasks[0] as { type: string }).type = 'lunch';
    tables.tasks[1].key = tables.tasks[0].key;
    expect(errorsOf({ format: 'kizuna-backup', schemaVersion: LATEST_VERSION, exportedAt: 'x', tables })).toEqual([expect.stringMatching(/^tables\.tasks\[0\]\.type: Invalid option/)]);
    (tables.tasks[0] as { type: string }).type = 'call';
    expect(errorsOf({ format: 'kizuna-backup', schemaVersion: LATEST_VERSION, exportedAt: 'x', tables })).toEqual(['tables.tasks[1].key: Same key as tables.tasks[0]']);
  });

  it('restores a blend of both models (kind ensemble), the kind training often saves', () => {
    const latest = latestTables();
    latest.riskModels[0].kind = 'ensemble';
    const check = readBackupText(JSON.stringify(createBackup(latest, Date.UTC(2026, 0, 2))));
    expect(check.ok && check.backup.tables.riskModels.map((m) => m.kind)).toEqual(['ensemble']);
  });

  it('restores a version 1 backup', () => {
    const check = validateBackup(v1File());
    expect(check.ok && check.backup.tables.contacts.map((c) => c.email)).toEqual(['dana@acme.com', 'kim@gmail.com']);
  });

  it('has a row schema for every table of the latest database version', () => {
    // Every store declared by any version up to the latest (a version declares only what it adds or changes).
    const stores = new Set(
      Object.entries(SCHEMA_VERSIONS)
        .filter(([v]) => Number(v) <= LATEST_VERSION)
        .flatMap(([, s]) => Object.keys(s))
        .filter((name) => !DERIVED_STORES.includes(name)),
    );
    expect(Object.keys(BACKUP_TABLES).sort()).toEqual([...stores].sort());
  });
});

describe('backup validation names the path of each problem', () => {
  it('rejects a broken row field', () => {
    const tables = v1Tables();
    (tables.contacts[1] as { email: string }).email = 'not-an-email';
    tables.tags[0].color = 7 as unknown as string;
    expect(errorsOf(v1File(tables))).toEqual(['tables.contacts[1].email: Invalid email address', 'tables.tags[0].color: Invalid input: expected string, received number']);
  });

  it('rejects upper-case emails, unknown stages, free-mail companies and stage changes without a stage', () => {
    const tables = v1Tables();
    tables.contacts[0].email = 'Dana@acme.com';
    (tables.contacts[1] as { stage: string }).stage = 'vip';
    tables.companies[0].domain = 'gmail.com';
    delete tables.activities[2].toStage;
    expect(errorsOf(v1File(tables))).toEqual([
      'tables.contacts[0].email: Must be lower-case',
      expect.stringMatching(/^tables\.contacts\[1\]\.stage: Invalid option/),
      'tables.companies[0].domain: A free-mail domain is not a company',
      'tables.activities[2].toStage: A stage change needs toStage',
    ]);
  });

  it('rejects repeated keys before writing anything', () => {
    const tables = v1Tables();
    tables.contacts[1].email = 'dana@acme.com';
    tables.tags[1].id = tables.tags[0].id;
    tables.activities[1].messageId = tables.activities[0].messageId;
    expect(errorsOf(v1File(tables))).toEqual([
      'tables.contacts[1].email: Same email as tables.contacts[0]',
      'tables.tags[1].id: Same id as tables.tags[0]',
      'tables.activities[1].messageId: Same messageId as tables.activities[0]',
    ]);
  });

  it('refuses a newer schema version with a clear message', () => {
    expect(errorsOf({ ...v1File(), schemaVersion: LATEST_VERSION + 1, tables: 'whatever' })).toEqual([
      expect.stringMatching(/newer Kizuna \(schema version \d+; this version reads up to \d+\)\. Update Kizuna/),
    ]);
  });

  it('rejects other files, unknown and missing tables', () => {
    expect(errorsOf({ format: 'something', schemaVersion: 1 })).toEqual(['format: Not a Kizuna backup file']);
    expect(readBackupText('{ nope')).toMatchObject({ ok: false, errors: [expect.stringMatching(/^Not a JSON file/)] });
    const { tags: _tags, ...rest } = v1Tables();
    expect(errorsOf(v1File({ ...rest, widgets: [] }))).toEqual(['tables.widgets: Unknown table', 'tables.tags: Missing table']);
  });

  it('stops at 20 errors', () => {
    const tables = v1Tables();
    tables.contacts = Array.from({ length: 50 }, (_, i) => ({ ...tables.contacts[1], id: i + 1, email: `bad${i}` }));
    expect(errorsOf(v1File(tables))).toHaveLength(20);
  });
});

describe('references to rows the file does not hold are left out and counted, not refused', () => {
  const v4 = latestTables;
  const check = (tables: BackupTables) => {
    const result = validateBackup({ format: 'kizuna-backup', schemaVersion: LATEST_VERSION, exportedAt: 'x', tables });
    if (!result.ok) throw new Error(result.errors.join('\n'));
    return result;
  };

  it('drops a history row whose contacts are all missing, and keeps one with some of them (without the others)', () => {
    const tables = v4();
    tables.activities[0].contactIds = [42];
    tables.activities[1].contactIds = [42, 1, 43];
    const { backup, leftOut } = check(tables);
    expect(backup.tables.activities.map((a) => [a.id, a.contactIds])).toEqual([
      [2, [1]],
      [3, [1]],
    ]);
    expect(leftOut).toEqual({ ...NOTHING_LEFT_OUT, activities: 1, activityContacts: 1 });
  });

  it('drops alerts without their contact and recipients without their campaign; keeps a recipient whose contact is gone', () => {
    const tables = v4();
    tables.alerts.push({ ...tables.alerts[0], id: 2, key: '77:intent:m1', contactId: 77 });
    const recipient = { campaignId: 'missing', contactId: 1, email: 'dana@acme.com', step: 0, state: 'queued' as const, attempts: 0, sentMessageIds: [], updatedAt: 1 };
    tables.campaignRecipients.push({ ...recipient, id: 'r1' }, { ...recipient, id: 'r2', campaignId: 'c1', contactId: 99 });
    tables.campaigns.push({
      id: 'c1',
      name: 'Q1',
      target: { kind: 'selection', contactIds: [1, 99] },
      steps: [{ templateId: 1, delayDays: 0, condition: 'no-reply' }],
      from: { address: 'me@x.com' },
      cc: [],
      bcc: [],
      startAt: 1,
      ratePerMinute: 10,
      jitter: 0,
      accountType: 'gmail',
      status: 'done',
      createdAt: 1,
      updatedAt: 1,
    });
    const { backup, leftOut } = check(tables);
    expect(backup.tables.alerts.map((a) => a.contactId)).toEqual([1]);
    expect(backup.tables.campaignRecipients.map((r) => r.id)).toEqual(['r2']);
    expect(leftOut).toEqual({ ...NOTHING_LEFT_OUT, alerts: 1, campaignRecipients: 1 });
  });

  it('keeps a contact whose company or tags are missing, without them', () => {
    const tables = v4();
    tables.contacts[0].companyId = 5;
    tables.contacts[0].tags = [1, 8, 9];
    const { backup, leftOut } = check(tables);
    expect(backup.tables.contacts[0]).not.toHaveProperty('companyId');
    expect(backup.tables.contacts[0].tags).toEqual([1]);
    expect(backup.tables.contacts[0].email).toBe('dana@acme.com');
    expect(leftOut).toEqual({ ...NOTHING_LEFT_OUT, contactCompanies: 1, contactTags: 2 });
  });

  it('drops a task without its contact, and keeps one whose company is missing, without it', () => {
    const tables = v4();
    tables.tasks[0].contactId = 77;
    tables.tasks[1].companyId = 9;
    const { backup, leftOut } = check(tables);
    expect(backup.tables.tasks.map((t) => t.key)).toEqual(['fixture:2']);
    expect(backup.tables.tasks[0]).not.toHaveProperty('companyId');
    expect(leftOut).toEqual({ ...NOTHING_LEFT_OUT, tasks: 1 });
  });
});

describe('dates and tag colours from a file are only what the app can show', () => {
  const latest = latestTables;
  const file = (tables: BackupTables) => ({ format: 'kizuna-backup', schemaVersion: LATEST_VERSION, exportedAt: 'x', tables });

  it('refuses a time past the last a Date can hold, a fraction, a negative one and an infinite one, naming the field', () => {
    const tables = latest();
    tables.activities[0].at = MAX_EPOCH_MS + 1;
    tables.activities[1].at = 1.5;
    tables.contacts[0].lastInboundAt = -1;
    tables.sendLedger[0].at = MAX_EPOCH_MS + 1;
    tables.templates[0].createdAt = 2 ** 53 - 1;
    expect(errorsOf(file(tables))).toEqual([
      'tables.contacts[0].lastInboundAt: Too small: expected number to be >=0',
      'tables.activities[0].at: Not a date: later than the year 275760',
      'tables.activities[1].at: Invalid input: expected int, received number',
      'tables.templates[0].createdAt: Not a date: later than the year 275760',
      'tables.sendLedger[0].at: Not a date: later than the year 275760',
    ]);
    // JSON has no Infinity, but 1e400 reads as one.
    const text = JSON.stringify(file(latest())).replace('"at":1760000000000', '"at":1e400');
    expect(readBackupText(text)).toEqual({ ok: false, errors: [expect.stringMatching(/^tables\.activities\[0\]\.at: /)] });
  });

  it('accepts the last time a Date can hold, and it can be shown', () => {
    const tables = latest();
    tables.activities[0].at = MAX_EPOCH_MS;
    const check = validateBackup(file(tables));
    expect(check.ok && new Date(check.backup.tables.activities[0].at).toISOString()).toBe('+275760-09-13T00:00:00.000Z');
  });

  it('refuses a tag colour that is not #rrggbb (it goes into an inline style)', () => {
    const tables = latest();
    tables.tags[0].color = 'url(https://tracker.example/pixel.png)';
    tables.tags[1].color = 'red';
    expect(errorsOf(file(tables))).toEqual(['tables.tags[0].color: Not a tag colour (#rrggbb)', 'tables.tags[1].color: Not a tag colour (#rrggbb)']);
    tables.tags[0].color = '#1A73E8';
    tables.tags[1].color = '#188038';
    expect(validateBackup(file(tables)).ok).toBe(true);
  });
});

describe('migrateBackup', () => {
  it('applies each version step in order up to the target, and only those', () => {
    const calls: number[] = [];
    const migrations = {
      1: (t: Record<string, unknown[]>) => (calls.push(1), { ...t, contacts: t.contacts.map((c) => ({ ...(c as object), v2: true })) }),
      3: (t: Record<string, unknown[]>) => (calls.push(3), t),
    };
    const out = migrateBackup({ schemaVersion: 1, tables: { contacts: [{ id: 1 }] } }, 3, migrations);
    expect(out).toEqual({ schemaVersion: 3, tables: { contacts: [{ id: 1, v2: true }] } });
    expect(calls).toEqual([1]);
  });

  it('leaves a current backup as it is, and refuses a newer one', () => {
    const data = { schemaVersion: LATEST_VERSION, tables: { contacts: [] } };
    expect(migrateBackup(data)).toEqual(data);
    expect(() => migrateBackup({ schemaVersion: LATEST_VERSION + 1, tables: {} })).toThrow(/newer Kizuna/);
  });
});
