import { CUSTOM_KEY_PATTERN, CUSTOM_PREFIX, type FieldName, isSimpleField, suggestField } from './fields';

/** Where something sits in the template source: UTF-16 offset and length; line and column from 1. */
export interface SourceSpan {
  offset: number;
  length: number;
  line: number;
  column: number;
}

export type TemplateErrorCode = 'unknown-field' | 'unclosed-field' | 'stray-close' | 'empty-field' | 'nested-field';

export interface TemplateError extends SourceSpan {
  code: TemplateErrorCode;
  /** The field name as written (unknown-field only). */
  field?: string;
  /** A known field the user probably meant. */
  suggestion?: string;
  message: string;
}

export interface TextToken {
  type: 'text';
  value: string;
}

export interface FieldToken extends SourceSpan {
  type: 'field';
  field: FieldName;
  /** The key of a `custom.<key>` field. */
  key?: string;
  /** `firstName` or `custom.plan`: how warnings name the field. */
  path: string;
  /** Text used when the value is missing; `''` is a deliberate empty fallback. */
  fallback?: string;
}

export type TemplateToken = TextToken | FieldToken;

export interface ParsedTemplate {
  source: string;
  /** Broken constructs are kept as text tokens holding their source, so a preview still shows them. */
  tokens: TemplateToken[];
  errors: TemplateError[];
  /** The distinct field paths used, in order of first use. */
  fields: string[];
}

export interface ParseOptions {
  /** When given, `custom.<key>` with a key outside this list is an unknown field. */
  customKeys?: readonly string[];
}

type Piece = { kind: 'text'; value: string } | { kind: 'open' | 'close'; at: number };

/** Parses a template into tokens, collecting every syntax error with its position. */
export function parseTemplate(source: string, options: ParseOptions = {}): ParsedTemplate {
  const pieces = scan(source);
  const closer = pairBraces(pieces);
  const locate = locator(source);
  const tokens: TemplateToken[] = [];
  const errors: TemplateError[] = [];
  const fields = new Set<string>();
  const pushText = (value: string) => {
    const last = tokens[tokens.length - 1];
    if (last?.type === 'text') last.value += value;
    else if (value) tokens.push({ type: 'text', value });
  };
  const fail = (code: TemplateErrorCode, offset: number, length: number, message: string, extra: Partial<TemplateError> = {}) => errors.push({ code, message, ...locate(offset, length), ...extra });

  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (piece.kind === 'text') pushText(piece.value);
    else if (piece.kind === 'close') {
      fail('stray-close', piece.at, 2, 'A "}}" closes no field. Write \\}} for a literal "}}".');
      pushText('}}');
    } else {
      let next = i + 1;
      while (next < pieces.length && pieces[next].kind === 'text') next++;
      const end = pieces[next];
      if (end?.kind === 'close') {
        const content = pieces
          .slice(i + 1, next)
          .map((p) => (p.kind === 'text' ? p.value : ''))
          .join('');
        const length = end.at + 2 - piece.at;
        const field = readField(content, options);
        if ('error' in field) {
          fail(field.error, piece.at, length, field.message, field.extra);
          pushText(source.slice(piece.at, end.at + 2));
        } else {
          tokens.push({ type: 'field', ...field, ...locate(piece.at, length) });
          fields.add(field.path);
        }
        i = next;
      } else if (end && closer.has(i)) {
        const last = closer.get(i) as number;
        const closeAt = (pieces[last] as { at: number }).at;
        fail('nested-field', piece.at, closeAt + 2 - piece.at, 'A field cannot contain another "{{". Write \\{{ for a literal "{{".');
        pushText(source.slice(piece.at, closeAt + 2));
        i = last;
      } else {
        fail('unclosed-field', piece.at, 2, 'This "{{" is never closed with "}}". Write \\{{ for a literal "{{".');
        pushText('{{');
      }
    }
  }
  return { source, tokens, errors, fields: [...fields] };
}

// Splits the source into text and brace markers, resolving the escapes \{{, \}} and \\ before a brace.
function scan(source: string): Piece[] {
  const pieces: Piece[] = [];
  let text = '';
  let from = 0;
  const n = source.length;
  for (let i = 0; i < n; i++) {
    const c = source.charCodeAt(i);
    if (c !== 92 && c !== 123 && c !== 125) continue; // \ { }
    const pair = source.charCodeAt(i + 1);
    if (c === 92) {
      const braceAt = pair === 92 ? i + 2 : i + 1;
      const brace = source.charCodeAt(braceAt);
      if ((brace !== 123 && brace !== 125) || source.charCodeAt(braceAt + 1) !== brace) continue;
      if (pair === 92) {
        text += source.slice(from, i) + '\\';
        from = i + 2;
        i += 1;
      } else {
        text += source.slice(from, i) + source.slice(i + 1, i + 3);
        from = i + 3;
        i += 2;
      }
    } else if (pair === c) {
      text += source.slice(from, i);
      if (text) pieces.push({ kind: 'text', value: text });
      text = '';
      pieces.push({ kind: c === 123 ? 'open' : 'close', at: i });
      from = i + 2;
      i += 1;
    }
  }
  text += source.slice(from);
  if (text) pieces.push({ kind: 'text', value: text });
  return pieces;
}

// Matches each "{{" with its "}}" like parentheses; the map goes from open index to close index.
function pairBraces(pieces: Piece[]): Map<number, number> {
  const closer = new Map<number, number>();
  const open: number[] = [];
  pieces.forEach((piece, i) => {
    if (piece.kind === 'open') open.push(i);
    else if (piece.kind === 'close' && open.length > 0) closer.set(open.pop() as number, i);
  });
  return closer;
}

type FieldParts = Pick<FieldToken, 'field' | 'key' | 'path' | 'fallback'>;
type FieldFailure = { error: TemplateErrorCode; message: string; extra?: Partial<TemplateError> };

function readField(content: string, options: ParseOptions): FieldParts | FieldFailure {
  const bar = content.indexOf('|');
  const name = (bar < 0 ? content : content.slice(0, bar)).trim();
  const fallback = bar < 0 ? undefined : content.slice(bar + 1).trim();
  if (!name) return { error: 'empty-field', message: 'Empty field: write a field name between "{{" and "}}".' };
  if (isSimpleField(name)) return { field: name, path: name, fallback };
  if (name.startsWith(CUSTOM_PREFIX)) {
    const key = name.slice(CUSTOM_PREFIX.length);
    const known = !options.customKeys || options.customKeys.includes(key);
    if (CUSTOM_KEY_PATTERN.test(key) && known) return { field: 'custom', key, path: name, fallback };
  }
  const suggestion = suggestField(name);
  const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
  return {
    error: 'unknown-field',
    message: `Unknown field "${shown}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
    extra: { field: name, ...(suggestion ? { suggestion } : {}) },
  };
}

// Offsets to line and column, with the line starts found once per template.
function locator(source: string): (offset: number, length: number) => SourceSpan {
  const starts = [0];
  for (let i = source.indexOf('\n'); i >= 0; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset, length) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, length, line: lo + 1, column: offset - starts[lo] + 1 };
  };
}
