import { describe, expect, it } from 'vitest';
import { enrolmentStatus } from '../../../lib/playbooks/enrolment-status';

describe('the contact page line of an enrolment', () => {
  it('says waiting for approval, approved, done and skipped from the state', () => {
    expect(enrolmentStatus({ state: 'awaiting-approval' }, 2)).toEqual({ key: 'sqStateAwaiting', params: [] });
    expect(enrolmentStatus({ state: 'approved' }, 2).key).toBe('sqStateApproved');
    expect(enrolmentStatus({ state: 'done' }, 2).key).toBe('sqStateDone');
    expect(enrolmentStatus({ state: 'skipped' }, 2).key).toBe('sqStateSkipped');
  });

  it('counts the step being sent, 1-based, of the sequence', () => {
    expect(enrolmentStatus({ state: 'handed' }, 3)).toEqual({ key: 'sqStateSending', params: ['1', '3'] });
    expect(enrolmentStatus({ state: 'handed' }, 3, { step: 1 })).toEqual({ key: 'sqStateSending', params: ['2', '3'] });
  });

  it('names why it stopped with a message key per reason', () => {
    expect(enrolmentStatus({ state: 'stopped', stopReason: 'replied' }, 2)).toEqual({ key: 'sqStateStopped', params: ['sqStop_replied'] });
    expect(enrolmentStatus({ state: 'stopped', stopReason: 'do-not-contact' }, 2).params).toEqual(['sqStop_doNotContact']);
    expect(enrolmentStatus({ state: 'stopped', stopReason: 'not-sendable' }, 2).params).toEqual(['sqStop_notSendable']);
  });
});
