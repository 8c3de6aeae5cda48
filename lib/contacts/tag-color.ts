// Tag colours without the tag writers (tags.ts, which bring Dexie): the contacts list's first paint shows them too.

/** Gmail-like label colours, readable on light and dark backgrounds. */
export const TAG_COLORS = ['#1a73e8', '#188038', '#e37400', '#d93025', '#9334e6', '#007b83', '#b06000', '#c5221f', '#5f6368'];

/** A tag colour as the app stores it: #rrggbb. */
export const TAG_COLOR_PATTERN = /^#[0-9a-f]{6}$/i;

/** The colour to put in a style: the tag's own when it is #rrggbb, else grey (so a stored value can never be a url(…)). */
export function tagColor(color: unknown): string {
  return typeof color === 'string' && TAG_COLOR_PATTERN.test(color) ? color : TAG_COLORS[TAG_COLORS.length - 1];
}
