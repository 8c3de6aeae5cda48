import { useEffect, useState } from 'react';

interface Pending {
  value: boolean;
  /** Writes of this choice not finished yet. */
  writes: number;
}

/** Yes/no choices by id as a view shows them: a click shows at once, and stays until the stored value says the same. */
export interface PendingChoices {
  shown(id: string): boolean | undefined;
  choose(id: string, value: boolean): void;
}

/**
 * A click's choice, shown until every write of it has finished and the live read of the stored choices (`stored`, a new
 * function each time the read changes) shows it too. Dropped as soon as its write ended, the box showed the old stored
 * value again until the live read caught up: a click seemed undone for a moment, and a second click then chose the
 * wrong way (issue 17, the flaky share box). A failed write drops the choice: the box shows what is stored.
 */
export function usePendingChoices(stored: ((id: string) => boolean) | undefined, write: (id: string, value: boolean) => Promise<void>): PendingChoices {
  const [pending, setPending] = useState<ReadonlyMap<string, Pending>>(new Map());
  const change = (id: string, next: (entry: Pending | undefined) => Pending | undefined) =>
    setPending((map) => {
      const copy = new Map(map);
      const entry = next(copy.get(id));
      if (entry) copy.set(id, entry);
      else copy.delete(id);
      return copy;
    });
  useEffect(() => {
    if (!stored) return;
    const settled = [...pending].filter(([id, p]) => p.writes === 0 && stored(id) === p.value);
    for (const [id, p] of settled) change(id, (entry) => (entry === p ? undefined : entry));
  }, [stored, pending]);
  return {
    shown: (id) => pending.get(id)?.value ?? stored?.(id),
    choose(id, value) {
      change(id, (entry) => ({ value, writes: (entry?.writes ?? 0) + 1 }));
      write(id, value).then(
        () => change(id, (entry) => entry && { ...entry, writes: entry.writes - 1 }),
        (error: unknown) => {
          console.error('Kizuna: a choice could not be saved', error);
          change(id, () => undefined);
        },
      );
    },
  };
}
