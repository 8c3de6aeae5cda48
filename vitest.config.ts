import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Two projects: fast unit tests in Node (fake-indexeddb, fakeBrowser, jsdom where a DOM is needed),
// and browser tests that drive the built extension in real headless Chromium.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['test/unit/setup.ts'],
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          // A poll waits for the page's own state (a text, a row, an attribute), for as long as a busy
          // 2-core machine needs: never Vitest's default one second.
          expect: { poll: { timeout: 30_000, interval: 50 } },
        },
      },
    ],
  },
});
