import { useLiveQuery } from 'dexie-react-hooks';
import { useState, type ChangeEvent, type InputHTMLAttributes } from 'react';
import { browser } from 'wxt/browser';
import { Form } from '@/components/enter-key';
import { useI18n } from '@/components/i18n';
import { TeamConflicts } from '@/components/TeamConflicts';
import { clockTime, syncedAgo, teamLogText, teamStateText, useNow } from '@/components/TeamStatus';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { Checkbox } from '@/components/ui/Checkbox';
import { Field } from '@/components/ui/Field';
import { PageHeader } from '@/components/ui/PageHeader';
import { db } from '@/lib/db';
import { plural } from '@/lib/format';
import { listConflicts, resolveConflict } from '@/lib/team/conflicts';
import { teamConfigItem, teamHealthItem, type TeamConfig } from '@/lib/team/config';
import { parseJoinForm, serverOriginPattern, type JoinError, type JoinForm } from '@/lib/team/join';
import { shardsInMemory } from '@/lib/team/summary';
import { leaveTeamBook } from '@/lib/team/outbox';
import { readThreadSharing, setThreadSharing } from '@/lib/team/thread-share';
import { useTeam, type TeamView } from '../../sidebar/use-team';

const errorKey = (code: JoinError) => `teamJoinError_${code.replaceAll('-', '_')}`;

function JoinTeam() {
  const { t } = useI18n();
  const [form, setForm] = useState<JoinForm>({ serverUrl: '', token: '', memberName: '' });
  const [errors, setErrors] = useState<Partial<Record<keyof JoinForm, JoinError>>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const set = (field: keyof JoinForm) => (e: ChangeEvent<HTMLInputElement>) => setForm({ ...form, [field]: e.target.value });
  const join = () => {
    setProblem(null);
    const result = parseJoinForm(form);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    // Asked in the click itself (nothing awaited before): the browser allows the prompt only in a user's gesture.
    browser.permissions
      .request({ origins: [serverOriginPattern(result.config.serverUrl)] })
      .then(async (granted) => {
        if (!granted) return setProblem(t('teamJoinPermissionDenied'));
        await teamHealthItem.setValue(null);
        await teamConfigItem.setValue(result.config);
      })
      .catch((e: unknown) => setProblem(t('teamJoinFailed', String((e as Error).message ?? e))));
  };
  const input = (field: keyof JoinForm, extra: InputHTMLAttributes<HTMLInputElement>) => (
    <input {...extra} value={form[field]} onChange={set(field)} aria-invalid={errors[field] ? true : undefined} spellCheck={false} />
  );
  return (
    <Card aria-labelledby="team-join-title">
      <h3 id="team-join-title">{t('teamJoinTitle')}</h3>
      <p className="muted">{t('teamJoinIntro')}</p>
      <Form
        onSubmit={(e) => {
          e.preventDefault();
          join();
        }}
        noValidate
      >
        <Field label={t('teamServerLabel')} help={t('teamServerHelp')} error={errors.serverUrl && t(errorKey(errors.serverUrl))}>
          {input('serverUrl', { type: 'url', name: 'serverUrl', placeholder: 'wss://team.example.com', autoComplete: 'url' })}
        </Field>
        <Field label={t('teamTokenLabel')} help={t('teamTokenHelp')} error={errors.token && t(errorKey(errors.token))}>
          {input('token', { type: 'text', name: 'token', autoComplete: 'off' })}
        </Field>
        <Field label={t('teamNameLabel')} help={t('teamNameHelp')} error={errors.memberName && t(errorKey(errors.memberName))}>
          {input('memberName', { type: 'text', name: 'memberName', autoComplete: 'name', maxLength: 120 })}
        </Field>
        {problem && (
          <p className="warning" role="alert">
            {problem}
          </p>
        )}
        <Button type="submit" variant="primary">
          {t('teamJoin')}
        </Button>
      </Form>
    </Card>
  );
}

function leave(config: TeamConfig) {
  void (async () => {
    await teamConfigItem.setValue(null);
    await teamHealthItem.setValue(null);
    await leaveTeamBook(db);
    await browser.permissions.remove({ origins: [serverOriginPattern(config.serverUrl)] }).catch(() => false);
  })();
}

