/**
 * Long-run (stationary) capacity figures for one unit with offered load a and c servers:
 * Erlang B and C at today's capacity, the capacity each target asks for, square-root staffing
 * and the Bagust full-ward probabilities for today's size.
 */
import {
  betaForDelayProbability,
  carriedLoad,
  erlangB,
  erlangC,
  fullProbabilityAtOccupancy,
  mmcMeanWait,
  serversForBlocking,
  serversForDelayProbability,
} from "../queueing/index.js";
import type { BagustPoint, CapacityNeeded, CapacityTargets } from "./types.js";

/** Occupancy levels every ward's Bagust figures are given at (BMJ 1999: 85% and 92%). */
export const BAGUST_LEVELS = [0.85, 0.92] as const;

export function capacityNeeded(a: number, targets: CapacityTargets): CapacityNeeded {
  const beta = betaForDelayProbability(targets.delay);
  return {
    forBlocking: serversForBlocking(a, targets.blocking),
    forOccupancy: Math.ceil(a / targets.occupancy - 1e-12),
    forDelay: serversForDelayProbability(a, targets.delay),
    squareRoot: { beta, servers: Math.ceil(a + beta * Math.sqrt(a) - 1e-12) },
  };
}

export function bagustPoints(capacity: number, targetOccupancy: number): BagustPoint[] {
  if (!(capacity >= 1)) return [];
  const levels = [...new Set([...BAGUST_LEVELS, targetOccupancy])].sort((x, y) => x - y);
  return levels
    .filter((o) => o > 0 && o < 1)
    .map((occupancy) => ({ occupancy, ...fullProbabilityAtOccupancy(capacity, occupancy) }));
}

export interface ErlangFigures {
  blocking: number;
  delayProbability: number;
  carried: number;
  /** M/M/c mean wait in queue, in the unit of `meanHeld` (Infinity when a ≥ c). */
  meanWait: number;
}

/** Erlang B, C, carried load and the M/M/c wait at c servers; c = 0 means every arrival waits. */
export function erlangFigures(c: number, a: number, meanHeld: number): ErlangFigures {
  const blocking = erlangB(c, a);
  const delayProbability = erlangC(c, a);
  const meanWait =
    c >= 1 && meanHeld > 0
      ? mmcMeanWait(a / meanHeld, 1 / meanHeld, c)
      : a > 0
        ? Number.POSITIVE_INFINITY
        : 0;
  return { blocking, delayProbability, carried: carriedLoad(c, a), meanWait };
}

export interface FiniteQueue {
  /** Probability an arrival finds the waiting line full and is turned away. */
  blocking: number;
  /** Probability every server is busy (a patient waits, or is turned away). */
  allBusy: number;
  /** Mean busy servers. */
  meanBusy: number;
}

/**
 * M/M/c with at most `room` waiting (M/M/c/(c+room)), by the birth–death balance equations:
 * π_n ∝ a^n/n! up to c, then × (a/c) per place in the line. Terms are built by ratios and
 * rescaled whenever they grow large, so thousands of servers neither overflow nor underflow.
 */
export function finiteQueue(c: number, room: number, a: number): FiniteQueue {
  if (c === 0) return { blocking: 1, allBusy: 1, meanBusy: 0 };
  const terms: number[] = [1];
  for (let n = 1; n <= c + room; n++) {
    const ratio = n <= c ? a / n : a / c;
    terms.push(terms[n - 1]! * ratio);
    if (terms[n]! > 1e250) for (let i = 0; i <= n; i++) terms[i] = terms[i]! / 1e250;
  }
  const total = terms.reduce((x, y) => x + y, 0);
  let allBusy = 0;
  let meanBusy = 0;
  terms.forEach((t, n) => {
    const p = t / total;
    if (n >= c) allBusy += p;
    meanBusy += Math.min(n, c) * p;
  });
  return { blocking: terms[c + room]! / total, allBusy, meanBusy };
}
