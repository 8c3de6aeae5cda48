// Numbers and dates as people type them into CRM fields: read by the churn signals and shown by the profile.

// Japanese users type full-width digits and separators (１２３, ２０２６／０３／０１, ￥１，２００): NFKC makes them
// ASCII; the minus sign (U+2212) is not folded by NFKC, so it is mapped by hand.
const halfWidth = (value: string) => value.normalize('NFKC').replace(/\u2212/g, '-');

/** A number from a CRM field: "¥1,200", "$3.5k", "１２３" → 1200, 3500, 123; null when it is not one. */
export function fieldNumber(value: string | undefined): number | null {
  if (value === undefined) return null;
  const m = /^[^\d+-]*([+-]?[\d,]*\.?\d+)\s*([kKmM万])?/.exec(
    halfWidth(value)
      .trim()
      .replace(/[\s\u00a0]/g, ''),
  );
  if (!m) return null;
  const n = Number(m[1].replace(/,/g, ''));
  const scale = { k: 1e3, K: 1e3, m: 1e6, M: 1e6, 万: 1e4 }[m[2] ?? ''] ?? 1;
  return Number.isFinite(n) ? n * scale : null;
}

/** A date from a CRM field (ISO date, ISO date-time, 2026/3/1, 2026年3月1日 or epoch ms; full-width digits too), as epoch ms; null when unreadable. */
export function fieldDate(value: string | undefined): number | null {
  if (!value?.trim()) return null;
  const v = halfWidth(value).trim();
  if (/^\d{11,}$/.test(v)) return Number(v);
  const slashed = /^(\d{4})[/.年](\d{1,2})[/.月](\d{1,2})日?$/.exec(v);
  if (slashed) return Date.UTC(Number(slashed[1]), Number(slashed[2]) - 1, Number(slashed[3]));
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : t;
}
