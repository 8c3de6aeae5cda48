/** A template's shortcut word: ASCII letters, digits, `-` and `_`, 1–32 characters (typed after `;`, so no IME). */
export const SHORTCUT_WORD_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

/** Whether a character can be part of a shortcut word. */
export function isShortcutChar(c: string): boolean {
  return /^[A-Za-z0-9_-]$/.test(c);
}

/** The template whose shortcut is `word`, compared case-insensitively (";Thanks" finds "thanks"). */
export function findByShortcut<T extends { shortcut?: string }>(templates: readonly T[], word: string): T | undefined {
  const wanted = word.toLowerCase();
  return templates.find((t) => t.shortcut?.toLowerCase() === wanted);
}
