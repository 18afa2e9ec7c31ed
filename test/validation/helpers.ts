/**
 * Statistics shared by the validation suite: confidence intervals over independent replications
 * and the few quantiles (Student t, chi-square) the tolerances are derived from.
 *
 * Why 99.9 % two-sided intervals: the suite makes a few dozen comparisons. At 95 % a correct
 * engine would still miss about one check in twenty, so some check would fail on most seeds and
 * the suite would teach people to ignore red. At 99.9 % the chance that any of ~40 correct checks
 * misses is about 4 %, and each run is deterministic anyway (fixed seeds), so a failure means the
 * model changed, not bad luck on the day. Each interval is still honest: its width comes from the
 * spread between replications, never from a hand-picked tolerance.
 */
import { expect } from "vitest";
import { lnGamma, normalQuantile } from "../../src/engine/distributions.js";
import { Tally } from "../../src/engine/statistics/tally.js";

/** Two-sided confidence level of every interval in the suite (see the module comment). */
export const CONFIDENCE = 0.999;

/** Master seed of the suite; replications differ by their replication index, not by seed. */
export const SEED = 20_260_105;

/**
 * P(0 < T ≤ x) for Student's t with `df` degrees of freedom, x ≥ 0. Substituting t = √ν·tan φ
 * turns the heavy-tailed density into c·√ν·cos^{ν−1} φ on [0, atan(x/√ν)], a smooth bounded
 * integrand, so composite Simpson with 2000 panels is accurate to ~1e-13 even far in the tail.
 */
function studentTCentralMass(x: number, df: number): number {
  const norm = Math.exp(lnGamma((df + 1) / 2) - lnGamma(df / 2)) / Math.sqrt(df * Math.PI);
  const end = Math.atan(x / Math.sqrt(df));
  const n = 2000;
  const h = end / n;
  const f = (phi: number): number => Math.cos(phi) ** (df - 1);
  let sum = f(0) + f(end);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(i * h);
  return norm * Math.sqrt(df) * ((sum * h) / 3);
}

/**
 * Quantile t_{p, df} of Student's t for p in (½, 1), by bisection on the CDF. No closed form
 * exists; the normal quantile is a lower bound and a generous upper bound keeps the bracket.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0.5 && p < 1)) throw new RangeError(`p must lie in (0.5, 1), got ${p}`);
  if (!(Number.isInteger(df) && df >= 1)) throw new RangeError(`df must be a whole number ≥ 1, got ${df}`);
  const target = p - 0.5;
  let lo = normalQuantile(p);
  let hi = lo;
  while (studentTCentralMass(hi, df) < target) hi *= 2;
  for (let i = 0; i < 80 && hi - lo > 1e-12 * hi; i++) {
    const mid = 0.5 * (lo + hi);
    if (studentTCentralMass(mid, df) < target) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * Chi-square quantile by the Wilson–Hilferty cube-root approximation,
 * χ²_p(k) ≈ k·(1 − 2/(9k) + z_p·√(2/(9k)))³. Checked against exact incomplete-gamma quantiles
 * at p = 0.0005 and 0.9995: for k = 22 it is 1.6 % low in the lower tail and 0.3 % high in the
 * upper one, for k ≥ 150 within 0.05 %. Both errors widen the acceptance range, so a test using
 * it is, if anything, slightly more lenient than its stated level, never stricter.
 */
export function chiSquareQuantile(p: number, k: number): number {
  const v = 2 / (9 * k);
  return k * (1 - v + normalQuantile(p) * Math.sqrt(v)) ** 3;
}

export interface Estimate {
  /** Number of replications. */
  n: number;
  mean: number;
  /** Sample sd across replications. */
  sd: number;
  /** Half-width of the two-sided CONFIDENCE interval for the mean, t·sd/√n. */
  halfWidth: number;
}

/** Across-replication mean with its t confidence interval (replication results are i.i.d.). */
export function estimate(values: readonly number[], confidence = CONFIDENCE): Estimate {
  const tally = new Tally();
  for (const v of values) tally.add(v);
  const n = tally.count;
  if (n < 2) throw new RangeError(`a confidence interval needs at least 2 replications, got ${n}`);
  const t = studentTQuantile(0.5 + confidence / 2, n - 1);
  return { n, mean: tally.mean, sd: tally.sd, halfWidth: (t * tally.sd) / Math.sqrt(n) };
}

/** One line of the closing report: set VALIDATION_REPORT=1 to print the suite's figures. */
export function report(line: string): void {
  if (process.env.VALIDATION_REPORT) console.log(line);
}

function fmt(x: number): string {
  return Math.abs(x) >= 1e-3 || x === 0 ? x.toFixed(5) : x.toExponential(4);
}

export interface TheoryCheckOptions {
  /**
   * Largest acceptable half-width relative to `scale`. A check whose interval is wider than the
   * effect it should detect passes vacuously, so each check also proves it has power.
   */
  maxRelativeHalfWidth: number;
  /** What errors and the half-width are judged against; default |theory| (give one when theory is 0). */
  scale?: number;
}

/**
 * Asserts that the theory value lies inside the CONFIDENCE interval of the replication results,
 * and that the interval is narrow enough to mean something.
 */
export function expectMatchesTheory(
  label: string,
  values: readonly number[],
  theory: number,
  options: TheoryCheckOptions,
): Estimate {
  const e = estimate(values);
  const error = e.mean - theory;
  const scale = options.scale ?? Math.abs(theory);
  const relativeTo = options.scale === undefined ? "" : ` of ${fmt(scale)}`;
  report(
    `${label}: theory ${fmt(theory)}, simulated ${fmt(e.mean)} ± ${fmt(e.halfWidth)} (R = ${e.n}), ` +
      `error ${(100 * (error / scale)).toFixed(3)} %${relativeTo}, ` +
      `half-width ${(100 * (e.halfWidth / scale)).toFixed(2)} %, ` +
      `|error|/half-width ${(Math.abs(error) / e.halfWidth).toFixed(2)}`,
  );
  expect(e.halfWidth / scale, `${label}: interval too wide to test anything`).toBeLessThanOrEqual(
    options.maxRelativeHalfWidth,
  );
  expect(
    Math.abs(error),
    `${label}: |simulated − theory| against the ${100 * CONFIDENCE} % half-width`,
  ).toBeLessThanOrEqual(e.halfWidth);
  return e;
}

/** Runs `replications` independent replications (indices 0 … R−1) and collects their results. */
export function replicate<T>(replications: number, run: (replication: number) => T): T[] {
  const out: T[] = [];
  for (let r = 0; r < replications; r++) out.push(run(r));
  return out;
}
