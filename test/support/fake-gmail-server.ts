// A fake Gmail API on 127.0.0.1 speaking real HTTP: messages.send (parses the raw RFC 2822 message),
// messages.list (rfc822msgid:, from:, to:, subject:, in:sent), threads.get; faults injected on demand.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import PostalMime, { type Address } from 'postal-mime';

export interface StoredMessage {
  id: string;
  threadId: string;
  labelIds: string[];
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  subject: string;
  messageId: string;
  inReplyTo?: string;
  references: string[];
  text: string;
  raw: string;
  headers: { name: string; value: string }[];
  mimeType: string;
  internalDate: number;
}

type Route = 'send' | 'list' | 'thread';
interface Scope {
  route?: Route;
  times?: number;
  /** Send only: applies to a message addressed to this recipient. */
  to?: string;
}
export type Fault =
  | (Scope & { kind: 'status'; status: number; retryAfter?: string; reason?: string })
  | (Scope & { kind: 'reset' })
  | (Scope & { kind: 'accept-drop' })
  | (Scope & { kind: 'slow'; delayMs: number })
  | { kind: 'reply'; threadId: string; from: string; text: string; subject?: string }
  | { kind: 'bounce'; threadId: string; recipient: string }
  | { kind: 'unsubscribe-mail'; from: string; to: string };

export interface FakeGmail {
  baseUrl: string;
  /** Messages received through messages.send, in order (accept-drop ones included). */
  messages: StoredMessage[];
  /** Every message in the mailbox: sent, replies, bounces. */
  mailbox: StoredMessage[];
  requests: { method: string; route: string; status: number; at: number; q?: string }[];
  /** Sends as they arrive, before any injected delay or fault (a test can act while one is in flight). */
  arrivals: { to: string[]; at: number }[];
  inject(fault: Fault): void;
  /** Forgets every stored message, thread and request (benchmarks measure memory without them). */
  clear(): void;
  close(): Promise<void>;
}

const MAX_BODY = 5 * 1024 * 1024;
const MAX_DELAY_MS = 10_000;
const norm = (id: string) => id.trim().replace(/^<|>$/g, '').toLowerCase();
const flat = (list: Address[] | undefined) => (list ?? []).flatMap((a) => (a.group ? a.group.map((m) => m.address) : [a.address])).map((a) => a.toLowerCase());

