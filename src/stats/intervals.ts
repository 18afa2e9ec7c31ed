/**
 * Statistics across replications: each replication is one independent observation of a metric,
 * so a metric's mean over n replications gets a Student t interval with n − 1 degrees of freedom.
 *
 * Every function here sums in the order it is given, and callers pass values sorted by
 * replication index: floating-point addition is not associative, so a fixed order is what makes
 * summaries byte-identical however the replications were scheduled.
 */
import { studentTQuantile } from "./student-t.js";

export const CONFIDENCE = 0.95;

export interface Interval {
  low: number;
  high: number;
  halfWidth: number;
}

export interface SampleSummary {
  n: number;
  mean: number;
  /** Sample standard deviation (divisor n − 1); null below two values. */
  sd: number | null;
  /** 95 % Student t interval for the mean; null below two values. */
  ci: Interval | null;
  p5: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

export function sum(values: readonly number[]): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

export function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : sum(values) / values.length;
}

/** Two-pass sample variance: the deviations are small next to the mean, so no cancellation. */
export function variance(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return Number.NaN;
  const m = mean(values);
  let ss = 0;
  for (const v of values) ss += (v - m) * (v - m);
  return ss / (n - 1);
}

/** Type-7 quantile (R's and NumPy's default) of already sorted values. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const below = Math.floor(h);
  const a = sorted[below]!;
  const frac = h - below;
  return frac === 0 ? a : a + frac * (sorted[Math.min(below + 1, n - 1)]! - a);
}

/** The two-sided interval mean ± t·se with `df` degrees of freedom. */
export function tInterval(centre: number, se: number, df: number, confidence = CONFIDENCE): Interval {
  const halfWidth = se === 0 ? 0 : studentTQuantile(1 - (1 - confidence) / 2, df) * se;
  return { low: centre - halfWidth, high: centre + halfWidth, halfWidth };
}

export function summariseSample(values: readonly number[], confidence = CONFIDENCE): SampleSummary {
  const n = values.length;
  const sorted = [...values].sort((a, b) => a - b);
  const m = mean(values);
  const s = Math.sqrt(variance(values));
  return {
    n,
    mean: m,
    sd: n >= 2 ? s : null,
    ci: n >= 2 ? tInterval(m, s / Math.sqrt(n), n - 1, confidence) : null,
    p5: quantileSorted(sorted, 0.05),
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
    min: sorted[0] ?? Number.NaN,
    max: sorted[n - 1] ?? Number.NaN,
  };
}

export interface Difference {
  /** Mean of variant − baseline. */
  meanDifference: number;
  ci: Interval | null;
  /** Degrees of freedom of the interval (n − 1 paired; Welch–Satterthwaite unpaired). */
  df: number | null;
}

/**
 * Paired difference: replication i of the variant against replication i of the baseline. Both
 * drew from the same named random streams (common random numbers), so the noise they share
 * cancels in the difference and the interval is narrower than an unpaired one.
 */
export function pairedDifference(
  variant: readonly number[],
  baseline: readonly number[],
  confidence = CONFIDENCE,
): Difference {
  if (variant.length !== baseline.length) throw new RangeError("paired samples differ in length");
  const d = variant.map((v, i) => v - baseline[i]!);
  const n = d.length;
  const m = mean(d);
  if (n < 2) return { meanDifference: m, ci: null, df: null };
  return { meanDifference: m, ci: tInterval(m, Math.sqrt(variance(d) / n), n - 1, confidence), df: n - 1 };
}

/** Welch's unpaired interval, as if the two samples were independent (for contrast with CRN). */
export function welchDifference(
  variant: readonly number[],
  baseline: readonly number[],
  confidence = CONFIDENCE,
): Difference {
  const n1 = variant.length;
  const n2 = baseline.length;
  const m = mean(variant) - mean(baseline);
  if (n1 < 2 || n2 < 2) return { meanDifference: m, ci: null, df: null };
  const a = variance(variant) / n1;
  const b = variance(baseline) / n2;
  const se = Math.sqrt(a + b);
  const df = se === 0 ? n1 + n2 - 2 : (a + b) ** 2 / (a ** 2 / (n1 - 1) + b ** 2 / (n2 - 1));
  return { meanDifference: m, ci: tInterval(m, se, df, confidence), df };
}
