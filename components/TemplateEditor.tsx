import { useRef, useState } from 'react';
import { acceptCompletion, completionAt } from '@/lib/templates/fields';
import { parseTemplate, type TemplateError } from '@/lib/templates/parse';
import { useI18n, type Translate } from './i18n';

export interface Draft {
  name: string;
  subject: string;
  body: string;
  category: string;
  language: 'en' | 'ja';
  shortcut: string;
}

/** A merge-field mistake in the UI's language (the parser's own message is English). */
function errorText(error: TemplateError, t: Translate): string {
  if (error.code !== 'unknown-field') return t(`tplErr_${error.code.replace(/-/g, '_')}`);
  const name = error.field ?? '';
  const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
  return [t('tplErr_unknown_field', shown), error.suggestion ? t('tplErrSuggest', error.suggestion) : ''].filter(Boolean).join(' ');
}

/** A template's fields; the body autocompletes merge fields (Tab closes the field) and marks each error at its exact position. */
export function TemplateEditor({ draft, onChange }: { draft: Draft; onChange(patch: Partial<Draft>): void }) {
  const { t } = useI18n();
  const body = useRef<HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState(0);
  const completion = completionAt(draft.body, caret);
  const errors = [...parseTemplate(draft.subject).errors.map((e) => ({ ...e, where: 'subject' as const })), ...parseTemplate(draft.body).errors.map((e) => ({ ...e, where: 'body' as const }))];
  const accept = (option: string) => {
    if (!completion) return;
    const { text, caret: at } = acceptCompletion(draft.body, completion, option);
    onChange({ body: text });
    setCaret(at);
    requestAnimationFrame(() => (body.current?.focus(), body.current?.setSelectionRange(at, at)));
  };
  const lineOf = (source: string, line: number) => source.split('\n')[line - 1] ?? '';
  return (
    <div className="editor">
      <label>
        {t('templateName')}
        <input aria-label={t('templateName')} value={draft.name} maxLength={200} onChange={(e) => onChange({ name: e.target.value })} />
      </label>
      <label>
        {t('templateSubject')}
        <input
          aria-label={t('templateSubject')}
          value={draft.subject}
          maxLength={998}
          onChange={(e) => onChange({ subject: e.target.value })}
          aria-invalid={errors.some((e) => e.where === 'subject')}
        />
      </label>
      <label>
        {t('templateBody')}
        <textarea
          ref={body}
          aria-label={t('templateBody')}
          value={draft.body}
          aria-invalid={errors.some((e) => e.where === 'body')}
          aria-describedby="body-help"
          onChange={(e) => (onChange({ body: e.target.value }), setCaret(e.target.selectionStart))}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={(e) => {
            if (e.key === 'Tab' && completion?.options.length) (e.preventDefault(), accept(completion.options[0]));
          }}
        />
      </label>
      <p id="body-help" className="muted">
        {t('templateBodyHelp')}
      </p>
      {completion && completion.options.length > 0 && (
        <div className="completions" role="group" aria-label={t('fieldSuggestions')}>
          {completion.options.slice(0, 12).map((o) => (
            <button key={o} type="button" onClick={() => accept(o)}>
              {o}
            </button>
          ))}
        </div>
      )}
      {errors.length > 0 && (
        <ul className="errors" aria-label={t('templateErrors')}>
          {errors.map((e) => (
            <li key={`${e.where}${e.offset}`}>
              {t('templateErrorAt', [t(e.where === 'body' ? 'templateBody' : 'templateSubject'), String(e.line), String(e.column)])} {errorText(e, t)}
              <pre aria-hidden="true">{`${lineOf(e.where === 'body' ? draft.body : draft.subject, e.line)}\n${' '.repeat(e.column - 1)}${'^'.repeat(Math.max(1, Math.min(e.length, 80)))}`}</pre>
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <label>
          {t('templateCategory')}
          <input aria-label={t('templateCategory')} value={draft.category} maxLength={100} onChange={(e) => onChange({ category: e.target.value })} />
        </label>
        <label>
          {t('templateLanguage')}
          <select aria-label={t('templateLanguage')} value={draft.language} onChange={(e) => onChange({ language: e.target.value as Draft['language'] })}>
            <option value="en">English</option>
            <option value="ja">日本語</option>
          </select>
        </label>
        <label>
          {t('templateShortcut')}
          <input aria-label={t('templateShortcut')} value={draft.shortcut} maxLength={32} onChange={(e) => onChange({ shortcut: e.target.value })} placeholder="renew" />
        </label>
      </div>
    </div>
  );
}
