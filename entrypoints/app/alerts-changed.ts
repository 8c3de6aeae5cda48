import { send } from '@/lib/messages/send';

/** Tells the background that alerts were written or removed here, so the toolbar badge follows (best effort; never rejects). */
export function notifyAlertsChanged(ids: number[] = []): Promise<unknown> {
  return send('kizuna:alerts-changed', { ids }).catch(() => undefined);
}
