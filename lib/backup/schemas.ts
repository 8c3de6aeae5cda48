import { TemplateSchema, type Template } from '../templates/schema';
import { z } from 'zod';
import { isFreeMail } from '../contacts/domains';
import { TAG_COLOR_PATTERN } from '../contacts/tags';
import { epochMs } from '../db/epoch-ms';
import { STAGES } from '../db/types';
import { ALERT_KINDS } from '../db/types';
import type { Activity, Alert, Company, Contact, RiskModelRecord, SegmentRecord, Tag } from '../db/types';
import { SegmentFilterSchema } from '../segments/filter';
import { TaskSchema, type Task } from '../tasks/types';
import { PlaybookSchema } from '../playbooks/schema';
import { ENROLMENT_STATES, ENROLMENT_STOP_REASONS, type Enrolment, type Sequence } from '../playbooks/sequence';
import type { AuditEntry } from '../playbooks/plan';
import type { Playbook } from '../playbooks/types';
import { CampaignStepSchema, CampaignSchema, LedgerEntrySchema, RecipientSchema, type Campaign, type LedgerEntry, type Recipient } from '../campaigns/types';

// Rows are loose objects: a field added to a row type in a later build survives a backup round trip;
// every field the app reads is checked.
const id = z.number().int().positive();
// Times are shown as dates: one past the last a Date can hold would throw in the history list.
const time = epochMs;
const lowerCase = (s: string) => s === s.toLowerCase();
const strings = z.record(z.string(), z.string().max(100_000));

export const ContactRowSchema = z.looseObject({
  id,
  email: z.email().max(320).refine(lowerCase, 'Must be lower-case'),
  name: z.string().max(500),
  companyId: id.optional(),
  tags: z.array(id).refine((ids) => new Set(ids).size === ids.length, 'Repeated tag id'),
  stage: z.enum(STAGES),
  owner: z.string().max(320),
  custom: strings,
  customerSince: z.optional(time),
  churnedAt: z.optional(time),
  externalId: z.string().max(200).optional(),
  doNotContact: z.union([z.literal(0), z.literal(1)]),
  lastInboundAt: z.optional(time),
  lastOutboundAt: z.optional(time),
  risk: z.number().min(0).max(100).optional(),
  riskBand: z.enum(['low', 'medium', 'high']).optional(),
  riskAt: z.optional(time),
  createdAt: time,
  updatedAt: time,
});

export const CompanyRowSchema = z.looseObject({
  id,
  domain: z
    .string()
    .regex(/^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/, 'Not a lower-case domain')
    .refine((d) => !isFreeMail(`x@${d}`), 'A free-mail domain is not a company')
    // Absent for a company named by hand or by a CSV import.
    .optional(),
  name: z.string().max(500),
  fields: strings,
});

export const TagRowSchema = z
  // The colour goes into an inline style: only the app's own #rrggbb, never a url(…) or anything else.
  .looseObject({ id, name: z.string().trim().min(1).max(100), key: z.string().min(1).max(100), color: z.string().regex(TAG_COLOR_PATTERN, 'Not a tag colour (#rrggbb)') })
  .refine((t) => t.key === t.name.trim().toLowerCase(), { message: 'Key must be the lower-cased name', path: ['key'] });

export const ActivityRowSchema = z
  .looseObject({
    id,
    kind: z.enum(['email', 'note', 'stage', 'send', 'team-thread']),
    contactIds: z.array(id),
    at: time,
    messageId: z.string().min(1).max(1000).optional(),
    threadId: z.string().max(1000).optional(),
    direction: z.enum(['in', 'out']).optional(),
    from: z.string().max(320).optional(),
    internetMessageId: z.string().max(1000).optional(),
    inReplyTo: z.string().max(1000).optional(),
    references: z.array(z.string().max(1000)).max(100).optional(),
    to: z.array(z.string().max(320)).max(1000).optional(),
    subject: z.string().max(10_000).optional(),
    snippet: z.string().max(10_000).optional(),
    text: z.string().max(100_000).optional(),
    fromStage: z.enum(STAGES).optional(),
    toStage: z.enum(STAGES).optional(),
    flags: z.array(z.string().max(200)).optional(),
    updatedAt: z.optional(time),
  })
  .refine((a) => a.kind !== 'stage' || a.toStage !== undefined, { message: 'A stage change needs toStage', path: ['toStage'] });

export const RiskModelRowSchema = z.looseObject({
  id,
  kind: z.enum(['logistic', 'gbdt', 'ensemble']),
  createdAt: time,
  auc: z.number().min(0).max(1),
  aucSd: z.number().min(0).optional(),
  rulesAuc: z.number().min(0).max(1).optional(),
  positives: z.number().int().min(0),
  negatives: z.number().int().min(0),
  model: z.string().max(50_000_000),
  active: z.union([z.literal(0), z.literal(1)]),
});

