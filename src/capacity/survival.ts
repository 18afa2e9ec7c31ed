/**
 * Survival functions P(S > u) of scenario duration distributions, for the time-varying
 * (Mt/G/∞) offered load. Exact where a closed form or a cheap special function exists; for the
 * rest (PERT, whose CDF is an incomplete beta) an empirical CDF from a fixed-seed sample, so the
 * result is still repeatable. Every survival says which it is, and the capacity report prints it.
 */
import stdlibGammainc from "@stdlib/math-base-special-gammainc";
import { type DistributionSpec, fromSpec, lnGamma, normalCdf } from "../engine/distributions.js";
import { exp, log, log1p, pow } from "../engine/math.js";
import { RandomStream } from "../engine/random.js";

export type SurvivalMethod = "exact" | "empirical";

export interface Survival {
  /** P(S > u); 1 for u < 0 below the support. */
  at: (u: number) => number;
  /** Exact mean of the distribution (from the distribution object, never from a sample). */
  mean: number;
  /** Squared coefficient of variation, variance / mean² (0 when the mean is 0). */
  scv: number;
  method: SurvivalMethod;
  /** Plain words: which CDF, e.g. "lognormal: exact (normal CDF of ln u)". */
  how: string;
}

/** Sample size and seed of the empirical fallback: fixed, so every run reports the same loads. */
export const EMPIRICAL_SAMPLE_SIZE = 20_000;
export const EMPIRICAL_SEED_KEY = "careflow:capacity:empirical-survival";

/**
 * Regularized upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a): @stdlib's gammainc (pinned in
 * package.json; a port of Boost's, built on @stdlib's pure-JavaScript elementary functions, so
 * the same bits in every engine), in place of a hand-written Numerical Recipes series and
 * continued fraction. It computes Q itself, so the right tail keeps its relative accuracy.
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  // @stdlib answers NaN at x = ∞.
  if (x === Number.POSITIVE_INFINITY) return 0;
  return stdlibGammainc(x, a, true, true);
}

function pointMass(value: number): (u: number) => number {
  return (u) => (u < value ? 1 : 0);
}

function lognormalSurvival(mu: number, sigma: number): (u: number) => number {
  if (sigma === 0) return pointMass(exp(mu));
  return (u) => (u <= 0 ? 1 : normalCdf((mu - log(u)) / sigma));
}

function triangularSurvival(min: number, mode: number, max: number): (u: number) => number {
  if (max === min) return pointMass(min);
  const range = max - min;
  return (u) => {
    if (u <= min) return 1;
    if (u >= max) return 0;
    if (u <= mode) return 1 - ((u - min) * (u - min)) / (range * (mode - min));
    return ((max - u) * (max - u)) / (range * (max - mode));
  };
}

function truncatedNormalSurvival(mean: number, sd: number, min: number, max: number): (u: number) => number {
  if (sd === 0 || min === max) return pointMass(Math.min(Math.max(mean, min), max));
  const lower = normalCdf((min - mean) / sd);
  const upper = normalCdf((max - mean) / sd);
  const mass = upper - lower;
  return (u) => {
    if (u < min) return 1;
    if (u >= max) return 0;
    return Math.min(1, Math.max(0, (upper - normalCdf((u - mean) / sd)) / mass));
  };
}

function discreteSurvival(values: readonly number[], weights: readonly number[]): (u: number) => number {
  const total = weights.reduce((a, b) => a + b, 0);
  return (u) => {
    let above = 0;
    for (let i = 0; i < values.length; i++) if (values[i]! > u) above += weights[i]!;
    return above / total;
  };
}

/** The same piecewise-linear CDF the empirical sampler inverts: point i sits at i/(n − 1). */
function piecewiseLinearSurvival(points: readonly number[]): (u: number) => number {
  const sorted = Float64Array.from(points).sort();
  const segments = sorted.length - 1;
  return (u) => {
    if (u < sorted[0]!) return 1;
    if (u >= sorted[segments]!) return 0;
    // Last segment starting at or below u: zero-width segments (ties) are stepped over.
    let lo = 0;
    let hi = segments;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]! <= u) lo = mid;
      else hi = mid;
    }
    const left = sorted[lo]!;
    const width = sorted[lo + 1]! - left;
    const within = width > 0 ? (u - left) / width : 1;
    return 1 - (lo + within) / segments;
  };
}

/** Empirical survival of a fixed-seed sample: the fallback where no CDF is implemented. */
function sampledSurvival(spec: DistributionSpec, size: number): (u: number) => number {
  const distribution = fromSpec(spec);
  const stream = new RandomStream(EMPIRICAL_SEED_KEY, "empirical-survival");
  const sample = new Float64Array(size);
  for (let i = 0; i < size; i++) sample[i] = distribution.sample(stream);
  sample.sort();
  return (u) => {
    // Count of draws ≤ u by binary search; S = share strictly above.
    let lo = 0;
    let hi = size;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sample[mid]! <= u) lo = mid + 1;
      else hi = mid;
    }
    return (size - lo) / size;
  };
}

interface Exact {
  at: (u: number) => number;
  how: string;
}

