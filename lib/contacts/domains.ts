/**
 * Free-mail and consumer ISP domains: an address there says nothing about the person's company.
 * Global providers first, then regional (Japan, Europe, elsewhere) and carrier mail.
 */
export const FREE_MAIL_DOMAINS: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'outlook.com',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.fr',
  'live.com',
  'live.jp',
  'msn.com',
  'outlook.jp',
  'yahoo.com',
  'yahoo.co.jp',
  'yahoo.co.uk',
  'yahoo.fr',
  'ymail.com',
  'rocketmail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'pm.me',
  'gmx.com',
  'gmx.net',
  'gmx.de',
  'web.de',
  'mail.com',
  'zoho.com',
  'yandex.com',
  'yandex.ru',
  'mail.ru',
  'fastmail.com',
  'hey.com',
  'tutanota.com',
  'qq.com',
  '163.com',
  '126.com',
  'naver.com',
  'daum.net',
  // Japan: carriers and ISPs
  'docomo.ne.jp',
  'ezweb.ne.jp',
  'au.com',
  'softbank.ne.jp',
  'i.softbank.jp',
  'ymobile.ne.jp',
  'nifty.com',
  'biglobe.ne.jp',
  'ocn.ne.jp',
  'so-net.ne.jp',
  'excite.co.jp',
  'rakuten.jp',
  'goo.jp',
  // Europe and elsewhere
  'orange.fr',
  'free.fr',
  'laposte.net',
  'libero.it',
  'btinternet.com',
  'comcast.net',
  'verizon.net',
  'att.net',
  'sbcglobal.net',
  't-online.de',
  'seznam.cz',
  'wp.pl',
  'o2.pl',
  'rediffmail.com',
]);

/** The lower-cased domain of an address, or '' when it has none. */
export function domainOf(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 0
    ? ''
    : email
        .slice(at + 1)
        .trim()
        .toLowerCase();
}

/** Whether an address's domain is a free-mail one (subdomains included), so no company is inferred from it. */
export function isFreeMail(email: string): boolean {
  const domain = domainOf(email);
  if (!domain) return true;
  const labels = domain.split('.');
  for (let i = 0; i < labels.length - 1; i++) {
    if (FREE_MAIL_DOMAINS.has(labels.slice(i).join('.'))) return true;
  }
  return false;
}

/** A readable company name guessed from a domain: "mail.acme-corp.co.jp" → "Acme Corp". */
export function companyNameFromDomain(domain: string): string {
  const labels = domain.toLowerCase().split('.').filter(Boolean);
  // Drop a second-level public suffix such as co.jp / com.au, then the TLD, then service subdomains.
  const core = labels.length > 2 && /^(co|com|ne|or|ac|go|net|org|gov|edu)$/.test(labels[labels.length - 2]) ? labels.slice(0, -2) : labels.slice(0, -1);
  const main = core[core.length - 1] ?? domain;
  return main
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}
