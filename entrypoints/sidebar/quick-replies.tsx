import { useContext, useMemo, useState } from 'react';
import { QuickReplies, type QuickReply } from '@/components/QuickReplies';
import { useI18n } from '@/components/i18n';
import { db } from '@/lib/db';
import type { Contact } from '@/lib/db/types';
import { renderForContact } from '@/lib/templates/render';
import { sortByUse, type Template } from '@/lib/templates/schema';
import { markTemplateUsed } from '@/lib/templates/store';
import { ComposeBridgeContext } from './compose-bridge';
import { liveSource, useLiveSource } from './live-source';

// Followed for the page's life once read (keep 1): the list mounts again on each thread switch (issue 13).
type StoredTemplate = Template & { id: number };
const allTemplates = liveSource<StoredTemplate[]>(() => db.templates.toArray(), { keep: 1 });
const NO_TEMPLATES: StoredTemplate[] = [];

/** The quick-reply list for one contact, wired to the templates table and to Gmail's compose box. */
export function ContactQuickReplies({ contact, companyName }: { contact: Contact; companyName: string }) {
  const { t, locale } = useI18n();
  const bridge = useContext(ComposeBridgeContext);
  const [message, setMessage] = useState<string | null>(null);
  const templates = useLiveSource(allTemplates, 'all') ?? NO_TEMPLATES;
  const replies: QuickReply[] = useMemo(
    () =>
      sortByUse(templates).map((tpl) => {
        // In the template's own language: {{today}} and the greeting's name rule follow it, not the UI's.
        const preview = renderForContact(tpl.body, contact, companyName, tpl.language ?? locale);
        return { id: tpl.id, name: tpl.name, shortcut: tpl.shortcut, text: preview.text, missing: preview.warnings.map((w) => w.field) };
      }),
    [templates, contact, companyName, locale],
  );
  const insert = async (reply: QuickReply) => {
    setMessage(null);
    const result = await bridge.insert(reply.text);
    if (result.ok) await markTemplateUsed(db, reply.id);
    else setMessage(t(`insertFailed_${(result.reason ?? 'no_compose').replace(/-/g, '_')}`));
  };
  return (
    <QuickReplies
      replies={replies}
      focusToken={bridge.focusToken}
      onInsert={(r) => void insert(r)}
      onManage={() => void browser.tabs.create({ url: browser.runtime.getURL('/templates.html') })}
      message={message}
    />
  );
}
