import { send } from '../messages/send';

/** Tells the background that tasks were written here, so the badge and the reminder alarm follow (best effort; never rejects). */
export function notifyTasksChanged(): Promise<unknown> {
  return send('kizuna:tasks-changed', {}).catch(() => undefined);
}
