import { describe, expect, it } from 'vitest';
import { readToContent } from '../../../lib/protocol-content-guard';
import { ToContentSchema } from '../../../lib/protocol-to-content';

// The content script checks commands by hand (zod would not fit its size budget); it must accept
// exactly what the zod contract accepts.
const samples: unknown[] = [
  { type: 'hello' },
  { type: 'layout', collapsed: true },
  { type: 'layout', collapsed: 'yes' },
  { type: 'layout' },
  { type: 'insert', requestId: 3, text: 'Hi Dana,\n<script>x</script>' },
  { type: 'insert', requestId: '3', text: 'x' },
  { type: 'insert', requestId: 3, text: 'x'.repeat(200_001) },
  { type: 'insert', requestId: 3 },
  { type: 'expansion', requestId: 1, text: null },
  { type: 'expansion', requestId: 1, text: 'ok' },
  { type: 'expansion', requestId: 1, text: 5 },
  { type: 'expansion', requestId: Number.NaN, text: 'ok' },
  { type: 'delete-everything' },
  null,
  'hello',
  42,
  [],
];

describe('readToContent', () => {
  it.each(samples.map((s, i) => [i, s]))('sample %i: agrees with ToContentSchema', (_, sample) => {
    const zod = ToContentSchema.safeParse(sample);
    const guard = readToContent(sample);
    expect(guard !== null).toBe(zod.success);
    if (zod.success) expect(guard).toEqual(zod.data);
  });
});
