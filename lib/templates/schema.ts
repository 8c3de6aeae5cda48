import * as z from 'zod';
import { parseTemplate } from './parse';
import { SHORTCUT_WORD_PATTERN } from './shortcut-word';
import { epochMs } from '../db/epoch-ms';

export const TEMPLATE_LANGUAGES = ['en', 'ja'] as const;

const timestamp = epochMs;
// Forms send "" for an empty optional input; store it as absent.
const emptyAsAbsent = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** A stored template. Structure only: used when importing or restoring, where nothing may be dropped for a typo. */
export const TemplateSchema = z.object({
  id: z.number().int().positive().optional(),
  name: z.string().trim().min(1).max(200),
  subject: z.string().max(998),
  body: z.string().max(100_000),
  category: z.string().trim().max(100).default(''),
  language: z.enum(TEMPLATE_LANGUAGES),
  shortcut: z.preprocess(emptyAsAbsent, z.string().trim().regex(SHORTCUT_WORD_PATTERN, 'Use 1–32 letters, digits, "-" or "_".').optional()),
  usageCount: z.number().int().nonnegative().default(0),
  lastUsedAt: timestamp.optional(),
  /** The template's key in the team book: present when the user marked it "team" (lib/team/book-templates.ts). */
  team: z.preprocess(emptyAsAbsent, z.string().trim().min(1).max(100).optional()),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Template = z.infer<typeof TemplateSchema>;
export type TemplateInput = z.input<typeof TemplateSchema>;

/** A template as saved from the editor: the structure, and subject and body free of merge-field errors. */
export const SavedTemplateSchema = TemplateSchema.superRefine((template, ctx) => {
  for (const key of ['subject', 'body'] as const) {
    for (const error of parseTemplate(template[key]).errors) {
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `Line ${error.line}, column ${error.column}: ${error.message}`,
        params: { templateError: error },
      });
    }
  }
});

const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Templates most used first, then most recently used, then by name; a new array. */
export function sortByUse<T extends Pick<Template, 'usageCount' | 'lastUsedAt' | 'name'>>(templates: readonly T[]): T[] {
  return [...templates].sort((a, b) => b.usageCount - a.usageCount || (b.lastUsedAt ?? 0) - (a.lastUsedAt ?? 0) || byName.compare(a.name, b.name));
}
