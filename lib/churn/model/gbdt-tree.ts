import type { Binned } from './bins';

/** A regression tree as parallel arrays; feature −1 marks a leaf. value is kept on every node for explanations. */
export interface Tree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

export interface TreeOptions {
  maxDepth: number;
  minSamplesLeaf: number;
  /** L2 penalty on leaf values. */
  lambda: number;
  learningRate: number;
  /** Grow best-first up to this many leaves (as LightGBM and scikit-learn's HistGradientBoosting); 0 = level-wise to maxDepth. */
  maxLeaves?: number;
}

interface Node {
  id: number;
  rows: Uint32Array;
  depth: number;
  g: number;
  h: number;
  /** Per feature and bin: gradient, hessian, count. */
  hist: Float64Array;
}

function histogram(data: Binned, rows: Uint32Array, grad: Float64Array, hess: Float64Array): Float64Array {
  const { n, bins, stride } = data;
  const hist = new Float64Array(data.d * stride * 3);
  // The rows' gradients gathered once, read in order for every feature.
  const m = rows.length;
  const g = new Float64Array(m);
  const h = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    g[k] = grad[rows[k]];
    h[k] = hess[rows[k]];
  }
  for (let f = 0; f < data.d; f++) {
    const column = bins.subarray(f * n, (f + 1) * n);
    const out = f * stride * 3;
    for (let k = 0; k < m; k++) {
      const at = out + column[rows[k]] * 3;
      hist[at] += g[k];
      hist[at + 1] += h[k];
      hist[at + 2]++;
    }
  }
  return hist;
}

function bestSplit(node: Node, data: Binned, o: TreeOptions): { feature: number; bin: number; gain: number } | null {
  let best: { feature: number; bin: number; gain: number } | null = null;
  const parentScore = (node.g * node.g) / (node.h + o.lambda);
  const total = node.rows.length;
  for (let f = 0; f < data.d; f++) {
    const nb = data.edges[f].length; // bins 0…nb; splitting after the last bin would leave nothing right
    let gl = 0;
    let hl = 0;
    let cl = 0;
    const base = f * data.stride * 3;
    for (let b = 0; b < nb; b++) {
      gl += node.hist[base + b * 3];
      hl += node.hist[base + b * 3 + 1];
      cl += node.hist[base + b * 3 + 2];
      if (cl < o.minSamplesLeaf) continue;
      if (total - cl < o.minSamplesLeaf) break;
      const gr = node.g - gl;
      const hr = node.h - hl;
      const gain = (gl * gl) / (hl + o.lambda) + (gr * gr) / (hr + o.lambda) - parentScore;
      if (gain > 1e-12 && (!best || gain > best.gain)) best = { feature: f, bin: b, gain };
    }
  }
  return best;
}

/** Grows one depth-limited tree on the gradients (histogram-based, smaller child built, sibling by subtraction). */
export function growTree(data: Binned, rows: Uint32Array, grad: Float64Array, hess: Float64Array, o: TreeOptions): Tree {
  const tree: Tree = { feature: [], threshold: [], left: [], right: [], value: [] };
  const addNode = (g: number, h: number) => {
    tree.feature.push(-1);
    tree.threshold.push(0);
    tree.left.push(-1);
    tree.right.push(-1);
    tree.value.push((-g / (h + o.lambda)) * o.learningRate);
    return tree.feature.length - 1;
  };
  let g = 0;
  let h = 0;
  for (const r of rows) {
    g += grad[r];
    h += hess[r];
  }
  type Candidate = Node & { split: ReturnType<typeof bestSplit> };
  const candidate = (node: Node): Candidate => ({
    ...node,
    split: node.depth >= o.maxDepth || node.rows.length < 2 * o.minSamplesLeaf ? null : bestSplit(node, data, o),
  });
  const maxLeaves = o.maxLeaves ?? 0;
  const open: Candidate[] = [candidate({ id: addNode(g, h), rows, depth: 0, g, h, hist: histogram(data, rows, grad, hess) })];
  let leaves = 1;
  while (open.length > 0 && (maxLeaves === 0 || leaves < maxLeaves)) {
    // Level-wise: first in, first out; best-first: the open leaf whose split gains most.
    let at = 0;
    if (maxLeaves > 0) for (let k = 1; k < open.length; k++) if ((open[k].split?.gain ?? -1) > (open[at].split?.gain ?? -1)) at = k;
    const node = open.splice(at, 1)[0];
    const split = node.split;
    if (!split) {
      if (maxLeaves > 0) break; // the best open leaf cannot split: none can
      continue;
    }
    leaves++;
    const column = data.bins.subarray(split.feature * data.n, (split.feature + 1) * data.n);
    let nLeft = 0;
    for (const r of node.rows) if (column[r] <= split.bin) nLeft++;
    const leftRows = new Uint32Array(nLeft);
    const rightRows = new Uint32Array(node.rows.length - nLeft);
    let li = 0;
    let ri = 0;
    let gl = 0;
    let hl = 0;
    for (const r of node.rows) {
      if (column[r] <= split.bin) {
        leftRows[li++] = r;
        gl += grad[r];
        hl += hess[r];
      } else rightRows[ri++] = r;
    }
    const smallIsLeft = nLeft <= node.rows.length - nLeft;
    const small = histogram(data, smallIsLeft ? leftRows : rightRows, grad, hess);
    const large = node.hist;
    for (let k = 0; k < large.length; k++) large[k] -= small[k];
    const left: Node = { id: addNode(gl, hl), rows: leftRows, depth: node.depth + 1, g: gl, h: hl, hist: smallIsLeft ? small : large };
    const right: Node = { id: addNode(node.g - gl, node.h - hl), rows: rightRows, depth: node.depth + 1, g: node.g - gl, h: node.h - hl, hist: smallIsLeft ? large : small };
    tree.feature[node.id] = split.feature;
    tree.threshold[node.id] = data.edges[split.feature][split.bin];
    tree.left[node.id] = left.id;
    tree.right[node.id] = right.id;
    open.push(candidate(left), candidate(right));
  }
  return tree;
}

/** The leaf value a tree gives to one encoded row (row-major x, row start `at`). */
export function treeValue(tree: Tree, x: Float64Array, at: number): number {
  let node = 0;
  while (tree.feature[node] >= 0) node = x[at + tree.feature[node]] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
  return tree.value[node];
}

/** Adds one row's path attribution (Saabas) into perFeature: each split's change of node value goes to its feature. */
export function attributePath(tree: Tree, x: Float64Array, at: number, perFeature: Float64Array): void {
  let node = 0;
  while (tree.feature[node] >= 0) {
    const f = tree.feature[node];
    const next = x[at + f] <= tree.threshold[node] ? tree.left[node] : tree.right[node];
    perFeature[f] += tree.value[next] - tree.value[node];
    node = next;
  }
}
