import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TeamLeftReasonSchema, TeamLogEntrySchema, type TeamConfig, type TeamHealth } from '../../../lib/team/config';
import { parseJoinForm, serverOriginPattern, type JoinError } from '../../../lib/team/join';
import { shardsInMemory, summarizeTeam } from '../../../lib/team/summary';

const TOKEN = `kzn1_abcde12345_${'A'.repeat(40)}x-_`;
const form = (patch: Partial<{ serverUrl: string; token: string; memberName: string }> = {}) => ({ serverUrl: 'wss://team.example.com', token: TOKEN, memberName: 'Aiko Sato', ...patch });

describe('joining a team', () => {
  it('accepts wss:// anywhere and ws:// only to this computer, saying what is wrong otherwise', () => {
    expect(parseJoinForm(form())).toMatchObject({ ok: true, config: { serverUrl: 'wss://team.example.com', teamId: 'abcde12345', memberName: 'Aiko Sato', token: TOKEN } });
    expect(parseJoinForm(form({ serverUrl: ' ws://127.0.0.1:1234 ' })).ok).toBe(true);
    expect(parseJoinForm(form({ serverUrl: 'ws://localhost:1234/' })).ok).toBe(true);
    const error = (serverUrl: string) => (parseJoinForm(form({ serverUrl })) as { errors: object }).errors;
    expect(error('ws://team.example.com')).toEqual({ serverUrl: 'url-insecure' });
    expect(error('ws://127.0.0.2')).toEqual({ serverUrl: 'url-insecure' });
    expect(error('https://team.example.com')).toEqual({ serverUrl: 'url-scheme' });
    expect(error('team.example.com')).toEqual({ serverUrl: 'url-invalid' });
    expect(error('')).toEqual({ serverUrl: 'url-empty' });
  });

  it('checks the invitation’s shape and the name, each field with its own error', () => {
    const errors = (patch: Parameters<typeof form>[0]) => (parseJoinForm(form(patch)) as { errors: object }).errors;
    expect(errors({ token: 'kzn1_abc_secret' })).toEqual({ token: 'token-shape' });
    expect(errors({ token: TOKEN.replace('kzn1', 'kzn2') })).toEqual({ token: 'token-shape' });
    expect(errors({ token: ' ', memberName: '' })).toEqual({ token: 'token-empty', memberName: 'name-empty' });
    expect(errors({ memberName: 'x'.repeat(81) })).toEqual({ memberName: 'name-long' });
  });

  it('asks for the server’s scheme and host only', () => {
    expect(serverOriginPattern('ws://127.0.0.1:1234')).toBe('ws://127.0.0.1/*');
    expect(serverOriginPattern('wss://team.example.com/sync')).toBe('wss://team.example.com/*');
  });
});

describe('the team’s health in one line', () => {
  const config: TeamConfig = { serverUrl: 'wss://t.example', token: TOKEN, teamId: 'abcde12345', memberName: 'A', joinedAt: 1 };
  const health = (shards: TeamHealth['shards'], scope?: TeamHealth['scope']): TeamHealth => ({ shards, log: [], updatedAt: 1, scope });

  it('is never connected-and-synced while a shard is offline or changes wait', () => {
    expect(summarizeTeam(null, null)).toBeNull();
    expect(summarizeTeam(config, null)).toMatchObject({ state: 'connecting' });
    const both = summarizeTeam(config, health({ a: { state: 'connected', pending: 0, lastSyncedAt: 50 }, b: { state: 'offline', pending: 2, lastSyncedAt: 40, since: 45 } }));
    expect(both).toMatchObject({ state: 'offline', pending: 2, lastSyncedAt: 40, since: 45, mixed: true, readOnly: false });
    expect(summarizeTeam(config, health({ a: { state: 'connected', pending: 1 } }))).toMatchObject({ state: 'connected', pending: 1, lastSyncedAt: undefined });
  });

  it('is read-only for a viewer and for a member who left', () => {
    expect(summarizeTeam(config, health({ a: { state: 'connected', pending: 0 } }, 'readonly'))!.readOnly).toBe(true);
    expect(summarizeTeam({ ...config, leftReason: 'member-removed' }, null)).toMatchObject({ state: 'left', readOnly: true });
  });

  it('counts the contact shards in memory and those unloaded while idle (the book document is neither)', () => {
    expect(shardsInMemory(null)).toEqual({ live: 0, idle: 0, total: 0 });
    const shards = health({
      book: { state: 'connected', pending: 0 },
      'contacts-00': { state: 'connected', pending: 0, idle: true },
      'contacts-01': { state: 'connected', pending: 1 },
      'contacts-02': { state: 'connected', pending: 0, idle: true },
    });
    expect(shardsInMemory(shards)).toEqual({ live: 1, idle: 2, total: 3 });
  });
});

describe('the team’s words', () => {
  const en = JSON.parse(readFileSync(join(import.meta.dirname, '../../../public/_locales/en/messages.json'), 'utf8')) as Record<string, unknown>;
  it('has a message for every join error, log code, state and way of leaving (their keys are built, not written out)', () => {
    const joinErrors: JoinError[] = ['url-empty', 'url-invalid', 'url-scheme', 'url-insecure', 'token-empty', 'token-shape', 'name-empty', 'name-long'];
    const keys = [
      ...joinErrors.map((c) => `teamJoinError_${c}`),
      ...TeamLogEntrySchema.shape.code.options.map((c) => `teamLog_${c}`),
      ...['connecting', 'connected', 'offline', 'refused', 'left'].flatMap((s) => [`teamState_${s}`, `teamBadge_${s}`]),
      ...TeamLeftReasonSchema.options.map((r) => `teamLeft_${r}`),
    ].map((k) => k.replaceAll('-', '_'));
    expect(keys.filter((k) => !(k in en))).toEqual([]);
  });
});
