import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchKizuna, type Kizuna } from '../support/launch';
import { ME, SAMPLE_THREADS } from '../support/sample-threads';

interface TraceEvent {
  name: string;
  ts: number;
  pid: number;
  tid: number;
  args?: { chrome_mojo_event_info?: { mojo_interface_tag?: string; payload_size?: number } };
}

let k: Kizuna;
beforeAll(async () => {
  k = await launchKizuna();
  await k.serveGmail({ user: ME, threads: SAMPLE_THREADS });
});
afterAll(async () => k?.close());

// Issue 13: the first i18n call or stylesheet in an extension process fetches the whole message catalogue from the
// browser with a synchronous call (about 120 kB here). The panel's first open spent most of its code loading
// blocked on it; the background fetches it first (lib/panel/background.ts), and the process keeps it.
describe('the side panel’s first open (real Chromium, a CDP trace of the panel page)', () => {
  it('never blocks the panel page on fetching the message catalogue', async () => {
    const page = await k.openGmailPage('#inbox/18c1a2b3c4d5e6f7');
    const cdp = await k.context.browser()!.newBrowserCDPSession();
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', ({ value }) => void events.push(...(value as unknown as TraceEvent[])));
    const done = new Promise<void>((resolve) => cdp.once('Tracing.tracingComplete', () => resolve()));
    await cdp.send('Tracing.start', { transferMode: 'ReportEvents', traceConfig: { includedCategories: ['toplevel', 'mojom', 'blink.user_timing'] } });
    const panel = await k.openPanel(page);
    await expect.poll(() => panel.locator('[data-testid="profile-email"]').textContent()).toBe('dana.lee@acme-corp.com');
    await cdp.send('Tracing.end');
    await done;

    const first = events.find((e) => e.name === 'kizuna:first-module');
    expect(first, 'the panel page’s first-module mark is in the trace').toBeDefined();
    const panelThread = events.filter((e) => e.pid === first!.pid && e.tid === first!.tid);
    expect(
      panelThread.some((e) => e.name === 'Receive mojo message'),
      'the trace holds the panel thread’s IPC',
    ).toBe(true);
    const catalogue = panelThread.filter(
      (e) => e.name === 'Receive mojo reply' && e.args?.chrome_mojo_event_info?.mojo_interface_tag === 'extensions.mojom.RendererHost' && (e.args.chrome_mojo_event_info.payload_size ?? 0) > 20_000,
    );
    expect(catalogue.map((e) => e.args?.chrome_mojo_event_info)).toEqual([]);
    // The panel is translated all the same.
    expect(await panel.getByLabel('Name', { exact: true }).count()).toBe(1);
    await page.close();
  });
});
