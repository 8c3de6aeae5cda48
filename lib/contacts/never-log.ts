import { domainOf } from './domains';

/**
 * Whether an address is on the never-log list. Entries are addresses ("ceo@acme.com") or domains
 * ("acme.com", "@acme.com"); a domain entry covers its subdomains. Case-insensitive.
 */
export function isNeverLogged(email: string, neverLog: readonly string[]): boolean {
  const address = email.trim().toLowerCase();
  const domain = domainOf(address);
  for (const raw of neverLog) {
    const entry = raw.trim().toLowerCase().replace(/^@/, '');
    if (!entry) continue;
    if (entry.includes('@') ? entry === address : domain === entry || domain.endsWith(`.${entry}`)) return true;
  }
  return false;
}
