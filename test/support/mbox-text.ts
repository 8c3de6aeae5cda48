// Small mbox texts written in the tests: each message is its header lines and a body.
import { CorrespondentCollector } from '../../lib/churn/correspondents';
import type { MailMessage } from '../../lib/mbox/message';
import { readMbox } from '../../lib/mbox/read-mbox';

export interface MboxMessage {
  /** Header lines, as they appear ("From: Ann <ann@x.com>"). */
  headers: string[];
  body?: string;
  /** The From_ line after "From "; default "sender@x Mon Jan  1 00:00:00 2024". */
  envelope?: string;
}

/** An mbox file's text. */
export function mboxText(...messages: MboxMessage[]): string {
  return messages.map((m) => [`From ${m.envelope ?? 'sender@x Mon Jan  1 00:00:00 2024'}`, ...m.headers, '', m.body ?? 'Hello.', '', ''].join('\n')).join('');
}

/** The text as a stream of one chunk, as importMbox and readMbox take it. */
export async function* mboxSource(text: string): AsyncGenerator<Uint8Array> {
  yield new TextEncoder().encode(text);
}

/** Every message readMbox yields for the text. */
export async function readAll(text: string): Promise<MailMessage[]> {
  const out: MailMessage[] = [];
  for await (const m of readMbox(mboxSource(text))) out.push(m);
  return out;
}

/** `churn signals` output for the text, seen from `me`. */
export async function correspondents(text: string, me: string[], now: string, timeZone = 'UTC') {
  const collector = new CorrespondentCollector(me);
  for (const m of await readAll(text)) collector.add(m);
  return collector.results(Date.parse(now), timeZone);
}
