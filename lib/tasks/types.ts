import { z } from 'zod';
import { epochMs } from '../db/epoch-ms';
import type { Contact } from '../db/types';

export const TASK_TYPES = ['call', 'email', 'meeting', 'other'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

/** What created a task: the user (task field, contact page, sidebar), an alert card, a bulk action, or a playbook. */
export const TASK_SOURCES = ['manual', 'sidebar', 'alert', 'bulk', 'playbook'] as const;
export type TaskSource = (typeof TASK_SOURCES)[number];

const id = z.number().int().positive();

/**
 * A stored task (schema v9, table `tasks`). Rows are loose objects so that a field a later build adds
 * survives a backup round trip; every field the app reads is checked.
 */
export const TaskSchema = z.looseObject({
  id,
  /** Unique: adding a task whose key is stored already adds nothing (a playbook re-run, a double Enter). */
  key: z.string().min(1).max(500),
  contactId: id,
  /** The contact's company when the task was made (derived, so a company's tasks can be listed). */
  companyId: id.optional(),
  title: z.string().trim().min(1).max(500),
  dueAt: epochMs,
  owner: z.string().max(320),
  type: z.enum(TASK_TYPES),
  /** 1 once done (a number so it can be indexed). */
  done: z.union([z.literal(0), z.literal(1)]),
  doneAt: z.optional(epochMs),
  notes: z.string().max(100_000),
  /** Snoozed: the reminder comes at this time instead of dueAt. */
  snoozedUntil: z.optional(epochMs),
  /** The reminder time (dueAt or snoozedUntil) the user was last notified of: each reminder notifies once. */
  remindedAt: z.optional(epochMs),
  createdAt: epochMs,
  updatedAt: epochMs,
  createdBy: z.enum(TASK_SOURCES),
  /** What in the source made it: the alert's key, the playbook's id and event. */
  sourceKey: z.string().max(500).optional(),
});

/** A stored task: the fields of TaskSchema (which checks it, see lib/backup/schemas.ts). */
export interface Task {
  id: number;
  key: string;
  contactId: number;
  companyId?: number;
  title: string;
  dueAt: number;
  owner: string;
  type: TaskType;
  done: 0 | 1;
  doneAt?: number;
  notes: string;
  snoozedUntil?: number;
  remindedAt?: number;
  createdAt: number;
  updatedAt: number;
  createdBy: TaskSource;
  sourceKey?: string;
}

/** A task to add: the store gives the id. */
export type NewTask = Omit<Task, 'id'>;

/** Fields an update may change. A key set to undefined is removed. */
export type TaskPatch = Partial<Pick<Task, 'title' | 'dueAt' | 'owner' | 'type' | 'notes' | 'snoozedUntil' | 'remindedAt'>>;

/** What a caller (the sidebar, a bulk action, a playbook) asks for; the rest is derived by newTask. */
export interface TaskDraft {
  title: string;
  dueAt: number;
  type?: TaskType;
  /** Default: the contact's owner. */
  owner?: string;
  notes?: string;
  createdBy: TaskSource;
  sourceKey?: string;
  /** A stable key for idempotent creation (a playbook's `playbook:<id>:<event>`); default: a fresh unique one. */
  key?: string;
}

let counter = 0;

/** A unique key for a task made by hand (time, a per-page counter and a random part). */
export function freshTaskKey(now: number): string {
  counter = (counter + 1) % 1_000_000;
  return `t:${now.toString(36)}:${counter.toString(36)}:${Math.random().toString(36).slice(2, 10)}`;
}

/** A new task for a contact from a draft: company derived from the contact, owner defaulting to the contact's; pure but for a fresh key. */
export function newTask(draft: TaskDraft, contact: Pick<Contact, 'id' | 'companyId' | 'owner'>, now: number): NewTask {
  const task: NewTask = {
    key: draft.key ?? freshTaskKey(now),
    contactId: contact.id,
    title: draft.title.trim(),
    dueAt: draft.dueAt,
    owner: draft.owner ?? contact.owner,
    type: draft.type ?? 'other',
    done: 0,
    notes: draft.notes ?? '',
    createdAt: now,
    updatedAt: now,
    createdBy: draft.createdBy,
  };
  if (contact.companyId !== undefined) task.companyId = contact.companyId;
  if (draft.sourceKey !== undefined) task.sourceKey = draft.sourceKey;
  return task;
}

/** When a task reminds: its snooze time if snoozed, else its due time. */
export const reminderAt = (task: Pick<Task, 'dueAt' | 'snoozedUntil'>): number => task.snoozedUntil ?? task.dueAt;
