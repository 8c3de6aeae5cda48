// The rescore stores a summary of each contact's mail (lib/churn/score-inputs.ts, schema 17), not its events (issue #12):
// scored on any later day, from the summary as IndexedDB gives it back (a structured clone), it must give exactly what
// the events give: signals, score, band, reasons and alerts, by the rules and by a model.
import { describe, expect, it } from 'vitest';
import { detectAlerts, unansweredKeys } from '../../../lib/churn/alerts';
import { SIGNAL_FEATURES } from '../../../lib/churn/features';
import { mailEventsOf } from '../../../lib/churn/from-activities';
import { fitLogistic } from '../../../lib/churn/model/logistic';
import { scoreEvents, type ScorerConfig } from '../../../lib/churn/scorer';
import { storedInputs } from '../../../lib/churn/score-inputs';
import { packMail, unpackMail } from '../../../lib/db/score-inputs';
import { NOT_TO_ME_FLAG, type Activity, type Contact } from '../../../lib/db/types';
import { seededRandom } from '../../../lib/random';
import { config, contact, DAY, HOUR, NOW } from './fixtures';

const WORDING = [
  'Thanks, see you then.',
  'We plan to cancel our subscription.',
  'We are looking at other options, to be honest.',
  'We will not cancel, all good.',
  'It is too expensive for us now.',
  '他社を検討しています。',
  'Cancel our plan. We are also looking at other options.',
  '',
];

/** A varied history of one contact: both directions, other senders, lists, undated mail, reply headers, Cc-only replies, stored intent ids. */
function history(random: () => number, c: Contact): Activity[] {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const out: Activity[] = [];
  const count = Math.floor(random() * 14);
  for (let i = 0; i < count; i++) {
    const direction = random() < 0.55 ? 'in' : 'out';
    const thread = `t${Math.floor(random() * 4)}`;
    const earlier = out.filter((a) => a.direction !== direction);
    const flags = [...(random() < 0.1 ? [NOT_TO_ME_FLAG] : []), ...(random() < 0.05 ? ['date-unknown'] : []), ...(random() < 0.1 ? [`intent:${pick(['cancel', 'competitor', 'price'])}`] : [])];
    const headers = random() < 0.4;
    out.push({
      id: i + 1,
      kind: 'email',
      contactIds: [c.id],
      // Some on the same second, some in the future, most over the last 200 days.
      at: random() < 0.1 ? NOW - 3 * DAY : NOW - Math.floor(random() * 200 * 24) * HOUR + (random() < 0.05 ? 5 * DAY : 0),
      direction,
      ...(random() < 0.9 ? { messageId: `m${i}` } : {}),
      ...(random() < 0.85 ? { threadId: thread } : {}),
      from: direction === 'in' ? (random() < 0.1 ? 'someone@else.example' : random() < 0.2 ? c.email.toUpperCase() : c.email) : 'me@us.example',
      subject: pick(['Hello', 'Cancel my plan', 'Renewal', '']),
      snippet: pick(WORDING),
      ...(flags.length ? { flags } : {}),
      ...(headers ? { internetMessageId: `<id${i}@x>` } : {}),
      ...(headers && earlier.length && random() < 0.7 ? { inReplyTo: `<id${pick(earlier).id - 1}@x>` } : {}),
      ...(headers && random() < 0.5 ? { references: earlier.slice(-2).map((a) => `<id${a.id - 1}@x>`) } : {}),
      ...(direction === 'out' && random() < 0.3 ? { to: random() < 0.5 ? ['other@else.example'] : [c.email] } : {}),
    } as Activity);
  }
  return out;
}

const model = (() => {
  const random = seededRandom(3);
  const columns = SIGNAL_FEATURES.slice(0, 8);
  const rows = Array.from({ length: 60 }, () => columns.map(() => Math.floor(random() * 40)));
  return fitLogistic(
    { columns: [...columns], rows },
    rows.map((r) => (r[0] + r[6] * 5 + r[7] * 8 > 60 ? 1 : 0)),
    rows.map((_, i) => i),
  );
})();

