/**
 * Probability distributions for durations and other sampled quantities.
 *
 * Constructors take parameters the way modellers write them (a lognormal by the mean and sd of the
 * variable itself, a gamma by its mean and shape or cv), validate them with plain-words
 * `RangeError`s, and precompute everything the sampler needs, so `sample()` does arithmetic only
 * and allocates nothing. Every distribution reports its exact mean and variance, which the
 * validation tests and the reports compare against.
 *
 * Samplers use inverse transforms where they are cheap (one uniform per draw, monotone in that
 * uniform, which keeps common random numbers well aligned across scenario variants), the stream's
 * own normals for the normal and lognormal, and rejection (Marsaglia–Tsang) for gamma, Erlang and
 * PERT, where inversion would be slow.
 */

import stdlibGammaln from "@stdlib/math-base-special-gammaln";
import { cos, exp, expm1, log, log1p, pow, sin } from "./math.js";
import type { RandomStream } from "./random.js";

export interface Distribution {
  readonly kind: string;
  /** Exact theoretical mean. */
  readonly mean: number;
  /** Exact theoretical variance (Infinity where it does not exist). */
  readonly variance: number;
  sample(rng: RandomStream): number;
  /** Human text, e.g. "lognormal(mean 4.2, sd 3)". */
  describe(): string;
}

/**
 * A distribution as plain data, with every number already in model units. The `?: never` members
 * make "exactly one of" alternatives (lognormal sd or median, gamma shape or cv, weibull scale or
 * mean) a type error when both are given.
 */
export type DistributionSpec =
  | { dist: "constant"; value: number }
  | { dist: "uniform"; min: number; max: number }
  | { dist: "triangular"; min: number; mode: number; max: number }
  | { dist: "exponential"; mean: number }
  | { dist: "normal"; mean: number; sd: number }
  | { dist: "truncnormal"; mean: number; sd: number; min?: number; max?: number }
  | { dist: "lognormal"; mean: number; sd: number; median?: never }
  | { dist: "lognormal"; mean: number; median: number; sd?: never }
  | { dist: "gamma"; mean: number; shape: number; cv?: never }
  | { dist: "gamma"; mean: number; cv: number; shape?: never }
  | { dist: "erlang"; mean: number; k: number }
  | { dist: "weibull"; shape: number; scale: number; mean?: never }
  | { dist: "weibull"; shape: number; mean: number; scale?: never }
  | { dist: "pert"; min: number; mode: number; max: number; lambda?: number }
  | { dist: "discrete"; values: readonly number[]; weights: readonly number[] }
  | { dist: "empirical"; points: readonly number[] };

export type GammaParameters =
  | { mean: number; shape: number; cv?: never }
  | { mean: number; cv: number; shape?: never };

// =============================================================================================
// Normal distribution functions

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const INV_SQRT_2PI = 1 / SQRT_2PI;

/** Cody's first interval ends at the upper quartile, Φ⁻¹(3/4). */
const CODY_CENTRAL_LIMIT = 0.67448975;
const CODY_MIDDLE_LIMIT = Math.sqrt(32);
/** Φ(−40) ≈ 4e−350 is below the smallest double, so beyond this Φ is exactly 0 or 1. */
const NORMAL_CDF_SATURATION = 40;

// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969),
// as arranged for Φ in ANORM / R's pnorm.c: relative error near 1e−16 in both tails.
const CODY_A = [
  2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356, 0.06568233791820745,
] as const;
const CODY_B = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673] as const;
const CODY_C = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726,
  6848.190450536283, 11602.65143764735, 9842.714838383978, 1.0765576773720192e-8,
] as const;
const CODY_D = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097,
  34900.95272114598, 38912.00328609327, 19685.429676859992,
] as const;
const CODY_P = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934, 2.9112874951168793e-5,
  0.023073441764940174,
] as const;
const CODY_Q = [
  1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 7.297515550839662e-5,
] as const;

/** Φ(x) − ½ for |x| ≤ CODY_CENTRAL_LIMIT; kept as an offset so 1 − Φ near the centre loses nothing. */
function centralCdfOffset(x: number): number {
  const xx = x * x;
  let numerator = CODY_A[4] * xx;
  let denominator = xx;
  for (let i = 0; i < 3; i++) {
    numerator = (numerator + CODY_A[i]!) * xx;
    denominator = (denominator + CODY_B[i]!) * xx;
  }
  return (x * (numerator + CODY_A[3])) / (denominator + CODY_B[3]);
}

/** Φ(−y)·e^{y²/2} for y > CODY_CENTRAL_LIMIT: the tail without its Gaussian factor, so it never underflows. */
function scaledLowerTail(y: number): number {
  if (y <= CODY_MIDDLE_LIMIT) {
    let numerator = CODY_C[8] * y;
    let denominator = y;
    for (let i = 0; i < 7; i++) {
      numerator = (numerator + CODY_C[i]!) * y;
      denominator = (denominator + CODY_D[i]!) * y;
    }
    return (numerator + CODY_C[7]) / (denominator + CODY_D[7]);
  }
  const inverseSquare = 1 / (y * y);
  let numerator = CODY_P[5] * inverseSquare;
  let denominator = inverseSquare;
  for (let i = 0; i < 4; i++) {
    numerator = (numerator + CODY_P[i]!) * inverseSquare;
    denominator = (denominator + CODY_Q[i]!) * inverseSquare;
  }
  const correction = (inverseSquare * (numerator + CODY_P[4])) / (denominator + CODY_Q[4]);
  return (INV_SQRT_2PI - correction) / y;
}

