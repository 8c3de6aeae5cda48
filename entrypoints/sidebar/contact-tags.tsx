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
 * A pending add taken back (its × or Backspace) is removed as soon as its write lands, and hidden until then.
 */
export function ContactTags({ contactId, tags }: { contactId: number; tags: Tag[] }) {
  const { t } = useI18n();
  const allTags = useAllTags();
  const [pending, setPending] = useState<string[]>([]);
  const [failed, setFailed] = useState<string | null>(null);
  /** Keys of adds taken back while their write was under way: hidden, and removed when the write lands. */
  const [takenBack, setTakenBack] = useState<ReadonlySet<string>>(new Set());
  const takenBackNow = useRef(takenBack);
  takenBackNow.current = takenBack;
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
    const key = tagKey(clean);
    setTakenBack((set) => without(set, key));
    setPending((list) => (list.some((p) => tagKey(p) === key) ? list : [...list, clean]));
    actions.addTag(contactId, clean).then(
      (tag) => {
        // Taken back meanwhile: remove what was just written, then show the tags as stored.
        if (takenBackNow.current.has(key)) {
          const shown = () => setTakenBack((set) => without(set, key));
          return void actions.removeTag(contactId, tag.id).then(shown, (e: unknown) => {
            shown();
            setFailed(t('tagRemoveFailed', [clean, e instanceof Error ? e.message : String(e)]));
          });
        }
        // Written: the live read brings the stored tag (the effect above), unless the contact had it already.
        if (storedNow.current.has(key)) setPending((list) => list.filter((p) => tagKey(p) !== key));
      },
      (e: unknown) => {
        setPending((list) => list.filter((p) => tagKey(p) !== tagKey(clean)));
        setFailed(t('tagAddFailed', [clean, e instanceof Error ? e.message : String(e)]));
      },
    );
  };
  const cancel = (name: string) => {
    const key = tagKey(name);
    setPending((list) => list.filter((p) => tagKey(p) !== key));
    setTakenBack((set) => new Set(set).add(key));
  };
  return (
    <>
      <TagEditor
        tags={takenBack.size ? tags.filter((tag) => !takenBack.has(tag.key)) : tags}
        pending={pending.filter((name) => !stored.has(tagKey(name)))}
        allTags={allTags}
        onAdd={add}
        onCancel={cancel}
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

function without(set: ReadonlySet<string>, key: string): ReadonlySet<string> {
  if (!set.has(key)) return set;
  const next = new Set(set);
  next.delete(key);
  return next;
}