export const AlertRowSchema = z.looseObject({
  id,
  key: z.string().min(1).max(500),
  contactId: id,
  kind: z.enum(ALERT_KINDS),
  at: time,
  detail: z.string().max(2000).optional(),
  open: z.union([z.literal(0), z.literal(1)]),
  dismissedAt: z.optional(time),
});

export const SegmentRowSchema = z.looseObject({
  id,
  name: z.string().trim().min(1).max(100),
  filter: SegmentFilterSchema,
  createdAt: time,
  updatedAt: time,
});

// The log is what a playbook did, shown as it was: its event and actions are checked for their type and key only.
export const PlaybookLogRowSchema = z.looseObject({
  key: z.string().min(1).max(500),
  playbookId: z.string().min(1).max(100),
  contactId: id,
  at: time,
  event: z.looseObject({ type: z.string().max(20) }),
  actions: z.array(z.looseObject({ type: z.string().max(20), key: z.string().max(500), contactId: id })).max(20),
});

export const SequenceRowSchema = z.looseObject({
  id: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(100),
  steps: z.array(CampaignStepSchema),
  sendWithoutApproval: z.boolean(),
  allowConcurrent: z.boolean(),
});

export const EnrolmentRowSchema = z.looseObject({
  id: z.string().min(1).max(500),
  contactId: id,
  sequenceId: z.string().min(1).max(100),
  playbookId: z.string().min(1).max(100).optional(),
  state: z.enum(ENROLMENT_STATES),
  createdAt: time,
  updatedAt: time,
  edited: z.object({ subject: z.string().max(1000), body: z.string().max(100_000) }).optional(),
  stopReason: z.enum(ENROLMENT_STOP_REASONS).optional(),
  campaignId: z.string().max(64).optional(),
});

/** Row schemas by table name: every table a backup holds. Adding a Dexie table means adding its schema here. */
export const BACKUP_TABLES = {
  contacts: ContactRowSchema,
  companies: CompanyRowSchema,
  tags: TagRowSchema,
  activities: ActivityRowSchema,
  templates: z.object({ ...TemplateSchema.shape, id: z.number().int().positive() }),
  riskModels: RiskModelRowSchema,
  alerts: AlertRowSchema,
  segments: SegmentRowSchema,
  campaigns: CampaignSchema,
  campaignRecipients: RecipientSchema,
  sendLedger: LedgerEntrySchema.extend({ id: id.optional() }),
  tasks: TaskSchema,
  playbooks: PlaybookSchema,
  playbookLog: PlaybookLogRowSchema,
  sequences: SequenceRowSchema,
  enrolments: EnrolmentRowSchema,
} as const;
export type BackupTableName = keyof typeof BACKUP_TABLES;

export interface BackupTables {
  contacts: Contact[];
  companies: Company[];
  tags: Tag[];
  activities: Activity[];
  templates: (Template & { id: number })[];
  riskModels: RiskModelRecord[];
  alerts: Alert[];
  segments: SegmentRecord[];
  campaigns: Campaign[];
  campaignRecipients: Recipient[];
  sendLedger: LedgerEntry[];
  tasks: Task[];
  playbooks: Playbook[];
  playbookLog: AuditEntry[];
  sequences: Sequence[];
  enrolments: Enrolment[];
}

// Compile-time proof that every parsed row is a valid app row: the build fails if types.ts gains a field these schemas miss.
type Parsed<K extends BackupTableName> = z.output<(typeof BACKUP_TABLES)[K]>;
type Assignable<A, B> = [A] extends [B] ? true : false;
void (true satisfies Assignable<Parsed<'contacts'>, Contact> &
  Assignable<Parsed<'companies'>, Company> &
  Assignable<Parsed<'tags'>, Tag> &
  Assignable<Parsed<'activities'>, Activity> &
  Assignable<Parsed<'templates'>, Template> &
  Assignable<Parsed<'riskModels'>, RiskModelRecord> &
  Assignable<Parsed<'alerts'>, Alert> &
  Assignable<Parsed<'segments'>, SegmentRecord> &
  Assignable<Parsed<'campaigns'>, Campaign> &
  Assignable<Parsed<'campaignRecipients'>, Recipient> &
  Assignable<Parsed<'sendLedger'>, LedgerEntry> &
  Assignable<Parsed<'tasks'>, Task> &
  Assignable<Parsed<'playbooks'>, Playbook> &
  Assignable<Parsed<'sequences'>, Sequence> &
  Assignable<Parsed<'enrolments'>, Enrolment>);