/**
 * e^{−y²/2}, with y split into a multiple of 1/16 (whose square is exact) and a small remainder:
 * rounding y² directly would cost up to y²·2⁻⁵³ of relative accuracy deep in the tails.
 */
function gaussianFactor(y: number): number {
  const coarse = Math.trunc(y * 16) / 16;
  const remainder = (y - coarse) * (y + coarse);
  return exp(-0.5 * coarse * coarse) * exp(-0.5 * remainder);
}

/** Standard normal density φ(x). */
export function normalPdf(x: number): number {
  const y = Math.abs(x);
  if (y >= NORMAL_CDF_SATURATION) return 0;
  return INV_SQRT_2PI * gaussianFactor(y);
}

/** Standard normal distribution function Φ(x), accurate relative to its value in the lower tail. */
export function normalCdf(x: number): number {
  const y = Math.abs(x);
  if (y <= CODY_CENTRAL_LIMIT) return 0.5 + centralCdfOffset(x);
  if (!(y < NORMAL_CDF_SATURATION)) {
    if (Number.isNaN(x)) return Number.NaN;
    return x > 0 ? 1 : 0;
  }
  const lowerTail = scaledLowerTail(y) * gaussianFactor(y);
  return x > 0 ? 1 - lowerTail : lowerTail;
}

/** Mills ratio Φ(−t)/φ(t) for t ≥ 0, computed without forming either (both underflow far out). */
function millsRatio(t: number): number {
  if (t <= CODY_CENTRAL_LIMIT) return (0.5 - centralCdfOffset(t)) / normalPdf(t);
  if (t === Number.POSITIVE_INFINITY) return 0;
  return scaledLowerTail(t) * SQRT_2PI;
}

// P. J. Acklam's rational approximation to Φ⁻¹ (relative error 1.15e−9), polished below.
const ACKLAM_A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 1.38357751867269e2, -30.66479806614716,
  2.506628277459239,
] as const;
const ACKLAM_B = [
  -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
] as const;
const ACKLAM_C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
] as const;
const ACKLAM_D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416] as const;
const ACKLAM_TAIL_START = 0.02425;

/**
 * Φ⁻¹(p) for 0 < p ≤ ½. Working only in the lower half keeps p exact: the caller reflects upper
 * probabilities through 1 − p, which is exact for p ≥ ½.
 */
function lowerHalfQuantile(p: number): number {
  let x: number;
  if (p < ACKLAM_TAIL_START) {
    const q = Math.sqrt(-2 * log(p));
    x =
      (((((ACKLAM_C[0] * q + ACKLAM_C[1]) * q + ACKLAM_C[2]) * q + ACKLAM_C[3]) * q + ACKLAM_C[4]) * q +
        ACKLAM_C[5]) /
      ((((ACKLAM_D[0] * q + ACKLAM_D[1]) * q + ACKLAM_D[2]) * q + ACKLAM_D[3]) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((ACKLAM_A[0] * r + ACKLAM_A[1]) * r + ACKLAM_A[2]) * r + ACKLAM_A[3]) * r + ACKLAM_A[4]) * r +
        ACKLAM_A[5]) *
        q) /
      (((((ACKLAM_B[0] * r + ACKLAM_B[1]) * r + ACKLAM_B[2]) * r + ACKLAM_B[3]) * r + ACKLAM_B[4]) * r + 1);
  }
  // One Halley step against the accurate Φ takes Acklam's 1e−9 to full double precision.
  // Beyond x ≈ −38.5 the density underflows and the step would divide by zero; the estimate stands.
  const density = normalPdf(x);
  if (density > 0) {
    const step = (normalCdf(x) - p) / density;
    x -= step / (1 + 0.5 * x * step);
  }
  return x;
}

/** Standard normal quantile Φ⁻¹(p); −∞ at 0, +∞ at 1, NaN outside [0, 1]. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) {
    if (p === 0) return Number.NEGATIVE_INFINITY;
    if (p === 1) return Number.POSITIVE_INFINITY;
    return Number.NaN;
  }
  return p > 0.5 ? -lowerHalfQuantile(1 - p) : lowerHalfQuantile(p);
}

// =============================================================================================
// Gamma function

/**
 * ln |Γ(x)|; Γ has poles at 0, −1, −2, …, where this is +∞. @stdlib's gammaln (pinned in
 * package.json), a port of FreeBSD's lgamma built on @stdlib's pure-JavaScript elementary
 * functions, so the bits are the same in every engine. It replaced a hand-written Lanczos
 * series (g = 7, n = 9): against mpmath on 3,000 arguments in ½…50 it is correctly rounded for
 * 74 % of them (the Lanczos series: 17 %), and exact at 1 and 2.
 */
export const lnGamma: (x: number) => number = stdlibGammaln;

/** Γ(x) for real x (NaN at the poles 0, −1, −2, …; overflows to ∞ above x ≈ 171.6). */
export function gammaFunction(x: number): number {
  if (x < 0.5) {
    const sine = sin(Math.PI * x);
    if (sine === 0) return Number.NaN;
    return Math.PI / (sine * gammaFunction(1 - x));
  }
  return exp(lnGamma(x));
}

// =============================================================================================
// Validation and labels

