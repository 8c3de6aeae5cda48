import { notifyAlertsChanged } from '../alerts-changed';
import { formatDate, plural } from '@/lib/format';
import { useMemo, useState, useSyncExternalStore } from 'react';
import { useI18n } from '@/components/i18n';
import { db } from '@/lib/db';
import type { Contact } from '@/lib/db/types';
import { findDuplicates, type DuplicateGroup } from '@/lib/duplicates/find';
import { MergeChangedError, MergeError, mergeContacts, unmergeContacts, type MergeRecord } from '@/lib/workspace/merge';
import { href, type Route } from '../router';
import { useWorkspace } from '../contacts/use-workspace';
import './duplicates.css';
import { PageHeader } from '@/components/ui/PageHeader';
import { EmptyState } from '@/components/ui/EmptyState';

// Undo records for this session's merges, newest last; kept outside React so they survive leaving the page.
let undoStack: { record: MergeRecord; label: string }[] = [];
const listeners = new Set<() => void>();
const undoStore = {
  subscribe: (f: () => void) => (listeners.add(f), () => listeners.delete(f)),
  get: () => undoStack,
  set(next: typeof undoStack) {
    undoStack = next;
    listeners.forEach((f) => f());
  },
};

function Group({
  group,
  contacts,
  companies,
  onMerged,
}: {
  group: DuplicateGroup;
  contacts: Map<number, Contact>;
  companies: Map<number, string>;
  onMerged: (record: MergeRecord, label: string) => void;
}) {
  const { t, locale } = useI18n();
  const [primary, setPrimary] = useState(group.ids[0]);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const members = group.ids.map((id) => contacts.get(id)).filter((c): c is Contact => c !== undefined);
  const name = `dup-${group.ids.join('-')}`;
  const merge = async () => {
    setBusy(true);
    setError('');
    try {
      const kept = contacts.get(primary)!;
      onMerged(
        await mergeContacts(
          db,
          primary,
          group.ids.filter((id) => id !== primary),
        ),
        kept.name || kept.email,
      );
      void notifyAlertsChanged();
    } catch (e) {
      setError(e instanceof MergeError ? t(e.code === 'missing' ? 'wiMergeMissing' : 'wiMergeTooFew') : t('wiMergeFailed', e instanceof Error ? e.message : String(e)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="wi-dup" data-testid="wi-dup-group">
      <fieldset>
        <legend>
          {group.reasons.map((r) => (
            <span key={r} className="chip">
              {t(`wiReason_${r.replace(/-/g, '_')}`)}
            </span>
          ))}
          <span className="muted"> {t('wiChoosePrimary')}</span>
        </legend>
        {members.map((c) => (
          <label key={c.id} className="wi-dup-member">
            <input type="radio" name={name} checked={primary === c.id} onChange={() => setPrimary(c.id)} />
            <span>
              <a href={href({ page: 'contact', id: c.id })}>{c.name || c.email}</a> · {c.email}
            </span>
            <span className="muted">{c.companyId !== undefined ? companies.get(c.companyId) : ''}</span>
            <span className="muted">{t('wiCreatedOn', formatDate(c.createdAt, locale))}</span>
          </label>
        ))}
        <button type="button" onClick={merge} disabled={busy}>
          {t('wiMergeInto', contacts.get(primary)?.email ?? '')}
        </button>
        {error ? <p role="alert">{error}</p> : null}
      </fieldset>
    </li>
  );
}

/** Likely duplicates (same address, +tag aliases, same name at one company), merged on the user's word, with undo. */
export function DuplicatesSection(_props: { route: Extract<Route, { page: 'duplicates' }> }) {
  const { t, locale } = useI18n();
  // The book from the page's in-memory copy, as the contacts list reads it.
  const snap = useWorkspace();
  const undo = useSyncExternalStore(undoStore.subscribe, undoStore.get);
  const [status, setStatus] = useState('');
  const view = useMemo(() => {
    if (!snap) return undefined;
    return {
      groups: findDuplicates(snap.contacts),
      contacts: snap.byId as Map<number, Contact>,
      companies: new Map([...snap.companies.values()].map((c) => [c.id, c.name])),
    };
  }, [snap]);
  const undoLast = async () => {
    const last = undo.at(-1);
    if (!last) return;
    try {
      await unmergeContacts(db, last.record);
      void notifyAlertsChanged();
      undoStore.set(undo.slice(0, -1));
      setStatus(t('wiUnmerged', last.label));
    } catch (e) {
      setStatus(e instanceof MergeChangedError ? t('wiUndoChanged') : t('wiUndoFailed', e instanceof Error ? e.message : String(e)));
    }
  };
  return (
    <div className="wi-dups">
      <PageHeader title={t('wiDuplicatesTitle')} />
      <p role="status" data-testid="wi-dup-status">
        {status}
      </p>
      {undo.length > 0 ? (
        <button type="button" onClick={undoLast}>
          {t('wiUndoMerge', undo.at(-1)!.label)}
        </button>
      ) : null}
      {!view ? (
        <p className="muted">{t('loading')}</p>
      ) : view.groups.length === 0 ? (
        <EmptyState title={t('wiNoDuplicates')} />
      ) : (
        <>
          <p className="muted">{plural(t, locale, 'wiDuplicateCount', view.groups.length)}</p>
          <ul className="wi-dup-list">
            {view.groups.map((g) => (
              <Group
                key={g.ids.join('-')}
                group={g}
                contacts={view.contacts}
                companies={view.companies}
                onMerged={(record, label) => {
                  undoStore.set([...undoStore.get(), { record, label }]);
                  setStatus(t('wiMerged', [String(record.undo.contacts.length), label]));
                }}
              />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
