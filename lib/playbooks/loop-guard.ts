import type { Stage } from '../db/types';
import type { Playbook } from './types';
import type { PlaybookIssue } from './validate';

/**
 * Playbook-made stage changes one contact may get in a rolling 24 h before a stage-setting chain stops acting on it
 * (two playbooks that set each other's stages would otherwise ping-pong forever, a run after each rescore).
 */
export const LOOP_LIMIT = 5;
export const DAY_MS = 86_400_000;

type Node = Pick<Playbook, 'id' | 'name' | 'trigger' | 'actions'>;
interface Step {
  from: Stage;
  to: Stage;
  by: Node;
  parent?: Step;
}

/** The stage changes a playbook makes when it fires on a contact that just entered `entered`: its set-stage actions in order. */
function changesOf(p: Node, entered: Stage): [Stage, Stage][] {
  const out: [Stage, Stage][] = [];
  let current = entered;
  for (const a of p.actions) {
    if (a.type !== 'set-stage' || a.stage === current) continue;
    out.push([current, a.stage]);
    current = a.stage;
  }
  return out;
}

/** Whether a playbook's stage trigger fires on a change made by another playbook (its own never fire it). */
function firesOn(q: Node, from: Stage, to: Stage): boolean {
  return q.trigger.type === 'stage-change' && q.trigger.to.includes(to) && (q.trigger.from.length === 0 || q.trigger.from.includes(from));
}

/**
 * A loop through `playbook` among the stored ones that its definitions make visible: its stage changes fire another
 * playbook's stage trigger, whose changes fire … `playbook` again. Returns the issue on its first set-stage action,
 * naming the chain ("A → B → A"); conditions are not read (a contact that meets them all would loop). Undefined if none.
 */
export function stageLoop(playbook: Node, stored: readonly Node[]): PlaybookIssue | undefined {
  const first = playbook.actions.findIndex((a) => a.type === 'set-stage');
  if (first < 0 || playbook.trigger.type !== 'stage-change') return undefined;
  const others = stored.filter((p) => p.id !== playbook.id && p.trigger.type === 'stage-change' && p.actions.some((a) => a.type === 'set-stage'));
  if (others.length === 0) return undefined;
  const all = [playbook, ...others];
  const seen = new Set<string>();
  const queue: Step[] = playbook.trigger.to.flatMap((entered) => changesOf(playbook, entered).map(([from, to]) => ({ from, to, by: playbook })));
  while (queue.length) {
    const step = queue.shift()!;
    const id = `${step.from}>${step.to}:${step.by.id}`;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const q of all) {
      if (q.id === step.by.id || !firesOn(q, step.from, step.to)) continue;
      if (q.id === playbook.id) {
        const chain: string[] = [playbook.name];
        for (let s: Step | undefined = step; s; s = s.parent) chain.unshift(s.by.name);
        return { path: `actions.${first}.stage`, key: 'pbErrStageLoop', params: [chain.join(' → ')] };
      }
      for (const [from, to] of changesOf(q, step.to)) queue.push({ from, to, by: q, parent: step });
    }
  }
  return undefined;
}
