import { describe, expect, it } from 'vitest';
import { FIELD_NAMES } from '../../../lib/templates/fields';
import { type FieldToken, parseTemplate } from '../../../lib/templates/parse';

const fieldsOf = (source: string) => parseTemplate(source).tokens.filter((t): t is FieldToken => t.type === 'field');
const textOf = (source: string) =>
  parseTemplate(source)
    .tokens.map((t) => (t.type === 'text' ? t.value : `<${t.path}>`))
    .join('');

describe('parseTemplate: fields', () => {
  it.each(FIELD_NAMES.filter((f) => f !== 'custom'))('knows {{%s}}', (field) => {
    const parsed = parseTemplate(`Hi {{${field}}}!`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.tokens).toEqual([
      { type: 'text', value: 'Hi ' },
      { type: 'field', field, path: field, fallback: undefined, offset: 3, length: field.length + 4, line: 1, column: 4 },
      { type: 'text', value: '!' },
    ]);
  });

  it('reads custom.<key>, including non-Latin keys', () => {
    const [plan, area] = fieldsOf('{{custom.plan}} {{custom.地域}}');
    expect(plan).toMatchObject({ field: 'custom', key: 'plan', path: 'custom.plan' });
    expect(area).toMatchObject({ field: 'custom', key: '地域', path: 'custom.地域' });
  });

  it('tolerates whitespace inside the braces and around the fallback', () => {
    const [field] = fieldsOf('{{  firstName | there  }}');
    expect(field).toMatchObject({ field: 'firstName', fallback: 'there', offset: 0, length: 25 });
  });

  it('reads fallbacks with spaces, Japanese and an explicit empty one', () => {
    const [a, b, c] = fieldsOf('{{firstName|my friend}}{{lastName|お客}}{{company|}}');
    expect(a.fallback).toBe('my friend');
    expect(b.fallback).toBe('お客');
    expect(c.fallback).toBe('');
  });

  it('lists the distinct fields used, in order', () => {
    expect(parseTemplate('{{name}} {{email}} {{name|x}} {{custom.plan}}').fields).toEqual(['name', 'email', 'custom.plan']);
  });

  it('counts lines and columns from 1, columns in UTF-16 units', () => {
    const [field] = fieldsOf('こんにちは\n\n  {{lastName}}様');
    expect(field).toMatchObject({ offset: 9, line: 3, column: 3, length: 12 });
  });

  it('an empty template is one of nothing', () => {
    expect(parseTemplate('')).toEqual({ source: '', tokens: [], errors: [], fields: [] });
  });

  it('keeps single braces and plain text as text', () => {
    expect(textOf('a {b} c } { d')).toBe('a {b} c } { d');
    expect(parseTemplate('a {b} c').errors).toEqual([]);
  });
});

describe('parseTemplate: escapes', () => {
  it('\\{{ and \\}} are literal braces', () => {
    const parsed = parseTemplate('Write \\{{firstName\\}} to greet');
    expect(parsed.errors).toEqual([]);
    expect(textOf('Write \\{{firstName\\}} to greet')).toBe('Write {{firstName}} to greet');
  });

  it('\\\\ before braces is one backslash followed by a real field', () => {
    expect(textOf('C:\\Users\\\\{{firstName}}')).toBe('C:\\Users\\<firstName>');
  });

  it('other backslashes stay as they are', () => {
    expect(textOf('a\\b \\{ \\n')).toBe('a\\b \\{ \\n');
  });

  it('an escaped brace inside a fallback is part of it', () => {
    expect(fieldsOf('{{firstName|a \\}} b}}')[0].fallback).toBe('a }} b');
  });
});

