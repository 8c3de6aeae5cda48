// Quoted replies are someone else's words (often ours): churn wording in them is not the sender's.
// Every pattern here is bounded, so a hostile 100 kB body is still read in linear time.

// "On Mon, Nov 2, 2026 at 10:15 AM Alex <alex@x.com> wrote:" (Gmail may wrap it over two lines).
const EN_ATTRIBUTION = /(?:^|\s)On\s[^]{0,250}?\swrote\s?:/gu;
// Gmail ja: "2026年11月2日(月) 10:15 Alex Morgan <alex@x.com>:"; Apple Mail ja: "2026/11/02 10:15、Alex <…>のメール:";
// Thunderbird ja: "2026/11/02 10:15 に Alex さんは書きました:".
const JA_ATTRIBUTION = /(?:\d{4}年\d{1,2}月\d{1,2}日|\d{4}\/\d{1,2}\/\d{1,2})[^]{0,200}?(?:>\s?[:：]|(?:のメール|さんは書きました)\s?[:：])/gu;
// Outlook: a separator line, or a "From: … Sent: …" header block.
// (?<!-): a run of dashes is tried once from its start, not again from each dash inside it.
const SEPARATOR = /(?<!-)-{3,}\s?(?:Original Message|Forwarded message|元のメッセージ|転送されたメッセージ)\s?-{3,}/iu;
const HEADER_BLOCK = /(?:^|\n)\s{0,8}(?:From|差出人|送信者)\s?[:：][^\n]{0,200}\n(?:[^\n]{0,200}\n){0,2}\s{0,8}(?:Sent|Date|送信日時|日時)\s?[:：]/u;
const QUOTED_LINE = /^[ \t]{0,8}[>＞][^\n]*/gmu;

// A real attribution names a date or time; "On Monday we wrote: …" does not start a quote.
function firstAttribution(text: string, pattern: RegExp): number {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const span = m[0];
    if (/\d/.test(span) && span.split('\n').length <= 3) return m.index + (span.length - span.trimStart().length);
    pattern.lastIndex = m.index + 1;
  }
  return -1;
}

/**
 * The text without its quoted reply: everything from the first attribution ("On … wrote:", a Japanese mail
 * client's date header, an Outlook "Original Message" block) on is cut, and lines starting with `>` are blanked.
 * Offsets of what is left are those of the original text.
 */
export function withoutQuotedReply(text: string): string {
  let end = text.length;
  for (const pattern of [EN_ATTRIBUTION, JA_ATTRIBUTION]) {
    const at = firstAttribution(text, pattern);
    if (at >= 0 && at < end) end = at;
  }
  for (const pattern of [SEPARATOR, HEADER_BLOCK]) {
    const m = pattern.exec(text);
    if (m && m.index < end) end = m.index;
  }
  return text.slice(0, end).replace(QUOTED_LINE, (line) => ' '.repeat(line.length));
}
