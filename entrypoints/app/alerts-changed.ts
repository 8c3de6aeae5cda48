import { browser } from 'wxt/browser';
import { RISK_MESSAGES } from '@/lib/churn/badge';

/** Tells the background that alerts were written or removed here, so the toolbar badge follows (best effort; never rejects). */
export function notifyAlertsChanged(ids: number[] = []): Promise<unknown> {
  return browser.runtime.sendMessage({ type: RISK_MESSAGES.alertsChanged, ids }).catch(() => undefined);
}
