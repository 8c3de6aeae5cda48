import type { Page } from 'playwright-core';

/**
 * When each selector first matched, on the page's own clock (0 = navigation start), checked at every animation frame
 * by one poll in the page. Waiting for them one after another measured the second at least a CDP round trip and a
 * frame after the first even when both came in the same frame (issue 16: "rows 51 ms after the shell" were idle).
 */
export async function paintedAt<K extends string>(page: Page, selectors: Record<K, string>, timeout = 120_000): Promise<Record<K, number>> {
  const handle = await page.waitForFunction(
    (selectors: Record<string, string>) => {
      const g = globalThis as unknown as { __kizunaPaintedAt?: Record<string, number> };
      const at = (g.__kizunaPaintedAt ??= {});
      const now = performance.now();
      for (const [key, selector] of Object.entries(selectors)) if (at[key] === undefined && document.querySelector(selector)) at[key] = now;
      return Object.keys(selectors).every((key) => at[key] !== undefined) ? at : null;
    },
    selectors as Record<string, string>,
    { polling: 'raf', timeout },
  );
  return (await handle.jsonValue()) as Record<K, number>;
}
