import { openEarlyPort } from './early-port';
import { prefetchFirstReads } from './early-reads';

// The panel asks Gmail for its thread first, then loads the app (React, Dexie, zod: half a megabyte to parse and
// run): the snapshot travels while that loads, instead of after it (entrypoints/sidebar/early-port.ts).
// Marks for the benchmark's breakdown of a first open (bench/sidebar.ts).
performance.mark('kizuna:first-module');
openEarlyPort();
prefetchFirstReads();
void import('./mount');
