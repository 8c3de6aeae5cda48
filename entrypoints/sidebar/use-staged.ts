import { useEffect, useState } from 'react';
import { backgroundTask } from './background-task';

/**
 * How many of `parts` to render for `key`: 1 at first, then one more per background task (backgroundTask), so a long
 * render is split into tasks that whatever is queued at a higher priority (a thread switch's message) can run between.
 * A new key starts again at 1 and drops the steps still pending for the last one; a null key stays at 1.
 */
export function useStaged(key: string | number | null, parts: number): number {
  const [staged, setStaged] = useState<{ key: string | number | null; n: number }>({ key, n: 1 });
  const n = staged.key === key ? staged.n : 1;
  useEffect(() => {
    if (key === null || n >= parts) return;
    let current = true;
    void backgroundTask().then(() => current && setStaged({ key, n: n + 1 }));
    return () => void (current = false);
  }, [key, n, parts]);
  return n;
}