/** The setting that shares the subject, date and direction of every thread (a thread's own choice wins). */
function ThreadSharingCard({ readOnly }: { readOnly: boolean }) {
  const { t } = useI18n();
  const sharing = useLiveQuery(() => readThreadSharing(db, []), []);
  return (
    <Card aria-labelledby="team-threads-title">
      <h3 id="team-threads-title">{t('teamThreadsTitle')}</h3>
      <Checkbox
        block
        label={t('teamShareThreads')}
        checked={sharing?.all ?? false}
        disabled={readOnly || !sharing}
        onChange={(event) => void setThreadSharing(db, event.currentTarget.checked).catch((error: unknown) => console.error('thread sharing', error))}
      />
      <p className="muted">{t('teamShareThreadsHelp')}</p>
    </Card>
  );
}

function JoinedTeam({ team }: { team: TeamView }) {
  const { t, locale } = useI18n();
  const now = useNow();
  const conflicts = useLiveQuery(() => listConflicts(db), []);
  const { config, summary, health } = team;
  if (!config || !summary) return null;
  const shards = Object.entries(health?.shards ?? {}).sort(([a], [b]) => a.localeCompare(b));
  const memory = shardsInMemory(health ?? null);
  return (
    <>
      <Card aria-labelledby="team-status-title">
        <h3 id="team-status-title">{t('teamStatusTitle')}</h3>
        <p>{t('teamJoinedAs', [config.memberName, new URL(config.serverUrl).host])}</p>
        <p className="team-state" data-state={summary.state} data-testid="team-state">
          {teamStateText(summary, t, locale, now)}
        </p>
        {!config.leftReason && memory.total > 0 && (
          <p className="muted" data-testid="team-memory">
            {t('teamShardsInMemory', [String(memory.live), String(memory.total), String(memory.idle)])}
          </p>
        )}
        {config.leftReason && (
          <p className="warning" role="alert">
            {t(`teamLeft_${config.leftReason.replaceAll('-', '_')}`)}
          </p>
        )}
        {config.leftReason && <p data-testid="team-left-next">{t('teamLeftNext')}</p>}
        {!config.leftReason && summary.readOnly && <p role="note">{t('teamViewerNote')}</p>}
        {summary.mixed && (
          <table className="ui-table">
            <caption>{t('teamShardsCaption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('teamShardColumn')}</th>
                <th scope="col">{t('teamShardStateColumn')}</th>
                <th scope="col">{t('teamShardPendingColumn')}</th>
                <th scope="col">{t('teamShardSyncedColumn')}</th>
              </tr>
            </thead>
            <tbody>
              {shards.map(([name, shard]) => (
                <tr key={name}>
                  <th scope="row">{name}</th>
                  <td>{shard.state === 'offline' && shard.since ? t('teamStateOffline', clockTime(shard.since, locale, now)) : t(`teamState_${shard.state}`)}</td>
                  <td className="num">{shard.pending > 0 ? plural(t, locale, 'teamPending', shard.pending) : '—'}</td>
                  <td>{shard.lastSyncedAt ? syncedAgo(shard.lastSyncedAt, t, locale, now) : t('teamNeverSynced')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="muted">{t('teamLeaveHelp')}</p>
        <Button onClick={() => leave(config)}>{t('teamLeave')}</Button>
      </Card>
      <ThreadSharingCard readOnly={summary.readOnly} />
      {!summary.readOnly && conflicts && <TeamConflicts conflicts={conflicts} onResolve={(id, keep) => void resolveConflict(db, id, keep)} />}
      <Card aria-labelledby="team-log-title">
        <h3 id="team-log-title">{t('teamLogTitle')}</h3>
        {health?.log.length ? (
          <ul className="team-log">
            {health.log.map((entry) => (
              <li key={`${entry.at}-${entry.code}-${entry.detail ?? ''}`}>{teamLogText(entry, t, locale, now)}</li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('teamLogEmpty')}</p>
        )}
      </Card>
    </>
  );
}

/** The Team page: join a team's server with an invitation, see the sync's health, leave (the local book stays). */
export function TeamSection() {
  const { t } = useI18n();
  const team = useTeam();
  return (
    <>
      <PageHeader title={t('teamTitle')} />
      {!team.loaded ? <p className="muted">{t('loading')}</p> : team.config ? <JoinedTeam team={team} /> : <JoinTeam />}
    </>
  );
}
