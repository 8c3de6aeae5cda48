interface PostTaskScheduler {
  postTask(run: () => void, options: { priority: 'background' }): Promise<void>;
}

/**
 * Resolves in a task of its own at background priority (`scheduler.postTask`): whatever else is queued (a thread
 * switch's Port message, a frame) runs first. Where there is no scheduler (Firefox ESR, tests), a task later.
 */
export function backgroundTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: Partial<PostTaskScheduler> }).scheduler;
  if (typeof scheduler?.postTask === 'function') return scheduler.postTask(() => undefined, { priority: 'background' });
  return new Promise((resolve) => setTimeout(resolve, 0));
}
