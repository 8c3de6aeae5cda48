import { useState } from 'react';
import { formatDate, plural } from '@/lib/format';
import { useLiveQuery } from 'dexie-react-hooks';
import { useI18n, type Translate } from '@/components/i18n';
import { TemplateEditor, type Draft } from '@/components/TemplateEditor';
import { db } from '@/lib/db';
import { contactStoreOf } from '@/lib/contacts/dexie-store';
import { sortByUse } from '@/lib/templates/schema';
import { deleteTemplate, duplicateTemplate, saveTemplate, type SaveIssue } from '@/lib/templates/store';
import { TeamReadOnlyError } from '@/lib/team/outbox';
import { ReadOnlyGate, ReadOnlyNote } from '@/components/ReadOnlyGate';
import { useTeam, useTeamReadOnly } from '../../sidebar/use-team';
import { renderForContact } from '@/lib/templates/render';
import type { Route } from '../router';
import './templates.css';
import { Button } from '@/components/ui/Button';
import { PageHeader } from '@/components/ui/PageHeader';
import { Checkbox } from '@/components/ui/Checkbox';

type Editing = Draft & { id?: number; createdAt?: number; usageCount?: number; lastUsedAt?: number; team?: string };

const emptyDraft = (locale: string): Draft => ({ name: '', subject: '', body: '', category: '', language: locale === 'ja' ? 'ja' : 'en', shortcut: '' });

/**
 * Why a save was refused, in words. Merge-field mistakes in the subject or body are already marked in
 * the editor, each once: here they are only pointed at, never repeated.
 */
function issueLines(issues: SaveIssue[], t: Translate): string[] {
  const lines = new Set<string>();
  for (const issue of issues) {
    if (issue.path === 'subject' || issue.path === 'body') lines.add(t('tplFixMarked'));
    else if (issue.path === 'name') lines.add(t('tplNeedsName'));
    else if (issue.path === 'team' && issue.code === 'read-only') lines.add(t(`teamReadOnly_${issue.reason ?? 'viewer'}`));
    else if (issue.path === 'shortcut') lines.add(issue.code === 'shortcut-taken' ? t('tplShortcutTaken', [issue.shortcut ?? '', issue.other ?? '']) : t('tplShortcutRule'));
    else lines.add(t('labelPair', [issue.path, issue.message]));
  }
  return [...lines];
}

