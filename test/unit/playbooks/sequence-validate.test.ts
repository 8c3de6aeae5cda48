import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../lib/db/schema';
import { validateSequence } from '../../../lib/playbooks/sequence-validate';
import { playbookStoreOf } from '../../../lib/playbooks/store';

const good = {
  id: 'win-back',
  name: 'Win-back',
  steps: [
    { templateId: 1, delayDays: 0 },
    { templateId: 2, delayDays: 4 },
  ],
  sendWithoutApproval: false,
  allowConcurrent: false,
};

describe('a sequence is checked before it is stored, naming the field', () => {
  it('accepts a sequence whose templates exist (first step sent at once)', () => {
    const result = validateSequence({ ...good, steps: [{ templateId: 1, delayDays: 5 }, good.steps[1]] }, new Set([1, 2]));
    expect(result.ok && result.sequence.steps.map((s) => s.delayDays)).toEqual([0, 4]);
  });
  it.each([
    [{ ...good, name: ' ' }, 'name', 'sqErrName'],
    [{ ...good, steps: [] }, 'steps', 'sqErrNoSteps'],
    [{ ...good, steps: [good.steps[0], { templateId: undefined, delayDays: 3 }] }, 'steps.1.templateId', 'sqErrTemplate'],
    [{ ...good, steps: [good.steps[0], { templateId: 2, delayDays: 400 }] }, 'steps.1.delayDays', 'sqErrDelay'],
  ])('%# refused at %s', (input, path, key) => {
    expect(validateSequence(input, new Set([1, 2]))).toEqual({ ok: false, issues: [expect.objectContaining({ path, key })] });
  });
  it('refuses a deleted template in step 2, naming that step', () => {
    expect(validateSequence(good, new Set([1]))).toEqual({ ok: false, issues: [{ path: 'steps.1.templateId', key: 'sqErrDeletedTemplate', params: ['2'] }] });
  });
  it('the store writes nothing on a refusal, and keeps the earlier version', async () => {
    const db = createDb(`sequence-validate-${Date.now()}`);
    const id = await db.templates.add({ name: 'Win-back 1', subject: 'Hi', body: 'Hello', language: 'en', category: 'other', usageCount: 0 } as never);
    const store = playbookStoreOf(db);
    expect((await store.saveSequence({ ...good, steps: [{ templateId: id, delayDays: 0 }] })).ok).toBe(true);
    const refused = await store.saveSequence({ ...good, name: 'Changed', steps: [{ templateId: id + 100, delayDays: 0 }] });
    expect(refused).toEqual({ ok: false, issues: [{ path: 'steps.0.templateId', key: 'sqErrDeletedTemplate', params: ['1'] }] });
    expect((await store.sequences()).map((s) => s.name)).toEqual(['Win-back']);
    db.close();
  });
});
