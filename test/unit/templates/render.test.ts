import { describe, expect, it } from 'vitest';
import { escapeHtml, textToHtml } from '../../../lib/templates/html';
import { parseTemplate } from '../../../lib/templates/parse';
import { type RenderContext, type TemplateContact, previewTemplate, render, templateContact } from '../../../lib/templates/render';

const today = new Date(2026, 10, 5, 12, 0, 0); // local noon, so no time zone moves the day
const ann: TemplateContact = {
  name: 'Ann Lee',
  email: 'ann@acme.com',
  company: 'Acme',
  owner: 'Ken',
  stage: 'customer',
  custom: { plan: 'Pro', renewal: 'March' },
};
const ctx = (contact: TemplateContact, extra: Partial<RenderContext> = {}): RenderContext => ({ contact, locale: 'en', today, ...extra });
const run = (source: string, context: RenderContext = ctx(ann)) => render(parseTemplate(source), context);

describe('render: every field', () => {
  it.each([
    ['firstName', 'Ann'],
    ['lastName', 'Lee'],
    ['name', 'Ann Lee'],
    ['email', 'ann@acme.com'],
    ['company', 'Acme'],
    ['owner', 'Ken'],
    ['stage', 'customer'],
    ['custom.plan', 'Pro'],
    ['today', 'November 5, 2026'],
  ])('{{%s}} → %s', (field, expected) => {
    expect(run(`[{{${field}}}]`)).toEqual({ text: `[${expected}]`, warnings: [] });
  });

  it('{{unsubscribe}} renders the context link', () => {
    expect(run('Stop: {{unsubscribe}}', ctx(ann, { unsubscribe: 'https://x.example/u/1' })).text).toBe('Stop: https://x.example/u/1');
  });

  it('formats {{today}} for Japanese', () => {
    expect(run('{{today}}', ctx(ann, { locale: 'ja' })).text).toBe('2026年11月5日');
  });

  it('renders a whole message', () => {
    const source = 'Hi {{firstName}},\n\nYour {{custom.plan}} plan renews in {{custom.renewal}}.\n{{owner}} at {{company|us}}';
    expect(run(source).text).toBe('Hi Ann,\n\nYour Pro plan renews in March.\nKen at Acme');
  });

  it('builds the context from a stored contact and company', () => {
    const contact = { name: 'Bo Chan', email: 'bo@x.io', owner: 'Mia', stage: 'lead' as const, custom: { plan: 'Free' } };
    expect(run('{{firstName}} {{company}} {{stage}} {{custom.plan}}', ctx(templateContact(contact, { name: 'X Inc' }))).text).toBe('Bo X Inc lead Free');
  });
});

describe('render: missing values', () => {
  const empty: TemplateContact = { email: 'x@y.z', name: '  ', custom: {} };

  it('uses the fallback when the value is missing or blank', () => {
    expect(run('Hi {{firstName|there}}, {{company|your team}}, {{custom.plan|Free}}', ctx(empty))).toEqual({
      text: 'Hi there, your team, Free',
      warnings: [],
    });
  });

  it('an empty fallback renders nothing without a warning', () => {
    expect(run('a{{company|}}b', ctx(empty))).toEqual({ text: 'ab', warnings: [] });
  });

  it('warns at the position of each missing value without a fallback and renders it empty', () => {
    const result = run('Hi {{firstName}},\nplan: {{custom.plan}} {{unsubscribe}}', ctx(empty));
    expect(result.text).toBe('Hi ,\nplan:  ');
    expect(result.warnings).toEqual([
      expect.objectContaining({ code: 'missing-value', field: 'firstName', offset: 3, length: 13, line: 1, column: 4 }),
      expect.objectContaining({ code: 'missing-value', field: 'custom.plan', offset: 24, line: 2, column: 7 }),
      expect.objectContaining({ code: 'missing-value', field: 'unsubscribe', line: 2, column: 23 }),
    ]);
  });

  it('warns about a last name missing from a one-word Latin name', () => {
    const result = run('{{firstName}} {{lastName}}', ctx({ name: 'Madonna' }));
    expect(result.text).toBe('Madonna ');
    expect(result.warnings.map((w) => w.field)).toEqual(['lastName']);
  });

  it('an empty template renders empty', () => {
    expect(run('')).toEqual({ text: '', warnings: [] });
  });
});

