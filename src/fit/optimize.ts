/**
 * Small derivative-free maximisers for the likelihoods: golden-section search on one parameter
 * and Nelder–Mead on two. Both work on transformed parameters (logs of scales and shapes), so the
 * search never leaves the valid region.
 */

/** Maximises f on [lo, hi] (f unimodal there) to within `tolerance`. */
export function goldenMaximum(f: (x: number) => number, lo: number, hi: number, tolerance = 1e-7): number {
  const ratio = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - ratio * (b - a);
  let d = a + ratio * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > tolerance) {
    if (fc > fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - ratio * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + ratio * (b - a);
      fd = f(d);
    }
  }
  return (a + b) / 2;
}

/** Nelder–Mead maximisation of f from `start` with initial steps `step`. */
export function nelderMeadMaximum(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  step: readonly number[],
  maxEvaluations = 2000,
  tolerance = 1e-10,
): number[] {
  const n = start.length;
  const value = (x: number[]): number => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.NEGATIVE_INFINITY;
  };
  const simplex: { x: number[]; v: number }[] = [{ x: [...start], v: value([...start]) }];
  for (let i = 0; i < n; i++) {
    const x = [...start];
    x[i]! += step[i]!;
    simplex.push({ x, v: value(x) });
  }
  let evaluations = n + 1;
  const towards = (from: number[], to: number[], t: number): number[] =>
    from.map((a, i) => a + t * (to[i]! - a));
  while (evaluations < maxEvaluations) {
    simplex.sort((p, q) => q.v - p.v);
    const best = simplex[0]!;
    const worst = simplex[n]!;
    if (Math.abs(best.v - worst.v) <= tolerance * (Math.abs(best.v) + tolerance)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += simplex[i]!.x[j]! / n;
    const reflected = towards(centroid, worst.x, -1);
    const rv = value(reflected);
    evaluations++;
    if (rv > best.v) {
      const expanded = towards(centroid, worst.x, -2);
      const ev = value(expanded);
      evaluations++;
      simplex[n] = ev > rv ? { x: expanded, v: ev } : { x: reflected, v: rv };
    } else if (rv > simplex[n - 1]!.v) {
      simplex[n] = { x: reflected, v: rv };
    } else {
      const contracted = towards(centroid, worst.x, rv > worst.v ? -0.5 : 0.5);
      const cv = value(contracted);
      evaluations++;
      if (cv > Math.max(rv, worst.v)) simplex[n] = { x: contracted, v: cv };
      else {
        for (let i = 1; i <= n; i++) {
          const x = towards(best.x, simplex[i]!.x, 0.5);
          simplex[i] = { x, v: value(x) };
          evaluations++;
        }
      }
    }
  }
  simplex.sort((p, q) => q.v - p.v);
  return simplex[0]!.x;
}