function fail(message: string): never {
  throw new RangeError(message);
}

function requireFinite(kind: string, name: string, value: number): void {
  if (!Number.isFinite(value)) fail(`${kind} ${name} must be a finite number, got ${value}`);
}

function requirePositive(kind: string, name: string, value: number): void {
  requireFinite(kind, name, value);
  if (!(value > 0)) fail(`${kind} ${name} must be > 0, got ${value}`);
}

function requireNonNegative(kind: string, name: string, value: number): void {
  requireFinite(kind, name, value);
  if (!(value >= 0)) fail(`${kind} ${name} must be ≥ 0, got ${value}`);
}

function formatNumber(value: number): string {
  if (value === Number.POSITIVE_INFINITY) return "∞";
  if (value === Number.NEGATIVE_INFINITY) return "-∞";
  return String(Number(value.toPrecision(6)));
}

// =============================================================================================
// Samplers. Factories validate and compute exact moments; these classes only draw.

abstract class BaseDistribution implements Distribution {
  readonly kind: string;
  readonly mean: number;
  readonly variance: number;
  private readonly label: string;

  constructor(kind: string, mean: number, variance: number, label: string) {
    this.kind = kind;
    this.mean = mean;
    // Closed forms that subtract nearly equal terms can land a rounding error below zero.
    this.variance = Math.max(0, variance);
    this.label = label;
  }

  abstract sample(rng: RandomStream): number;

  describe(): string {
    return this.label;
  }
}

/** Also stands in for degenerate cases (uniform(3, 3), sd 0, …) so samplers never divide by zero. */
class PointMass extends BaseDistribution {
  constructor(
    kind: string,
    private readonly value: number,
    label: string,
  ) {
    super(kind, value, 0, label);
  }

  sample(): number {
    return this.value;
  }
}

class UniformSampler extends BaseDistribution {
  constructor(
    private readonly min: number,
    private readonly width: number,
    label: string,
  ) {
    super("uniform", min + width / 2, (width * width) / 12, label);
  }

  sample(rng: RandomStream): number {
    return this.min + this.width * rng.uniform();
  }
}

class TriangularSampler extends BaseDistribution {
  private readonly modeCdf: number;
  private readonly leftScale: number;
  private readonly rightScale: number;

  constructor(
    private readonly min: number,
    mode: number,
    private readonly max: number,
    label: string,
  ) {
    // Moments from offsets to min: the textbook (a² + b² + c² − ab − ac − bc)/18 cancels badly far from 0.
    const left = mode - min;
    const range = max - min;
    super("triangular", (min + mode + max) / 3, (left * left + range * range - left * range) / 18, label);
    this.modeCdf = left / range;
    this.leftScale = range * left;
    this.rightScale = range * (max - mode);
  }

  sample(rng: RandomStream): number {
    const u = rng.uniform();
    return u < this.modeCdf
      ? this.min + Math.sqrt(u * this.leftScale)
      : this.max - Math.sqrt((1 - u) * this.rightScale);
  }
}

class ExponentialSampler extends BaseDistribution {
  constructor(mean: number, label: string) {
    super("exponential", mean, mean * mean, label);
  }

  sample(rng: RandomStream): number {
    // −ln(1 − u) rather than −ln(u): increasing in u, so variants sharing a stream stay aligned.
    // u is a multiple of 2^−33, so 1 − u is exact and ln(1 − u) as accurate as log1p(−u), at less
    // cost (log1p is the slower routine, in V8's Math and in src/engine/math.ts alike).
    return -this.mean * log(1 - rng.uniform());
  }
}

class NormalSampler extends BaseDistribution {
  constructor(
    mean: number,
    private readonly sd: number,
    label: string,
  ) {
    super("normal", mean, sd * sd, label);
  }

  sample(rng: RandomStream): number {
    return this.mean + this.sd * rng.standardNormal();
  }
}

/** Below this standardised upper bound Φ of the interval is too small for inversion; see sampleFarTail. */
const FAR_TAIL_START = 35;

class TruncatedNormalSampler extends BaseDistribution {
  private readonly location: number;
  /** ±sd: the interval is reflected when it lies above the mean (see constructor). */
  private readonly orientedScale: number;
  private readonly lower: number;
  private readonly upper: number;
  private readonly cdfLower: number;
  private readonly cdfSpan: number;
  private readonly inFarTail: boolean;
  private readonly tailStart: number;
  private readonly tailMass: number;

  constructor(
    parentMean: number,
    parentSd: number,
    standardLower: number,
    standardUpper: number,
    mean: number,
    variance: number,
    label: string,
  ) {
    super("truncnormal", mean, variance, label);
    this.location = parentMean;
    // Φ is accurate relative to its value only below zero, so an interval wholly above the mean is
    // mirrored below it and the draw mirrored back.
    const reflect = standardLower > 0;
    this.orientedScale = reflect ? -parentSd : parentSd;
    this.lower = reflect ? -standardUpper : standardLower;
    this.upper = reflect ? -standardLower : standardUpper;
    this.cdfLower = normalCdf(this.lower);
    this.cdfSpan = normalCdf(this.upper) - this.cdfLower;
    this.inFarTail = this.upper < -FAR_TAIL_START;
    this.tailStart = -this.upper;
    this.tailMass = -expm1(-this.tailStart * (this.upper - this.lower));
  }

