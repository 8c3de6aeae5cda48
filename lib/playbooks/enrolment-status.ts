import type { Recipient } from '../campaigns/types';
import type { Enrolment } from './sequence';

/** What the contact page says of one enrolment: a message key and its substitutions after the sequence's name. */
export interface EnrolmentStatus {
  key: 'sqStateAwaiting' | 'sqStateApproved' | 'sqStateSending' | 'sqStateDone' | 'sqStateSkipped' | 'sqStateStopped';
  /** Sending: the step being sent or last sent (1-based) and the number of steps. Stopped: the reason's message key. */
  params: string[];
}

/** The status line of an enrolment, from its state and (once handed) its campaign recipient. */
export function enrolmentStatus(e: Pick<Enrolment, 'state' | 'stopReason'>, stepCount: number, recipient?: Pick<Recipient, 'step'>): EnrolmentStatus {
  switch (e.state) {
    case 'awaiting-approval':
      return { key: 'sqStateAwaiting', params: [] };
    case 'approved':
      return { key: 'sqStateApproved', params: [] };
    case 'handed':
      return { key: 'sqStateSending', params: [String((recipient?.step ?? 0) + 1), String(Math.max(1, stepCount))] };
    case 'done':
      return { key: 'sqStateDone', params: [] };
    case 'skipped':
      return { key: 'sqStateSkipped', params: [] };
    case 'stopped':
      return { key: 'sqStateStopped', params: [`sqStop_${(e.stopReason ?? 'failed').replace(/-(\w)/g, (_, c: string) => c.toUpperCase())}`] };
  }
}
