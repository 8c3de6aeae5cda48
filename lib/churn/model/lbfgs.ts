/** Objective: writes the gradient at w into grad and returns the value. */
export type Objective = (w: Float64Array, grad: Float64Array) => number;

export interface LbfgsOptions {
  maxIterations?: number;
  /** Stop when the gradient's largest component falls below this. */
  tolerance?: number;
  memory?: number;
}

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** Minimises a smooth convex function with limited-memory BFGS and a backtracking (Armijo) line search. */
export function lbfgs(f: Objective, start: Float64Array, options: LbfgsOptions = {}): { w: Float64Array; value: number; iterations: number } {
  const { maxIterations = 500, tolerance = 1e-6, memory = 10 } = options;
  const n = start.length;
  let w = Float64Array.from(start);
  let grad = new Float64Array(n);
  let value = f(w, grad);
  const sList: Float64Array[] = [];
  const yList: Float64Array[] = [];
  const rhoList: number[] = [];
  const dir = new Float64Array(n);
  const alpha = new Array<number>(memory);
  let iter = 0;
  for (; iter < maxIterations; iter++) {
    let gmax = 0;
    for (let i = 0; i < n; i++) gmax = Math.max(gmax, Math.abs(grad[i]));
    if (gmax < tolerance) break;
    // Two-loop recursion: dir = −H·grad.
    dir.set(grad);
    for (let k = sList.length - 1; k >= 0; k--) {
      alpha[k] = rhoList[k] * dot(sList[k], dir);
      const y = yList[k];
      for (let i = 0; i < n; i++) dir[i] -= alpha[k] * y[i];
    }
    if (sList.length > 0) {
      const last = sList.length - 1;
      const gamma = dot(sList[last], yList[last]) / dot(yList[last], yList[last]);
      for (let i = 0; i < n; i++) dir[i] *= gamma;
    } else {
      const norm = Math.sqrt(dot(grad, grad)) || 1;
      for (let i = 0; i < n; i++) dir[i] /= norm;
    }
    for (let k = 0; k < sList.length; k++) {
      const beta = rhoList[k] * dot(yList[k], dir);
      const s = sList[k];
      for (let i = 0; i < n; i++) dir[i] += s[i] * (alpha[k] - beta);
    }
    for (let i = 0; i < n; i++) dir[i] = -dir[i];
    let slope = dot(grad, dir);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      sList.length = yList.length = rhoList.length = 0;
      for (let i = 0; i < n; i++) dir[i] = -grad[i];
      slope = -dot(grad, grad);
    }
    let step = 1;
    const next = new Float64Array(n);
    const nextGrad = new Float64Array(n);
    let nextValue = Infinity;
    for (let tries = 0; tries < 40; tries++) {
      for (let i = 0; i < n; i++) next[i] = w[i] + step * dir[i];
      nextValue = f(next, nextGrad);
      if (nextValue <= value + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(nextValue < value)) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = next[i] - w[i];
      y[i] = nextGrad[i] - grad[i];
    }
    const sy = dot(s, y);
    if (sy > 1e-12) {
      if (sList.length === memory) {
        sList.shift();
        yList.shift();
        rhoList.shift();
      }
      sList.push(s);
      yList.push(y);
      rhoList.push(1 / sy);
    }
    const converged = Math.abs(value - nextValue) <= 1e-12 * Math.max(1, Math.abs(value));
    w = next;
    grad = nextGrad;
    value = nextValue;
    if (converged) break;
  }
  return { w, value, iterations: iter };
}