  sample(rng: RandomStream): number {
    let z: number;
    if (this.inFarTail) {
      z = -sampleFarTail(rng, this.tailStart, this.tailMass);
    } else {
      z = normalQuantile(this.cdfLower + rng.uniform() * this.cdfSpan);
      // Rounding in Φ and Φ⁻¹ may step a hair outside the interval.
      if (z < this.lower) z = this.lower;
      else if (z > this.upper) z = this.upper;
    }
    return this.location + this.orientedScale * z;
  }
}

/**
 * Standard normal conditioned on [start, start + width], start ≥ FAR_TAIL_START, where
 * tailMass = 1 − e^{−start·width}. Proposal: start + Exp(rate start) truncated to the interval,
 * accepted with probability e^{−(t − start)²/2}; the product of the two is exactly the normal
 * density's shape there, and acceptance is above 99.9% this far out.
 */
function sampleFarTail(rng: RandomStream, start: number, tailMass: number): number {
  for (;;) {
    const excess = -log1p(-rng.uniform() * tailMass) / start;
    if (rng.uniform() <= exp(-0.5 * excess * excess)) return start + excess;
  }
}

/**
 * Marsaglia & Tsang (2000) gamma(shape, 1) for shape ≥ 1, given d = shape − ⅓ and c = 1/√(9d).
 * A free function taking the precomputed constants so gamma, Erlang and PERT share it.
 */
function marsagliaTsang(rng: RandomStream, d: number, c: number): number {
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = rng.standardNormal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniform();
    const xx = x * x;
    if (u < 1 - 0.0331 * xx * xx) return d * v;
    if (log(u) < 0.5 * xx + d * (1 - v + log(v))) return d * v;
  }
}

class GammaSampler extends BaseDistribution {
  private readonly d: number;
  private readonly c: number;
  private readonly scale: number;
  /** 1/shape when shape < 1 (draws are boosted from shape + 1), else 0. */
  private readonly boostExponent: number;

  constructor(kind: string, mean: number, shape: number, label: string) {
    super(kind, mean, (mean * mean) / shape, label);
    // Marsaglia–Tsang needs shape ≥ 1; below that, X·U^{1/shape} with X ~ gamma(shape + 1).
    const boosted = shape < 1;
    this.d = (boosted ? shape + 1 : shape) - 1 / 3;
    this.c = 1 / Math.sqrt(9 * this.d);
    this.scale = mean / shape;
    this.boostExponent = boosted ? 1 / shape : 0;
  }

  sample(rng: RandomStream): number {
    const draw = marsagliaTsang(rng, this.d, this.c);
    if (this.boostExponent === 0) return this.scale * draw;
    return this.scale * draw * pow(rng.uniform(), this.boostExponent);
  }
}

class LognormalSampler extends BaseDistribution {
  constructor(
    private readonly mu: number,
    private readonly sigma: number,
    label: string,
  ) {
    const mean = exp(mu + (sigma * sigma) / 2);
    super("lognormal", mean, expm1(sigma * sigma) * mean * mean, label);
  }

  sample(rng: RandomStream): number {
    return exp(this.mu + this.sigma * rng.standardNormal());
  }
}

class WeibullSampler extends BaseDistribution {
  private readonly inverseShape: number;

  constructor(
    shape: number,
    private readonly scale: number,
    label: string,
  ) {
    const lnGammaFirst = lnGamma(1 + 1 / shape);
    const mean = scale * exp(lnGammaFirst);
    // Var = mean²·(Γ(1 + 2/k)/Γ(1 + 1/k)² − 1); expm1 keeps precision when the ratio is near 1.
    super("weibull", mean, mean * mean * expm1(lnGamma(1 + 2 / shape) - 2 * lnGammaFirst), label);
    this.inverseShape = 1 / shape;
  }

  sample(rng: RandomStream): number {
    return this.scale * pow(-log1p(-rng.uniform()), this.inverseShape);
  }
}

class PertSampler extends BaseDistribution {
  private readonly alphaD: number;
  private readonly alphaC: number;
  private readonly betaD: number;
  private readonly betaC: number;

  constructor(
    private readonly min: number,
    private readonly range: number,
    alpha: number,
    beta: number,
    label: string,
  ) {
    const total = alpha + beta;
    super(
      "pert",
      min + (range * alpha) / total,
      (range * range * alpha * beta) / (total * total * (total + 1)),
      label,
    );
    // Beta(α, β) as Ga/(Ga + Gb); α, β ≥ 1 always for PERT, so no shape boost is needed.
    this.alphaD = alpha - 1 / 3;
    this.alphaC = 1 / Math.sqrt(9 * this.alphaD);
    this.betaD = beta - 1 / 3;
    this.betaC = 1 / Math.sqrt(9 * this.betaD);
  }

  sample(rng: RandomStream): number {
    const a = marsagliaTsang(rng, this.alphaD, this.alphaC);
    const b = marsagliaTsang(rng, this.betaD, this.betaC);
    return this.min + (this.range * a) / (a + b);
  }
}

/** Walker's alias method in Vose's numerically stable construction: one uniform per draw. */
class AliasSampler extends BaseDistribution {
  private readonly values: Float64Array;
  private readonly keepProbability: Float64Array;
  private readonly alias: Uint32Array;

