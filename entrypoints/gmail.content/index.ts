import { startAdapter } from './adapter';

export default defineContentScript({
  matches: ['https://mail.google.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    // Only Gmail's top frame: its iframes (chat, hidden helpers) have no threads.
    if (window.top !== window) return;
    startAdapter(ctx);
  },
});
