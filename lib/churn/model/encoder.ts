import { z } from 'zod';

/** A raw value from a CSV cell, a contact field or a signal. */
export type Cell = string | number | boolean | null | undefined;

const BLANKS = new Set(['', 'na', 'n/a', 'nan', 'null', 'none', '?', '-']);
const BLANK_CATEGORY = '(blank)';
const OTHER_CATEGORY = '(other)';

/** True for an empty cell or a conventional "no value" marker (NA, N/A, null, ?). */
export function isBlank(cell: Cell): boolean {
  if (cell === null || cell === undefined) return true;
  if (typeof cell === 'number') return !Number.isFinite(cell);
  if (typeof cell === 'boolean') return false;
  return BLANKS.has(cell.trim().toLowerCase());
}

/** The number in a cell ("1,234.5" included); NaN when it is blank or not a number. */
export function cellNumber(cell: Cell): number {
  if (typeof cell === 'number') return cell;
  if (typeof cell === 'boolean' || isBlank(cell)) return Number.NaN;
  let text = (cell as string).trim();
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text)) text = text.replace(/,/g, '');
  return text === '' ? Number.NaN : Number(text);
}

const numericSpec = z.object({
  column: z.string(),
  kind: z.literal('numeric'),
  mean: z.number(),
  sd: z.number(),
  missing: z.boolean(),
  /** Cut points of quantile bins; each of the cuts + 1 bins is a 0/1 feature beside the linear one (a curve, not a line). */
  bins: z.array(z.number()).optional(),
  /** Knots of hinge terms max(0, x − knot), each standardised with its training mean and sd: a line that bends. */
  hinges: z.array(z.object({ knot: z.number(), mean: z.number(), sd: z.number() })).optional(),
  /** log(1 + x) of a column never negative in training, standardised: effects that level off. */
  log: z.object({ mean: z.number(), sd: z.number() }).optional(),
});
const categorySpec = z.object({
  column: z.string(),
  kind: z.literal('category'),
  categories: z.array(z.string()),
  other: z.boolean(),
});
/** The sum of numeric columns of one unit (see totalGroups), standardised as a numeric column. */
const totalSpec = z.object({
  column: z.string(),
  kind: z.literal('total'),
  columns: z.array(z.string()).min(2),
  mean: z.number(),
  sd: z.number(),
});
export const encoderSchema = z.object({
  version: z.literal(1),
  inputs: z.array(z.discriminatedUnion('kind', [numericSpec, categorySpec, totalSpec])),
  features: z.array(z.object({ name: z.string(), column: z.string() })),
});
export type Encoder = z.infer<typeof encoderSchema>;

export interface EncoderOptions {
  /** Columns never used as features (label, id). */
  exclude?: string[];
  /** Most frequent categories kept per text column; the rest share "(other)". Default 100. */
  maxCategories?: number;
  /** Also one-hot each numeric column (with more distinct values than this) into this many quantile bins. Default 0: off. */
  numericBins?: number;
  /** Also give each binned numeric column hinge terms at this many quantiles' knots, and a log term when never negative. Default 0: off. */
  numericHinges?: number;
  /** Add the totals of numeric columns of one unit (totalGroups) as features. Default true. */
  totals?: boolean;
}

/** Columns of values, addressed by name, with rows as arrays. */
export interface Dataset {
  columns: string[];
  rows: Cell[][];
}

/** Cut points of `bins` equal-count bins of the values (fewer when values repeat). */
function quantileEdges(values: number[], bins: number): number[] {
  const sorted = Float64Array.from(values).sort();
  const cuts: number[] = [];
  for (let b = 1; b < bins; b++) {
    const v = sorted[Math.floor((b * sorted.length) / bins)];
    if (v > sorted[0] && (cuts.length === 0 || v > cuts[cuts.length - 1])) cuts.push(v);
  }
  return cuts;
}