  constructor(
    values: Float64Array,
    probabilities: Float64Array,
    mean: number,
    variance: number,
    label: string,
  ) {
    super("discrete", mean, variance, label);
    const n = values.length;
    this.values = values;
    this.keepProbability = new Float64Array(n);
    this.alias = new Uint32Array(n);
    const scaled = new Float64Array(n);
    const small = new Uint32Array(n);
    const large = new Uint32Array(n);
    let smallCount = 0;
    let largeCount = 0;
    for (let i = 0; i < n; i++) {
      scaled[i] = probabilities[i]! * n;
      if (scaled[i]! < 1) small[smallCount++] = i;
      else large[largeCount++] = i;
    }
    while (smallCount > 0 && largeCount > 0) {
      const lesser = small[--smallCount]!;
      const greater = large[--largeCount]!;
      this.keepProbability[lesser] = scaled[lesser]!;
      this.alias[lesser] = greater;
      scaled[greater] = scaled[greater]! + scaled[lesser]! - 1;
      if (scaled[greater]! < 1) small[smallCount++] = greater;
      else large[largeCount++] = greater;
    }
    // Whatever is left is within rounding of a full column.
    while (largeCount > 0) this.keepProbability[large[--largeCount]!] = 1;
    while (smallCount > 0) this.keepProbability[small[--smallCount]!] = 1;
  }

  sample(rng: RandomStream): number {
    const n = this.values.length;
    const position = rng.uniform() * n;
    let column = Math.floor(position);
    if (column >= n) column = n - 1; // u·n can round up to n for u just below 1
    return position - column < this.keepProbability[column]!
      ? this.values[column]!
      : this.values[this.alias[column]!]!;
  }
}

class EmpiricalSampler extends BaseDistribution {
  private readonly segments: number;

  constructor(
    private readonly points: Float64Array,
    mean: number,
    variance: number,
    label: string,
  ) {
    super("empirical", mean, variance, label);
    this.segments = points.length - 1;
  }

  sample(rng: RandomStream): number {
    const position = rng.uniform() * this.segments;
    let segment = Math.floor(position);
    if (segment >= this.segments) segment = this.segments - 1;
    const left = this.points[segment]!;
    return left + (position - segment) * (this.points[segment + 1]! - left);
  }
}

class ScaledDistribution extends BaseDistribution {
  constructor(
    readonly base: Distribution,
    readonly factor: number,
    label: string,
  ) {
    super("scaled", base.mean * factor, base.variance * factor * factor, label);
  }

  sample(rng: RandomStream): number {
    return this.factor * this.base.sample(rng);
  }
}

// =============================================================================================
// Constructors

export function constant(value: number): Distribution {
  requireFinite("constant", "value", value);
  return new PointMass("constant", value, `constant(${formatNumber(value)})`);
}

export function uniform(min: number, max: number): Distribution {
  requireFinite("uniform", "min", min);
  requireFinite("uniform", "max", max);
  if (max < min) fail(`uniform max must be ≥ min (${min}), got ${max}`);
  const label = `uniform(min ${formatNumber(min)}, max ${formatNumber(max)})`;
  if (max === min) return new PointMass("uniform", min, label);
  return new UniformSampler(min, max - min, label);
}

export function triangular(min: number, mode: number, max: number): Distribution {
  requireFinite("triangular", "min", min);
  requireFinite("triangular", "mode", mode);
  requireFinite("triangular", "max", max);
  if (max < min) fail(`triangular max must be ≥ min (${min}), got ${max}`);
  if (mode < min || mode > max)
    fail(`triangular mode must lie between min (${min}) and max (${max}), got ${mode}`);
  const label = `triangular(min ${formatNumber(min)}, mode ${formatNumber(mode)}, max ${formatNumber(max)})`;
  if (max === min) return new PointMass("triangular", min, label);
  return new TriangularSampler(min, mode, max, label);
}

export function exponential(mean: number): Distribution {
  requirePositive("exponential", "mean", mean);
  return new ExponentialSampler(mean, `exponential(mean ${formatNumber(mean)})`);
}

/** Normal with the given mean and sd; it can go negative, which is the modeller's choice. */
export function normal(mean: number, sd: number): Distribution {
  requireFinite("normal", "mean", mean);
  requireNonNegative("normal", "sd", sd);
  return new NormalSampler(mean, sd, `normal(mean ${formatNumber(mean)}, sd ${formatNumber(sd)})`);
}

/**
 * Normal(mean, sd) conditioned on [min, max]; mean and sd are the parent normal's, while the
 * returned `.mean` and `.variance` are the truncated distribution's. Sampled by inversion (one
 * uniform per draw, accurate to the far tail because Φ is), and beyond 35 sd, where Φ runs out of
 * doubles, by an exponential-proposal rejection sampler that accepts over 99.9% of proposals.
 */
