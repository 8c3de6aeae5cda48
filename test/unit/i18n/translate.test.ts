import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { translate } from '../../../lib/i18n';

describe('translate', () => {
  it('asks browser.i18n once per message without substitutions (a side panel switch renders the same labels again), every time with them', () => {
    const getMessage = vi
      .spyOn(fakeBrowser.i18n, 'getMessage')
      .mockImplementation((key: string, substitutions?: string | (string | number)[]) => (key === 'missing' ? '' : `${key}:${[substitutions ?? []].flat().join(',')}`));
    expect([translate('settings'), translate('settings'), translate('settings')]).toEqual(['settings:', 'settings:', 'settings:']);
    // A missing message shows its key, also the second time.
    expect([translate('missing'), translate('missing')]).toEqual(['missing', 'missing']);
    expect([translate('saveFailed', 'disk'), translate('saveFailed', ['full'])]).toEqual(['saveFailed:disk', 'saveFailed:full']);
    expect(getMessage.mock.calls.map((call) => call[0])).toEqual(['settings', 'missing', 'saveFailed', 'saveFailed']);
  });
});
