/**
 * Length of stay: maximum-likelihood fits of lognormal, gamma, Weibull and exponential with
 * right-censoring, chosen by AIC, each with a Kolmogorov–Smirnov distance to the Kaplan–Meier
 * estimate (the empirical distribution that counts open stays correctly).
 *
 * A finished stay x adds log f(x) to the likelihood; a stay still open after c days adds
 * log S(c) = log P(stay > c): it is known only to be longer than c. Dropping open stays would
 * bias every fit towards short stays (the long ones are the ones still open), and counting them as
 * ending at the extract would do the same.
 */

import stdlibGammainc from "@stdlib/math-base-special-gammainc";
import { lnGamma, normalCdf } from "../engine/distributions.js";
import * as engineMath from "../engine/math.js";
import { goldenMaximum, nelderMeadMaximum } from "./optimize.js";

export type Family = "lognormal" | "gamma" | "weibull" | "exponential";

export interface CandidateFit {
  family: Family;
  /** The family's own parameters (days): lognormal mu/sigma of log-days, gamma shape/scale, weibull shape/scale, exponential mean. */
  parameters: Record<string, number>;
  logLikelihood: number;
  aic: number;
  /** Largest gap between the fitted CDF and the Kaplan–Meier estimate. */
  ks: number;
  mean: number;
  sd: number;
  cdf: (days: number) => number;
}

export interface StayFit {
  finished: number;
  censored: number;
  /** Stays under MIN_STAY_DAYS, fitted as MIN_STAY_DAYS. */
  floored: number;
  /** Best first (lowest AIC). */
  candidates: CandidateFit[];
  /** KS distance above which no candidate is said to fit. */
  ksLimit: number;
  /** Whether the AIC choice is within ksLimit of the data. */
  fits: boolean;
  /** Kaplan–Meier quantiles at evenly spaced probabilities, for an empirical distribution. */
  empiricalPoints: number[];
  /** Kaplan–Meier step function, for charts: times (days) and P(stay ≤ t). */
  kaplanMeier: { times: Float64Array; cdf: Float64Array };
}

/** One hour: a recorded stay can be zero (date-only ends), which no candidate can take. */
export const MIN_STAY_DAYS = 1 / 24;
/**
 * A practical tolerance: with thousands of spells a KS test rejects every model for differences
 * too small to move a bed count, so a fit is refused only when its CDF is more than 3 percentage
 * points from the data somewhere and the gap is also beyond the 1% critical value 1.628/√n.
 */
export const KS_PRACTICAL_LIMIT = 0.03;
const EMPIRICAL_POINTS = 101;
const LOG_SQRT_2PI = 0.5 * engineMath.log(2 * Math.PI);
const TINY = 1e-300;

interface Data {
  x: Float64Array;
  c: Float64Array;
  n: number;
  sumLog: number;
  sumLog2: number;
  sum: number;
}

function prepare(finished: Float64Array, censored: Float64Array): { data: Data; floored: number } {
  let floored = 0;
  const floor = (source: Float64Array): Float64Array => {
    const out = new Float64Array(source.length);
    for (let i = 0; i < source.length; i++) {
      const v = source[i]!;
      if (v < MIN_STAY_DAYS) floored++;
      out[i] = Math.max(v, MIN_STAY_DAYS);
    }
    return out;
  };
  const x = floor(finished);
  const c = floor(censored);
  let sumLog = 0;
  let sumLog2 = 0;
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const l = engineMath.log(x[i]!);
    sumLog += l;
    sumLog2 += l * l;
    sum += x[i]!;
  }
  return { data: { x, c, n: x.length, sumLog, sumLog2, sum }, floored };
}

