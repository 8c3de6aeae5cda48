/** A number read from a free-text cell ("¥1,200,000", "$ 3.5k" is not one, "１２" is 12), or NaN. */
export function parseLooseNumber(text: string | undefined): number {
  if (text === undefined) return NaN;
  const cleaned = text.normalize('NFKC').replace(/[\s,_¥$€£%円]/g, '');
  if (cleaned === '' || !/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(cleaned)) return NaN;
  return Number(cleaned);
}
