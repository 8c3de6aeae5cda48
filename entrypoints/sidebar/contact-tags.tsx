import { useEffect, useRef, useState } from 'react';
import { useI18n } from '@/components/i18n';
import { TagEditor } from '@/components/TagEditor';
import { cleanTagName, tagKey } from '@/lib/contacts/tags';
import type { Tag } from '@/lib/db/types';
import { actions } from './actions';
import { useAllTags } from './use-contact-data';

/**
 * A contact's tags, editable and wired to the database: the side panel and the app's contact page share it. A tag
 * added shows at once (a pending chip, issue 17): the write and the live read that brings the stored tag follow.
 */
export function ContactTags({ contactId, tags }: { contactId: number; tags: Tag[] }) {
  const { t } = useI18n();
  const allTags = useAllTags();
  const [pending, setPending] = useState<string[]>([]);
  const [failed, setFailed] = useState<string | null>(null);
  const stored = new Set(tags.map((tag) => tag.key));
  const storedNow = useRef(stored);
  storedNow.current = stored;
  // A pending chip gives way to the stored tag when the live read brings it.
  useEffect(() => {
    const now = storedNow.current;
    setPending((list) => (list.some((p) => now.has(tagKey(p))) ? list.filter((p) => !now.has(tagKey(p))) : list));
  }, [tags]);
  const add = (name: string) => {
    const clean = cleanTagName(name);
    if (!clean) return setFailed(t('tagAddFailed', [name.trim().slice(0, 60), t('tagNameInvalid')]));
    setFailed(null);
    setPending((list) => (list.some((p) => tagKey(p) === tagKey(clean)) ? list : [...list, clean]));
    actions.addTag(contactId, clean).then(
      // Written: the live read brings the stored tag (the effect above), unless the contact had it already.
      () => storedNow.current.has(tagKey(clean)) && setPending((list) => list.filter((p) => tagKey(p) !== tagKey(clean))),
      (e: unknown) => {
        setPending((list) => list.filter((p) => tagKey(p) !== tagKey(clean)));
        setFailed(t('tagAddFailed', [clean, e instanceof Error ? e.message : String(e)]));
      },
    );
  };
  return (
    <>
      <TagEditor
        tags={tags}
        pending={pending.filter((name) => !stored.has(tagKey(name)))}
        allTags={allTags}
        onAdd={add}
        onRemove={(tagId) => void actions.removeTag(contactId, tagId)}
        onColor={(tagId, color) => void actions.setTagColor(tagId, color)}
      />
      {failed && (
        <p className="warning" role="alert">
          {failed}
        </p>
      )}
    </>
  );
}
