/**
 * Square-root safety staffing in the Halfin–Whitt (quality-and-efficiency-driven) regime.
 *
 * Halfin & Whitt (Oper. Res. 29 (1981) 567–588) showed that if c = a + β√a servers handle an
 * M/M/c load a, then as a → ∞ the probability of waiting tends to
 *   α(β) = [1 + β·Φ(β)/φ(β)]⁻¹,
 * so a target delay probability fixes β independently of the load, and the safety margin above
 * the offered load grows only like √a (economies of scale). Use the exact
 * `serversForDelayProbability` when the answer matters; the rule is for quick planning and for
 * explaining why large units run hotter than small ones.
 */

import { normalCdf, normalPdf } from "../stats/normal.js";
import { requireNonNegative, requireTargetProbability } from "./guards.js";

/** Result of square-root staffing. */
export interface SquareRootStaffing {
  /** Quality-of-service parameter β with α(β) equal to the target. */
  beta: number;
  /** ⌈a + β√a⌉. */
  servers: number;
}

/**
 * Halfin–Whitt limiting probability of waiting α(β) = [1 + β·Φ(β)/φ(β)]⁻¹ for staffing
 * c = a + β√a. Strictly decreasing from 1 at β = 0 towards 0. For β ≤ 0 (staffing at or below
 * the offered load) it returns 1: in the limit every arrival waits.
 *
 * @param beta safety-staffing parameter β
 */
export function halfinWhittDelayProbability(beta: number): number {
  if (Number.isNaN(beta)) throw new RangeError("beta must be a number, got NaN");
  if (beta <= 0) return 1;
  // φ underflows near β ≈ 38.6; the ratio is then +∞ and α correctly becomes 0.
  return 1 / (1 + (beta * normalCdf(beta)) / normalPdf(beta));
}

/**
 * The β ≥ 0 with α(β) = `p`, inverting {@link halfinWhittDelayProbability} by bisection to full
 * double precision (α is strictly monotone, so bisection cannot fail; Newton can overshoot into
 * β < 0 for p near 1). Returns 0 for p = 1.
 *
 * @param p target probability of waiting in (0, 1]
 */
export function betaForDelayProbability(p: number): number {
  requireTargetProbability("p", p);
  if (p >= 1) return 0;
  let lo = 0;
  let hi = 1;
  while (halfinWhittDelayProbability(hi) > p) {
    lo = hi;
    hi *= 2;
  }
  for (let i = 0; i < 2000; i++) {
    const mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if (halfinWhittDelayProbability(mid) > p) lo = mid;
    else hi = mid;
  }
  return hi;
}

/**
 * Square-root staffing: servers = ⌈a + β√a⌉ with β chosen so the Halfin–Whitt limiting
 * probability of waiting equals `targetDelayProbability`. Typically within a server or two of
 * the exact Erlang C minimum across a = 5…2000 (see the tests for the measured band).
 *
 * @param a offered load in Erlangs, finite ≥ 0
 * @param targetDelayProbability target probability of waiting in (0, 1]
 */
export function squareRootStaffing(a: number, targetDelayProbability: number): SquareRootStaffing {
  requireNonNegative("a", a);
  const beta = betaForDelayProbability(targetDelayProbability);
  return { beta, servers: Math.ceil(a + beta * Math.sqrt(a)) };
}