export function truncatedNormal(
  mean: number,
  sd: number,
  min: number = Number.NEGATIVE_INFINITY,
  max: number = Number.POSITIVE_INFINITY,
): Distribution {
  requireFinite("truncnormal", "mean", mean);
  requireNonNegative("truncnormal", "sd", sd);
  if (Number.isNaN(min) || min === Number.POSITIVE_INFINITY) {
    fail(`truncnormal min must be a finite number or -Infinity, got ${min}`);
  }
  if (Number.isNaN(max) || max === Number.NEGATIVE_INFINITY) {
    fail(`truncnormal max must be a finite number or Infinity, got ${max}`);
  }
  if (max < min) fail(`truncnormal max must be ≥ min (${min}), got ${max}`);
  let label = `truncnormal(mean ${formatNumber(mean)}, sd ${formatNumber(sd)}`;
  if (min !== Number.NEGATIVE_INFINITY) label += `, min ${formatNumber(min)}`;
  if (max !== Number.POSITIVE_INFINITY) label += `, max ${formatNumber(max)}`;
  label += ")";
  if (min === max) return new PointMass("truncnormal", min, label);
  if (sd === 0) {
    if (mean < min || mean > max) {
      fail(`truncnormal mean must lie within [min, max] = [${min}, ${max}] when sd is 0, got ${mean}`);
    }
    return new PointMass("truncnormal", mean, label);
  }
  const standardLower = (min - mean) / sd;
  const standardUpper = (max - mean) / sd;
  const moments = standardTruncatedMoments(standardLower, standardUpper);
  return new TruncatedNormalSampler(
    mean,
    sd,
    standardLower,
    standardUpper,
    mean + sd * moments.mean,
    sd * sd * moments.variance,
    label,
  );
}

interface Moments {
  mean: number;
  variance: number;
}

/**
 * Mean and variance of the standard normal conditioned on [lower, upper]:
 *   mean = (φ(a) − φ(b))/Z,  variance = 1 + (aφ(a) − bφ(b))/Z − mean²,  Z = Φ(b) − Φ(a).
 * Evaluated so that nothing underflows or cancels badly: intervals above zero are mirrored, tail
 * intervals are scaled by φ(b) through Mills ratios, and short intervals (where the variance would
 * be a tiny difference of large terms) are integrated directly by Gauss–Legendre quadrature.
 */
function standardTruncatedMoments(lower: number, upper: number): Moments {
  if (lower > 0) {
    const mirrored = standardTruncatedMoments(-upper, -lower);
    return { mean: -mirrored.mean, variance: mirrored.variance };
  }
  const centre = (lower + upper) / 2;
  const halfWidth = (upper - lower) / 2;
  // The exponent of the density varies by at most ~this much across the interval; when it is
  // small the density is a gentle curve that 24-point quadrature integrates to rounding error.
  if (halfWidth * (Math.abs(centre) + halfWidth) <= 4) return shortIntervalMoments(centre, halfWidth);
  if (upper <= 0) {
    // Divide Z, φ(a) and φ(b) by φ(b): densityRatio = φ(a)/φ(b), scaledMass = Z/φ(b).
    const densityRatio =
      lower === Number.NEGATIVE_INFINITY ? 0 : exp(-0.5 * (lower - upper) * (lower + upper));
    const scaledMass = millsRatio(-upper) - (densityRatio === 0 ? 0 : densityRatio * millsRatio(-lower));
    const mean = (densityRatio - 1) / scaledMass;
    const lowerTerm = densityRatio === 0 ? 0 : lower * densityRatio;
    return { mean, variance: 1 + (lowerTerm - upper) / scaledMass - mean * mean };
  }
  // The interval straddles zero and is long, so Z is far from zero and the plain formulas are fine.
  const mass = normalCdf(upper) - normalCdf(lower);
  const lowerDensity = normalPdf(lower);
  const upperDensity = normalPdf(upper);
  const mean = (lowerDensity - upperDensity) / mass;
  const lowerTerm = Number.isFinite(lower) ? lower * lowerDensity : 0;
  const upperTerm = Number.isFinite(upper) ? upper * upperDensity : 0;
  return { mean, variance: 1 + (lowerTerm - upperTerm) / mass - mean * mean };
}

function shortIntervalMoments(centre: number, halfWidth: number): Moments {
  // Offsets y from the centre, density ∝ exp(−centre·y − y²/2); the constant factor cancels.
  let mass = 0;
  let firstMoment = 0;
  for (let i = 0; i < QUADRATURE.nodes.length; i++) {
    const y = halfWidth * QUADRATURE.nodes[i]!;
    const weight = QUADRATURE.weights[i]! * exp(-centre * y - 0.5 * y * y);
    mass += weight;
    firstMoment += weight * y;
  }
  const offset = firstMoment / mass;
  let secondCentralMoment = 0;
  for (let i = 0; i < QUADRATURE.nodes.length; i++) {
    const y = halfWidth * QUADRATURE.nodes[i]!;
    const weight = QUADRATURE.weights[i]! * exp(-centre * y - 0.5 * y * y);
    secondCentralMoment += weight * (y - offset) * (y - offset);
  }
  return { mean: centre + offset, variance: secondCentralMoment / mass };
}

/** Gauss–Legendre nodes and weights on [−1, 1], by Newton's method on the Legendre recurrence. */
function gaussLegendreRule(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let derivative = 1;
    for (let iteration = 0; iteration < 100; iteration++) {
      let current = 1;
      let previous = 0;
      for (let j = 1; j <= n; j++) {
        const next = ((2 * j - 1) * x * current - (j - 1) * previous) / j;
        previous = current;
        current = next;
      }
      derivative = (n * (x * current - previous)) / (x * x - 1);
      const step = current / derivative;
      x -= step;
      if (Math.abs(step) <= 1e-15) break;
    }
    nodes[i] = x;
    weights[i] = 2 / ((1 - x * x) * derivative * derivative);
  }
  return { nodes, weights };
}

const QUADRATURE = gaussLegendreRule(24);

