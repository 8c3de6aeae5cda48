import type { Campaign, Recipient, Rendered } from './types';

/**
 * What a step renders for a recipient: the recipient's own first message (stored with it, e.g. the owner's edit in
 * the approval queue) for step 1, else the step's template. Later steps always use their templates.
 */
export async function renderForRecipient(
  renderStep: (campaign: Campaign, recipient: Recipient, stepIndex: number) => Rendered | Promise<Rendered>,
  campaign: Campaign,
  recipient: Recipient,
  stepIndex: number,
): Promise<Rendered> {
  const own = stepIndex === 0 ? recipient.firstMessage : undefined;
  if (own) return { subject: own.subject.replace(/[\r\n]+/g, ' ').trim(), body: own.body, warnings: [] };
  return renderStep(campaign, recipient, stepIndex);
}
