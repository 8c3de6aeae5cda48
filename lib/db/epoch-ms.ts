import { z } from '../zod';

/** The last time a JS Date can hold (ms since 1970; year 275760): past it, a Date is invalid and showing it throws. */
export const MAX_EPOCH_MS = 8.64e15;

/** A stored time from a file or a message: whole milliseconds since 1970, no later than MAX_EPOCH_MS. */
export const epochMs = z.number().check(z.int(), z.minimum(0), z.maximum(MAX_EPOCH_MS, 'Not a date: later than the year 275760'));
