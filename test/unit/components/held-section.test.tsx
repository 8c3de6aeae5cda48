// @vitest-environment jsdom
// "Approved, but waiting" follows the campaign settings, which live in extension storage, not the database: the
// sender address saved (on any page) takes a "no sender" row away at once, and clearing it brings the row back,
// with no database write in between. (Read inside the live query alone, the page kept the old reason.)
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { I18nProvider } from '../../../components/i18n';
import { HeldSection } from '../../../entrypoints/app/approvals/held';
import { campaignSettingsItem, DEFAULT_CAMPAIGN_SETTINGS } from '../../../lib/campaigns/settings';
import { contactStoreOf } from '../../../lib/contacts/dexie-store';
import { db } from '../../../lib/db';

let container: HTMLDivElement;
let root: Root;

beforeEach(async () => {
  const contactId = await contactStoreOf(db).add({ email: 'mika@example.jp', name: 'Mika Sato', stage: 'customer', createdAt: 1 } as never);
  await db.sequences.put({ id: 'win-back', name: 'Win-back', steps: [], sendWithoutApproval: false, allowConcurrent: false });
  await db.enrolments.put({ id: 'e1', contactId, sequenceId: 'win-back', state: 'approved', createdAt: 1, updatedAt: 1 });
  await campaignSettingsItem.setValue({ ...DEFAULT_CAMPAIGN_SETTINGS, senderAddress: undefined });
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(async () => {
  root.unmount();
  container.remove();
  await db.delete();
  await db.open();
});

const reasons = () => [...container.querySelectorAll<HTMLElement>('li[data-enrolment]')].map((li) => li.dataset.reason);

describe('HeldSection', () => {
  it('follows a sender address saved or cleared after the page opened', async () => {
    root.render(
      <I18nProvider value={{ t: (key) => key, locale: 'en' }}>
        <HeldSection />
      </I18nProvider>,
    );
    await vi.waitFor(() => expect(reasons()).toEqual(['no-sender']));
    expect(container.querySelector('.aq-held-reason')?.textContent).toBe('aqHeld_noSender');

    await campaignSettingsItem.setValue({ ...DEFAULT_CAMPAIGN_SETTINGS, senderAddress: 'me@example.jp' });
    await vi.waitFor(() => expect(reasons()).toEqual([]));

    await campaignSettingsItem.setValue({ ...DEFAULT_CAMPAIGN_SETTINGS, senderAddress: undefined });
    await vi.waitFor(() => expect(reasons()).toEqual(['no-sender']));
  });
});
