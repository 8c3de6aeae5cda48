// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { findDockParts } from '../../../lib/gmail/dock';
import { gmailPage } from '../../support/gmail-fixture';
import { ME, SAMPLE_THREADS } from '../../support/sample-threads';

const load = (options: { sidePanelColumn?: boolean }) => {
  document.open();
  document.write(gmailPage({ user: ME, threads: SAMPLE_THREADS, ...options }));
  document.close();
};

// The geometry half of the self-test needs a real layout: test/browser/gmail-dock.test.ts.
describe('the in-Gmail dock’s self-test', () => {
  it('refuses a page without Gmail’s side-panel column', () => {
    load({});
    expect(findDockParts(document)).toEqual({ ok: false, reason: 'no-column' });
  });

  it('refuses a column without its icon rail, and a page without the main container', () => {
    load({ sidePanelColumn: true });
    document.querySelector('.brC-aT5-aOt-Jw')!.remove();
    expect(findDockParts(document)).toEqual({ ok: false, reason: 'no-column' });
    load({ sidePanelColumn: true });
    document.querySelector('.nn.bkK')!.classList.remove('bkK');
    expect(findDockParts(document)).toEqual({ ok: false, reason: 'no-main' });
  });

  it('refuses a layout whose geometry it cannot check (no layout at all here)', () => {
    load({ sidePanelColumn: true });
    expect(findDockParts(document)).toEqual({ ok: false, reason: 'geometry' });
  });
});
