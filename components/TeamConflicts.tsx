import { formatDate } from '@/lib/format';
import type { TeamConflict } from '@/lib/team/outbox';
import { useI18n, type Translate } from './i18n';
import { Button } from './ui/Button';
import { Card } from './ui/Card';
import { Table } from './ui/Table';

// Field names as lib/team/shared-contact.ts gives them; `custom.<key>` shows the key as it was imported.
const FIELD_LABELS: Record<string, string> = {
  name: 'fieldName',
  stage: 'fieldStage',
  owner: 'fieldOwner',
  company: 'fieldCompany',
  customerSince: 'wsColCustomerSince',
  churnedAt: 'wsColChurnedAt',
  externalId: 'teamConflictExternalId',
};
const DATES = new Set(['customerSince', 'churnedAt']);

function fieldLabel(field: string, t: Translate): string {
  if (field.startsWith('custom.')) return field.slice('custom.'.length);
  return FIELD_LABELS[field] ? t(FIELD_LABELS[field]) : field;
}

function valueText(field: string, value: unknown, t: Translate, locale: string): string {
  if (value === undefined || value === null || value === '') return t('teamConflictBlank');
  if (field === 'stage') return t(`stage_${String(value).replace('-', '_')}`);
  if (DATES.has(field) && typeof value === 'number') return formatDate(value, locale);
  return String(value);
}

/** The fields that differed from the team's when this browser joined, each with a choice of the value to keep; nothing when none. */
export function TeamConflicts({ conflicts, onResolve }: { conflicts: readonly TeamConflict[]; onResolve: (id: number, keep: 'team' | 'local') => void }) {
  const { t, locale } = useI18n();
  if (conflicts.length === 0) return null;
  return (
    <Card aria-labelledby="team-conflicts-title">
      <h3 id="team-conflicts-title">{t('teamConflictsTitle')}</h3>
      <p className="muted">{t('teamConflictsIntro')}</p>
      <Table aria-labelledby="team-conflicts-title">
        <thead>
          <tr>
            <th scope="col">{t('teamConflictContact')}</th>
            <th scope="col">{t('teamConflictField')}</th>
            <th scope="col">{t('teamConflictTeamValue')}</th>
            <th scope="col">{t('teamConflictYourValue')}</th>
            <th scope="col">{t('teamConflictKeep')}</th>
          </tr>
        </thead>
        <tbody>
          {conflicts.map((c) => {
            const field = fieldLabel(c.field, t);
            return (
              <tr key={c.id}>
                <th scope="row">{c.key}</th>
                <td>{field}</td>
                <td>{valueText(c.field, c.team, t, locale)}</td>
                <td>{valueText(c.field, c.local, t, locale)}</td>
                <td>
                  <div role="group" aria-label={t('teamConflictChoice', [field, c.key])}>
                    <Button onClick={() => onResolve(c.id!, 'team')}>{t('teamConflictKeepTeam')}</Button> <Button onClick={() => onResolve(c.id!, 'local')}>{t('teamConflictKeepMine')}</Button>
                  </div>
                </td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </Card>
  );
}
