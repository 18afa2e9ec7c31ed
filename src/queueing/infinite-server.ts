/**
 * Time-varying offered load of an infinite-server system (Mt/G/∞), after Eick, Massey & Whitt,
 * "The physics of the Mt/G/∞ queue", Oper. Res. 41 (1993) 731–742:
 *
 *   m(t) = ∫₀^∞ λ(t − u)·P(S > u) du,
 *
 * the mean number of patients present (beds busy, if no one is ever turned away) at time t when
 * arrivals have rate λ(·) and length of stay S. The number present is Poisson with this mean, so
 * m(t) is the load to staff or bed against hour by hour ("pointwise stationary" planning uses
 * λ(t)·E[S] instead, which ignores the lag between arrivals and occupancy that m(t) captures).
 */

import { cos, sin } from "../engine/math.js";
import { requireFinite, requireNonNegative, requirePositive, requireWhole } from "./guards.js";

/** Fixed integration grid for {@link infiniteServerLoad}. */
export interface IntegrationGrid {
  /** Upper limit of the lag integral: long enough that P(S > horizon) is negligible. */
  horizon: number;
  /** Largest allowed spacing; the grid uses an even number of equal steps no wider than this. */
  step: number;
}

/**
 * m(t) = ∫₀^horizon λ(t − u)·P(S > u) du by composite Simpson on a fixed grid.
 *
 * Simpson's error is O(step⁴) for smooth integrands; a rate with jumps (piecewise-constant
 * profiles) converges only like O(step), so use {@link offeredLoadProfile} for those. The tail
 * beyond `horizon` is dropped, which underestimates m by at most max λ·∫_horizon^∞ P(S > u) du.
 *
 * @param rate arrival rate at time s, λ(s) ≥ 0
 * @param survival P(S > u) for u ≥ 0
 * @param t time at which to evaluate the load
 * @param grid integration horizon and maximum step, same time unit as t
 */
export function infiniteServerLoad(
  rate: (t: number) => number,
  survival: (u: number) => number,
  t: number,
  grid: IntegrationGrid,
): number {
  requireFinite("t", t);
  requirePositive("horizon", grid.horizon);
  requirePositive("step", grid.step);
  let n = Math.ceil(grid.horizon / grid.step);
  if (n % 2 === 1) n++;
  const h = grid.horizon / n;
  const f = (u: number): number => rate(t - u) * survival(u);
  let sum = f(0) + f(grid.horizon);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(i * h);
  return (sum * h) / 3;
}

/**
 * Closed-form m(t) for sinusoidal arrivals λ(t) = λ̄(1 + A·sin ωt) and exponential length of
 * stay with rate μ (Eick, Massey & Whitt):
 *
 *   m(t) = (λ̄/μ)·(1 + A·(μ² sin ωt − μω cos ωt)/(μ² + ω²)).
 *
 * The occupancy peak lags the arrival peak by atan(ω/μ)/ω and is damped by μ/√(μ² + ω²).
 *
 * @param lambdaBar mean arrival rate λ̄, finite ≥ 0
 * @param amplitude relative amplitude A (|A| ≤ 1 keeps the rate non-negative)
 * @param omega angular frequency ω, e.g. 2π/24 per hour for a daily cycle
 * @param mu rate of the exponential length of stay (1 / mean), finite > 0
 * @param t time, in the unit of the rates
 */
export function sinusoidalExponentialLoad(
  lambdaBar: number,
  amplitude: number,
  omega: number,
  mu: number,
  t: number,
): number {
  requireNonNegative("lambdaBar", lambdaBar);
  requireFinite("amplitude", amplitude);
  requireFinite("omega", omega);
  requirePositive("mu", mu);
  requireFinite("t", t);
  const wave = (mu * mu * sin(omega * t) - mu * omega * cos(omega * t)) / (mu * mu + omega * omega);
  return (lambdaBar / mu) * (1 + amplitude * wave);
}

/** Options for {@link offeredLoadProfile}. */
export interface OfferedLoadProfileOptions {
  /**
   * "phaseStart": m at the start of each phase (an hourly census at hh:00);
   * "phaseAverage": m averaged over each phase (mean beds busy during that hour).
   * Default "phaseStart".
   */
  at?: "phaseStart" | "phaseAverage";
  /** Simpson sub-steps per phase (even; default 16). Survival is assumed smooth within a phase. */
  stepsPerPhase?: number;
  /**
   * Number of whole cycles of lag to integrate over. If omitted, cycles are added until one adds
   * less than `tolerance` of the survival mass accumulated so far.
   */
  periods?: number;
  /** Relative stopping tolerance when `periods` is omitted; default 1e-12. */
  tolerance?: number;
  /** Cap on cycles when `periods` is omitted; default 10 000. Reaching it throws. */
  maxPeriods?: number;
}

