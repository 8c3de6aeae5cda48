/** Applies a report to each owner's contacts ('' = no owner), owners in alphabetical order. */
export function byOwner<C extends { owner: string }, R>(contacts: readonly C[], report: (group: C[]) => R): Map<string, R> {
  const groups = new Map<string, C[]>();
  for (const c of contacts) {
    const list = groups.get(c.owner);
    if (list) list.push(c);
    else groups.set(c.owner, [c]);
  }
  const owners = [...groups.keys()].sort((a, b) => a.localeCompare(b));
  return new Map(owners.map((owner) => [owner, report(groups.get(owner)!)]));
}
