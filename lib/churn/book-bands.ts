// The rules' bands on a book without calibration follow the book itself (bandsForBook). A rescore settles them
// from its own scores once every contact is scored, then stores each band and raises each "crossed into high
// risk" alert with them (recompute-write.ts, applyBands), so the stored bands are the ones the pages then show.
import type { BookSample } from './bands';
import { bandsForBook } from './bands';
import type { RecomputeOptions } from './recompute';
import type { ScorerConfig } from './scorer';
import { loadRiskSettings, updateRiskSettings, type RiskSettings } from './settings';

/** Whether the bands follow the book: automatic bands on, and the rules scoring (no active model brings its own). */
export function bookBandsApply(config: Pick<ScorerConfig, 'settings' | 'model'>): boolean {
  return config.settings.bandsAuto && !(config.settings.useModel && config.model);
}

const sameBands = (a: RiskSettings['rules']['bands'], b: RiskSettings['rules']['bands']) => a.medium === b.medium && a.high === b.high;

/**
 * The bands a book's scores call for (those in force when they band every customer alike), written to the
 * settings when they differ: the one place every page reads them from.
 */
export async function settleBookBands(config: ScorerConfig, book: BookSample): Promise<{ medium: number; high: number }> {
  const bands = bandsForBook(book, config.settings.rules.bands);
  if (sameBands(bands, config.settings.rules.bands)) return bands;
  // The rules as they are now: an edit made during the rescore is kept (it starts another rescore).
  const current = await loadRiskSettings();
  await updateRiskSettings({ rules: { ...current.rules, bands } });
  return bands;
}

/** The recompute option that settles the bands from the rescore's own scores; none when the bands do not follow the book. */
export function bookBandsOf(config: ScorerConfig): RecomputeOptions['bookBands'] {
  return bookBandsApply(config) ? (book) => settleBookBands(config, book) : undefined;
}
