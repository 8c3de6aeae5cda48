import { describe, expect, it } from 'vitest';
import { foreignSigner, signsAsOwner } from '../../../lib/campaigns/signature';

describe('the signature is the sender’s', () => {
  it('a template signs as the owner when it uses {{owner}}', () => {
    expect(signsAsOwner({ subject: 'Your renewal', body: 'Hi {{firstName}},\n\nBest,\n{{owner}}' })).toBe(true);
    expect(signsAsOwner({ subject: 'From {{ owner|us }}', body: 'Hi' })).toBe(true);
    expect(signsAsOwner({ subject: 'Your renewal', body: 'Best,\nthe team \\{{owner\\}}' })).toBe(false);
  });
  it('an owner other than the sender (by name or address, any case) is a foreign signer', () => {
    const from = { address: 'alex@kizuna.example', name: 'Alex Morgan' };
    expect(foreignSigner('Jordan Kim', from)).toBe('Jordan Kim');
    expect(foreignSigner(' alex morgan ', from)).toBeNull();
    expect(foreignSigner('ALEX@kizuna.example', from)).toBeNull();
    expect(foreignSigner('', from)).toBeNull();
    expect(foreignSigner(undefined, { address: 'cs@kizuna.example' })).toBeNull();
    expect(foreignSigner('佐藤 花子', { address: 'cs@kizuna.example' })).toBe('佐藤 花子');
  });
});
