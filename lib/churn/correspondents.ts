import { isRobotAddress } from '../contacts/robot-address';
import type { MailMessage } from '../mbox/message';
import { findIntent } from './phrases';
import { mailboxSignals, type MailEvent } from './signals';

/** One line of `churn signals`: a correspondent's mailbox figures. */
export interface CorrespondentSignals {
  email: string;
  name: string;
  inbound: number;
  outbound: number;
  lastInboundAt: string | null;
  lastOutboundAt: string | null;
  medianReplyHours: number | null;
  unanswered: number;
  intentHits: number;
}

interface Correspondent {
  name: string;
  /** True once the name came from their own From header, which beats how we addressed them. */
  ownName: boolean;
  /** True once a message not sent through a mailing list involved them: list mail makes nobody a correspondent. */
  direct: boolean;
  events: MailEvent[];
}

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());

/** Gathers mailbox messages per correspondent of the user (`me`: the user's own addresses). */
export class CorrespondentCollector {
  private readonly me: Set<string>;
  private readonly people = new Map<string, Correspondent>();

  constructor(me: readonly string[]) {
    this.me = new Set(me.map((a) => a.trim().toLowerCase()));
  }

  private person(email: string): Correspondent {
    let p = this.people.get(email);
    if (!p) {
      p = { name: '', ownName: false, direct: false, events: [] };
      this.people.set(email, p);
    }
    return p;
  }

  // Addresses without "@" (broken headers) name nobody we could write to; robots are nobody to keep.
  private correspondent(address: string): boolean {
    return address.includes('@') && !this.me.has(address) && !isRobotAddress(address);
  }

  /**
   * Adds one message: from us, it is outbound to each To, Cc and Bcc correspondent; otherwise inbound
   * from its sender, addressed to us or not (To/Cc). Mailing-list mail and robot addresses make nobody
   * a correspondent (list mail still counts for people who wrote or were written to directly).
   */
  add(message: MailMessage): void {
    const sender = message.from?.address;
    if (!sender) return;
    const base = {
      at: message.date,
      messageId: message.messageId ?? undefined,
      threadId: message.threadId ?? undefined,
      inReplyTo: message.inReplyTo ?? undefined,
      references: message.references,
      replyHeaders: true,
    };
    if (this.me.has(sender)) {
      const to = message.to.map((r) => r.address);
      const seen = new Set<string>();
      for (const r of [...message.to, ...message.cc, ...message.bcc]) {
        if (!this.correspondent(r.address) || seen.has(r.address)) continue;
        seen.add(r.address);
        const p = this.person(r.address);
        p.direct ||= !message.list;
        if (!p.ownName && r.name) p.name = r.name;
        p.events.push({ ...base, direction: 'out', to });
      }
      return;
    }
    if (!this.correspondent(sender)) return;
    const p = this.person(sender);
    p.direct ||= !message.list;
    if (message.from?.name) {
      p.name = message.from.name;
      p.ownName = true;
    }
    const toMe = [...message.to, ...message.cc].some((r) => this.me.has(r.address));
    const intent = findIntent(`${message.subject}\n${message.snippet}`).map((h) => h.id);
    p.events.push({ ...base, direction: 'in', from: sender, toMe, intent });
  }

  /** Every correspondent's figures as of `now`, sorted by address. */
  results(now: number, timeZone = 'UTC'): CorrespondentSignals[] {
    return [...this.people.keys()]
      .filter((email) => this.people.get(email)!.direct)
      .sort()
      .map((email) => {
        const p = this.people.get(email)!;
        // Every message of an imported history counts for intent, however old.
        const s = mailboxSignals(p.events, { now, timeZone, email, intentWindowDays: Infinity });
        return {
          email,
          name: p.name,
          inbound: s.inbound,
          outbound: s.outbound,
          lastInboundAt: iso(s.theirLastAt),
          lastOutboundAt: iso(s.ourLastAt),
          medianReplyHours: s.medianReplyHours === null ? null : Math.round(s.medianReplyHours * 100) / 100,
          unanswered: s.unanswered,
          intentHits: s.intentHits,
        };
      });
  }
}
