import { rulesConfigSchema, type RulesConfig } from './rules-config';

/** A rules config being edited: numbers may be the text typed so far; payment statuses are rows. */
export type Loose<T> = T extends number ? number | string : T extends readonly (infer U)[] ? Loose<U>[] : T extends object ? { [K in keyof T]: Loose<T[K]> } : T;
export type RulesDraft = Loose<Omit<RulesConfig, 'payment'>> & {
  payment: { enabled: boolean; rows: { status: string; points: number | string }[] };
};

/** A problem with one field of the draft; `path` is dot-separated (`theirSilence.tiers.1.points`). */
export interface DraftError {
  path: string;
  code: 'number' | 'min' | 'max' | 'bandsOrder' | 'statusEmpty' | 'statusDuplicate' | 'invalid';
  params: string[];
}

export function draftOf(config: RulesConfig): RulesDraft {
  const copy = structuredClone(config) as unknown as RulesDraft & { payment: { points?: unknown } };
  const rows = Object.entries(config.payment.points).map(([status, points]) => ({ status, points }));
  return { ...copy, payment: { enabled: config.payment.enabled, rows } };
}

/** Turns typed text into numbers, recording where it is not one. */
function numbers(value: unknown, path: string[], errors: DraftError[]): unknown {
  if (typeof value === 'string') {
    const text = value.trim().replace(/\u2212/g, '-');
    const n = text === '' ? NaN : Number(text);
    if (!Number.isFinite(n)) errors.push({ path: path.join('.'), code: 'number', params: [] });
    return n;
  }
  if (Array.isArray(value)) return value.map((v, i) => numbers(v, [...path, String(i)], errors));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, numbers(v, [...path, k], errors)]));
  return value;
}

/** Validates a draft with rulesConfigSchema; each error names its field. */
export function configOfDraft(draft: RulesDraft): { ok: true; config: RulesConfig } | { ok: false; errors: DraftError[] } {
  const errors: DraftError[] = [];
  const { payment, ...rest } = draft;
  const converted = numbers(rest, [], errors) as Omit<RulesConfig, 'payment'>;
  const points: Record<string, number> = {};
  payment.rows.forEach((row, i) => {
    const status = row.status.trim().toLowerCase();
    const value = numbers(row.points, ['payment', 'rows', String(i), 'points'], errors) as number;
    if (!status) errors.push({ path: `payment.rows.${i}.status`, code: 'statusEmpty', params: [] });
    else if (status in points) errors.push({ path: `payment.rows.${i}.status`, code: 'statusDuplicate', params: [status] });
    else points[status] = value;
  });
  const candidate = { ...converted, payment: { enabled: payment.enabled, points } };
  const { medium, high } = candidate.bands;
  if (Number.isFinite(medium) && Number.isFinite(high) && medium >= high) {
    errors.push({ path: 'bands.medium', code: 'bandsOrder', params: [String(medium), String(high)] });
  }
  const parsed = rulesConfigSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      let path = issue.path.map(String).join('.');
      if (path === 'bands' && issue.code === 'custom') continue; // the band order, said above
      if (issue.path[0] === 'payment' && issue.path[1] === 'points') {
        // A status's points: said at its row.
        const row = payment.rows.findIndex((r) => r.status.trim().toLowerCase() === String(issue.path[2]));
        path = `payment.rows.${row}.points`;
      }
      if (errors.some((e) => e.path === path)) continue;
      if (issue.code === 'too_small') errors.push({ path, code: 'min', params: [String(issue.minimum)] });
      else if (issue.code === 'too_big') errors.push({ path, code: 'max', params: [String(issue.maximum)] });
      else errors.push({ path, code: 'invalid', params: [issue.message] });
    }
  }
  return errors.length ? { ok: false, errors } : parsed.success ? { ok: true, config: parsed.data } : { ok: false, errors };
}
