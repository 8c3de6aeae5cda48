import type { Company, Contact, SegmentRecord, StoredScore, Tag } from '../db/types';

/**
 * Contacts in the contacts list's first page: a tall screen's rows (36 px each) and then some, read before the rest of
 * the book. Each row more is read, cloned and projected before the first paint (issue 16: 200 before).
 */
export const FIRST_PAGE = 60;

/** The contacts list's first page as read before Dexie has loaded (entrypoints/app/contacts/first-read.ts): what WorkspaceStore reads first. */
export interface FirstPage {
  /** The first `FIRST_PAGE` contacts in id order (fewer: the whole book), with their tags. */
  contacts: Contact[];
  /** The stored score of each contact, in the same order (undefined: none). */
  scores: (StoredScore | undefined)[];
  /** The companies of these contacts. */
  companies: Company[];
  /** Every tag definition. */
  tags: Tag[];
  /** Saved segments, by name. */
  segments: SegmentRecord[];
}
