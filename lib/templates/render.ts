import type { Company, Contact } from '../db/types';
import { isCjkFamilyFirst, type NameParts, readNameOrder, splitName } from './names';
import { type ParsedTemplate, type ParseOptions, type SourceSpan, type TemplateError, parseTemplate } from './parse';

export type TemplateLocale = 'en' | 'ja';

/** The contact data a template can read; `company` is the company's name, `stage` the text to show. */
export interface TemplateContact {
  name?: string;
  email?: string;
  company?: string;
  owner?: string;
  stage?: string;
  custom?: Readonly<Record<string, string>>;
}

export interface RenderContext {
  contact: TemplateContact;
  locale: TemplateLocale;
  /** The date `{{today}}` shows, in the browser's time zone. */
  today: Date;
  /** The opt-out link a campaign provides for `{{unsubscribe}}`. */
  unsubscribe?: string;
}

export interface RenderWarning extends SourceSpan {
  code: 'missing-value';
  /** The field path, e.g. `firstName` or `custom.plan`. */
  field: string;
  message: string;
}

export interface RenderResult {
  text: string;
  warnings: RenderWarning[];
}

/** The template context for a stored contact (and its company, when it has one). */
export function templateContact(contact: Pick<Contact, 'name' | 'email' | 'owner' | 'stage' | 'custom'>, company?: Pick<Company, 'name'>): TemplateContact {
  return { name: contact.name, email: contact.email, owner: contact.owner, stage: contact.stage, company: company?.name, custom: contact.custom };
}

/**
 * Renders a parsed template as plain text. Values are inserted as they are, never parsed again;
 * a missing value without a fallback renders empty and yields a warning at the field's position.
 */
export function render(parsed: ParsedTemplate, context: RenderContext): RenderResult {
  const { contact } = context;
  let names: NameParts | undefined;
  const nameParts = () => (names ??= contactNames(contact, context.locale));
  let text = '';
  let warnings: RenderWarning[] | undefined;
  for (const token of parsed.tokens) {
    if (token.type === 'text') {
      text += token.value;
      continue;
    }
    let value: string | undefined;
    switch (token.field) {
      case 'firstName':
        value = nameParts().first;
        break;
      case 'lastName':
        value = nameParts().last;
        break;
      case 'name':
        value = contact.name;
        break;
      case 'email':
        value = contact.email;
        break;
      case 'company':
        value = contact.company;
        break;
      case 'owner':
        value = contact.owner;
        break;
      case 'stage':
        value = contact.stage;
        break;
      case 'custom':
        value = contact.custom?.[token.key as string];
        break;
      case 'today':
        value = formatToday(context.today, context.locale);
        break;
      case 'unsubscribe':
        value = context.unsubscribe;
        break;
    }
    value = value?.trim();
    if (value) text += value;
    else if (token.fallback !== undefined) text += token.fallback;
    else {
      const { offset, length, line, column, path } = token;
      (warnings ??= []).push({ code: 'missing-value', field: path, offset, length, line, column, message: `No value for "${path}" and no fallback.` });
    }
  }
  return { text, warnings: warnings ?? [] };
}

export interface Preview extends RenderResult {
  errors: TemplateError[];
}

/** Renders a template body for a stored contact (and its company's name) in the UI's language, with today's date. */
export function renderForContact(body: string, contact: Pick<Contact, 'name' | 'email' | 'owner' | 'stage' | 'custom'>, companyName: string, locale: string): Preview {
  return previewTemplate(body, { contact: templateContact(contact, { name: companyName }), locale: locale === 'ja' ? 'ja' : 'en', today: new Date() });
}

/** Parses and renders in one go, for an editor preview: syntax errors and missing-value warnings together. */
export function previewTemplate(source: string, context: RenderContext, options?: ParseOptions): Preview {
  const parsed = parseTemplate(source, options);
  return { ...render(parsed, context), errors: parsed.errors };
}

function contactNames(contact: TemplateContact, locale: TemplateLocale): NameParts {
  const order = readNameOrder(contact.custom?.nameOrder);
  const split = splitName(contact.name ?? '', order);
  // An English template greets a CJK family-first name (山田 太郎) by the family name, as its owner would be
  // addressed in English ("Hi Yamada", never "Hi 太郎"); a Japanese template keeps the given name for {{firstName}}
  // and {{lastName}}様 for the usual greeting. docs/templates.md
  const first = locale === 'en' && split.last && isCjkFamilyFirst(contact.name ?? '', order) ? split.last : split.first;
  // Explicit custom fields win over guessing from the full name.
  return { first: contact.custom?.firstName?.trim() || first, last: contact.custom?.lastName?.trim() || split.last };
}

const dateFormats = new Map<TemplateLocale, Intl.DateTimeFormat>();
let lastToday: { time: number; locale: TemplateLocale; text: string } | undefined;

// Creating an Intl formatter costs far more than a render; keep one per locale and the last result.
function formatToday(today: Date, locale: TemplateLocale): string {
  const time = today.getTime();
  if (lastToday && lastToday.time === time && lastToday.locale === locale) return lastToday.text;
  let format = dateFormats.get(locale);
  if (!format) dateFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { dateStyle: 'long' })));
  const text = Number.isNaN(time) ? '' : format.format(today);
  lastToday = { time, locale, text };
  return text;
}
