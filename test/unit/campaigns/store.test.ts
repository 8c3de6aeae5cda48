import { createDexieStore } from '../../../lib/campaigns/dexie-store';
import { createMemoryStore } from '../../../lib/campaigns/memory-store';
import { createDb } from '../../../lib/db/schema';
import { storeContract } from './store-contract';

let n = 0;
storeContract('memory', async () => createMemoryStore());
// fake-indexeddb (test/unit/setup.ts): a fresh database per test.
storeContract('dexie', async () => createDexieStore(createDb(`campaign-store-${++n}`)));
