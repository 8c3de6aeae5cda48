import { parseTemplate } from '../templates/parse';
import type { Campaign } from './types';

/** Whether a template signs with the contact's owner: it uses `{{owner}}`. */
export function signsAsOwner(template: { subject: string; body: string }): boolean {
  return parseTemplate(template.body).fields.includes('owner') || parseTemplate(template.subject).fields.includes('owner');
}

/**
 * The owner a message would be signed with when that is someone other than the sender (compared with
 * the sender's name and address, ignoring case), else null. An empty owner is a missing value, not this.
 */
export function foreignSigner(owner: string | undefined, from: Campaign['from']): string | null {
  const signer = (owner ?? '').trim();
  if (!signer) return null;
  const same = (a: string | undefined) => !!a && a.trim().toLowerCase() === signer.toLowerCase();
  return same(from.address) || same(from.name) ? null : signer;
}