function lognormalFit(d: Data): Omit<CandidateFit, "aic" | "ks"> {
  const logLikelihood = ([mu, logSigma]: readonly number[]): number => {
    const sigma = engineMath.exp(logSigma!);
    const squares = d.sumLog2 - 2 * mu! * d.sumLog + d.n * mu! * mu!;
    let ll = -d.sumLog - d.n * (engineMath.log(sigma) + LOG_SQRT_2PI) - squares / (2 * sigma * sigma);
    for (let i = 0; i < d.c.length; i++) {
      ll += engineMath.log(Math.max(TINY, normalCdf(-(engineMath.log(d.c[i]!) - mu!) / sigma)));
    }
    return ll;
  };
  const m = d.sumLog / d.n;
  const s = Math.sqrt(Math.max(1e-6, d.sumLog2 / d.n - m * m));
  const [mu, logSigma] = nelderMeadMaximum(logLikelihood, [m, engineMath.log(s)], [0.1, 0.1]) as [
    number,
    number,
  ];
  const sigma = engineMath.exp(logSigma);
  const mean = engineMath.exp(mu + (sigma * sigma) / 2);
  return {
    family: "lognormal",
    parameters: { mu, sigma },
    logLikelihood: logLikelihood([mu, logSigma]),
    mean,
    sd: mean * Math.sqrt(engineMath.expm1(sigma * sigma)),
    cdf: (t) => (t <= 0 ? 0 : normalCdf((engineMath.log(t) - mu) / sigma)),
  };
}

function gammaFit(d: Data): Omit<CandidateFit, "aic" | "ks"> {
  const logLikelihood = ([logShape, logScale]: readonly number[]): number => {
    const k = engineMath.exp(logShape!);
    const theta = engineMath.exp(logScale!);
    let ll = (k - 1) * d.sumLog - d.sum / theta - d.n * (k * logScale! + lnGamma(k));
    for (let i = 0; i < d.c.length; i++) {
      ll += engineMath.log(Math.max(TINY, stdlibGammainc(d.c[i]! / theta, k, true, true)));
    }
    return ll;
  };
  const mean = d.sum / d.n;
  // Start from the closed-form-free but reliable estimate of Minka (2002) for the shape.
  const s = engineMath.log(mean) - d.sumLog / d.n;
  const k0 = s > 0 ? (3 - s + Math.sqrt((s - 3) ** 2 + 24 * s)) / (12 * s) : 1;
  const [logShape, logScale] = nelderMeadMaximum(
    logLikelihood,
    [engineMath.log(k0), engineMath.log(mean / k0)],
    [0.1, 0.1],
  ) as [number, number];
  const k = engineMath.exp(logShape);
  const theta = engineMath.exp(logScale);
  return {
    family: "gamma",
    parameters: { shape: k, scale: theta },
    logLikelihood: logLikelihood([logShape, logScale]),
    mean: k * theta,
    sd: Math.sqrt(k) * theta,
    cdf: (t) => (t <= 0 ? 0 : stdlibGammainc(t / theta, k)),
  };
}

function weibullFit(d: Data): Omit<CandidateFit, "aic" | "ks"> {
  // For a given shape k the scale has a closed form, λᵏ = Σ tᵏ / events, censored included.
  const scalePowerFor = (k: number): number => {
    let total = 0;
    for (let i = 0; i < d.x.length; i++) total += engineMath.pow(d.x[i]!, k);
    for (let i = 0; i < d.c.length; i++) total += engineMath.pow(d.c[i]!, k);
    return total / d.n;
  };
  const profile = (logK: number): number => {
    const k = engineMath.exp(logK);
    return d.n * engineMath.log(k) - d.n * engineMath.log(scalePowerFor(k)) + (k - 1) * d.sumLog - d.n;
  };
  const k = engineMath.exp(goldenMaximum(profile, engineMath.log(0.05), engineMath.log(20), 1e-6));
  const lambda = engineMath.pow(scalePowerFor(k), 1 / k);
  const g1 = engineMath.exp(lnGamma(1 + 1 / k));
  const g2 = engineMath.exp(lnGamma(1 + 2 / k));
  return {
    family: "weibull",
    parameters: { shape: k, scale: lambda },
    logLikelihood: profile(engineMath.log(k)),
    mean: lambda * g1,
    sd: lambda * Math.sqrt(Math.max(0, g2 - g1 * g1)),
    cdf: (t) => (t <= 0 ? 0 : -engineMath.expm1(-engineMath.pow(t / lambda, k))),
  };
}

