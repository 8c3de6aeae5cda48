import { db } from '../db';
import { effectiveCap } from '../campaigns/ledger';
import { loadCampaignSettings } from '../campaigns/settings';
import { loadScorerConfig } from '../churn/scorer-config';
import { knownOwnAddresses, loadSettings } from '../settings';
import { templateIdsOf } from './known';
import { tasksChanged } from '../tasks/background';
import { recordBandRosters } from './band-roster';
import { runPlaybooks } from './run';
import { runQueue } from '../campaigns/background';
import { taskSinkOf } from './task-sink';
import { teamConfigItem } from '../team/config';
import { TEAM_READ_ONLY } from '../team/outbox';

const tasks = taskSinkOf(db);
let running: Promise<void> | null = null;

/** One playbook run (after a rescore, on the daily alarm); one at a time, failures logged, never thrown. */
export function runPlaybooksNow(now = Date.now()): Promise<void> {
  running ??= (async () => {
    try {
      const [settings, campaign, config, team] = await Promise.all([loadSettings(), loadCampaignSettings(), loadScorerConfig(db), teamConfigItem.getValue()]);
      // A viewer's (or a refused member's) browser changes nothing the team shares: the members' browsers act.
      if (team && (await db.contactMeta.get(TEAM_READ_ONLY))) return;
      const own = knownOwnAddresses(settings);
      // The contacts' owners are added by the run, from the contacts it reads anyway (not a second full read).
      const templateIds = await templateIdsOf(db);
      const ledger = await db.sendLedger
        .where('at')
        .above(now - 86_400_000)
        .toArray();
      const run = await runPlaybooks(db, {
        now,
        timeZone: config.timeZone,
        bands: config.settings.rules.bands,
        owners: new Set(own),
        templateIds,
        ledger,
        cap: effectiveCap(campaign.accountType, campaign.dailyCap),
        tasks,
        // In a team, only the owner's browser acts for an owned contact (by display name or own address).
        ...(team ? { actsFor: new Set([team.memberName, ...own].map((a) => a.toLowerCase())) } : {}),
      });
      // The bands of the customers it acted on, as they are today: the comparison group of "did it work?".
      if (run.applied > 0) await recordBandRosters(db, { now, timeZone: config.timeZone, bands: config.settings.rules.bands, contactIds: run.plan.contacts.map((c) => c.contactId) });
      // Tasks it made remind and count on the badge like any other (a run that made none leaves the badge alone).
      if (run.applied > 0 && run.plan.contacts.some((c) => c.actions.some((a) => a.type === 'create-task'))) await tasksChanged(db, now);
      // Enrolments of sequences that send without approval are handed to the campaign queue on its next run.
      if (run.applied > 0 && run.plan.contacts.some((c) => c.actions.some((a) => a.type === 'enrol'))) void runQueue();
    } catch (e) {
      console.warn('Kizuna: playbooks run failed', e);
    } finally {
      running = null;
    }
  })();
  return running;
}