/** Starts the fake server on a random port; `retain: false` keeps no raw text (for benchmarks). */
export async function startFakeGmail(opts: { now?: () => number; retain?: boolean } = {}): Promise<FakeGmail> {
  const now = opts.now ?? Date.now;
  const mailbox: StoredMessage[] = [];
  const sent: StoredMessage[] = [];
  const threads = new Map<string, StoredMessage[]>();
  const faults: (Fault & Scope)[] = [];
  const requests: FakeGmail['requests'] = [];
  const arrivals: FakeGmail['arrivals'] = [];
  const timers = new Set<NodeJS.Timeout>();
  let seq = 0;
  const newId = () => (0x18c0000000 + ++seq).toString(16);

  function store(m: Omit<StoredMessage, 'id' | 'threadId' | 'internalDate'>, threadId?: string): StoredMessage {
    const msg: StoredMessage = { ...m, id: newId(), threadId: threadId ?? '', internalDate: now() };
    if (!threadId) msg.threadId = msg.id;
    if (!threads.has(msg.threadId)) threads.set(msg.threadId, []);
    threads.get(msg.threadId)!.push(msg);
    mailbox.push(msg);
    return msg;
  }

  function inbound(threadId: string | undefined, from: string, subject: string, text: string, extra: Partial<StoredMessage> = {}) {
    const last = threadId ? threads.get(threadId)?.at(-1) : undefined;
    if (threadId && !last) throw new Error(`no thread ${threadId}`);
    const messageId = `<in.${seq + 1}@fake.invalid>`;
    const headers = [{ name: 'From', value: from }, { name: 'Subject', value: subject }, { name: 'Message-ID', value: messageId }, ...(last ? [{ name: 'In-Reply-To', value: last.messageId }] : [])];
    const base = { labelIds: ['INBOX'], from: from.toLowerCase(), to: [], cc: [], bcc: [], subject, messageId, references: [], text, raw: '', headers, mimeType: 'text/plain' };
    return store({ ...base, ...extra, headers: [...headers, ...(extra.headers ?? [])] }, threadId);
  }

  function takeFault(route: Route, to: string[]): (Fault & Scope) | undefined {
    const i = faults.findIndex((f) => (f.route ?? 'send') === route && (!f.to || to.includes(f.to.toLowerCase())));
    if (i < 0) return undefined;
    const f = faults[i]!;
    f.times = (f.times ?? 1) - 1;
    if (f.times <= 0) faults.splice(i, 1);
    return f;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // CORS like Google's API, so an extension page or service worker without a host permission can call it.
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-methods': 'GET, POST', 'access-control-allow-headers': 'authorization, content-type', 'access-control-max-age': '600' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.replace(/^\/gmail\/v1\/users\/me/, '');
    const route: Route | undefined =
      req.method === 'POST' && path === '/messages/send' ? 'send' : req.method === 'GET' && path === '/messages' ? 'list' : req.method === 'GET' && path.startsWith('/threads/') ? 'thread' : undefined;
    const log = (status: number) => {
      const q = route === 'list' ? (url.searchParams.get('q') ?? '') : undefined;
      requests.push({ method: req.method ?? '', route: route ?? path, status, at: now(), ...(q !== undefined ? { q } : {}) });
      if (requests.length > 100_000) requests.shift();
    };
    // Status 0 in the log: the connection was cut without an answer.
    const cut = () => {
      log(0);
      req.socket.destroy();
    };
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      log(status);
      res.writeHead(status, { 'content-type': 'application/json', 'access-control-expose-headers': 'retry-after', ...headers }).end(JSON.stringify(body));
    };
    const error = (status: number, message: string, reason: string, headers: Record<string, string> = {}) =>
      reply(status, { error: { code: status, message, errors: [{ reason, message }] } }, headers);
    if (!route) return error(404, 'Not Found', 'notFound');
    if (!/^Bearer \S+/.test(req.headers.authorization ?? '')) return error(401, 'Login Required', 'required');

    let parsed: { raw: string; threadId?: string; email: Awaited<ReturnType<typeof PostalMime.parse>> } | undefined;
    let to: string[] = [];
    if (route === 'send') {
      const body = await readBody(req);
      const json = JSON.parse(body) as { raw?: string; threadId?: string };
      if (typeof json.raw !== 'string') return error(400, "'raw' RFC822 payload message string is required", 'invalidArgument');
      const raw = Buffer.from(json.raw, 'base64url').toString('utf8');
      const email = await PostalMime.parse(raw);
      parsed = { raw, ...(json.threadId ? { threadId: json.threadId } : {}), email };
      to = [...flat(email.to), ...flat(email.cc), ...flat(email.bcc)];
      if (opts.retain !== false) arrivals.push({ to, at: now() });
    }

    const fault = takeFault(route, to);
    if (fault?.kind === 'slow') await delay(Math.min(fault.delayMs, MAX_DELAY_MS), timers);
    if (fault?.kind === 'status') {
      return error(fault.status, `injected ${fault.status}`, fault.reason ?? 'backendError', fault.retryAfter ? { 'retry-after': fault.retryAfter } : {});
    }
    if (fault?.kind === 'reset') return cut();

    if (route === 'send' && parsed) {
      const { email, raw } = parsed;
      if (parsed.threadId && !threads.has(parsed.threadId)) return error(404, 'Requested entity was not found.', 'notFound');
      const msg = store(
        {
          labelIds: ['SENT'],
          from: flat(email.from ? [email.from] : [])[0] ?? '',
          to: flat(email.to),
          cc: flat(email.cc),
          bcc: flat(email.bcc),
          subject: email.subject ?? '',
          messageId: email.messageId ?? '',
          ...(email.inReplyTo ? { inReplyTo: email.inReplyTo } : {}),
          references: (email.references ?? '').split(/\s+/).filter(Boolean),
          text: email.text ?? '',
          raw: opts.retain === false ? '' : raw,
          headers: email.headers.map((h) => ({ name: h.originalKey, value: h.key === 'subject' ? (email.subject ?? h.value) : h.value })),
          mimeType: 'text/plain',
        },
        parsed.threadId,
      );
      sent.push(msg);
      if (opts.retain === false) msg.text = '';
      // Accepted, then the answer is lost: exactly the case the Sent look-up exists for.
      if (fault?.kind === 'accept-drop') return cut();
      return reply(200, { id: msg.id, threadId: msg.threadId, labelIds: msg.labelIds });
    }
    if (route === 'list') {
      const found = search(mailbox, url.searchParams.get('q') ?? '');
      const max = Math.min(500, Number(url.searchParams.get('maxResults') ?? 100) || 100);
      const page = found.slice(0, max).map((m) => ({ id: m.id, threadId: m.threadId }));
      return reply(200, page.length ? { messages: page, resultSizeEstimate: found.length } : { resultSizeEstimate: 0 });
    }
    const thread = threads.get(decodeURIComponent(path.slice('/threads/'.length)));
    if (!thread) return error(404, 'Requested entity was not found.', 'notFound');
    const full = url.searchParams.get('format') !== 'metadata';
    return reply(200, { id: thread[0]!.threadId, messages: thread.map((m) => toResource(m, full)) });
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent && !res.destroyed) res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 400, message: String(e) } }));
    });
  });
  server.requestTimeout = 15_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    messages: sent,
    mailbox,
    requests,
    arrivals,
    inject(fault) {
      if (fault.kind === 'reply') {
        const subject = fault.subject ?? `Re: ${threads.get(fault.threadId)?.[0]?.subject ?? ''}`;
        inbound(fault.threadId, fault.from, subject, fault.text);
      } else if (fault.kind === 'bounce') {
        inbound(fault.threadId, 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>', 'Delivery Status Notification (Failure)', `Address not found: ${fault.recipient}`, {
          mimeType: 'multipart/report',
          headers: [
            { name: 'Content-Type', value: 'multipart/report; report-type=delivery-status; boundary="b"' },
            { name: 'X-Failed-Recipients', value: fault.recipient },
          ],
        });
      } else if (fault.kind === 'unsubscribe-mail') {
        inbound(undefined, fault.from, 'unsubscribe', '', { to: [fault.to.toLowerCase()] });
      } else faults.push({ ...fault });
    },
    clear() {
      for (const list of [mailbox, sent, requests, arrivals] as unknown[][]) list.length = 0;
      threads.clear();
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function search(mailbox: StoredMessage[], q: string): StoredMessage[] {
  const terms = q
    .split(/\s+/)
    .filter(Boolean)
    .map((t) => {
      const i = t.indexOf(':');
      return i < 0 ? { key: 'text', value: t.toLowerCase() } : { key: t.slice(0, i).toLowerCase(), value: t.slice(i + 1).toLowerCase() };
    });
  const match = (m: StoredMessage, key: string, value: string): boolean => {
    if (key === 'rfc822msgid') return norm(m.messageId) === norm(value);
    if (key === 'from') return m.from.includes(value);
    if (key === 'to') return [...m.to, ...m.cc, ...m.bcc].some((a) => a.includes(value));
    if (key === 'subject') return m.subject.toLowerCase().includes(value);
    if (key === 'in') return value === 'sent' ? m.labelIds.includes('SENT') : m.labelIds.includes(value.toUpperCase());
    return `${m.subject} ${m.text}`.toLowerCase().includes(value);
  };
  return mailbox.filter((m) => terms.every((t) => match(m, t.key, t.value))).reverse();
}

function toResource(m: StoredMessage, full: boolean) {
  const data = Buffer.from(m.text, 'utf8').toString('base64url');
  const textPart = { mimeType: 'text/plain', headers: [], body: { size: m.text.length, ...(full ? { data } : {}) } };
  const payload =
    m.mimeType === 'multipart/report'
      ? { mimeType: m.mimeType, headers: m.headers, body: { size: 0 }, parts: [textPart, { mimeType: 'message/delivery-status', body: { size: 0 } }] }
      : { ...textPart, headers: m.headers };
  return { id: m.id, threadId: m.threadId, labelIds: m.labelIds, snippet: m.text.slice(0, 200), internalDate: String(m.internalDate), payload };
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function delay(ms: number, timers: Set<NodeJS.Timeout>): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      timers.delete(t);
      resolve();
    }, ms);
    timers.add(t);
  });
}
