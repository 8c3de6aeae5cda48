const GMAIL_DOMAINS = new Set(['gmail.com', 'googlemail.com']);

/** The mailbox an address delivers to: lower case, no `+tag`, googlemail.com → gmail.com, Gmail dots ignored. */
export function canonicalEmail(email: string): string {
  const lower = email.trim().toLowerCase();
  const at = lower.lastIndexOf('@');
  if (at <= 0) return lower;
  let local = lower.slice(0, at);
  let domain = lower.slice(at + 1);
  const plus = local.indexOf('+');
  if (plus > 0) local = local.slice(0, plus);
  if (GMAIL_DOMAINS.has(domain)) {
    domain = 'gmail.com';
    local = local.replaceAll('.', '');
  }
  return `${local}@${domain}`;
}

/** Keys under which two spellings of one name meet (case, width, spacing, punctuation and word order ignored). */
export function nameKeys(name: string): string[] {
  const words = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[.,'’"()（）・]/g, ' ')
    .split(/\s+/)
    .filter(Boolean);
  if (words.length === 0) return [];
  const keys = [words.join('')];
  if (words.length > 1) keys.push([...words].sort().join(''));
  return [...new Set(keys)];
}