const CONFIGS: Record<string, ScorerConfig> = {
  rules: config(),
  model: config({ useModel: true }, { model }),
  tokyo: config({}, { timeZone: 'Asia/Tokyo' }),
};

describe('the stored summary of a contact’s mail', () => {
  it('scores exactly as its events on later days: signals, score, band, reasons and alerts', { timeout: 60_000 }, () => {
    const random = seededRandom(17);
    let compared = 0;
    let withIntent = 0;
    let withWaiting = 0;
    for (let n = 1; n <= 80; n++) {
      const c = contact({ id: n, email: `Kim${n}@Acme.example`, custom: random() < 0.3 ? { renewalAt: new Date(NOW + 20 * DAY).toISOString().slice(0, 10) } : {} });
      const events = mailEventsOf(history(random, c));
      // As the rescore stores it (packed), and as IndexedDB gives it back.
      const stored = { mail: unpackMail(structuredClone(packMail(storedInputs(events, c.email).mail))) };
      for (const now of [NOW, NOW + 2 * DAY, NOW + 13 * DAY, NOW + 45 * DAY, NOW + 130 * DAY]) {
        for (const [name, cfg] of Object.entries(CONFIGS)) {
          const full = scoreEvents(cfg, c, events, now);
          const kept = scoreEvents(cfg, c, stored.mail, now);
          expect(kept, `${name}, contact ${n}, day ${(now - NOW) / DAY}`).toEqual(full);
          const alerts = (s: typeof full) => [detectAlerts(c, s.risk, s.input, cfg.settings.rules, { now, timeZone: cfg.timeZone }), unansweredKeys(c.id, s.input)];
          expect(alerts(kept)).toEqual(alerts(full));
          compared++;
          if (full.input.mail?.intentHits) withIntent++;
          if (full.input.mail?.unanswered) withWaiting++;
        }
      }
    }
    // The fixtures reach the signals that read more than counts.
    expect(compared).toBe(80 * 5 * 3);
    expect(withIntent).toBeGreaterThan(25);
    expect(withWaiting).toBeGreaterThan(25);
  });

  it('holds no text but the words that matched, and only the ids of messages still waiting or with churn wording', () => {
    const c = contact();
    const events = mailEventsOf([
      { id: 1, kind: 'email', contactIds: [1], at: NOW - 5 * DAY, direction: 'in', messageId: 'a', threadId: 't1', from: c.email, subject: 'Hi', snippet: 'All fine here, thanks.' },
      { id: 2, kind: 'email', contactIds: [1], at: NOW - 4 * DAY, direction: 'out', messageId: 'b', threadId: 't1', from: 'me@us.example', subject: 'Hi', snippet: 'Great.' },
      { id: 3, kind: 'email', contactIds: [1], at: NOW - 2 * DAY, direction: 'in', messageId: 'c', threadId: 't2', from: c.email, subject: 'Plan', snippet: 'We plan to cancel our subscription.' },
    ]);
    const { mail, me } = storedInputs(events, c.email);
    expect(me).toBe('kim@acme.example');
    const text = JSON.stringify(mail);
    expect(text).not.toMatch(/All fine|Great|"t1"|"b"/);
    expect(mail.waiting).toEqual([{ at: NOW - 2 * DAY, messageId: 'c' }]);
    expect(mail.intent.map((m) => [m.messageId, m.ids])).toEqual([['c', ['cancel']]]);
  });

  it('is built for one address: under another, the mail of the old one is not theirs', () => {
    const c = contact();
    const events = mailEventsOf([{ id: 1, kind: 'email', contactIds: [1], at: NOW - DAY, direction: 'in', messageId: 'a', threadId: 't', from: c.email, subject: 'Hi', snippet: 'Hello' }]);
    const moved = contact({ email: 'kim@new.example' });
    expect(scoreEvents(CONFIGS.rules, moved, events, NOW).input.mail?.inbound).toBe(0);
    expect(storedInputs(events, moved.email).mail.inbound).toBe(0);
    expect(storedInputs(events, c.email).mail.inbound).toBe(1);
  });
});
