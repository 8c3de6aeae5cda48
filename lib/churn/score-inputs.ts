// The rescore's stored score inputs (lib/db/score-inputs.ts): a contact's mail events as the score reads them,
// so that a contact whose history has not changed is scored again without reading its activities.
import { browser } from 'wxt/browser';
import { findIntent, INTENT_PHRASES } from './phrases';
import type { MailEvent } from './signals';

/** Bump when what the score reads of a mail event changes (mailEventsOf, or what the signals read of it). */
const FORMAT = 1;

let version: string | undefined;

const hash = (text: string): string => {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
};

/**
 * The version stored inputs must carry to be used: the format, the extension's release and its churn phrases (new
 * wording finds intent in old mail). A new release rebuilds every contact's inputs once.
 */
export function scoreInputsVersion(): string {
  if (version === undefined) {
    let release = '';
    try {
      release = browser.runtime.getManifest().version;
    } catch {
      // Outside the extension (tests, the CLI): the phrases alone.
    }
    version = `${FORMAT}:${release}:${hash(INTENT_PHRASES.map((p) => `${p.id}/${p.pattern.source}/${p.pattern.flags}/${p.negatable ? 1 : 0}`).join('|'))}`;
  }
  return version;
}

/**
 * A contact's mail events as stored: the score reads a message's text only for its churn wording (signals.ts,
 * intentOf), so text that has none is left out, and with it nearly all the volume of a history.
 */
export function storedEvents(events: readonly MailEvent[]): MailEvent[] {
  return events.map((e) => {
    if (!e.text || e.intent || findIntent(e.text).length > 0) return e;
    const { text: _text, ...rest } = e;
    return rest;
  });
}
