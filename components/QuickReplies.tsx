import { useEffect, useRef, useState } from 'react';
import { isComposing, isEnter } from './enter-key';
import { useI18n } from './i18n';

export interface QuickReply {
  id: number;
  name: string;
  shortcut?: string;
  /** The body rendered for this contact. */
  text: string;
  /** Merge fields with no value and no fallback. */
  missing: string[];
}

interface Props {
  replies: QuickReply[];
  /** Changes when the user asks for the picker (keyboard shortcut in Gmail): focus the search. */
  focusToken: number;
  onInsert(reply: QuickReply): void;
  onManage(): void;
  message: string | null;
}

/** The quick replies for the current contact: searchable, previewed with their data; arrows and Enter insert. */
export function QuickReplies({ replies, focusToken, onInsert, onManage, message }: Props) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (focusToken) search.current?.focus();
  }, [focusToken]);
  const q = query.trim().toLowerCase();
  const shown = q ? replies.filter((r) => `${r.name} ${r.shortcut ?? ''} ${r.text}`.toLowerCase().includes(q)) : replies;
  const current = Math.min(active, Math.max(shown.length - 1, 0));
  return (
    <section className="quick-replies" aria-label={t('quickReplies')}>
      <h2>{t('quickReplies')}</h2>
      <input
        ref={search}
        type="search"
        aria-label={t('searchQuickReplies')}
        placeholder={t('searchQuickRepliesPlaceholder')}
        value={query}
        onChange={(e) => (setQuery(e.target.value), setActive(0))}
        onKeyDown={(e) => {
          if (isComposing(e)) return;
          if (e.key === 'ArrowDown') (e.preventDefault(), setActive((current + 1) % Math.max(shown.length, 1)));
          else if (e.key === 'ArrowUp') (e.preventDefault(), setActive(current <= 0 ? shown.length - 1 : current - 1));
          else if (isEnter(e) && shown[current]) (e.preventDefault(), onInsert(shown[current]));
        }}
      />
      {message && (
        <p className="muted" role="status">
          {message}
        </p>
      )}
      {replies.length === 0 && <p className="muted">{t('noTemplates')}</p>}
      <ul role="listbox" aria-label={t('quickReplies')}>
        {shown.map((reply, i) => (
          <li key={reply.id} role="option" aria-selected={i === current} className="reply">
            <strong>{reply.name}</strong>
            {reply.shortcut && <code>;{reply.shortcut}</code>}
            <span className="snippet">{reply.text}</span>
            {reply.missing.length > 0 && <span className="warning">{t('missingValues', reply.missing.join(', '))}</span>}
            <button type="button" onClick={() => onInsert(reply)} aria-label={t('insertReply', reply.name)}>
              {t('insert')}
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="link" onClick={onManage}>
        {t('manageTemplates')}
      </button>
    </section>
  );
}
