import { useState } from 'react';
import { useLiveQuery } from 'dexie-react-hooks';
import { useI18n } from '@/components/i18n';
import { TemplateEditor, type Draft } from '@/components/TemplateEditor';
import { db } from '@/lib/db';
import { sortByUse } from '@/lib/templates/schema';
import { duplicateTemplate, saveTemplate } from '@/lib/templates/store';
import { renderForContact } from '@/lib/templates/render';

const EMPTY: Draft = { name: '', subject: '', body: '', category: '', language: 'en', shortcut: '' };

/** The template library: list sorted by use, editor with field checks, preview for a chosen contact. */
export function TemplatesApp() {
  const { t, locale } = useI18n();
  const templates = sortByUse(useLiveQuery(() => db.templates.toArray(), []) ?? []);
  const [draft, setDraft] = useState<Draft & { id?: number; createdAt?: number; usageCount?: number; lastUsedAt?: number }>(EMPTY);
  const [issues, setIssues] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const [previewEmail, setPreviewEmail] = useState('');
  const contacts = useLiveQuery(() => (previewEmail ? db.contacts.where('email').startsWithIgnoreCase(previewEmail).limit(8).toArray() : db.contacts.limit(8).toArray()), [previewEmail]) ?? [];
  const previewContact = contacts.find((c) => c.email === previewEmail.toLowerCase()) ?? contacts[0];
  const company = useLiveQuery(async () => (previewContact?.companyId !== undefined ? db.companies.get(previewContact.companyId) : undefined), [previewContact?.companyId]);
  const preview = previewContact ? renderForContact(draft.body, previewContact, company?.name ?? '', draft.language || locale) : null;

  const save = async () => {
    const result = await saveTemplate(db, { ...draft, shortcut: draft.shortcut || undefined, usageCount: draft.usageCount ?? 0, createdAt: draft.createdAt ?? Date.now(), updatedAt: Date.now() });
    if (result.ok) (setIssues([]), setSaved(true), setDraft({ ...draft, id: result.id }));
    else (setIssues(result.issues.map((i) => `${i.path}: ${i.message}`)), setSaved(false));
  };
  return (
    <main className="library">
      <aside>
        <h1>{t('templatesTitle')}</h1>
        <button type="button" onClick={() => (setDraft(EMPTY), setIssues([]), setSaved(false))}>{t('newTemplate')}</button>
        <ul aria-label={t('templatesTitle')}>
          {templates.map((tpl) => (
            <li key={tpl.id}>
              <button type="button" aria-current={tpl.id === draft.id} onClick={() => (setDraft({ ...EMPTY, ...tpl, shortcut: tpl.shortcut ?? '' }), setIssues([]), setSaved(false))}>
                <strong>{tpl.name}</strong>
                <span className="muted">{t('usedTimes', String(tpl.usageCount))}{tpl.lastUsedAt ? ` · ${new Date(tpl.lastUsedAt).toLocaleDateString(locale)}` : ''}</span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <section>
        <TemplateEditor draft={draft} onChange={(d) => (setDraft({ ...draft, ...d }), setSaved(false))} />
        {issues.length > 0 && <ul className="errors" role="alert">{issues.map((i) => <li key={i}>{i}</li>)}</ul>}
        <div className="row">
          <button type="button" onClick={() => void save()}>{t('save')}</button>
          {draft.id !== undefined && (
            <>
              <button type="button" onClick={() => void duplicateTemplate(db, draft.id!, t('copySuffix'))}>{t('duplicate')}</button>
              <button type="button" onClick={() => void db.templates.delete(draft.id!).then(() => setDraft(EMPTY))}>{t('delete')}</button>
            </>
          )}
          {saved && <span role="status">{t('saved')}</span>}
        </div>
        <h2>{t('preview')}</h2>
        <label>
          {t('previewFor')}
          <input list="preview-contacts" value={previewEmail} onChange={(e) => setPreviewEmail(e.target.value)} placeholder={previewContact?.email ?? ''} />
          <datalist id="preview-contacts">{contacts.map((c) => <option key={c.id} value={c.email}>{c.name}</option>)}</datalist>
        </label>
        {preview ? (
          <>
            <div className="preview" data-testid="template-preview">{preview.text}</div>
            {preview.warnings.map((w) => <p key={`${w.offset}`} className="warning">{t('missingValues', w.field)}</p>)}
          </>
        ) : (
          <p className="muted">{t('noContactsForPreview')}</p>
        )}
      </section>
    </main>
  );
}
