// A tag added in the side panel: Enter in the tag field → the chip painted, and → the stored tag's chip (shared by benches).
import type { Page } from 'playwright-core';

/** Adds `names` one after another in the panel's tag field; for each, ms from the Enter key to the chip's frame and to the stored chip. */
export async function measureTagAdds(sidebar: Page, names: readonly string[]): Promise<{ painted: number[]; stored: number[] }> {
  const painted: number[] = [];
  const stored: number[] = [];
  const input = sidebar.getByRole('combobox', { name: 'Add a tag' });
  for (const name of names) {
    await input.fill(name);
    await sidebar.evaluate((want) => {
      const w = window as unknown as { __tagAdd: Promise<{ painted: number; stored: number }> };
      const chip = (stored: boolean) =>
        [...document.querySelectorAll<HTMLElement>('.tags .chip')].some((li) => li.querySelector('span:last-of-type, span')?.textContent === want && (!stored || !li.classList.contains('pending')));
      const when = (stored: boolean) =>
        new Promise<number>((resolve, reject) => {
          const timeout = setTimeout(() => reject(new Error(`no chip for ${want} within 60 s`)), 60_000);
          const check = () => {
            if (!chip(stored)) return false;
            observer.disconnect();
            clearTimeout(timeout);
            // The frame that shows it: rAF runs before that frame's paint.
            requestAnimationFrame(() => resolve(performance.now()));
            return true;
          };
          const observer = new MutationObserver(check);
          if (!check()) observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['class'] });
        });
      w.__tagAdd = new Promise((resolve) =>
        document.addEventListener(
          'keydown',
          (e) => {
            if (e.key !== 'Enter') return;
            const at = performance.now();
            void Promise.all([when(false), when(true)]).then(([p, s]) => resolve({ painted: p - at, stored: s - at }));
          },
          { capture: true, once: true },
        ),
      );
    }, name);
    await input.press('Enter');
    const r = await sidebar.evaluate(() => (window as unknown as { __tagAdd: Promise<{ painted: number; stored: number }> }).__tagAdd);
    painted.push(r.painted);
    stored.push(r.stored);
  }
  return { painted, stored };
}
