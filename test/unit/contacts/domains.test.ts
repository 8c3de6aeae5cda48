import { describe, expect, it } from 'vitest';
import { companyNameFromDomain, domainOf, isFreeMail } from '../../../lib/contacts/domains';
import { isNeverLogged } from '../../../lib/contacts/never-log';

describe('free-mail rules', () => {
  it.each(['a@gmail.com', 'B@Outlook.com', 'c@yahoo.co.jp', 'd@icloud.com', 'e@docomo.ne.jp', 'f@ezweb.ne.jp', 'g@mail.yahoo.co.jp'])('%s is free mail', (email) =>
    expect(isFreeMail(email)).toBe(true),
  );
  it.each(['a@acme.com', 'b@acme.co.jp', 'c@notgmail.com', 'd@gmail.com.evil.io'])('%s is a company address', (email) => expect(isFreeMail(email)).toBe(false));
  it('an address without a domain is never a company', () => expect(isFreeMail('nobody')).toBe(true));
  it('reads the domain lower-cased', () => expect(domainOf('Ann@Mail.ACME.com')).toBe('mail.acme.com'));
  it('names a company from its domain', () => {
    expect(companyNameFromDomain('acme-corp.com')).toBe('Acme Corp');
    expect(companyNameFromDomain('mail.tanaka-shoji.co.jp')).toBe('Tanaka Shoji');
  });
});

describe('never-log list', () => {
  const list = ['ceo@acme.com', 'secret.io', '@Private.JP', '  '];
  it('matches an address exactly, case-insensitively', () => {
    expect(isNeverLogged('CEO@acme.com', list)).toBe(true);
    expect(isNeverLogged('cfo@acme.com', list)).toBe(false);
  });
  it('matches a domain and its subdomains', () => {
    expect(isNeverLogged('x@secret.io', list)).toBe(true);
    expect(isNeverLogged('x@eu.secret.io', list)).toBe(true);
    expect(isNeverLogged('x@private.jp', list)).toBe(true);
    expect(isNeverLogged('x@notsecret.io', list)).toBe(false);
  });
});