/** The template library: list sorted by use, editor with field checks, preview for a chosen contact. */
export function TemplatesSection(_props: { route: Extract<Route, { page: 'templates' }> }) {
  const { t, locale } = useI18n();
  const stored = useLiveQuery(() => db.templates.toArray(), []);
  const templates = sortByUse(stored ?? []);
  const [draft, setDraft] = useState<Editing>(() => emptyDraft(locale));
  const [issues, setIssues] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const [previewEmail, setPreviewEmail] = useState('');
  const contacts = useLiveQuery(() => (previewEmail ? contactStoreOf(db).byEmailPrefix(previewEmail.toLowerCase(), 8) : contactStoreOf(db).page({ limit: 8 })), [previewEmail]);
  const previewContact = contacts?.find((c) => c.email === previewEmail.toLowerCase()) ?? contacts?.[0];
  const company = useLiveQuery(async () => (previewContact?.companyId !== undefined ? db.companies.get(previewContact.companyId) : undefined), [previewContact?.companyId]);
  const preview = previewContact ? renderForContact(draft.body, previewContact, company?.name ?? '', draft.language || locale) : null;

  const { config } = useTeam();
  const readOnly = useTeamReadOnly();
  // The team template as stored (not the unsaved checkbox) decides whether a read-only member may edit it.
  const storedTeam = draft.id !== undefined ? stored?.find((tpl) => tpl.id === draft.id)?.team : undefined;
  const locked = readOnly && storedTeam ? readOnly : null;
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const open = (next: Editing) => (setDraft(next), setIssues([]), setSaved(false), setConfirmingDelete(false));
  const save = async () => {
    const result = await saveTemplate(db, { ...draft, shortcut: draft.shortcut || undefined, usageCount: draft.usageCount ?? 0, createdAt: draft.createdAt ?? Date.now(), updatedAt: Date.now() });
    if (result.ok) (setIssues([]), setSaved(true), setDraft({ ...draft, id: result.id }));
    else (setIssues(issueLines(result.issues, t)), setSaved(false));
  };
  const remove = async () => {
    try {
      await deleteTemplate(db, draft.id!);
      open(emptyDraft(locale));
    } catch (error) {
      if (!(error instanceof TeamReadOnlyError)) throw error;
      setIssues([t(`teamReadOnly_${error.reason}`)]);
      setConfirmingDelete(false);
    }
  };
  // data-state="ready" once the library and the preview's contacts are read: tests wait on it.
  return (
    <div className="library" data-state={stored && contacts ? 'ready' : 'loading'}>
      <aside>
        <PageHeader title={t('templatesTitle')} />
        <button type="button" onClick={() => open(emptyDraft(locale))}>
          {t('newTemplate')}
        </button>
        {stored && templates.length === 0 && <p className="muted">{t('tplNoneYet')}</p>}
        <ul aria-label={t('templatesTitle')}>
          {templates.map((tpl) => (
            <li key={tpl.id}>
              <button type="button" aria-current={tpl.id === draft.id} onClick={() => open({ ...emptyDraft(locale), ...tpl, shortcut: tpl.shortcut ?? '' })}>
                <strong>{tpl.name}</strong>
                {tpl.team && <span className="tpl-team-badge">{t('tplTeamBadge')}</span>}
                <span className="muted">
                  {plural(t, locale, 'usedTimes', tpl.usageCount)}
                  {tpl.lastUsedAt ? ` · ${formatDate(tpl.lastUsedAt, locale)}` : ''}
                </span>
              </button>
            </li>
          ))}
        </ul>
      </aside>
      <section aria-labelledby="tpl-editor-title">
        <h3 id="tpl-editor-title" className="tpl-editor-title">
          {draft.id !== undefined && draft.name ? draft.name : t('newTemplate')}
        </h3>
        {locked && <ReadOnlyNote reason={locked} />}
        <ReadOnlyGate reason={locked}>
          <TemplateEditor draft={draft} onChange={(d) => (setDraft({ ...draft, ...d }), setSaved(false))} />
          {config && (
            <Checkbox
              block
              className="tpl-share-team"
              label={t('tplShareTeam')}
              checked={!!draft.team}
              disabled={!!readOnly}
              aria-describedby="tpl-share-team-help"
              onChange={(e) => (setDraft({ ...draft, team: e.target.checked ? (storedTeam ?? crypto.randomUUID()) : undefined }), setSaved(false))}
            />
          )}
          {config && (
            <p id="tpl-share-team-help" className="muted">
              {readOnly ? t(`teamReadOnly_${readOnly}`) : t('tplShareTeamHelp')}
            </p>
          )}
        </ReadOnlyGate>
        {issues.length > 0 && (
          <ul className="errors" role="alert">
            {issues.map((i) => (
              <li key={i}>{i}</li>
            ))}
          </ul>
        )}
        <ReadOnlyGate reason={locked}>
          <div className="row">
            <Button variant="primary" onClick={() => void save()}>
              {t('save')}
            </Button>
            {draft.id !== undefined && !confirmingDelete && (
              <>
                <Button onClick={() => void duplicateTemplate(db, draft.id!, t('copySuffix'))}>{t('duplicate')}</Button>
                <Button variant="quiet" onClick={() => setConfirmingDelete(true)}>
                  {t('delete')}
                </Button>
              </>
            )}
            {draft.id !== undefined && confirmingDelete && (
              <span role="group" aria-label={t('tplDeleteQ', draft.name)}>
                {t('tplDeleteQ', draft.name)}{' '}
                <Button variant="danger" autoFocus onClick={() => void remove()}>
                  {t('delete')}
                </Button>
                <Button onClick={() => setConfirmingDelete(false)}>{t('cancel')}</Button>
              </span>
            )}
            {saved && <span role="status">{t('saved')}</span>}
          </div>
        </ReadOnlyGate>
        <h3>{t('preview')}</h3>
        <label className="tpl-preview-for">
          {t('previewFor')}
          <input list="preview-contacts" value={previewEmail} onChange={(e) => setPreviewEmail(e.target.value)} placeholder={previewContact?.email ?? ''} />
          <datalist id="preview-contacts">
            {(contacts ?? []).map((c) => (
              <option key={c.id} value={c.email}>
                {c.name}
              </option>
            ))}
          </datalist>
        </label>
        {preview ? (
          <>
            <div className="preview" data-testid="template-preview">
              {preview.text}
            </div>
            {preview.warnings.map((w) => (
              <p key={`${w.offset}`} className="warning">
                {t('missingValues', w.field)}
              </p>
            ))}
          </>
        ) : (
          <p className="muted">{t('noContactsForPreview')}</p>
        )}
      </section>
    </div>
  );
}
