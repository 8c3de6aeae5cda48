import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Translate } from '../../../lib/format';
import { describeAction, describeTrigger, type PlaybookNames } from '../../../lib/playbooks/describe';
import type { Trigger } from '../../../lib/playbooks/types';
import { highRiskPlaybook } from './fixtures';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const load = (lang: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../../../public/_locales', lang, 'messages.json'), 'utf8')) as Messages;
// Like browser.i18n with lib/i18n's fallback: a missing key reads as itself (lib/format's plural relies on it).
const translator =
  (messages: Messages): Translate =>
  (key, subs) => {
    const entry = messages[key];
    if (!entry) return key;
    const args = typeof subs === 'string' ? [subs] : (subs ?? []);
    return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) =>
      (entry.placeholders?.[name.toLowerCase()]?.content ?? '').replace(/\$(\d)/g, (_m, i: string) => args[Number(i) - 1] ?? ''),
    );
  };
const names: PlaybookNames = { tag: (id) => (id === 10 ? 'VIP' : undefined), sequence: (id) => (id === 'win-back' ? 'Win-back' : undefined) };
const en = translator(load('en'));
const ja = translator(load('ja'));

const triggers: Trigger[] = [
  { type: 'band-entered', bands: ['medium', 'high'] },
  { type: 'chance-rise', points: 1 },
  { type: 'chance-rise', points: 15 },
  { type: 'alert', kinds: ['unanswered', 'renewal-silent'] },
  { type: 'stage-change', from: [], to: ['customer'] },
  { type: 'stage-change', from: ['lead'], to: ['customer', 'advocate'] },
  { type: 'tag-added', tagIds: [10, 99] },
  { type: 'date-field', field: 'renewal', daysBefore: 30 },
];

describe('playbook sentences', () => {
  it('say the issue example in English', () => {
    const p = highRiskPlaybook();
    expect(describeTrigger({ type: 'band-entered', bands: ['high'] }, en, 'en', names)).toBe("When a customer's risk becomes High");
    expect(p.actions.map((a) => describeAction(a, en, 'en', names))).toEqual([
      'Give the account to cs@example.com',
      "Create a call task “Call them” for the contact's owner, due in 1 day at 10:00",
      'Enrol in the sequence Win-back',
    ]);
  });

  it('say every trigger and action in both languages, with no key left showing', () => {
    const actions = [
      ...highRiskPlaybook().actions,
      { type: 'create-task' as const, owner: 'cs@example.com', taskType: 'meeting' as const, title: 'Review', dueInDays: 3 },
      { type: 'add-tag' as const, tagId: 10 },
      { type: 'remove-tag' as const, tagId: 10 },
      { type: 'set-stage' as const, stage: 'at-risk' as const },
    ];
    for (const [t, locale] of [
      [en, 'en'],
      [ja, 'ja'],
    ] as const) {
      const lines = [...triggers.map((x) => describeTrigger(x, t, locale, names)), ...actions.map((a) => describeAction(a, t, locale, names))];
      for (const line of lines) expect(line, line).not.toMatch(/\b(pb|risk|stage)[A-Z_]\w*|\$/);
    }
    expect(describeTrigger(triggers[1], en, 'en', names)).toBe("When a customer's risk rises by 1 point or more");
    expect(describeTrigger(triggers[5], en, 'en', names)).toBe('When the stage changes from Lead to Customer or Advocate');
    expect(describeTrigger(triggers[6], en, 'en', names)).toBe('When the tag VIP or #99 is added');
    expect(describeTrigger(triggers[0], ja, 'ja', names)).toBe('顧客のリスクが「中または高」になったとき');
    expect(describeTrigger(triggers[7], ja, 'ja', names)).toBe('「renewal」まで 30 日以内になったとき');
    expect(describeAction(actions[3], ja, 'ja', names)).toBe('cs@example.comに打ち合わせのタスク「Review」を作成（期限は 3 日後）');
  });
});