describe('render: Japanese', () => {
  it('{{lastName}}様 uses the family name of a spaced Japanese name', () => {
    expect(run('{{lastName}}様\n\nいつもお世話になっております。', ctx({ name: '山田 太郎' }, { locale: 'ja' })).text).toBe('山田様\n\nいつもお世話になっております。');
    expect(run('{{firstName}}', ctx({ name: '山田　太郎' }, { locale: 'ja' })).text).toBe('太郎');
  });

  it('an English template greets a Japanese, Chinese or Korean name by the family name, never the given name', () => {
    expect(run('Hi {{firstName}},', ctx({ name: '山田 太郎' })).text).toBe('Hi 山田,');
    expect(run('Hi {{firstName}},', ctx({ name: '王 小明' })).text).toBe('Hi 王,');
    expect(run('Hi {{firstName}},', ctx({ name: '山田太郎' })).text).toBe('Hi 山田太郎,');
    // Foreign names in katakana, Latin names and explicit fields keep the given name.
    expect(run('Hi {{firstName}},', ctx({ name: 'ジョン・スミス' })).text).toBe('Hi ジョン,');
    expect(run('Hi {{firstName}},', ctx({ name: 'Ann Lee' })).text).toBe('Hi Ann,');
    expect(run('Hi {{firstName}},', ctx({ name: '山田 太郎', custom: { firstName: 'Taro' } })).text).toBe('Hi Taro,');
    expect(run('Hi {{firstName}},', ctx({ name: '太郎 山田', custom: { nameOrder: 'given-first' } })).text).toBe('Hi 太郎,');
  });

  it('follows the contact data saying family name first, even in Latin script', () => {
    expect(run('{{lastName}}-san, {{firstName}}', ctx({ name: 'Tanaka Hanako', custom: { nameOrder: 'family-first' } })).text).toBe('Tanaka-san, Hanako');
  });

  it('prefers explicit custom firstName/lastName', () => {
    expect(run('{{lastName}}様 {{firstName}}', ctx({ name: '山田太郎', custom: { lastName: '山田', firstName: '太郎' } })).text).toBe('山田様 太郎');
  });

  it('uses an unsplittable Japanese name whole, so 様 still reads right', () => {
    expect(run('{{lastName}}様', ctx({ name: '山田太郎' })).text).toBe('山田太郎様');
  });
});

describe('render: data is text, never template or HTML', () => {
  it('inserts data containing {{ literally, without parsing it again', () => {
    const result = run('Hi {{name}} from {{company}}', ctx({ name: '{{email}} {{unsubscribe}}', company: '}}{{' }));
    expect(result).toEqual({ text: 'Hi {{email}} {{unsubscribe}} from }}{{', warnings: [] });
  });

  it('keeps <script> and RTL characters as they are', () => {
    const name = '<script>alert(1)</script>';
    const rtl = 'שלום \u202Eעולם مرحبا';
    expect(run('{{name}}|{{company}}', ctx({ name, company: rtl })).text).toBe(`${name}|${rtl}`);
  });

  it('escapes for callers that need HTML', () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;');
    const text = run('Hi {{name}}\nbye', ctx({ name: '<b>&</b>' })).text;
    expect(textToHtml(text)).toBe('Hi &lt;b&gt;&amp;&lt;/b&gt;<br>bye');
  });
});

describe('render: size and preview', () => {
  it('renders a 100,000-character template', () => {
    const source = 'Dear {{firstName|there}} at {{company}}. '.padEnd(100, '-').repeat(1000);
    const { text, warnings } = run(source);
    expect(warnings).toEqual([]);
    expect(text.startsWith('Dear Ann at Acme. ---')).toBe(true);
    expect(text.split('Dear Ann at Acme.').length - 1).toBe(1000);
  });

  it('previewTemplate reports syntax errors and missing values together', () => {
    const preview = previewTemplate('Hi {{firstName}} {{nope}} {{custom.tier}}', ctx({}), { customKeys: ['plan'] });
    expect(preview.text).toBe('Hi  {{nope}} {{custom.tier}}');
    expect(preview.errors.map((e) => e.field)).toEqual(['nope', 'custom.tier']);
    expect(preview.warnings.map((w) => w.field)).toEqual(['firstName']);
  });

  it('an invalid date for {{today}} is a missing value', () => {
    expect(run('{{today|soon}}', ctx(ann, { today: new Date(Number.NaN) })).text).toBe('soon');
  });
});
