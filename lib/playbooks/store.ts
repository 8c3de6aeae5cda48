import { PLAYBOOK_CURSOR, type KizunaDb } from '../db/schema';
import type { AuditEntry } from './plan';
import type { EnrolmentStore } from './hand-off';
import { applyEnrolmentEvent, type Enrolment, type EnrolmentEvent, type Sequence } from './sequence';
import type { KnownRefs, Message, Playbook } from './types';
import { validatePlaybook, type PlaybookIssue } from './validate';
import { validateSequence, type SequenceIssue } from './sequence-validate';
import { recordOutbox, refuseWhenReadOnly } from '../team/outbox';
import { stageLoop } from './loop-guard';

/** A save's result: the stored playbook, or the issues naming the fields to fix (nothing is written then). */
export type SaveResult = { ok: true; playbook: Playbook } | { ok: false; issues: PlaybookIssue[] };

/** Playbooks, their log, sequences, enrolments and the run's cursor in the Kizuna database (schema version 9). */
export class PlaybookStore {
  constructor(readonly db: KizunaDb) {}

  /** Every playbook, oldest first (the order a run applies them in). */
  async list(): Promise<Playbook[]> {
    const rows = await this.db.playbooks.toArray();
    return rows.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  /** One playbook, or undefined. */
  get(id: string): Promise<Playbook | undefined> {
    return this.db.playbooks.get(id);
  }

  /**
   * Validates and stores a playbook (new or edited): refused with the named fields when invalid. Saving clears a
   * pause: the user has seen the reason and fixed the reference (validation refuses it otherwise).
   */
  async save(input: unknown, known: KnownRefs, now: number): Promise<SaveResult> {
    const checked = validatePlaybook(input, known);
    if (!checked.ok) return checked;
    // Playbooks are the team's (docs/team-book.md): a viewer's or refused member's store refuses them (TeamReadOnlyError).
    return this.db.transaction('rw', [this.db.playbooks, this.db.contactMeta, this.db.teamOutbox], async (tx) => {
      await refuseWhenReadOnly(tx);
      // Two playbooks that set each other's stages would ping-pong: refused, naming the chain, whatever is switched on.
      const loop = stageLoop(checked.playbook, await this.db.playbooks.toArray());
      if (loop) return { ok: false as const, issues: [loop] };
      const before = await this.db.playbooks.get(checked.playbook.id);
      const { pausedReason: _cleared, ...rest } = checked.playbook;
      const playbook: Playbook = { ...rest, createdAt: before?.createdAt ?? now, updatedAt: now };
      await this.db.playbooks.put(playbook);
      await recordOutbox(tx, () => [{ op: 'playbook', playbookId: playbook.id }]);
      return { ok: true as const, playbook };
    });
  }

  /** Switches a playbook on or off; switching it on clears a pause. */
  async setEnabled(id: string, enabled: boolean, now: number): Promise<void> {
    await this.db.transaction('rw', [this.db.playbooks, this.db.contactMeta, this.db.teamOutbox], async (tx) => {
      await refuseWhenReadOnly(tx);
      const row = await this.db.playbooks.get(id);
      if (!row) return;
      const { pausedReason: _cleared, ...rest } = row;
      await this.db.playbooks.put(enabled ? { ...rest, enabled, updatedAt: now } : { ...row, enabled, updatedAt: now });
      await recordOutbox(tx, () => [{ op: 'playbook', playbookId: id, fields: ['enabled'] }]);
    });
  }

  /** Turns a playbook off with the reason it stopped itself (a deleted reference): in a team, in this browser only (no outbox row). */
  async pause(id: string, reason: Message, now: number): Promise<void> {
    await this.db.playbooks.update(id, { enabled: false, pausedReason: reason, updatedAt: now });
  }

  /** Deletes a playbook; its log stays (what it did still happened). */
  async delete(id: string): Promise<void> {
    await this.db.transaction('rw', [this.db.playbooks, this.db.contactMeta, this.db.teamOutbox], async (tx) => {
      await refuseWhenReadOnly(tx);
      await this.db.playbooks.delete(id);
      await recordOutbox(tx, () => [{ op: 'playbook', playbookId: id }]);
    });
  }

  /** A playbook's log, newest first. */
  log(playbookId: string, limit = 100): Promise<AuditEntry[]> {
    return this.db.playbookLog.where('[playbookId+at]').between([playbookId, -Infinity], [playbookId, Infinity]).reverse().limit(limit).toArray();
  }

  /** Which of these firing keys are in the log already (applied by an earlier run). */
  async doneKeys(keys: readonly string[]): Promise<Set<string>> {
    const rows = keys.length ? await this.db.playbookLog.bulkGet([...keys]) : [];
    return new Set(rows.flatMap((r) => (r ? [r.key] : [])));
  }

  /** The run's cursor: events from this time on are the next run's; undefined before the first run. */
  async cursor(): Promise<number | undefined> {
    return (await this.db.playbookMeta.get(PLAYBOOK_CURSOR))?.value;
  }

  /** Moves the run's cursor. */
  async setCursor(at: number): Promise<void> {
    await this.db.playbookMeta.put({ key: PLAYBOOK_CURSOR, value: at });
  }

  /** Every sequence, by name. */
  async sequences(): Promise<Sequence[]> {
    return (await this.db.sequences.toArray()).sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Stores a sequence (new or edited); sequences are the team's too (refused in a read-only copy). */
  async putSequence(sequence: Sequence): Promise<void> {
    await this.db.transaction('rw', [this.db.sequences, this.db.contactMeta, this.db.teamOutbox], async (tx) => {
      await refuseWhenReadOnly(tx);
      await this.db.sequences.put(sequence);
      await recordOutbox(tx, () => [{ op: 'sequence', sequenceId: sequence.id }]);
    });
  }

  /** Validates and stores a sequence: refused with the named fields (a deleted template, no steps…), writing nothing. */
  async saveSequence(input: unknown): Promise<{ ok: true; sequence: Sequence } | { ok: false; issues: SequenceIssue[] }> {
    return this.db.transaction('rw', [this.db.sequences, this.db.templates, this.db.contactMeta, this.db.teamOutbox], async (tx) => {
      await refuseWhenReadOnly(tx);
      const templateIds = new Set((await this.db.templates.toCollection().primaryKeys()).map(Number));
      const checked = validateSequence(input, templateIds);
      if (checked.ok) {
        await this.db.sequences.put(checked.sequence);
        await recordOutbox(tx, () => [{ op: 'sequence', sequenceId: checked.sequence.id }]);
      }
      return checked;
    });
  }

  /** Deletes a sequence; enrolments and its campaign stay (what was sent still happened), playbooks naming it pause on their next run. */
  async deleteSequence(id: string): Promise<void> {
    await this.db.transaction('rw', [this.db.sequences, this.db.contactMeta, this.db.teamOutbox], async (tx) => {
      await refuseWhenReadOnly(tx);
      await this.db.sequences.delete(id);
      await recordOutbox(tx, () => [{ op: 'sequence', sequenceId: id }]);
    });
  }

  /** Applies an owner's decision (approve, edit, skip) or the engine's news to an enrolment; undefined when its state forbids it. */
  applyToEnrolment(id: string, event: EnrolmentEvent, now: number): Promise<Enrolment | undefined> {
    return enrolmentStoreOf(this.db).apply(id, event, now);
  }

  /** Enrolments awaiting the owner's approval, oldest first. */
  awaitingApproval(): Promise<Enrolment[]> {
    return this.db.enrolments.where('[state+createdAt]').between(['awaiting-approval', -Infinity], ['awaiting-approval', Infinity]).toArray();
  }
}

/** The PlaybookStore of a database. */
export function playbookStoreOf(db: KizunaDb): PlaybookStore {
  return new PlaybookStore(db);
}

/** The enrolments table as the hand-off's EnrolmentStore: each change one transaction through the state machine. */
export function enrolmentStoreOf(db: KizunaDb): EnrolmentStore {
  return {
    inState: (state) => db.enrolments.where('[state+createdAt]').between([state, -Infinity], [state, Infinity]).toArray(),
    get: (id) => db.enrolments.get(id),
    apply: (id, event, now) =>
      db.transaction('rw', db.enrolments, async () => {
        const row = await db.enrolments.get(id);
        const next = row && applyEnrolmentEvent(row, event, now);
        if (next) await db.enrolments.put(next);
        return next;
      }),
  };
}
