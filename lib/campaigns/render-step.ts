import type { KizunaDb } from '../db/schema';
import { contactStoreOf } from '../contacts/dexie-store';
import type { Contact } from '../db/types';
import { previewTemplate, templateContact, type TemplateLocale } from '../templates/render';
import type { Campaign, Rendered } from './types';

/** The `{{unsubscribe}}` value: a mailto link with subject "unsubscribe" (what List-Unsubscribe offers too). */
export function unsubscribeLink(campaign: Pick<Campaign, 'unsubscribeMailto' | 'from'>): string {
  return `mailto:${campaign.unsubscribeMailto ?? campaign.from.address}?subject=unsubscribe`;
}

export interface StepTemplate {
  subject: string;
  body: string;
  language: TemplateLocale;
}

/** Renders a step's template (subject and body) for a contact; syntax errors throw, missing values are warnings. */
export function renderTemplate(
  template: StepTemplate,
  contact: Pick<Contact, 'name' | 'email' | 'owner' | 'stage' | 'custom'>,
  companyName: string | undefined,
  campaign: Pick<Campaign, 'unsubscribeMailto' | 'from'>,
  today = new Date(),
): Rendered {
  const context = { contact: templateContact(contact, companyName ? { name: companyName } : undefined), locale: template.language, today, unsubscribe: unsubscribeLink(campaign) };
  const subject = previewTemplate(template.subject, context);
  const body = previewTemplate(template.body, context);
  const errors = [...subject.errors, ...body.errors];
  if (errors.length) throw new Error(`the template has errors: ${errors[0]!.message}`);
  return { subject: subject.text.replace(/[\r\n]+/g, ' ').trim(), body: body.text, warnings: [...subject.warnings, ...body.warnings] };
}

/** Loads what a step renders from: its template, the contact and the contact's company. */
export async function renderStepFromDb(db: KizunaDb, campaign: Campaign, contactId: number, stepIndex: number): Promise<Rendered> {
  const step = campaign.steps[stepIndex];
  if (!step) throw new Error(`no step ${stepIndex + 1}`);
  const [template, contact] = await Promise.all([db.templates.get(Number(step.templateId)), contactStoreOf(db).get(contactId)]);
  if (!template) throw new Error(`the template of step ${stepIndex + 1} was deleted`);
  if (!contact) throw new Error('the contact was deleted');
  const company = contact.companyId !== undefined ? await db.companies.get(contact.companyId) : undefined;
  return renderTemplate(template, contact, company?.name, campaign);
}