/** The bin of a value: how many cut points are at or below it. */
function edgeIndex(cuts: number[], v: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cuts[mid] <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A column name's words: split at spaces, punctuation and camelCase, lower-cased ("total_day_charge", "dayMinutes"). */
function nameWords(column: string): string[] {
  return column
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_\-.:/()]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const MAX_TOTALS = 10;

/**
 * Groups of numeric columns that measure one thing in parts: names of as many words, the same last word (the
 * unit: minutes, charge, calls) and all other words alike but one (day, eve, night) — "total_day_charge",
 * "total_eve_charge", … Their total is often what matters (a whole bill), and trees, which split one column at
 * a time, cannot add columns up themselves. At most ten groups, largest first.
 */
export function totalGroups(numericColumns: readonly string[]): string[][] {
  const groups = new Map<string, string[]>();
  for (const column of numericColumns) {
    const words = nameWords(column);
    if (words.length < 2) continue;
    for (let p = 0; p < words.length - 1; p++) {
      const key = `${words.length}:${words.map((w, i) => (i === p ? '*' : w)).join(' ')}`;
      groups.set(key, [...(groups.get(key) ?? []), column]);
    }
  }
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const members of [...groups.values()].sort((a, b) => b.length - a.length)) {
    const id = [...members].sort().join('\n');
    if (members.length < 2 || seen.has(id)) continue;
    seen.add(id);
    out.push(members);
  }
  return out.slice(0, MAX_TOTALS);
}

/** The sum of a row's known values of these columns; NaN when none is known. */
function totalOf(row: readonly Cell[], at: readonly number[]): number {
  let sum = 0;
  let known = false;
  for (const c of at) {
    const v = cellNumber(row[c]);
    if (Number.isFinite(v)) {
      sum += v;
      known = true;
    }
  }
  return known ? sum : Number.NaN;
}

/** Mean and (population) sd of values; sd 1 when they are all alike. */
function spread(values: ArrayLike<number>): { mean: number; sd: number } {
  let sum = 0;
  let sumSq = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    sumSq += values[i] * values[i];
  }
  const mean = sum / values.length;
  return { mean, sd: Math.sqrt(Math.max(0, sumSq / values.length - mean * mean)) || 1 };
}

const hinge = (v: number, knot: number) => (v > knot ? v - knot : 0);

/** Hinge terms at the quantile knots of a column's training values, and a log term when none is negative. */
function curveTerms(values: number[], knots: number): { hinges: { knot: number; mean: number; sd: number }[]; log?: { mean: number; sd: number } } {
  const sorted = Float64Array.from(values).sort();
  const hinges = quantileEdges(values, knots)
    .filter((knot) => knot < sorted[sorted.length - 1])
    .map((knot) => ({ knot, ...spread(sorted.map((v) => hinge(v, knot))) }));
  return sorted[0] >= 0 ? { hinges, log: spread(sorted.map(Math.log1p)) } : { hinges };
}

const categoryOf = (cell: Cell) => (isBlank(cell) ? BLANK_CATEGORY : String(cell).trim());

/** Learns column kinds, means, spreads and categories from the training rows only. */
export function fitEncoder(data: Dataset, rows: readonly number[], options: EncoderOptions = {}): Encoder {
  const exclude = new Set(options.exclude ?? []);
  const maxCategories = options.maxCategories ?? 100;
  const inputs: Encoder['inputs'] = [];
  const features: Encoder['features'] = [];
  data.columns.forEach((column, c) => {
    if (exclude.has(column)) return;
    let count = 0;
    let sum = 0;
    let sumSq = 0;
    let blanks = 0;
    let numeric = true;
    const counts = new Map<string, number>();
    for (const r of rows) {
      const cell = data.rows[r][c];
      counts.set(categoryOf(cell), (counts.get(categoryOf(cell)) ?? 0) + 1);
      if (isBlank(cell)) {
        blanks++;
        continue;
      }
      const v = cellNumber(cell);
      if (!Number.isFinite(v)) numeric = false;
      else if (numeric) {
        count++;
        sum += v;
        sumSq += v * v;
      }
    }
    const distinct = counts.size - (counts.has(BLANK_CATEGORY) ? 1 : 0);
    // Constant (one value, or blank on every row, as a signal nobody has): tells nothing.
    if (distinct === 0 || (distinct <= 1 && blanks === 0)) return;
    if (numeric && count > 0) {
      const mean = sum / count;
      const sd = Math.sqrt(Math.max(0, sumSq / count - mean * mean)) || 1;
      const spec: Encoder['inputs'][number] = { column, kind: 'numeric', mean, sd, missing: blanks > 0 };
      const bins = options.numericBins ?? 0;
      const known = bins > 1 && distinct > bins ? rows.map((r) => cellNumber(data.rows[r][c])).filter(Number.isFinite) : [];
      if (known.length) spec.bins = quantileEdges(known, bins);
      if (known.length && (options.numericHinges ?? 0) > 1) Object.assign(spec, curveTerms(known, options.numericHinges!));
      inputs.push(spec);
      features.push({ name: column, column });
      if (blanks > 0) features.push({ name: `${column} (missing)`, column });
      if (spec.bins) for (let b = 0; b <= spec.bins.length; b++) features.push({ name: `${column} (bin ${b + 1})`, column });
      for (const h of spec.hinges ?? []) features.push({ name: `${column} (above ${h.knot})`, column });
      if (spec.log) features.push({ name: `${column} (log)`, column });
      return;
    }
    // Text with a new value on nearly every row is an identifier or free text, not a category.
    if (distinct > 20 && distinct > 0.9 * (rows.length - blanks)) return;
    const ranked = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const categories = ranked.slice(0, maxCategories).map(([value]) => value);
    const other = ranked.length > maxCategories;
    inputs.push({ column, kind: 'category', categories, other });
    for (const value of categories) features.push({ name: `${column}=${value}`, column });
    if (other) features.push({ name: `${column}=${OTHER_CATEGORY}`, column });
  });
  if (options.totals !== false) {
    for (const columns of totalGroups(inputs.filter((i) => i.kind === 'numeric').map((i) => i.column))) {
      const at = columns.map((c) => data.columns.indexOf(c));
      let count = 0;
      let sum = 0;
      let sumSq = 0;
      for (const r of rows) {
        const v = totalOf(data.rows[r], at);
        if (!Number.isFinite(v)) continue;
        count++;
        sum += v;
        sumSq += v * v;
      }
      if (count === 0) continue;
      const mean = sum / count;
      const sd = Math.sqrt(Math.max(0, sumSq / count - mean * mean)) || 1;
      const column = columns.join(' + ');
      inputs.push({ column, kind: 'total', columns, mean, sd });
      features.push({ name: column, column });
    }
  }
  return { version: 1, inputs, features };
}

