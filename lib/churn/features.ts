import type { Activity, Contact } from '../db/types';
import { halfWidthDigits } from '../csv/numbers';
import { parseDateCell } from '../csv/values';
import type { CustomField } from '../settings';
import type { FieldMapping } from './crm-signals';
import { churnInputOf, defaultFieldMapping } from './from-activities';
import type { Cell } from './model/encoder';
import type { ChurnInput } from './rules';

const DAY = 86_400_000;

/** The fixed feature columns, mailbox signals first, then CRM signals; custom fields follow as `custom:<key>`. */
export const SIGNAL_FEATURES = [
  'theirSilenceDays',
  'ourSilenceDays',
  'inboundLast30',
  'inboundPrev90',
  'volumeRatio',
  'medianReplyHours',
  'unanswered',
  'intentHits',
  'renewalInDays',
  'paymentStatus',
  'revenue',
  'tenureDays',
  'supportTickets',
  'nps',
] as const;
export type SignalFeature = (typeof SIGNAL_FEATURES)[number];

export const CUSTOM_PREFIX = 'custom:';

/**
 * The mapping in force for a contact: the settings' mapping where it names a field, else a custom field
 * named like the signal (as `scoreContact` does when nothing is mapped).
 */
export function effectiveMapping(mapping: FieldMapping | undefined, custom: Record<string, string>): FieldMapping {
  const merged: FieldMapping = defaultFieldMapping(custom);
  for (const [signal, key] of Object.entries(mapping ?? {})) if (key) merged[signal as keyof FieldMapping] = key;
  return merged;
}

/** Custom fields that are model features: every field the user defined, except those mapped to a CRM signal. */
export function customFeatureKeys(mapping: FieldMapping | undefined, customFields: readonly Pick<CustomField, 'key'>[]): string[] {
  const mapped = new Set(
    Object.values(mapping ?? {})
      .filter(Boolean)
      .map((k) => k!.toLowerCase()),
  );
  const signalNames = new Set(['renewalat', 'paymentstatus', 'revenue', 'customersince', 'supporttickets', 'nps']);
  return customFields.map((f) => f.key).filter((k) => !mapped.has(k.toLowerCase()) && !signalNames.has(k.toLowerCase()));
}

/** Every feature column for these settings, in order. */
export function featureColumns(mapping: FieldMapping | undefined, customFields: readonly Pick<CustomField, 'key'>[]): string[] {
  return [...SIGNAL_FEATURES, ...customFeatureKeys(mapping, customFields).map((k) => CUSTOM_PREFIX + k)];
}

const num = (v: number | null | undefined): Cell => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** Feature values from an already computed rules input (the scorer computes it once for rules, model and alerts). */
export function featuresFromInput(input: ChurnInput, contact: Pick<Contact, 'custom'>, customKeys: readonly string[]): Record<string, Cell> {
  const { mail, crm, now } = input;
  const out: Record<string, Cell> = {
    theirSilenceDays: num(mail?.daysSinceTheirLast),
    ourSilenceDays: num(mail?.daysSinceOurLast),
    inboundLast30: mail ? mail.inboundLast30 : null,
    inboundPrev90: mail ? mail.inboundPrev90 : null,
    volumeRatio: num(mail?.volumeRatio),
    medianReplyHours: num(mail?.medianReplyHours),
    unanswered: mail ? mail.unanswered : null,
    intentHits: mail ? mail.intentHits : null,
    renewalInDays: typeof crm?.renewalAt === 'number' ? Math.round((crm.renewalAt - now) / DAY) : null,
    paymentStatus: crm?.paymentStatus ? crm.paymentStatus.trim().toLowerCase() : null,
    revenue: num(crm?.revenue),
    tenureDays: typeof crm?.customerSince === 'number' ? Math.max(0, Math.floor((now - crm.customerSince) / DAY)) : null,
    supportTickets: num(crm?.supportTickets),
    nps: num(crm?.nps),
  };
  for (const key of customKeys) out[CUSTOM_PREFIX + key] = customFeatureValue(contact.custom[key], now);
  return out;
}

/**
 * A custom field's value as a model feature: a date (YYYY-MM-DD or YYYY/MM/DD, with or without a time, ISO 8601,
 * or 2026年3月1日; full-width digits too) becomes its age in whole days on the day described (negative: days until it); a number or a category stays as written.
 */
export function customFeatureValue(value: string | undefined, now: number): Cell {
  if (value === undefined || value.trim() === '') return null;
  const text = value.trim();
  // Full-width digits (２０２６／０３／０１, １２３) read as their ASCII forms, as fieldDate and fieldNumber do.
  const ascii = text.normalize('NFKC');
  const at = /^\d{4}([-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日)/.test(ascii) ? parseDateCell(ascii) : undefined;
  return at === undefined ? halfWidthDigits(text) : Math.floor((now - at) / DAY);
}

export interface FeatureOptions {
  /** IANA zone for working days; default UTC. */
  timeZone?: string;
}

/**
 * The model's features for one contact: the same mailbox and CRM signals the rules use, plus the user's
 * custom fields. Training and scoring both call this, so the two can never disagree.
 */
export function contactFeatures(
  contact: Contact,
  activities: readonly Activity[],
  now: number,
  mapping: FieldMapping | undefined,
  customFields: readonly Pick<CustomField, 'key'>[],
  options: FeatureOptions = {},
): Record<string, Cell> {
  const input = churnInputOf(contact, activities, now, { mapping: effectiveMapping(mapping, contact.custom), timeZone: options.timeZone });
  return featuresFromInput(input, contact, customFeatureKeys(mapping, customFields));
}
