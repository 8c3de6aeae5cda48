import { browser } from 'wxt/browser';
import { db } from '@/lib/db';
import { campaignHandlers, startCampaignBackground } from '@/lib/campaigns/background';
import { riskHandlers, startRiskBackground } from '@/lib/churn/background';
import { fileStagedNow, startStageBackground } from '@/lib/db/stage-background';
import { createMessageListener } from '@/lib/messages/listen';
import { startPanelBackground } from '@/lib/panel/background';
import { startTeamBackground } from '@/lib/team/background';
import { startTaskBackground, taskHandlers } from '@/lib/tasks/background';

export default defineBackground(() => {
  // Opening the database here creates and upgrades the schema before any page needs it.
  db.open().catch((error: unknown) => console.warn('Kizuna: the database could not be opened', error));
  // Listeners are registered synchronously, so an alarm or message wakes the worker with them in place.
  // The side panel, and the toolbar icon: the panel on a Gmail tab, the full-page app elsewhere.
  const panelHandlers = startPanelBackground();
  startRiskBackground();
  startCampaignBackground();
  startStageBackground();
  // A joined team's sync lives in its own page (never in this worker, which sleeps).
  const teamHandlers = startTeamBackground();
  startTaskBackground();
  // The one message listener: every message type of lib/messages/protocol.ts has its handler here.
  browser.runtime.onMessage.addListener(
    createMessageListener({
      ...panelHandlers,
      ...riskHandlers,
      ...campaignHandlers,
      ...teamHandlers,
      ...taskHandlers,
      'kizuna:file-staged': () => void fileStagedNow().catch((e: unknown) => console.warn('Kizuna: filing staged contacts failed', e)),
    }),
  );
});
