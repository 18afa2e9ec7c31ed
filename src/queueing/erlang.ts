/**
 * Erlang loss (M/M/c/c, Erlang B) and delay (M/M/c, Erlang C) formulas, used to validate the
 * simulator against closed forms and for bed and staff capacity planning.
 *
 * Conventions: `c` is the number of servers (beds, staff), a whole number; `a` is the offered
 * load in Erlangs, a = λ·E[S] (arrival rate × mean service time or length of stay, same time
 * unit), and may be fractional. `lambda` and `mu` are the arrival rate and the service rate of
 * one server in any consistent time unit; waits come back in that unit.
 *
 * Everything goes through the recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)), never
 * through a^c/c!: every intermediate lies in [0, 1], so it neither overflows for thousands of
 * servers nor needs integer loads. It is also forward-stable: a relative error in B(k−1) reaches
 * B(k) multiplied by 1 − B(k) < 1, so rounding errors are damped rather than amplified.
 */
import { requireNonNegative, requirePositive, requireTargetProbability, requireWhole } from "./guards.js";

/** B(c−1) and B(c); the pair lets callers form 1 − B(c) without cancellation. */
function blockingPair(c: number, a: number): { previous: number; current: number } {
  let previous = 1;
  let current = 1;
  for (let k = 1; k <= c; k++) {
    previous = current;
    const ab = a * current;
    current = ab / (k + ab);
  }
  return { previous, current };
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
 * O(c) time; accurate for c in the thousands and any finite a ≥ 0. B(0, a) = 1 for every a
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
  return delayFromBlocking(c, a, blocking(c, a)) * Math.exp(-mu * (c - a) * t);
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
 * fraction of admissions is refused. One pass of the recursion, O(result).
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
    k++;
    const ab = a * b;
    b = ab / (k + ab);
  }
  return k;
}

/**
 * The smallest number of servers c with C(c, a) ≤ `target`: staff needed so that at most that
 * fraction of arrivals waits at all. Always > a when target < 1. One pass, O(result).
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
  for (let k = 1; ; k++) {
    const ab = a * b;
    b = ab / (k + ab);
    if (k > a && delayFromBlocking(k, a, b) <= target) return k;
  }
}

/**
 * The smallest number of servers c ≥ 1 whose M/M/c mean wait in queue is ≤ `targetWait`.
 * One pass, O(result).
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
  for (let k = 1; ; k++) {
    const ab = a * b;
    b = ab / (k + ab);
    if (k > a && delayFromBlocking(k, a, b) / (mu * (k - a)) <= targetWait) return k;
  }
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
 * bisection to full double precision; cost O(c) per step, about 55 steps.
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
