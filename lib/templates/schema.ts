import { z } from '../zod';
import { parseTemplate } from './parse';
import { SHORTCUT_WORD_PATTERN } from './shortcut-word';
import { epochMs } from '../db/epoch-ms';

export const TEMPLATE_LANGUAGES = ['en', 'ja'] as const;

const timestamp = epochMs;
// Forms send "" for an empty optional input; store it as absent. Full zod's z.preprocess, spelled in zod/mini (the
// optional() lets the key be absent in the input type too, as preprocess's type says; an absent value passes as is).
const emptyAsAbsent = <T extends z.ZodMiniType>(schema: T) => z.pipe(z.optional(z.transform((value: unknown) => (typeof value === 'string' && value.trim() === '' ? undefined : value))), schema);

/** A stored template. Structure only: used when importing or restoring, where nothing may be dropped for a typo. */
export const TemplateSchema = z.object({
  id: z.optional(z.number().check(z.int(), z.positive())),
  name: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  subject: z.string().check(z.maxLength(998)),
  body: z.string().check(z.maxLength(100_000)),
  category: z._default(z.string().check(z.trim(), z.maxLength(100)), ''),
  language: z.enum(TEMPLATE_LANGUAGES),
  shortcut: emptyAsAbsent(z.optional(z.string().check(z.trim(), z.regex(SHORTCUT_WORD_PATTERN, 'Use 1–32 letters, digits, "-" or "_".')))),
  usageCount: z._default(z.number().check(z.int(), z.nonnegative()), 0),
  lastUsedAt: z.optional(timestamp),
  /** The template's key in the team book: present when the user marked it "team" (lib/team/book-templates.ts). */
  team: emptyAsAbsent(z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(100)))),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export type Template = z.infer<typeof TemplateSchema>;
export type TemplateInput = z.input<typeof TemplateSchema>;

/** A template as saved from the editor: the structure, and subject and body free of merge-field errors. */
export const SavedTemplateSchema = TemplateSchema.check(
  z.superRefine((template, ctx) => {
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
  }),
);

const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** Templates most used first, then most recently used, then by name; a new array. */
export function sortByUse<T extends Pick<Template, 'usageCount' | 'lastUsedAt' | 'name'>>(templates: readonly T[]): T[] {
  return [...templates].sort((a, b) => b.usageCount - a.usageCount || (b.lastUsedAt ?? 0) - (a.lastUsedAt ?? 0) || byName.compare(a.name, b.name));
}
