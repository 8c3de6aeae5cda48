import { churnEligible } from '../churn/eligible';
import { lastContactAt, type SegmentContact } from './columns';
import type { BasicCondition, Condition, SegmentFilter } from './filter';
import { parseLooseNumber } from './numbers';
import { DEFAULT_BAND_THRESHOLDS, riskBand, type BandThresholds } from './risk-band';

export type ContactPredicate = (c: SegmentContact) => boolean;

const DAY_MS = 86_400_000;
const always: ContactPredicate = () => true;

function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

function all(preds: ContactPredicate[]): ContactPredicate {
  if (preds.length === 0) return always;
  if (preds.length === 1) return preds[0];
  return (c) => {
    for (const p of preds) if (!p(c)) return false;
    return true;
  };
}

function text(query: string): ContactPredicate {
  const terms = normalize(query).split(/\s+/).filter(Boolean);
  if (terms.length === 0) return always;
  return (c) => {
    const hay = `${c.name}\u0000${c.email}\u0000${c.companyName ?? ''}`.toLowerCase();
    for (const term of terms) if (!hay.includes(term)) return false;
    return true;
  };
}

function tags(mode: 'any' | 'all' | 'none', tagIds: number[]): ContactPredicate {
  const wanted = new Set(tagIds);
  if (wanted.size === 0) return always;
  const list = [...wanted];
  if (mode === 'all') return (c) => list.every((id) => c.tags.includes(id));
  const any = (c: SegmentContact) => c.tags.some((id) => wanted.has(id));
  return mode === 'any' ? any : (c) => !any(c);
}

function custom(key: string, op: string, value = ''): ContactPredicate {
  const wanted = normalize(value.trim());
  const limit = parseLooseNumber(value);
  const cell = (c: SegmentContact) => (c.custom[key] ?? '').trim();
  switch (op) {
    case 'empty':
      return (c) => cell(c) === '';
    case 'notEmpty':
      return (c) => cell(c) !== '';
    case 'equals':
      return (c) => normalize(cell(c)) === wanted;
    case 'contains':
      return (c) => normalize(cell(c)).includes(wanted);
    case 'gt':
      return (c) => parseLooseNumber(cell(c)) > limit;
    default:
      return (c) => parseLooseNumber(cell(c)) < limit;
  }
}

function basic(condition: BasicCondition, now: number, thresholds: BandThresholds): ContactPredicate {
  switch (condition.type) {
    case 'text':
      return text(condition.query);
    case 'tags':
      return tags(condition.mode, condition.tagIds);
    case 'stage': {
      const stages = new Set<string>(condition.stages);
      if (stages.size === 0) return always;
      return (c) => stages.has(c.stage);
    }
    case 'owner': {
      const owners = new Set(condition.owners.map((o) => o.toLowerCase()));
      if (owners.size === 0) return always;
      return (c) => owners.has(c.owner.toLowerCase());
    }
    case 'risk': {
      const bands = condition.bands?.length ? new Set<string>(condition.bands) : undefined;
      const { min = 0, max = 100 } = condition;
      // Only contacts scored for churn sit in a risk band or range (a lead, churned or do-not-contact never).
      return (c) => c.risk !== undefined && churnEligible(c) && c.risk >= min && c.risk <= max && (!bands || bands.has(riskBand(c.risk, thresholds)));
    }
    case 'lastContact': {
      const cutoff = now - condition.days * DAY_MS;
      if (condition.op === 'newerThan') return (c) => (lastContactAt(c) ?? -Infinity) >= cutoff;
      return (c) => (lastContactAt(c) ?? -Infinity) < cutoff;
    }
    case 'company': {
      const companies = new Set(condition.companyIds);
      if (companies.size === 0) return always;
      return (c) => c.companyId !== undefined && companies.has(c.companyId);
    }
    case 'custom':
      return custom(condition.key, condition.op, condition.value);
    case 'doNotContact':
      return (c) => (c.doNotContact === 1) === condition.value;
  }
}

function compileCondition(condition: Condition, now: number, thresholds: BandThresholds): ContactPredicate {
  if (condition.type !== 'or') return basic(condition, now, thresholds);
  const preds = condition.conditions.map((c) => basic(c, now, thresholds));
  return (c) => preds.some((p) => p(c));
}

export interface CompileOptions {
  /** Risk band thresholds (the risk settings' `rules.bands`); default 40 / 70. */
  bands?: BandThresholds;
}

/**
 * Compiles a segment filter into a fast predicate; `now` anchors "last contact N days ago". A risk
 * band condition reads the band from the contact's score under `options.bands` (the thresholds in
 * force now), not the stored `riskBand`, so lists follow the settings as soon as they change.
 */
export function compileFilter(filter: SegmentFilter, now: number, options: CompileOptions = {}): ContactPredicate {
  const thresholds = options.bands ?? DEFAULT_BAND_THRESHOLDS;
  return all(filter.conditions.map((c) => compileCondition(c, now, thresholds)));
}
