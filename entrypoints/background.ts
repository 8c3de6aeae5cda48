import { db } from '@/lib/db';
import { startCampaignBackground } from '@/lib/campaigns/background';
import { startRiskBackground } from '@/lib/churn/background';
import { startStageBackground } from '@/lib/db/stage-background';
import { startPanelBackground } from '@/lib/panel/background';

export default defineBackground(() => {
  // Opening the database here creates and upgrades the schema before any page needs it.
  db.open().catch((error: unknown) => console.warn('Kizuna: the database could not be opened', error));
  // Listeners are registered synchronously, so an alarm or message wakes the worker with them in place.
  // The side panel, and the toolbar icon: the panel on a Gmail tab, the full-page app elsewhere.
  startPanelBackground();
  startRiskBackground();
  startCampaignBackground();
  startStageBackground();
});
