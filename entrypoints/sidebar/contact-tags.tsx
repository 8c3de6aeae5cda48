import { TagEditor } from '@/components/TagEditor';
import type { Tag } from '@/lib/db/types';
import { actions } from './actions';
import { useAllTags } from './use-contact-data';

/** A contact's tags, editable and wired to the database: the side panel and the app's contact page share it. */
export function ContactTags({ contactId, tags }: { contactId: number; tags: Tag[] }) {
  const allTags = useAllTags();
  return (
    <TagEditor
      tags={tags}
      allTags={allTags}
      onAdd={(name) => void actions.addTag(contactId, name)}
      onRemove={(tagId) => void actions.removeTag(contactId, tagId)}
      onColor={(tagId, color) => void actions.setTagColor(tagId, color)}
    />
  );
}
