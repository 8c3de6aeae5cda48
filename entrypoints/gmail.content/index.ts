import { startAdapter } from './adapter';

export default defineContentScript({
  matches: ['https://mail.google.com/*'],
  // document_end: Gmail's body exists, and the sidebar starts loading while Gmail finishes its own start-up.
  runAt: 'document_end',
  main(ctx) {
    // Only Gmail's top frame: its iframes (chat, hidden helpers) have no threads.
    if (window.top !== window) return;
    startAdapter(ctx);
  },
});