describe('parseTemplate: errors with exact positions', () => {
  it('reports an unknown field with a suggestion', () => {
    const { errors, tokens } = parseTemplate('Dear {{FirstName}},');
    expect(errors).toEqual([expect.objectContaining({ code: 'unknown-field', field: 'FirstName', suggestion: 'firstName', offset: 5, length: 13, line: 1, column: 6 })]);
    // The broken field stays visible in a preview.
    expect(tokens).toEqual([{ type: 'text', value: 'Dear {{FirstName}},' }]);
  });

  it('suggests first_name → firstName and gives none for nonsense', () => {
    expect(parseTemplate('{{first_name}}').errors[0].suggestion).toBe('firstName');
    expect(parseTemplate('{{xyz}}').errors[0]).not.toHaveProperty('suggestion');
  });

  it('reports custom fields without a key, with a bad key, or outside the given keys', () => {
    expect(parseTemplate('{{custom.}} {{custom.a b}}').errors.map((e) => [e.code, e.offset])).toEqual([
      ['unknown-field', 0],
      ['unknown-field', 12],
    ]);
    const known = { customKeys: ['plan'] };
    expect(parseTemplate('{{custom.plan}}', known).errors).toEqual([]);
    expect(parseTemplate('{{custom.tier}}', known).errors[0]).toMatchObject({ code: 'unknown-field', field: 'custom.tier', offset: 0, length: 15 });
  });

  it('reports an empty field', () => {
    expect(parseTemplate('a {{}} b {{ | x }}').errors.map((e) => [e.code, e.offset, e.length])).toEqual([
      ['empty-field', 2, 4],
      ['empty-field', 9, 9],
    ]);
  });

  it('reports an unclosed {{ at its position and still reads the fields after it', () => {
    const source = 'Hi {{firstName,\nwelcome to {{company}}';
    const parsed = parseTemplate(source);
    expect(parsed.errors).toEqual([expect.objectContaining({ code: 'unclosed-field', offset: 3, length: 2, line: 1, column: 4 })]);
    expect(parsed.fields).toEqual(['company']);
    expect(textOf(source)).toBe('Hi {{firstName,\nwelcome to <company>');
  });

  it('reports an unclosed {{ at the very end', () => {
    expect(parseTemplate('Thanks {{').errors).toEqual([expect.objectContaining({ code: 'unclosed-field', offset: 7, length: 2 })]);
  });

  it('reports a stray }} and keeps it as text', () => {
    const source = 'Hi {firstName}} and {{name}} }}';
    const parsed = parseTemplate(source);
    expect(parsed.errors.map((e) => [e.code, e.offset, e.column])).toEqual([
      ['stray-close', 13, 14],
      ['stray-close', 29, 30],
    ]);
    expect(textOf(source)).toBe('Hi {firstName}} and <name> }}');
  });

  it('reports nested braces once, spanning the whole construct', () => {
    const parsed = parseTemplate('x {{a{{b}}}} y {{name}}');
    expect(parsed.errors).toEqual([expect.objectContaining({ code: 'nested-field', offset: 2, length: 10 })]);
    expect(parsed.fields).toEqual(['name']);
  });

  it('collects every error, in order, on the right lines', () => {
    const source = '{{nope}}\n{{}}\n}}\n{{firstName';
    const parsed = parseTemplate(source);
    expect(parsed.errors.map((e) => [e.code, e.line, e.column])).toEqual([
      ['unknown-field', 1, 1],
      ['empty-field', 2, 1],
      ['stray-close', 3, 1],
      ['unclosed-field', 4, 1],
    ]);
  });

  it('treats mustache triple braces as an unknown field, not as HTML', () => {
    const parsed = parseTemplate('{{{name}}}');
    expect(parsed.errors[0]).toMatchObject({ code: 'unknown-field', field: '{name', offset: 0, length: 9 });
  });
});

describe('parseTemplate: size', () => {
  it('parses a 100,000-character template with fields throughout', () => {
    const chunk = 'Dear {{firstName|there}}, about {{company}}: '.padEnd(100, '.');
    const source = chunk.repeat(1000);
    expect(source.length).toBe(100_000);
    const parsed = parseTemplate(source);
    expect(parsed.errors).toEqual([]);
    expect(parsed.tokens.filter((t) => t.type === 'field')).toHaveLength(2000);
    expect(parsed.tokens.at(-1)).toMatchObject({ type: 'text' });
  });

  it('stays linear on 100,000 characters of opening braces', () => {
    const started = performance.now();
    const parsed = parseTemplate('{{'.repeat(50_000));
    expect(parsed.errors).toHaveLength(50_000);
    expect(parsed.errors.every((e) => e.code === 'unclosed-field')).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