/**
 * Lognormal by the mean and sd OF THE VARIABLE (not of its log):
 * σ² = ln(1 + sd²/mean²), μ = ln(mean) − σ²/2.
 */
export function lognormal(mean: number, sd: number): Distribution {
  requirePositive("lognormal", "mean", mean);
  requireNonNegative("lognormal", "sd", sd);
  const cv = sd / mean;
  const sigmaSquared = log1p(cv * cv);
  return new LognormalSampler(
    log(mean) - sigmaSquared / 2,
    Math.sqrt(sigmaSquared),
    `lognormal(mean ${formatNumber(mean)}, sd ${formatNumber(sd)})`,
  );
}

/** Lognormal by its mean and median: μ = ln(median), σ = √(2 ln(mean/median)); needs mean ≥ median. */
export function lognormalFromMedian(mean: number, median: number): Distribution {
  requirePositive("lognormal", "median", median);
  requirePositive("lognormal", "mean", mean);
  if (mean < median) fail(`lognormal mean must be ≥ median (${median}), got ${mean}`);
  return new LognormalSampler(
    log(median),
    Math.sqrt(2 * log(mean / median)),
    `lognormal(mean ${formatNumber(mean)}, median ${formatNumber(median)})`,
  );
}

/** Gamma by its mean and either its shape or its coefficient of variation (shape = 1/cv²). */
export function gamma(parameters: GammaParameters): Distribution {
  const { mean, shape, cv } = parameters;
  requirePositive("gamma", "mean", mean);
  if (shape !== undefined && cv !== undefined) fail("gamma needs exactly one of shape or cv, got both");
  if (shape !== undefined) {
    requirePositive("gamma", "shape", shape);
    return new GammaSampler(
      "gamma",
      mean,
      shape,
      `gamma(mean ${formatNumber(mean)}, shape ${formatNumber(shape)})`,
    );
  }
  if (cv === undefined) fail("gamma needs exactly one of shape or cv, got neither");
  requirePositive("gamma", "cv", cv);
  return new GammaSampler(
    "gamma",
    mean,
    1 / (cv * cv),
    `gamma(mean ${formatNumber(mean)}, cv ${formatNumber(cv)})`,
  );
}

/** Erlang: the sum of k exponential phases, each with mean mean/k. */
export function erlang(mean: number, k: number): Distribution {
  requirePositive("erlang", "mean", mean);
  if (!Number.isInteger(k) || k < 1) fail(`erlang k must be a whole number ≥ 1, got ${k}`);
  return new GammaSampler("erlang", mean, k, `erlang(mean ${formatNumber(mean)}, k ${k})`);
}

export function weibull(shape: number, scale: number): Distribution {
  requirePositive("weibull", "shape", shape);
  requirePositive("weibull", "scale", scale);
  return checkedWeibull(shape, scale, `weibull(shape ${formatNumber(shape)}, scale ${formatNumber(scale)})`);
}

/** Weibull with the given shape, scaled to the given mean: scale = mean/Γ(1 + 1/shape). */
export function weibullFromMean(mean: number, shape: number): Distribution {
  requirePositive("weibull", "mean", mean);
  requirePositive("weibull", "shape", shape);
  const scale = mean / exp(lnGamma(1 + 1 / shape));
  return checkedWeibull(shape, scale, `weibull(shape ${formatNumber(shape)}, mean ${formatNumber(mean)})`);
}

function checkedWeibull(shape: number, scale: number, label: string): Distribution {
  const distribution = new WeibullSampler(shape, scale, label);
  // Γ(1 + 1/shape) overflows for shape below about 0.006; no duration model means that.
  if (!(scale > 0) || !Number.isFinite(distribution.mean)) {
    fail(`weibull shape must be large enough for a representable mean, got ${shape}`);
  }
  return distribution;
}

/**
 * Beta-PERT on [min, max] with the given mode; lambda (default 4) weights the mode, giving
 * mean = (min + lambda·mode + max)/(lambda + 2).
 */
export function pert(min: number, mode: number, max: number, lambda = 4): Distribution {
  requireFinite("pert", "min", min);
  requireFinite("pert", "mode", mode);
  requireFinite("pert", "max", max);
  requireNonNegative("pert", "lambda", lambda);
  if (max < min) fail(`pert max must be ≥ min (${min}), got ${max}`);
  if (mode < min || mode > max) fail(`pert mode must lie between min (${min}) and max (${max}), got ${mode}`);
  const lambdaText = lambda === 4 ? "" : `, lambda ${formatNumber(lambda)}`;
  const label = `pert(min ${formatNumber(min)}, mode ${formatNumber(mode)}, max ${formatNumber(max)}${lambdaText})`;
  if (max === min) return new PointMass("pert", min, label);
  const range = max - min;
  const alpha = 1 + (lambda * (mode - min)) / range;
  const beta = 1 + (lambda * (max - mode)) / range;
  return new PertSampler(min, range, alpha, beta, label);
}

const DISCRETE_LABEL_ENTRIES = 6;