function exactSurvival(spec: DistributionSpec): Exact | undefined {
  switch (spec.dist) {
    case "constant":
      return { at: pointMass(spec.value), how: "constant: exact" };
    case "uniform": {
      const { min, max } = spec;
      if (max === min) return { at: pointMass(min), how: "uniform: exact" };
      return { at: (u) => Math.min(1, Math.max(0, (max - u) / (max - min))), how: "uniform: exact" };
    }
    case "triangular":
      return { at: triangularSurvival(spec.min, spec.mode, spec.max), how: "triangular: exact" };
    case "exponential": {
      const mean = spec.mean;
      return { at: (u) => (u <= 0 ? 1 : exp(-u / mean)), how: "exponential: exact" };
    }
    case "normal":
      return {
        at: truncatedNormalSurvival(spec.mean, spec.sd, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY),
        how: "normal: exact (normal CDF)",
      };
    case "truncnormal":
      return {
        at: truncatedNormalSurvival(
          spec.mean,
          spec.sd,
          spec.min ?? Number.NEGATIVE_INFINITY,
          spec.max ?? Number.POSITIVE_INFINITY,
        ),
        how: "truncated normal: exact (normal CDF)",
      };
    case "lognormal": {
      if (spec.median !== undefined) {
        const sigma = Math.sqrt(2 * log(spec.mean / spec.median));
        return { at: lognormalSurvival(log(spec.median), sigma), how: "lognormal: exact (normal CDF)" };
      }
      const cv = spec.sd / spec.mean;
      const sigmaSquared = log1p(cv * cv);
      return {
        at: lognormalSurvival(log(spec.mean) - sigmaSquared / 2, Math.sqrt(sigmaSquared)),
        how: "lognormal: exact (normal CDF)",
      };
    }
    case "gamma":
    case "erlang": {
      const shape =
        spec.dist === "erlang" ? spec.k : spec.shape !== undefined ? spec.shape : 1 / spec.cv ** 2;
      const scale = spec.mean / shape;
      return {
        at: (u) => regularizedGammaQ(shape, u / scale),
        how: `${spec.dist}: exact (regularized incomplete gamma)`,
      };
    }
    case "weibull": {
      const shape = spec.shape;
      const scale = spec.scale !== undefined ? spec.scale : spec.mean / exp(lnGamma(1 + 1 / shape));
      return { at: (u) => (u <= 0 ? 1 : exp(-pow(u / scale, shape))), how: "weibull: exact" };
    }
    case "discrete":
      return { at: discreteSurvival(spec.values, spec.weights), how: "discrete: exact" };
    case "empirical":
      return {
        at: piecewiseLinearSurvival(spec.points),
        how: "empirical: exact (its own piecewise-linear CDF)",
      };
    default:
      return undefined;
  }
}

/**
 * P(S > u) for a scenario duration. Exact for every family with a CDF that is cheap to compute;
 * otherwise (PERT) the empirical CDF of EMPIRICAL_SAMPLE_SIZE draws from a fixed seed.
 */
export function survivalOf(spec: DistributionSpec, sampleSize = EMPIRICAL_SAMPLE_SIZE): Survival {
  const distribution = fromSpec(spec);
  const mean = distribution.mean;
  const scv = mean > 0 ? distribution.variance / (mean * mean) : 0;
  const exact = exactSurvival(spec);
  if (exact !== undefined) return { at: exact.at, mean, scv, method: "exact", how: exact.how };
  return {
    at: sampledSurvival(spec, sampleSize),
    mean,
    scv,
    method: "empirical",
    how: `${spec.dist}: empirical CDF of ${sampleSize} draws from a fixed seed (no exact CDF implemented)`,
  };
}

/**
 * The longest of several independent durations started together (tasks that all have to finish
 * before the patient moves on): P(max > u) = 1 − Π P(S_i ≤ u). Its mean has no closed form, so
 * it is integrated from the survival on a grid to the point where the survival is negligible.
 */
export function maxOfSurvivals(parts: readonly Survival[]): Survival {
  if (parts.length === 1) return parts[0]!;
  const at = (u: number): number => {
    let allDone = 1;
    for (const p of parts) allDone *= 1 - p.at(u);
    return 1 - allDone;
  };
  const { mean, second } = momentsFromSurvival(at, Math.max(...parts.map((p) => p.mean)));
  return {
    at,
    mean,
    scv: mean > 0 ? Math.max(0, second - mean * mean) / (mean * mean) : 0,
    method: parts.every((p) => p.method === "exact") ? "exact" : "empirical",
    how: `longest of ${parts.length} tasks: ${parts.map((p) => p.how).join("; ")}`,
  };
}

/**
 * E[S] = ∫ S(u) du and E[S²] = ∫ 2u·S(u) du by the trapezoid rule, extending the range until the
 * survival falls below 1e-12. The step is a thousandth of the scale, so the error is far below
 * anything a capacity figure shows.
 */
function momentsFromSurvival(at: (u: number) => number, scale: number): { mean: number; second: number } {
  if (!(scale > 0)) return { mean: 0, second: 0 };
  const h = scale / 1000;
  let mean = 0;
  let second = 0;
  let previous = at(0);
  for (let i = 1; i < 10_000_000; i++) {
    const u = i * h;
    const value = at(u);
    mean += (h * (previous + value)) / 2;
    second += h * ((u - h) * previous + u * value);
    previous = value;
    if (value < 1e-12 && u > scale) break;
  }
  return { mean, second };
}
