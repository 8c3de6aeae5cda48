import { STAGES, type Stage } from '../db/types';
import { STAGE_WORDS, stageKey } from './stage-labels';

export { parseDateCell } from './dates';

/** The stage a cell names: the user's choice for that value first, then Kizuna's and other CRMs' words; undefined when none. */
export function parseStage(text: string, chosen?: Readonly<Record<string, Stage>>): Stage | undefined {
  const key = stageKey(text);
  if (chosen && Object.hasOwn(chosen, key)) return chosen[key];
  const lower = text.trim().toLowerCase();
  if ((STAGES as readonly string[]).includes(lower)) return lower as Stage;
  return STAGE_WORDS.get(key);
}

/** Tag names in a cell separated by `;` or `,` (also Japanese 、 and ，), trimmed, without case-insensitive repeats. */
export function splitTags(text: string): string[] {
  const seen = new Set<string>();
  const tags: string[] = [];
  for (const part of text.split(/[;,、，；]/)) {
    const name = part.trim();
    const key = name.toLowerCase();
    if (name && !seen.has(key)) {
      seen.add(key);
      tags.push(name);
    }
  }
  return tags;
}

/** Values accepted for yes/no columns by z.stringbool (case-insensitive). */
export const TRUTHY = ['true', '1', 'yes', 'y', 'on', 'x', 'はい', '有', 'あり', '○', '◯', '済'];
export const FALSY = ['false', '0', 'no', 'n', 'off', 'いいえ', '無', 'なし', '×', '-'];
