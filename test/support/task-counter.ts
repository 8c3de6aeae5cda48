/**
 * Counts tasks in a jsdom test: every callback of setTimeout and setImmediate (the page's, React's, fake-indexeddb's)
 * is a task of its own, numbered as it runs; jsdom's missing idle callbacks run as tasks too, counted apart. Call it
 * from `vi.hoisted`, before any module keeps its own reference to setTimeout or setImmediate.
 */
export function countTasks(): { id: number; idleCallbacks: number } {
  const state = { id: 0, idleCallbacks: 0 };
  const wrap = <F extends (run: (...a: never[]) => void, ...rest: never[]) => unknown>(original: F): F =>
    ((run: (...a: never[]) => void, ...rest: never[]) =>
      original(
        (...a: never[]) => {
          state.id++;
          run(...a);
        },
        ...rest,
      )) as F;
  globalThis.setTimeout = wrap(globalThis.setTimeout as never) as never;
  globalThis.setImmediate = wrap(globalThis.setImmediate as never) as never;
  Object.assign(globalThis, {
    requestIdleCallback: (run: IdleRequestCallback) =>
      setTimeout(() => {
        state.idleCallbacks++;
        run({ didTimeout: false, timeRemaining: () => 50 });
      }, 0),
    cancelIdleCallback: (id: number) => clearTimeout(id),
  });
  return state;
}