/**
 * What encodes one row of these columns into `x` from `offset` (the slots must be 0 on entry): the column lookups and
 * category maps are made once, for as many rows as the caller encodes (encodeRows; a rescore's rows one at a time).
 */
export function rowEncoder(encoder: Encoder, columns: readonly string[]): (row: readonly Cell[], x: Float64Array, offset: number) => void {
  const indexOf = (column: string) => {
    const c = columns.indexOf(column);
    if (c < 0) throw new Error(`column "${column}" is missing`);
    return c;
  };
  const plan = encoder.inputs.map((input) => {
    if (input.kind === 'total') return { input, c: -1, at: input.columns.map(indexOf), lookup: null };
    const lookup = input.kind === 'category' ? new Map(input.categories.map((v, i) => [v, i])) : null;
    return { input, c: indexOf(input.column), at: [], lookup };
  });
  return (row, x, offset) => {
    let f = offset;
    for (const { input, c, at, lookup } of plan) {
      if (input.kind === 'total') {
        const v = totalOf(row, at);
        x[f++] = Number.isFinite(v) ? (v - input.mean) / input.sd : 0;
      } else if (input.kind === 'numeric') {
        const v = cellNumber(row[c]);
        const missing = !Number.isFinite(v);
        x[f++] = missing ? 0 : (v - input.mean) / input.sd;
        if (input.missing) x[f++] = missing ? 1 : 0;
        if (input.bins) {
          // A blank falls in no bin (its missing flag speaks for it); above the last edge is the last bin.
          if (!missing) x[f + edgeIndex(input.bins, v)] = 1;
          f += input.bins.length + 1;
        }
        // A blank sits at the training mean of each curve term, as of the linear one.
        for (const h of input.hinges ?? []) x[f++] = missing ? 0 : (hinge(v, h.knot) - h.mean) / h.sd;
        if (input.log) x[f++] = missing ? 0 : (Math.log1p(Math.max(0, v)) - input.log.mean) / input.log.sd;
      } else {
        const at = lookup!.get(categoryOf(row[c]));
        if (at !== undefined) x[f + at] = 1;
        else if (input.other) x[f + input.categories.length] = 1;
        f += input.categories.length + (input.other ? 1 : 0);
      }
    }
  };
}

/** Encodes rows into a dense row-major matrix: standardised numerics (+ missing flags) and totals, one-hot text. */
export function encodeRows(encoder: Encoder, data: Dataset, rows: readonly number[]): Float64Array {
  const d = encoder.features.length;
  const x = new Float64Array(rows.length * d);
  const encode = rowEncoder(encoder, data.columns);
  rows.forEach((r, i) => encode(data.rows[r], x, i * d));
  return x;
}
