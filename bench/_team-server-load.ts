// The team server under 20 members (Node Hocuspocus providers, no browsers) editing in a bounded loop on
// 127.0.0.1: every edit is checked in every member's documents at the end, the server's RSS is read from
// /proc, and each edit's latency to every other member is timed. Baseline from the same run: one member's
// edit reaching one other member on the same server before the load starts.
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { readFileSync } from 'node:fs';
import * as Y from 'yjs';
import { serverDocumentName } from '../lib/team/documents';
import { median } from './_measure';

const DOCS = ['contacts-00', 'contacts-01', 'contacts-02', 'contacts-03'];

/** VmRSS and VmHWM (peak) of a process in MB. */
export function rssMb(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

export const p95 = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];

interface Member {
  name: string;
  docs: Map<string, Y.Doc>;
  close(): void;
}

/** One member: one socket, the benchmark's documents, each synced once before it resolves. */
async function connectMember(url: string, teamId: string, name: string, token: string, latencies: number[]): Promise<Member> {
  const socket = new HocuspocusProviderWebsocket({ url, delay: 1000, minDelay: 1000 });
  const docs = new Map<string, Y.Doc>();
  const providers: HocuspocusProvider[] = [];
  await Promise.all(
    DOCS.map(
      (doc) =>
        new Promise<void>((resolve, reject) => {
          const ydoc = new Y.Doc();
          docs.set(doc, ydoc);
          // The sender puts performance.now() in the value; the same process reads the clock on arrival.
          ydoc.getMap('edits').observe((event) => {
            if (event.transaction.local) return;
            const at = performance.now();
            for (const key of event.keysChanged) latencies.push(at - (event.target.get(key) as number));
          });
          const provider = new HocuspocusProvider({
            websocketProvider: socket,
            name: serverDocumentName(teamId, doc),
            token,
            document: ydoc,
            onSynced: () => resolve(),
            onAuthenticationFailed: ({ reason }) => reject(new Error(`${name} refused: ${reason}`)),
          });
          provider.attach();
          providers.push(provider);
        }),
    ),
  );
  return {
    name,
    docs,
    close() {
      for (const p of providers) p.destroy();
      socket.destroy();
    },
  };
}

/** Waits for a condition, checking every 50 ms, up to `ms`. */
async function until(check: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

export interface LoadResult {
  members: number;
  edits: number;
  lost: number;
  p50: number;
  p95: number;
  baselineP50: number;
  baselineP95: number;
  rssIdle: number;
  rss: { now: number; peak: number };
}

/**
 * Runs the load: `members` members each make one edit every `intervalMs` for `durationMs` (a bounded loop),
 * spread over four shards; then checks that every member's documents hold every edit.
 */
export async function runServerLoad(options: { url: string; pid: number; teamId: string; tokens: string[]; durationMs: number; intervalMs: number }): Promise<LoadResult> {
  const { url, pid, teamId, tokens } = options;
  const rssIdle = rssMb(pid).now;
  // Baseline: one member's edits to one other, the server otherwise idle.
  const quiet: number[] = [];
  const [one, two] = [await connectMember(url, teamId, 'quiet-1', tokens[0], []), await connectMember(url, teamId, 'quiet-2', tokens[1], quiet)];
  for (let i = 0; i < 30; i++) {
    one.docs
      .get(DOCS[i % DOCS.length])!
      .getMap('edits')
      .set(`quiet:${i}`, performance.now());
    await until(() => quiet.length > i, 10_000);
  }
  one.close();
  two.close();

  const latencies: number[] = [];
  const members = await Promise.all(tokens.map((token, i) => connectMember(url, teamId, `m${i}`, token, latencies)));
  const expected: { doc: string; key: string }[] = [];
  const end = performance.now() + options.durationMs;
  await Promise.all(
    members.map(async (member, m) => {
      // Staggered starts so the members do not all edit in the same millisecond.
      await new Promise((r) => setTimeout(r, (m * options.intervalMs) / members.length));
      for (let seq = 0; performance.now() < end; seq++) {
        const doc = DOCS[(m + seq) % DOCS.length];
        const key = `${member.name}:${seq}`;
        member.docs.get(doc)!.getMap('edits').set(key, performance.now());
        expected.push({ doc, key });
        await new Promise((r) => setTimeout(r, options.intervalMs));
      }
    }),
  );
  const missing = () => members.reduce((n, member) => n + expected.filter(({ doc, key }) => !member.docs.get(doc)!.getMap('edits').has(key)).length, 0);
  await until(() => missing() === 0, 60_000);
  const lost = missing();
  const rss = rssMb(pid);
  for (const member of members) member.close();
  return { members: members.length, edits: expected.length, lost, p50: median(latencies), p95: p95(latencies), baselineP50: median(quiet), baselineP95: p95(quiet), rssIdle, rss };
}
