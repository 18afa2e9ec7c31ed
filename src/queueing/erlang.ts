/**
 * Erlang loss (M/M/c/c, Erlang B) and delay (M/M/c, Erlang C) formulas, used to validate the
 * simulator against closed forms and for bed and staff capacity planning.
 *
 * Conventions: `c` is the number of servers (beds, staff), a whole number; `a` is the offered
 * load in Erlangs, a = λ·E[S] (arrival rate × mean service time or length of stay, same time
 * unit), and may be fractional. `lambda` and `mu` are the arrival rate and the service rate of
 * one server in any consistent time unit; waits come back in that unit.
 *
 * Up to EXACT_SERVER_LIMIT servers everything goes through the recursion B(0) = 1,
 * B(k) = a·B(k−1) / (k + a·B(k−1)), never through a^c/c!: every intermediate lies in [0, 1], so
 * it neither overflows nor needs integer loads. It is also forward-stable: a relative error in
 * B(k−1) reaches B(k) multiplied by 1 − B(k) < 1, so rounding errors are damped.
 *
 * Above that the recursion's O(c) cost is refused (a ward of a billion beds must not take
 * minutes), and B comes from its Poisson form in O(√c) time, see `blockingLarge`.
 */

import { exp, log1p } from "../engine/math.js";
import { requireNonNegative, requirePositive, requireTargetProbability, requireWhole } from "./guards.js";

/**
 * Server counts up to this use the exact recursion (at most this many steps, microseconds);
 * above it, the O(√c) Poisson form. No ward or team in practice reaches it, so the figures
 * planners see come from the recursion; the tests compare both forms at the switch.
 */
export const EXACT_SERVER_LIMIT = 10_000;

/** B(c−1) and B(c); the pair lets callers form 1 − B(c) without cancellation. */
function blockingPair(c: number, a: number): { previous: number; current: number } {
  if (c > EXACT_SERVER_LIMIT) return { previous: blockingLarge(c - 1, a), current: blockingLarge(c, a) };
  let previous = 1;
  let current = 1;
  for (let k = 1; k <= c; k++) {
    previous = current;
    const ab = a * current;
    current = ab / (k + ab);
  }
  return { previous, current };
}

/**
 * Erlang B for many servers in O(√c): B(c, a) = p(c) / F(c), the Poisson(a) probability of
 * exactly c over that of at most c.
 *
 * - a ≥ c: 1/B = Σ_{m=0..c} Π_{i<m} (c−i)/a, whose terms fall at least like exp(−m²/2c), so
 *   about 9√c terms reach double precision (the sum of the first, positive terms only: no
 *   cancellation).
 * - a < c: F(c) = 1 − p(c)·Σ_{j≥1} Π_{i=1..j} a/(c+i); the tail sum's terms fall at least like
 *   exp(−j²/2(c+j)) and F ≥ ½ here, so the subtraction loses nothing. p(c) comes from Loader's
 *   saddle-point form (stirlerr and the deviance bd0), accurate to about 1e-13 relative where it
 *   does not underflow, unlike exp(c·ln a − a − lnΓ(c+1)), whose error grows with c.
 * Measured against the recursion at c = EXACT_SERVER_LIMIT the two agree to 1e-12 relative
 * (test/queueing/erlang.test.ts).
 */
