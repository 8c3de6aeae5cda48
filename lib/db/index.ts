import { createDb } from './schema';

/** The extension's one database. Import only from extension pages and the background, never the content script. */
export const db = createDb();
export type { KizunaDb } from './schema';
