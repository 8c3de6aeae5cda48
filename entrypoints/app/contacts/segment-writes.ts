/**
 * The segment writes and their errors in words, loaded on first use: their filter schema (full zod) and the team's
 * outbox stay off the contacts list's first path (issue 16).
 */
export const segmentWrites = () => Promise.all([import('@/lib/workspace/segments'), import('./segment-error')]).then(([writes, words]) => ({ ...writes, segmentErrorText: words.segmentErrorText }));
