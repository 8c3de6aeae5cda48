// The rules' bands on a book without calibration follow the book itself (bandsForBook). They are settled before
// a rescore, so each stored band and every "crossed into high risk" alert uses the bands the pages then show.
import { storage } from 'wxt/utils/storage';
import type { KizunaDb } from '../db/schema';
import { bandsForBook } from './bands';
import { recomputeRisk, type RecomputeOptions, type RecomputeResult } from './recompute';
import { scoreBasis } from './score-history';
import type { ScorerConfig } from './scorer';
import { updateRiskSettings, type RiskSettings } from './settings';

/** The bands the last rescore's scores call for, and what those scores were computed by. */
interface NextBands {
  basis: string;
  horizonDays: number;
  bands: { medium: number; high: number };
}
const nextBandsItem = storage.defineItem<NextBands | null>('local:riskBookBands', { fallback: null, version: 1 });

/** Whether the bands follow the book: automatic bands on, and the rules scoring (no active model brings its own). */
export function bookBandsApply(config: Pick<ScorerConfig, 'settings' | 'model'>): boolean {
  return config.settings.bandsAuto && !(config.settings.useModel && config.model);
}

const sameBands = (a: RiskSettings['rules']['bands'], b: RiskSettings['rules']['bands']) => a.medium === b.medium && a.high === b.high;

/**
 * Before a rescore: the bands the book calls for, written to the settings when they differ (the one place every
 * page reads them from). They come from the last rescore's scores when those were computed the same way, else
 * from a scoring pass that writes nothing (the first rescore, edited rules). Returns the config to score with.
 */
export async function settleBookBands(db: KizunaDb, config: ScorerConfig, options: Pick<RecomputeOptions, 'now' | 'chunkSize' | 'pause'> = {}): Promise<ScorerConfig> {
  if (!bookBandsApply(config)) return config;
  const basis = scoreBasis(config);
  const saved = await nextBandsItem.getValue();
  const bands =
    saved && saved.basis === basis && saved.horizonDays === config.settings.horizonDays
      ? saved.bands
      : bandsForBook((await recomputeRisk(db, config, { ...options, dryRun: true })).book, config.settings.rules.bands);
  if (sameBands(bands, config.settings.rules.bands)) return config;
  const settings = await updateRiskSettings({ rules: { ...config.settings.rules, bands } });
  return { ...config, settings };
}

/** After a rescore: remembers the bands its scores call for; the next rescore applies them (the daily one, or sooner). */
export async function rememberBookBands(config: ScorerConfig, result: Pick<RecomputeResult, 'book'>): Promise<void> {
  if (!bookBandsApply(config)) return;
  await nextBandsItem.setValue({ basis: scoreBasis(config), horizonDays: config.settings.horizonDays, bands: bandsForBook(result.book, config.settings.rules.bands) });
}
