/** Per-feature bin edges and the binned matrix (feature-major, one byte per value) that trees split on. */
export interface Binned {
  /** edges[f][b] is the largest value of bin b; the last bin is open-ended. */
  edges: Float64Array[];
  /** bins[f * n + i]: bin of row i on feature f. */
  bins: Uint8Array;
  n: number;
  d: number;
  /** Bins of the widest feature: the histogram stride. */
  stride: number;
}

/** Quantile bin edges for each column of a row-major matrix, learnt on its rows (at most maxBins per feature). */
export function binEdges(x: Float64Array, n: number, d: number, maxBins = 255): Float64Array[] {
  const edges: Float64Array[] = [];
  const column = new Float64Array(n);
  for (let f = 0; f < d; f++) {
    for (let i = 0; i < n; i++) column[i] = x[i * d + f];
    column.sort();
    const distinct: number[] = [];
    for (let i = 0; i < n; i++) if (i === 0 || column[i] !== column[i - 1]) distinct.push(column[i]);
    const cuts: number[] = [];
    if (distinct.length <= maxBins) {
      for (let k = 0; k + 1 < distinct.length; k++) cuts.push((distinct[k] + distinct[k + 1]) / 2);
    } else {
      for (let b = 1; b < maxBins; b++) {
        const at = Math.floor((b * n) / maxBins);
        const cut = (column[at - 1] + column[at]) / 2;
        if (cuts.length === 0 || cut > cuts[cuts.length - 1]) cuts.push(cut);
      }
    }
    edges.push(Float64Array.from(cuts));
  }
  return edges;
}

/** The bin of a value: the number of edges below it. */
export function binOf(edges: Float64Array, value: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value <= edges[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Bins a row-major matrix with the given edges. */
export function binMatrix(x: Float64Array, n: number, d: number, edges: Float64Array[]): Binned {
  const bins = new Uint8Array(n * d);
  for (let f = 0; f < d; f++) {
    const e = edges[f];
    for (let i = 0; i < n; i++) bins[f * n + i] = binOf(e, x[i * d + f]);
  }
  const stride = edges.reduce((max, e) => Math.max(max, e.length + 1), 1);
  return { edges, bins, n, d, stride };
}
