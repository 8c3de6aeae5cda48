import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Translate } from '../../../components/i18n';
import { featureName, reasonText } from '../../../components/RiskBadge';
import { SIGNAL_FEATURES } from '../../../lib/churn/features';

type Messages = Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const load = (lang: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../../../public/_locales', lang, 'messages.json'), 'utf8')) as Messages;
const translator =
  (messages: Messages): Translate =>
  (key, subs) => {
    const entry = messages[key];
    if (!entry) throw new Error(`missing message ${key}`);
    const args = typeof subs === 'string' ? [subs] : (subs ?? []);
    return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (_, name: string) =>
      (entry.placeholders?.[name.toLowerCase()]?.content ?? '').replace(/\$(\d)/g, (_m, i: string) => args[Number(i) - 1] ?? ''),
    );
  };

describe('model reasons in plain words', () => {
  for (const lang of ['en', 'ja']) {
    const t = translator(load(lang));
    it(`names every feature (${lang})`, () => {
      for (const f of SIGNAL_FEATURES) expect(featureName(f, t)).not.toBe('');
    });
    it(`shows the value, a custom field's key, and a blank value (${lang})`, () => {
      const silence = reasonText({ key: 'm:theirSilenceDays', params: { value: 1200 }, points: 12 }, t, lang);
      expect(silence).toContain(featureName('theirSilenceDays', t));
      expect(silence).toContain((1200).toLocaleString(lang));
      expect(reasonText({ key: 'm:custom:plan', params: { value: 'Pro' }, points: 3 }, t, lang)).toContain('plan');
      expect(reasonText({ key: 'm:nps', params: { value: '' }, points: -2 }, t, lang)).toBe(t('reModelReasonBlank', featureName('nps', t)));
    });
  }
  it('reads in English as the feature and its value', () => {
    const t = translator(load('en'));
    expect(reasonText({ key: 'm:paymentStatus', params: { value: 'overdue' }, points: 9 }, t, 'en')).toBe('Payment status: overdue');
  });
});