function exponentialFit(d: Data): Omit<CandidateFit, "aic" | "ks"> {
  let exposure = d.sum;
  for (let i = 0; i < d.c.length; i++) exposure += d.c[i]!;
  const mean = exposure / d.n;
  return {
    family: "exponential",
    parameters: { mean },
    logLikelihood: -d.n * engineMath.log(mean) - exposure / mean,
    mean,
    sd: mean,
    cdf: (t) => (t <= 0 ? 0 : -engineMath.expm1(-t / mean)),
  };
}

/** Kaplan–Meier estimate of P(stay ≤ t) at each distinct finished stay. */
export function kaplanMeier(
  finished: Float64Array,
  censored: Float64Array,
): { times: Float64Array; cdf: Float64Array } {
  const x = Float64Array.from(finished).sort();
  const c = Float64Array.from(censored).sort();
  const times: number[] = [];
  const cdf: number[] = [];
  let atRisk = x.length + c.length;
  let survival = 1;
  let i = 0;
  let j = 0;
  while (i < x.length) {
    const t = x[i]!;
    // Stays censored before t leave the risk set first; a stay censored at t was still there at t.
    while (j < c.length && c[j]! < t) {
      atRisk--;
      j++;
    }
    let events = 0;
    while (i < x.length && x[i] === t) {
      events++;
      i++;
    }
    survival *= 1 - events / atRisk;
    atRisk -= events;
    times.push(t);
    cdf.push(1 - survival);
  }
  return { times: Float64Array.from(times), cdf: Float64Array.from(cdf) };
}

/** sup |F(t) − F_KM(t)| over the Kaplan–Meier steps, both sides of each jump. */
export function ksDistance(
  km: { times: Float64Array; cdf: Float64Array },
  cdf: (t: number) => number,
): number {
  let distance = 0;
  let previous = 0;
  for (let i = 0; i < km.times.length; i++) {
    const f = cdf(km.times[i]!);
    distance = Math.max(distance, Math.abs(f - previous), Math.abs(f - km.cdf[i]!));
    previous = km.cdf[i]!;
  }
  return distance;
}

/** Quantiles of the Kaplan–Meier estimate at p = 0.005 … 0.995: no single stay is copied as a min or max. */
function kmQuantiles(km: { times: Float64Array; cdf: Float64Array }): number[] {
  const points: number[] = [];
  let k = 0;
  for (let i = 0; i < EMPIRICAL_POINTS; i++) {
    const p = 0.005 + (0.99 * i) / (EMPIRICAL_POINTS - 1);
    while (k < km.cdf.length - 1 && km.cdf[k]! < p) k++;
    points.push(km.times[k]!);
  }
  return points;
}

export function fitStays(finished: Float64Array, censored: Float64Array): StayFit {
  if (finished.length < 2)
    throw new RangeError(`a length-of-stay fit needs at least 2 finished stays, got ${finished.length}`);
  const { data, floored } = prepare(finished, censored);
  const km = kaplanMeier(data.x, data.c);
  const parameterCount: Record<Family, number> = { lognormal: 2, gamma: 2, weibull: 2, exponential: 1 };
  const candidates = [lognormalFit(data), gammaFit(data), weibullFit(data), exponentialFit(data)]
    .map((fit) => ({
      ...fit,
      aic: 2 * parameterCount[fit.family] - 2 * fit.logLikelihood,
      ks: ksDistance(km, fit.cdf),
    }))
    .sort((a, b) => a.aic - b.aic);
  const ksLimit = Math.max(KS_PRACTICAL_LIMIT, 1.628 / Math.sqrt(data.n));
  return {
    finished: data.n,
    censored: data.c.length,
    floored,
    candidates,
    ksLimit,
    fits: candidates[0]!.ks <= ksLimit,
    empiricalPoints: kmQuantiles(km),
    kaplanMeier: km,
  };
}
