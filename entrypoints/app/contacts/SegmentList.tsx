import { formatNumber } from '@/lib/format';
import { useState } from 'react';
import { Form } from '@/components/enter-key';
import { useI18n } from '@/components/i18n';
import { db } from '@/lib/db';
import type { SegmentRecord } from '@/lib/db/types';
import { segmentWrites } from './segment-writes';
import { href, navigate } from '../router';
import { Button } from '@/components/ui/Button';
import { Icon } from '@/components/ui/Icon';

interface Props {
  segments: SegmentRecord[];
  /** Live count per segment id (undefined while counting). */
  counts: Map<number, number> | undefined;
  currentId?: number;
  /** A viewer or a refused member: saved segments are the team's, so renaming and deleting are off. */
  readOnly?: boolean;
}

/** Saved segments with their live counts; each opens at #/segment/:id and can be renamed or deleted. */
export function SegmentList({ segments, counts, currentId, readOnly }: Props) {
  const { t, locale } = useI18n();
  const [editing, setEditing] = useState<number | null>(null);
  const [confirming, setConfirming] = useState<number | null>(null);
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  return (
    <nav className="ws-segments" aria-label={t('wsSegments')}>
      <h3 className="ws-segments-title">{t('wsSegments')}</h3>
      <ul>
        <li>
          <a href={href({ page: 'contacts' })} aria-current={currentId === undefined ? 'page' : undefined}>
            {t('wsAllContacts')}
          </a>
        </li>
        {segments.map((s) => (
          <li key={s.id} data-segment={s.name}>
            {editing === s.id ? (
              <Form
                onSubmit={(e) => {
                  e.preventDefault();
                  void segmentWrites().then(({ updateSegment, segmentErrorText }) =>
                    updateSegment(db, s.id, { name })
                      .then(() => {
                        setEditing(null);
                        setError('');
                      })
                      .catch((err: unknown) => setError(segmentErrorText(err, t))),
                  );
                }}
              >
                <input aria-label={t('wsSegmentName')} value={name} maxLength={100} autoFocus onChange={(e) => setName(e.target.value)} />
                <button type="submit">{t('wsSave')}</button>
                <button
                  type="button"
                  onClick={() => {
                    setEditing(null);
                    setError('');
                  }}
                >
                  {t('wsCancel')}
                </button>
                {error && (
                  <p className="ws-error" role="alert">
                    {error}
                  </p>
                )}
              </Form>
            ) : confirming === s.id ? (
              <span role="group" aria-label={t('wsDeleteSegmentQ', s.name)}>
                {t('wsDeleteSegmentQ', s.name)}{' '}
                <button
                  type="button"
                  className="danger"
                  onClick={() =>
                    void segmentWrites()
                      .then(({ deleteSegment }) => deleteSegment(db, s.id))
                      .then(() => {
                        setConfirming(null);
                        if (currentId === s.id) navigate({ page: 'contacts' });
                      })
                  }
                >
                  {t('wsDelete')}
                </button>
                <button type="button" onClick={() => setConfirming(null)}>
                  {t('wsCancel')}
                </button>
              </span>
            ) : (
              <>
                <a href={href({ page: 'contacts', segmentId: s.id })} aria-current={currentId === s.id ? 'page' : undefined}>
                  <span className="ws-seg-name">{s.name}</span>{' '}
                  <span className="ws-count" data-testid="segment-count">
                    {counts?.has(s.id) ? formatNumber(counts.get(s.id)!, locale) : '…'}
                  </span>
                </a>
                <Button
                  variant="icon"
                  aria-label={t('wsRenameSegment', s.name)}
                  title={t('wsRenameSegment', s.name)}
                  disabled={readOnly}
                  onClick={() => {
                    setEditing(s.id);
                    setName(s.name);
                  }}
                >
                  <Icon name="pencil" />
                </Button>
                <Button variant="icon" aria-label={t('wsDeleteSegment', s.name)} title={t('wsDeleteSegment', s.name)} disabled={readOnly} onClick={() => setConfirming(s.id)}>
                  <Icon name="trash" />
                </Button>
              </>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