/** Values with relative weights (normalised here; they need not sum to 1). */
export function empiricalDiscrete(values: readonly number[], weights: readonly number[]): Distribution {
  if (values.length === 0) fail("discrete values must hold at least one value, got none");
  if (weights.length !== values.length) {
    fail(`discrete weights must have one weight per value (${values.length}), got ${weights.length}`);
  }
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const weight = weights[i]!;
    if (!Number.isFinite(value))
      fail(`discrete values must be finite numbers, got ${value} at position ${i}`);
    if (!Number.isFinite(weight) || weight < 0) {
      fail(`discrete weights must be finite and ≥ 0, got ${weight} at position ${i}`);
    }
    total += weight;
  }
  if (!(total > 0)) fail("discrete weights must not all be zero");
  // Zero-weight values are left out of the table so no rounding can ever draw them.
  const kept: number[] = [];
  for (let i = 0; i < values.length; i++) if (weights[i]! > 0) kept.push(i);
  const keptValues = new Float64Array(kept.length);
  const probabilities = new Float64Array(kept.length);
  let mean = 0;
  kept.forEach((index, position) => {
    keptValues[position] = values[index]!;
    probabilities[position] = weights[index]! / total;
    mean += probabilities[position]! * keptValues[position]!;
  });
  let variance = 0;
  for (let i = 0; i < keptValues.length; i++) variance += probabilities[i]! * (keptValues[i]! - mean) ** 2;
  const shown = Array.from(keptValues.subarray(0, DISCRETE_LABEL_ENTRIES), (value, i) => {
    return `${formatNumber(value)}: ${formatNumber(probabilities[i]!)}`;
  });
  if (keptValues.length > DISCRETE_LABEL_ENTRIES) shown.push(`… ${keptValues.length} values`);
  return new AliasSampler(keptValues, probabilities, mean, variance, `discrete(${shown.join(", ")})`);
}

/**
 * Piecewise-linear inverse CDF through the sorted sample points: the i-th of n sorted points sits
 * at cumulative probability i/(n − 1), so the distribution is an equal-weight mixture of uniforms
 * on consecutive gaps, whose exact mean and variance are computed here.
 */
export function empiricalContinuous(points: readonly number[]): Distribution {
  if (points.length < 2) fail(`empirical points must hold at least 2 values, got ${points.length}`);
  for (let i = 0; i < points.length; i++) {
    if (!Number.isFinite(points[i]!))
      fail(`empirical points must be finite numbers, got ${points[i]} at position ${i}`);
  }
  const sorted = Float64Array.from(points).sort();
  const segments = sorted.length - 1;
  let mean = 0;
  for (let i = 0; i < segments; i++) mean += (sorted[i]! + sorted[i + 1]!) / 2;
  mean /= segments;
  // Law of total variance over the segments: within (width²/12) plus between (segment mean offsets).
  let variance = 0;
  for (let i = 0; i < segments; i++) {
    const width = sorted[i + 1]! - sorted[i]!;
    const offset = (sorted[i]! + sorted[i + 1]!) / 2 - mean;
    variance += (width * width) / 12 + offset * offset;
  }
  variance /= segments;
  const label = `empirical(${sorted.length} points, ${formatNumber(sorted[0]!)} to ${formatNumber(sorted[segments]!)})`;
  return new EmpiricalSampler(sorted, mean, variance, label);
}

/** Samples of `distribution` multiplied by `factor` (mean × factor, variance × factor²). */
export function scaled(distribution: Distribution, factor: number): Distribution {
  requirePositive("scaled", "factor", factor);
  if (factor === 1) return distribution;
  // Fold repeated scaling so a chain of variants still costs one multiplication per draw.
  if (distribution instanceof ScaledDistribution) {
    return scaled(distribution.base, distribution.factor * factor);
  }
  return new ScaledDistribution(distribution, factor, `${formatNumber(factor)} × ${distribution.describe()}`);
}

// =============================================================================================
// From plain data

function requireExactlyOne(
  kind: string,
  spec: Readonly<Record<string, unknown>>,
  first: string,
  second: string,
): void {
  if ((spec[first] === undefined) === (spec[second] === undefined)) {
    fail(`${kind} needs exactly one of ${first} or ${second}`);
  }
}

/** Builds a distribution from its plain-data description (numbers already in model units). */
export function fromSpec(spec: DistributionSpec): Distribution {
  switch (spec.dist) {
    case "constant":
      return constant(spec.value);
    case "uniform":
      return uniform(spec.min, spec.max);
    case "triangular":
      return triangular(spec.min, spec.mode, spec.max);
    case "exponential":
      return exponential(spec.mean);
    case "normal":
      return normal(spec.mean, spec.sd);
    case "truncnormal":
      return truncatedNormal(spec.mean, spec.sd, spec.min, spec.max);
    case "lognormal":
      requireExactlyOne("lognormal", spec, "sd", "median");
      return spec.median !== undefined
        ? lognormalFromMedian(spec.mean, spec.median)
        : lognormal(spec.mean, spec.sd);
    case "gamma":
      return gamma(spec);
    case "erlang":
      return erlang(spec.mean, spec.k);
    case "weibull":
      requireExactlyOne("weibull", spec, "scale", "mean");
      return spec.scale !== undefined
        ? weibull(spec.shape, spec.scale)
        : weibullFromMean(spec.mean, spec.shape);
    case "pert":
      return pert(spec.min, spec.mode, spec.max, spec.lambda);
    case "discrete":
      return empiricalDiscrete(spec.values, spec.weights);
    case "empirical":
      return empiricalContinuous(spec.points);
    default: {
      const unknown: never = spec;
      return fail(`unknown distribution "${String((unknown as { dist?: unknown }).dist)}"`);
    }
  }
}
