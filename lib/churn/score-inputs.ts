// The rescore's stored score inputs (lib/db/score-inputs.ts): the summary of a contact's mail events the score reads,
// so that a contact whose history has not changed is scored again without reading its activities.
import { browser } from 'wxt/browser';
import { INTENT_PHRASES } from './phrases';
import { mailSummary, type MailEvent, type MailSummary } from './signals';

/**
 * Bump when what the score reads of a mail event changes (mailEventsOf, MailSummary, or what the signals read of it).
 * 1: the events themselves (schemas 8–16); 2: their summary (schema 17); 3: packed (PackedMail, lib/db/score-inputs.ts).
 */
const FORMAT = 3;

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
 * A contact's score inputs as stored: the summary of its mail events for its address (any day: every message of theirs
 * is searched for churn wording, not only the window's), and that address, lower-cased.
 */
export function storedInputs(events: readonly MailEvent[], email: string | undefined): { me?: string; mail: MailSummary } {
  const me = email?.toLowerCase();
  return { ...(me !== undefined ? { me } : {}), mail: mailSummary(events, { email: me }) };
}

/** Whether stored inputs built for the address `me` (storedInputs) serve a contact with this email. */
export const sameAddress = (me: string | undefined, email: string | undefined): boolean => me === email?.toLowerCase();
