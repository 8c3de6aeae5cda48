/** The merge fields a template may use. `custom.<key>` reads one of the contact's custom fields. */
export const FIELD_NAMES = ['firstName', 'lastName', 'name', 'email', 'company', 'owner', 'stage', 'today', 'unsubscribe', 'custom'] as const;
export type FieldName = (typeof FIELD_NAMES)[number];

export const CUSTOM_PREFIX = 'custom.';

/** A custom key: letters (any script), digits, `_` and `-`. */
export const CUSTOM_KEY_PATTERN = /^[\p{L}\p{N}_-]+$/u;

const SIMPLE_FIELDS: ReadonlySet<string> = new Set(FIELD_NAMES.filter((f) => f !== 'custom'));

/** Whether `name` is a field other than `custom.<key>`. */
export function isSimpleField(name: string): name is Exclude<FieldName, 'custom'> {
  return SIMPLE_FIELDS.has(name);
}

/** The known field closest to a mistyped one (`FirstName`, `first_name` → `firstName`), if any. */
export function suggestField(name: string): string | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[\s_.-]/g, '');
  const wanted = squash(name);
  if (!wanted) return undefined;
  for (const field of SIMPLE_FIELDS) if (squash(field) === wanted) return field;
  if (wanted.startsWith('custom') && name.length > 6) return `${CUSTOM_PREFIX}${name.slice(6).replace(/^[\s_.-]+/, '')}`;
  return undefined;
}

/** Field paths (`firstName`, `custom.plan`) starting with `prefix`, case-insensitively, for editor autocomplete. */
export function completeField(prefix: string, customKeys: readonly string[] = []): string[] {
  const wanted = prefix.trim().toLowerCase();
  const all = [...FIELD_NAMES.filter((f) => f !== 'custom'), ...[...new Set(customKeys)].filter((k) => CUSTOM_KEY_PATTERN.test(k)).map((k) => CUSTOM_PREFIX + k)];
  return all.filter((path) => path.toLowerCase().startsWith(wanted));
}

export interface Completion {
  /** Offsets (UTF-16) of the partial field name the chosen path replaces. */
  from: number;
  to: number;
  options: string[];
}

/** When the caret sits inside an unfinished `{{…`, the field paths that complete it; otherwise null. */
export function completionAt(source: string, caret: number, customKeys: readonly string[] = []): Completion | null {
  const open = caret >= 2 ? source.lastIndexOf('{{', caret - 2) : -1;
  if (open < 0 || (open > 0 && source[open - 1] === '\\')) return null;
  const typed = source.slice(open + 2, caret);
  // Past a `|` the user is typing a fallback, and past `}}` or a line break the field is over.
  if (/[|\n{}]/.test(typed)) return null;
  const from = open + 2 + (typed.length - typed.trimStart().length);
  return { from, to: caret, options: completeField(typed, customKeys) };
}

/**
 * The source with `option` chosen for `completion`, the field closed with `}}` unless a `}}` or a
 * fallback (`|`) already follows, and where the caret goes: after the closed field.
 */
export function acceptCompletion(source: string, completion: Completion, option: string): { text: string; caret: number } {
  // The rest of a name the caret sits inside ("{{fir|stName") is replaced too.
  const rest = /^[\p{L}\p{N}_.-]*/u.exec(source.slice(completion.to))![0];
  const before = source.slice(0, completion.from) + option;
  const after = source.slice(completion.to + rest.length);
  const closing = /^\s*\}\}/.exec(after);
  if (closing) return { text: before + after, caret: before.length + closing[0].length };
  if (/^\s*\|/.test(after)) return { text: before + after, caret: before.length };
  return { text: `${before}}}${after}`, caret: before.length + 2 };
}
