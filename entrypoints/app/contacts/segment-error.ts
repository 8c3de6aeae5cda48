import { TeamReadOnlyError } from '@/lib/team/outbox';
import type { Translate } from '@/components/i18n';
import { SegmentError } from '@/lib/workspace/segments';

const KEYS: Record<SegmentError['code'], string> = {
  'name-empty': 'wsSegErrNameEmpty',
  'name-too-long': 'wsSegErrNameTooLong',
  'name-taken': 'wsSegErrNameTaken',
  'bad-filter': 'wsSegErrBadFilter',
  'not-found': 'wsSegErrNotFound',
};

/** A segment error in the page's language (the English message stays in the console for bug reports). */
export function segmentErrorText(error: unknown, t: Translate): string {
  if (error instanceof SegmentError) return t(KEYS[error.code], error.message);
  if (error instanceof TeamReadOnlyError) return t(`teamReadOnly_${error.reason}`);
  return t('wsSegErrOther', error instanceof Error ? error.message : String(error));
}
