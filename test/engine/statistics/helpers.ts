/** Deterministic generators and reference computations shared by the statistics tests. */

/** mulberry32: tiny, seedable, good enough to drive test data reproducibly. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** exp(mu + sigma·Z) with Z standard normal by Box–Muller: a length-of-stay-like skewed sample. */
export function lognormals(seed: number, n: number, mu = 0, sigma = 1): Float64Array {
  const next = mulberry32(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = 1 - next();
    const v = next();
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    out[i] = Math.exp(mu + sigma * z);
  }
  return out;
}

/**
 * R's type 7 in its textbook form on ascending `sorted` values: j = ⌊1 + (n−1)p⌋ (1-based),
 * Q = (1−g)·x_j + g·x_{j+1}.
 */
export function type7(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  const position = 1 + (n - 1) * p;
  const j = Math.floor(position);
  const g = position - j;
  const xj = sorted[j - 1]!;
  const xNext = sorted[Math.min(j, n - 1)]!;
  return (1 - g) * xj + g * xNext;
}

export function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

export function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}
