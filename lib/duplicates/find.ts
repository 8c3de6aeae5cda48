import type { Contact } from '../db/types';
import { canonicalEmail, nameKeys } from './normalize';

export type DuplicateReason = 'same-address' | 'alias' | 'same-name-company';

export type DuplicateCandidate = Pick<Contact, 'id' | 'email' | 'name' | 'companyId' | 'createdAt'>;

export interface DuplicateGroup {
  /** Contact ids, the suggested primary first. */
  ids: number[];
  reasons: DuplicateReason[];
}

function rootOf(parent: Map<number, number>, id: number): number {
  let root = id;
  while (parent.get(root) !== root) root = parent.get(root)!;
  for (let n = id; n !== root;) {
    const next = parent.get(n)!;
    parent.set(n, root);
    n = next;
  }
  return root;
}

function primaryFirst(members: DuplicateCandidate[]): DuplicateCandidate[] {
  // The plain address (no +tag, canonical form) is the natural primary; then the oldest contact.
  const plain = (c: DuplicateCandidate) => (canonicalEmail(c.email) === c.email.toLowerCase() ? 0 : 1);
  return [...members].sort((a, b) => plain(a) - plain(b) || a.createdAt - b.createdAt || a.id - b.id);
}

/** Groups likely duplicates (same address, aliases of one mailbox, same name at one company), primary suggestion first. */
export function findDuplicates(contacts: readonly DuplicateCandidate[]): DuplicateGroup[] {
  const parent = new Map<number, number>();
  const byId = new Map<number, DuplicateCandidate>();
  for (const c of contacts) {
    parent.set(c.id, c.id);
    byId.set(c.id, c);
  }
  const links = new Map<number, Set<DuplicateReason>>();
  const union = (a: number, b: number, reason: DuplicateReason) => {
    const ra = rootOf(parent, a);
    const rb = rootOf(parent, b);
    if (ra !== rb) parent.set(rb, ra);
    for (const id of [a, b]) {
      if (!links.has(id)) links.set(id, new Set());
      links.get(id)!.add(reason);
    }
  };
  const seen = new Map<string, DuplicateCandidate>();
  for (const c of contacts) {
    const lower = c.email.trim().toLowerCase();
    const canonical = canonicalEmail(lower);
    const exact = seen.get(`exact:${lower}`);
    if (exact) union(exact.id, c.id, 'same-address');
    else seen.set(`exact:${lower}`, c);
    const alias = seen.get(`mailbox:${canonical}`);
    if (alias && alias.email.trim().toLowerCase() !== lower) union(alias.id, c.id, 'alias');
    if (!alias) seen.set(`mailbox:${canonical}`, c);
    if (c.companyId === undefined) continue;
    for (const key of nameKeys(c.name)) {
      const other = seen.get(`name:${c.companyId}:${key}`);
      if (other && other.id !== c.id) union(other.id, c.id, 'same-name-company');
      else if (!other) seen.set(`name:${c.companyId}:${key}`, c);
    }
  }
  const groups = new Map<number, DuplicateCandidate[]>();
  for (const id of links.keys()) {
    const root = rootOf(parent, id);
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root)!.push(byId.get(id)!);
  }
  return [...groups.values()].map((members) => {
    const reasons = new Set<DuplicateReason>();
    for (const m of members) for (const r of links.get(m.id)!) reasons.add(r);
    return { ids: primaryFirst(members).map((m) => m.id), reasons: [...reasons].sort() };
  });
}