/**
 * Pointwise offered load of a periodic, piecewise-constant arrival profile in steady periodic
 * state: e.g. 168 hourly admission rates over a week and a length-of-stay survival function give
 * the mean beds occupied at each hour of the week, lag included.
 *
 * Because the rate is constant on each phase, m only needs integrals of the survival function
 * over phase-length lag intervals; those are taken by Simpson within each phase (so the rate's
 * jumps never fall inside a Simpson panel) and folded by lag modulo the cycle length. This is
 * exact up to the survival quadrature and the truncated tail. The mean of the result over the
 * phases equals (mean rate)·E[S], and a constant profile gives λ·E[S] at every phase.
 *
 * @param ratePerPhase arrival rate in each phase of one cycle, each finite ≥ 0 (per unit time,
 *   not per phase)
 * @param phaseLength length of one phase, in the time unit of the rates and the survival function
 * @param survival P(S > u) for u ≥ 0, non-increasing, values in [0, 1]
 * @param options evaluation point, quadrature and truncation settings
 * @returns m for each phase, in the order of `ratePerPhase`
 */
export function offeredLoadProfile(
  ratePerPhase: readonly number[],
  phaseLength: number,
  survival: (u: number) => number,
  options: OfferedLoadProfileOptions = {},
): number[] {
  const phases = ratePerPhase.length;
  if (phases === 0) throw new RangeError("ratePerPhase must not be empty");
  ratePerPhase.forEach((r, i) => {
    requireNonNegative(`ratePerPhase[${i}]`, r);
  });
  requirePositive("phaseLength", phaseLength);
  const at = options.at ?? "phaseStart";
  const steps = options.stepsPerPhase ?? 16;
  requireWhole("stepsPerPhase", steps, 2);
  if (steps % 2 !== 0) throw new RangeError(`stepsPerPhase must be even, got ${steps}`);
  const tolerance = options.tolerance ?? 1e-12;
  requirePositive("tolerance", tolerance);
  const maxPeriods = options.maxPeriods ?? 10_000;
  requireWhole("maxPeriods", maxPeriods, 1);
  if (options.periods !== undefined) requireWhole("periods", options.periods, 1);

  const h = phaseLength / steps;
  const s = (u: number): number => {
    const v = survival(u);
    if (!(v >= 0 && v <= 1)) throw new RangeError(`survival(${u}) must lie in [0, 1], got ${v}`);
    return v;
  };

  // Lag weights folded modulo the cycle: weight[q] = Σ over lag phases j ≡ q (mod phases).
  // phaseStart: weight of lag phase j is ∫ S over [jL, (j+1)L] (arrivals j+1 phases back).
  // phaseAverage: averaging m over a phase turns the lag window into a hat of half-width L
  // centred on jL, so lag phase j takes ∫ S·hat; each [jL, (j+1)L] splits into a falling part
  // for j and a rising part for j+1.
  const weight = new Float64Array(phases);
  let total = 0;
  let periodMass = 0;
  let left = s(0);
  for (let j = 0; ; j++) {
    let plain = 0;
    let rising = 0;
    for (let m = 0; m <= steps; m++) {
      const v = m === 0 ? left : s((j + m / steps) * phaseLength);
      if (m === steps) left = v;
      const simpson = m === 0 || m === steps ? 1 : m % 2 === 1 ? 4 : 2;
      plain += simpson * v;
      rising += simpson * v * (m / steps);
    }
    plain *= h / 3;
    rising *= h / 3;
    const q = j % phases;
    if (at === "phaseStart") {
      weight[q] = weight[q]! + plain;
    } else {
      weight[q] = weight[q]! + (plain - rising);
      const next = (j + 1) % phases;
      weight[next] = weight[next]! + rising;
    }
    total += plain;
    periodMass += plain;
    if (q === phases - 1) {
      const periodsDone = (j + 1) / phases;
      if (options.periods !== undefined) {
        if (periodsDone >= options.periods) break;
      } else if (periodMass <= tolerance * total) {
        break;
      } else if (periodsDone >= maxPeriods) {
        throw new RangeError(
          `survival mass still ${periodMass} per cycle after ${maxPeriods} cycles: ` +
            "length of stay too long for the cycle, or survival does not tend to 0",
        );
      }
      periodMass = 0;
    }
  }

  // phaseStart at phase k sees arrivals from phase k − 1 − j at lag phase j; phaseAverage over
  // phase k sees phase k − j.
  const shift = at === "phaseStart" ? 1 : 0;
  const result: number[] = [];
  for (let k = 0; k < phases; k++) {
    let m = 0;
    for (let q = 0; q < phases; q++) {
      const source = (((k - shift - q) % phases) + phases) % phases;
      m += ratePerPhase[source]! * weight[q]!;
    }
    result.push(m);
  }
  return result;
}
