import * as z from 'zod';
import type { DraftForm } from './draft';

// One draft per tab (sessionStorage): it survives a trip to the campaign settings and a reload,
// and is dropped when the campaign starts, when the user starts over, or with the tab.
const KEY = 'kizuna:campaign-draft';

const SavedDraftSchema = z.object({
  id: z.string().min(1).max(64),
  form: z.object({
    name: z.string().max(200),
    segmentId: z.string().max(40),
    selection: z.array(z.number().int()).max(100_000).optional(),
    steps: z
      .array(z.object({ templateId: z.string().max(40), delayDays: z.string().max(40) }))
      .min(1)
      .max(10),
    startMode: z.enum(['now', 'at']),
    startAt: z.string().max(40),
    ratePerMinute: z.string().max(40),
    jitter: z.string().max(40),
  }),
  step: z.number().int().min(0).max(10).optional(),
});

export interface SavedDraft {
  /** The campaign id the draft will have (a test send already stores the draft under it). */
  id: string;
  form: DraftForm;
  /** The wizard step the user was on (index into WIZARD_STEPS). */
  step?: number;
}

/** The wizard's draft kept in this tab, if any (anything malformed counts as none). */
export function loadDraft(): SavedDraft | null {
  try {
    const parsed = SavedDraftSchema.safeParse(JSON.parse(sessionStorage.getItem(KEY) ?? 'null'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Keeps the wizard's draft for this tab. */
export function saveDraft(draft: SavedDraft): void {
  sessionStorage.setItem(KEY, JSON.stringify(draft));
}

/** Forgets the draft (the campaign started, or the user starts over). */
export function clearDraft(): void {
  sessionStorage.removeItem(KEY);
}
