import { db } from '@/lib/db';
import { startCampaignBackground } from '@/lib/campaigns/background';
import { startRiskBackground } from '@/lib/churn/background';
import { startStageBackground } from '@/lib/db/stage-background';

export default defineBackground(() => {
  // Opening the database here creates and upgrades the schema before any page needs it.
  db.open().catch((error: unknown) => console.warn('Kizuna: the database could not be opened', error));
  // The toolbar icon opens the full-page app.
  (browser.action ?? browser.browserAction).onClicked.addListener(() => void browser.tabs.create({ url: browser.runtime.getURL('/app.html') }));
  // Listeners are registered synchronously, so an alarm or message wakes the worker with them in place.
  startRiskBackground();
  startCampaignBackground();
  startStageBackground();
});
