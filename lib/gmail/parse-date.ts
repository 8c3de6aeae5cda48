const JAPANESE = /(\d{4})年(\d{1,2})月(\d{1,2})日[^\d]*(\d{1,2}):(\d{2})/;

/** Epoch ms from the date Gmail shows in a message header's title, in the user's time zone; null when unreadable. */
export function parseGmailDate(title: string): number | null {
  const text = title.replace(/[\u202f\u00a0]/g, ' ').trim();
  if (!text) return null;
  const ja = JAPANESE.exec(text);
  if (ja) {
    const [, y, mo, d, h, mi] = ja.map(Number);
    return new Date(y, mo - 1, d, h, mi).getTime();
  }
  // Gmail's English forms: "Mon, Nov 2, 2026, 10:15 AM", "Monday, November 2, 2026 at 10:15 AM".
  const parsed = Date.parse(text.replace(/\s+at\s+/, ' ').replace(/\s*\(.*\)\s*$/, ''));
  return Number.isNaN(parsed) ? null : parsed;
}