function blockingLarge(c: number, a: number): number {
  if (a === 0) return 0;
  if (a >= c) {
    let sum = 1;
    let term = 1;
    for (let m = 0; m < c; m++) {
      term *= (c - m) / a;
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 / sum;
  }
  const p = poissonProbability(c, a);
  if (p === 0) return 0;
  let tail = 0;
  let term = 1;
  for (let j = 1; ; j++) {
    term *= a / (c + j);
    tail += term;
    if (term < tail * 1e-17) break;
  }
  return p / (1 - p * tail);
}

/** Poisson probability of exactly n events at mean a (n ≥ 1000), by Loader's saddle point. */
function poissonProbability(n: number, a: number): number {
  return exp(-stirlingError(n) - deviance(n, a)) / Math.sqrt(2 * Math.PI * n);
}

/** lnΓ(n+1) − (n ln n − n + ½ ln 2πn): its asymptotic series, exact to double precision for n ≥ 1000. */
function stirlingError(n: number): number {
  const n2 = n * n;
  return (1 / 12 - (1 / 360 - 1 / (1260 * n2)) / n2) / n;
}

/** n·ln(n/a) + a − n without cancellation: n·(x − ln(1+x)) with x = (a − n)/n. */
function deviance(n: number, a: number): number {
  const x = (a - n) / n;
  if (Math.abs(x) > 0.25) return n * (x - log1p(x));
  // x − ln(1+x) = x²/2 − x³/3 + x⁴/4 − …; 30 terms reach 1e-19 at |x| = 0.25.
  let sum = 0;
  let power = x;
  for (let k = 2; k <= 32; k++) {
    power *= -x;
    sum -= power / k;
  }
  return n * sum;
}

function blocking(c: number, a: number): number {
  return blockingPair(c, a).current;
}

/**
 * C from B via C = c·B / (c − a(1 − B)), written as c·B / ((c − a) + a·B): c − a is exact
 * (Sterbenz) when the load is near capacity, which is where the subtraction would otherwise
 * lose digits. Caller guarantees a < c.
 */
function delayFromBlocking(c: number, a: number, b: number): number {
  return (c * b) / (c - a + a * b);
}

/**
 * Erlang B: the probability that an arrival finds all `c` servers busy and is lost, in an
 * M/M/c/c (equivalently M/G/c/c, by insensitivity) loss system with offered load `a`.
 * By PASTA this is also the long-run fraction of time all c servers are busy.
 *
 * O(c) time up to EXACT_SERVER_LIMIT servers, O(√c) above; accurate for any finite a ≥ 0.
 * B(0, a) = 1 for every a
 * (with no servers everything is lost), and B(c, 0) = 0 for c ≥ 1. Results below ~1e-308
 * underflow to 0.
 *
 * @param c number of servers, whole ≥ 0
 * @param a offered load in Erlangs, finite ≥ 0
 */
export function erlangB(c: number, a: number): number {
  requireWhole("c", c);
  requireNonNegative("a", a);
  return blocking(c, a);
}

/**
 * Erlang C: the probability that an arrival has to wait in an M/M/c queue with offered load
 * `a`, C = c·B / (c − a(1 − B)). Returns 1 when a ≥ c: the queue is then unstable and in the
 * long run every arrival waits.
 *
 * @param c number of servers, whole ≥ 0
 * @param a offered load in Erlangs, finite ≥ 0
 */
export function erlangC(c: number, a: number): number {
  requireWhole("c", c);
  requireNonNegative("a", a);
  if (a >= c) return 1;
  return delayFromBlocking(c, a, blocking(c, a));
}

/**
 * Carried load of an Erlang loss system: a·(1 − B(c, a)), the mean number of busy servers
 * (occupied beds) once blocked arrivals are turned away. 1 − B is formed as c / (c + a·B(c−1)),
 * so it stays accurate when B is close to 1 (heavily overloaded wards).
 *
 * @param c number of servers, whole ≥ 0
 * @param a offered load in Erlangs, finite ≥ 0
 */
export function carriedLoad(c: number, a: number): number {
  requireWhole("c", c);
  requireNonNegative("a", a);
  return carried(c, a);
}

function carried(c: number, a: number): number {
  if (c === 0) return 0;
  const { previous } = blockingPair(c, a);
  return (a * c) / (c + a * previous);
}

/**
 * Occupancy per server of an Erlang loss system, a·(1 − B(c, a)) / c: the mean fraction of beds
 * occupied, the figure bed-occupancy targets (e.g. 85%) refer to.
 *
 * @param c number of servers, whole ≥ 1
 * @param a offered load in Erlangs, finite ≥ 0
 */
export function carriedOccupancy(c: number, a: number): number {
  requireWhole("c", c, 1);
  requireNonNegative("a", a);
  return carried(c, a) / c;
}

function requireQueue(lambda: number, mu: number, c: number): void {
  requireNonNegative("lambda", lambda);
  requirePositive("mu", mu);
  requireWhole("c", c, 1);
}

/**
 * Mean wait in queue (excluding service), Wq = C / (cμ − λ), for an M/M/c queue.
 * Infinity when λ ≥ cμ (unstable).
 *
 * @param lambda arrival rate, finite ≥ 0
 * @param mu service rate of one server, finite > 0
 * @param c number of servers, whole ≥ 1
 */
export function mmcMeanWait(lambda: number, mu: number, c: number): number {
  requireQueue(lambda, mu, c);
  const a = lambda / mu;
  if (a >= c) return Number.POSITIVE_INFINITY;
  // μ(c − a) rather than cμ − λ so the stability test and the denominator use the same a.
  return delayFromBlocking(c, a, blocking(c, a)) / (mu * (c - a));
}

/**
 * P(Wq > t) = C·exp(−(cμ − λ)t) for an M/M/c queue: the probability an arrival waits longer
 * than `t` before service starts. 1 when unstable, and 1 for t < 0 (waits are never negative).
 *
 * @param lambda arrival rate, finite ≥ 0
 * @param mu service rate of one server, finite > 0
 * @param c number of servers, whole ≥ 1
 * @param t wait threshold, in the time unit of the rates
 */
export function mmcProbWaitExceeds(lambda: number, mu: number, c: number, t: number): number {
  requireQueue(lambda, mu, c);
  if (Number.isNaN(t)) throw new RangeError("t must be a number, got NaN");
  const a = lambda / mu;
  if (a >= c || t < 0) return 1;
  return delayFromBlocking(c, a, blocking(c, a)) * exp(-mu * (c - a) * t);
}

/**
 * Mean number waiting (excluding those in service), Lq = C·a / (c − a) = λ·Wq (Little's law),
 * for an M/M/c queue. Infinity when unstable.
 *
 * @param lambda arrival rate, finite ≥ 0
 * @param mu service rate of one server, finite > 0
 * @param c number of servers, whole ≥ 1
 */
export function mmcMeanQueueLength(lambda: number, mu: number, c: number): number {
  requireQueue(lambda, mu, c);
  const a = lambda / mu;
  if (a >= c) return Number.POSITIVE_INFINITY;
  return (delayFromBlocking(c, a, blocking(c, a)) * a) / (c - a);
}

/**
 * Offered utilisation per server, ρ = λ / (cμ). Values ≥ 1 are returned as they are rather than
 * capped, because how far past 1 a plan is says how much capacity is missing; the queue is
 * unstable there and the real servers are busy all the time.
 *
 * @param lambda arrival rate, finite ≥ 0
 * @param mu service rate of one server, finite > 0
 * @param c number of servers, whole ≥ 1
 */
export function mmcUtilisation(lambda: number, mu: number, c: number): number {
  requireQueue(lambda, mu, c);
  return lambda / (c * mu);
}

/**
 * Mean wait in queue for an M/M/1 queue, ρ / (μ − λ) with ρ = λ/μ; Infinity when λ ≥ μ.
 *
 * @param lambda arrival rate, finite ≥ 0
 * @param mu service rate, finite > 0
 */
export function mm1MeanWait(lambda: number, mu: number): number {
  return mmcMeanWait(lambda, mu, 1);
}

/**
 * The smallest number of servers c with B(c, a) ≤ `target`: beds needed so that at most that
 * fraction of admissions is refused. One pass of the recursion up to EXACT_SERVER_LIMIT, then a
 * doubling and bisection search on the O(√c) form: O(min(result, limit) + √result·log result).
 *
 * With a = 0 this returns 1 for any target < 1, because the recursion defines B(0, a) = 1.
 *
 * @param a offered load in Erlangs, finite ≥ 0
 * @param target acceptable blocking probability in (0, 1]
 */
export function serversForBlocking(a: number, target: number): number {
  requireNonNegative("a", a);
  requireTargetProbability("target", target);
  let b = 1;
  let k = 0;
  while (b > target) {
    if (k === EXACT_SERVER_LIMIT) return smallestBeyond(k, (n) => blocking(n, a) <= target);
    k++;
    const ab = a * b;
    b = ab / (k + ab);
  }
  return k;
}

/**
 * The smallest n > `from` with `meets(n)`, for a condition false at `from` that stays true once
 * true (blocking, delay and waits all fall as servers are added): doubling, then bisection.
 */
function smallestBeyond(from: number, meets: (n: number) => boolean): number {
  let low = from;
  let step = Math.max(1, from);
  let high = from + step;
  while (!meets(high)) {
    low = high;
    step *= 2;
    high = from + step;
    if (!Number.isSafeInteger(high)) throw new RangeError("no finite number of servers meets the target");
  }
  while (high - low > 1) {
    const mid = low + Math.floor((high - low) / 2);
    if (meets(mid)) high = mid;
    else low = mid;
  }
  return high;
}

/**
 * The smallest number of servers c with C(c, a) ≤ `target`: staff needed so that at most that
 * fraction of arrivals waits at all. Always > a when target < 1. One pass of the recursion up
 * to EXACT_SERVER_LIMIT, then a search on the O(√c) form, as for serversForBlocking.
 *
 * @param a offered load in Erlangs, finite ≥ 0
 * @param target acceptable probability of waiting in (0, 1]
 */
export function serversForDelayProbability(a: number, target: number): number {
  requireNonNegative("a", a);
  requireTargetProbability("target", target);
  // C(0, a) = 1 by the a ≥ c convention, so target 1 is met with no servers.
  if (target >= 1) return 0;
  let b = 1;
  for (let k = 1; k <= EXACT_SERVER_LIMIT; k++) {
    const ab = a * b;
    b = ab / (k + ab);
    if (k > a && delayFromBlocking(k, a, b) <= target) return k;
  }
  return smallestBeyond(Math.max(EXACT_SERVER_LIMIT, Math.floor(a)), (n) => {
    return n > a && delayFromBlocking(n, a, blocking(n, a)) <= target;
  });
}

/**
 * The smallest number of servers c ≥ 1 whose M/M/c mean wait in queue is ≤ `targetWait`.
 * One pass up to EXACT_SERVER_LIMIT, then a search on the O(√c) form.
 *
 * @param lambda arrival rate, finite ≥ 0
 * @param mu service rate of one server, finite > 0
 * @param targetWait acceptable mean wait, finite > 0, in the time unit of the rates
 */
export function serversForMeanWait(lambda: number, mu: number, targetWait: number): number {
  requireNonNegative("lambda", lambda);
  requirePositive("mu", mu);
  // A zero target is only met by C = 0, which no finite staffing reaches under load.
  requirePositive("targetWait", targetWait);
  const a = lambda / mu;
  let b = 1;
  for (let k = 1; k <= EXACT_SERVER_LIMIT; k++) {
    const ab = a * b;
    b = ab / (k + ab);
    if (k > a && delayFromBlocking(k, a, b) / (mu * (k - a)) <= targetWait) return k;
  }
  return smallestBeyond(Math.max(EXACT_SERVER_LIMIT, Math.floor(a)), (n) => {
    return n > a && delayFromBlocking(n, a, blocking(n, a)) / (mu * (n - a)) <= targetWait;
  });
}

/** A point on the Bagust curve of one ward size. */
export interface FullWardPoint {
  /** Offered load a (Erlangs) at which the ward's mean occupancy equals the target. */
  offeredLoad: number;
  /** B(c, a): probability the ward is full, i.e. fraction of admissions refused. */
  fullProbability: number;
}

/**
 * Bagust curve: for a ward of `c` beds modelled as an Erlang loss system, the offered load at
 * which mean occupancy a(1 − B)/c equals `targetOccupancy`, and the probability of a full ward at
 * that load. Plotting `fullProbability` against occupancy for several c shows why one occupancy
 * target does not suit every ward size (Bagust, Place & Posnett, BMJ 1999; de Bruin et al. 2010).
 *
 * Carried occupancy rises strictly from 0 to 1 as a goes from 0 to ∞, so the load is found by
 * bisection to full double precision; cost O(min(c, EXACT_SERVER_LIMIT) + √c) per step, about
 * 55 steps.
 *
 * @param c number of beds, whole ≥ 1
 * @param targetOccupancy mean occupancy in (0, 1)
 */
export function fullProbabilityAtOccupancy(c: number, targetOccupancy: number): FullWardPoint {
  requireWhole("c", c, 1);
  if (!(targetOccupancy > 0 && targetOccupancy < 1)) {
    throw new RangeError(`targetOccupancy must lie in (0, 1), got ${targetOccupancy}`);
  }
  const occupancy = (a: number): number => carried(c, a) / c;
  // Carried load never exceeds offered load, so occupancy(c·target) ≤ target: a valid lower end.
  let lo = c * targetOccupancy;
  let hi = 2 * lo;
  while (occupancy(hi) < targetOccupancy) {
    lo = hi;
    hi *= 2;
    if (!Number.isFinite(hi)) {
      throw new RangeError(`targetOccupancy ${targetOccupancy} is too close to 1 to reach`);
    }
  }
  // Stop when the midpoint no longer separates lo and hi: the bracket is one ulp wide.
  for (let i = 0; i < 2000; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (occupancy(mid) < targetOccupancy) lo = mid;
    else hi = mid;
  }
  return { offeredLoad: hi, fullProbability: blocking(c, hi) };
}
