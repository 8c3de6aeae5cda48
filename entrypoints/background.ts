import { db } from '@/lib/db';

export default defineBackground(() => {
  // Opening the database here creates and upgrades the schema before any page needs it.
  db.open().catch((error: unknown) => console.warn('Kizuna: the database could not be opened', error));
  // The toolbar icon opens the template library.
  (browser.action ?? browser.browserAction).onClicked.addListener(() => void browser.tabs.create({ url: browser.runtime.getURL('/templates.html') }));
});
