import { plural, type Translate } from '../format';
import type { Stage } from '../db/types';
import type { PlaybookAction, Trigger } from './types';

/** Names of what a playbook refers to, for its sentences; a name not found reads as its id. */
export interface PlaybookNames {
  tag(id: number): string | undefined;
  sequence(id: string): string | undefined;
}

/** The message key of each risk band's name. */
export const BAND_KEYS = { low: 'riskLow', medium: 'riskMedium', high: 'riskHigh' } as const;
/** The message key of each alert kind's name, as triggers name them. */
export const ALERT_KEYS = {
  'high-risk': 'pbAlertKind_highRisk',
  intent: 'pbAlertKind_intent',
  unanswered: 'pbAlertKind_unanswered',
  'payment-overdue': 'pbAlertKind_paymentOverdue',
  'renewal-silent': 'pbAlertKind_renewalSilent',
} as const;

const stageName = (t: Translate, s: Stage) => t(`stage_${s.replace('-', '_')}`);
const either = (items: readonly string[], locale: string) => new Intl.ListFormat(locale, { type: 'disjunction' }).format(items);

/** The trigger as a sentence in the reader's language ("When a customer's risk becomes High"). */
export function describeTrigger(trigger: Trigger, t: Translate, locale: string, names: PlaybookNames): string {
  switch (trigger.type) {
    case 'band-entered':
      return t('pbTrigger_bandEntered', [
        either(
          trigger.bands.map((b) => t(BAND_KEYS[b])),
          locale,
        ),
      ]);
    case 'chance-rise':
      return plural(t, locale, 'pbTrigger_chanceRise', trigger.points);
    case 'alert':
      return t('pbTrigger_alert', [
        either(
          trigger.kinds.map((k) => t(ALERT_KEYS[k])),
          locale,
        ),
      ]);
    case 'stage-change': {
      const to = either(
        trigger.to.map((s) => stageName(t, s)),
        locale,
      );
      return trigger.from.length
        ? t('pbTrigger_stageFromTo', [
            either(
              trigger.from.map((s) => stageName(t, s)),
              locale,
            ),
            to,
          ])
        : t('pbTrigger_stageTo', [to]);
    }
    case 'tag-added':
      return t('pbTrigger_tagAdded', [
        either(
          trigger.tagIds.map((id) => names.tag(id) ?? `#${id}`),
          locale,
        ),
      ]);
    case 'date-field':
      return plural(t, locale, 'pbTrigger_dateField', trigger.daysBefore, [trigger.field, String(trigger.daysBefore)]);
  }
}

/** An action as a sentence in the reader's language ("Create a call task “Call them” for the contact's owner, due in 1 day at 10:00"). */
export function describeAction(action: PlaybookAction, t: Translate, locale: string, names: PlaybookNames): string {
  switch (action.type) {
    case 'create-task': {
      const due = action.dueTime ? plural(t, locale, 'pbDueInDaysAt', action.dueInDays, [String(action.dueInDays), action.dueTime]) : plural(t, locale, 'pbDueInDays', action.dueInDays);
      return t('pbAction_createTask', [t(`pbTaskType_${action.taskType}`), action.title, action.owner || t('pbContactOwner'), due]);
    }
    case 'set-owner':
      return t('pbAction_setOwner', [action.owner]);
    case 'add-tag':
      return t('pbAction_addTag', [names.tag(action.tagId) ?? `#${action.tagId}`]);
    case 'remove-tag':
      return t('pbAction_removeTag', [names.tag(action.tagId) ?? `#${action.tagId}`]);
    case 'set-stage':
      return t('pbAction_setStage', [stageName(t, action.stage)]);
    case 'enrol':
      return t('pbAction_enrol', [names.sequence(action.sequenceId) ?? action.sequenceId]);
  }
}
