/**
 * M/G/∞ with a skewed lognormal length of stay: in steady state the number present is Poisson
 * with mean m = λ·E[S], whatever the stay distribution (insensitivity). So the time-average
 * occupancy and its time-weighted variance must both equal m, and the time spent in each tail of
 * the occupancy must match the Poisson tail. This exercises the engine's TimeWeighted and
 * LevelDistribution on a long, heavy-tailed run.
 */
import { describe, expect, it } from "vitest";
import { exponential, lognormal } from "../../src/engine/distributions.js";
import { Resource } from "../../src/engine/resource.js";
import { Priority, Simulation } from "../../src/engine/simulation.js";
import { LevelDistribution } from "../../src/engine/statistics/time-weighted.js";
import { expectMatchesTheory, replicate, SEED } from "./helpers.js";

const LAMBDA = 5;
const STAY = lognormal(4, 6);
/** Offered load: mean (and variance) of the Poisson number present. */
const M = LAMBDA * STAY.mean;
// Tail levels about 1.3 sd either side of m, where each tail holds roughly 10 % of the time.
const HIGH = Math.round(M + 1.3 * Math.sqrt(M));
const LOW = Math.round(M - 1.3 * Math.sqrt(M));

/** P(N = k) for N ~ Poisson(mean), by the product form e^{−m}·m^k/k! accumulated in logs. */
function poissonPmf(k: number, mean: number): number {
  let log = -mean;
  for (let i = 1; i <= k; i++) log += Math.log(mean / i);
  return Math.exp(log);
}

function poissonCdf(k: number, mean: number): number {
  let sum = 0;
  for (let i = 0; i <= k; i++) sum += poissonPmf(i, mean);
  return sum;
}

interface InfiniteServerReplication {
  meanFromResource: number;
  meanFromLevels: number;
  variance: number;
  fractionHigh: number;
  fractionLow: number;
  refused: number;
}

/**
 * One replication. The Resource's capacity is far above any level Poisson(20) reaches (P(N ≥ 100)
 * is below 1e-30), so it never blocks; a refusal would mean the model is not M/G/∞ and is
 * reported rather than hidden.
 */
function simulateInfiniteServer(
  warmup: number,
  horizon: number,
  replication: number,
): InfiniteServerReplication {
  const sim = new Simulation({ seed: SEED, replication });
  const beds = new Resource(sim, "beds", 10_000);
  const levels = new LevelDistribution(sim.now, 0);
  const arrivalStream = sim.random.get("arrivals");
  const stayStream = sim.random.get("stay");
  const interarrival = exponential(1 / LAMBDA);

  const depart = (): void => {
    beds.release(1);
    levels.update(sim.now, beds.inUse);
  };
  const arrive = (): void => {
    if (beds.trySeize(1)) {
      levels.update(sim.now, beds.inUse);
      sim.schedule(STAY.sample(stayStream), depart, undefined, Priority.release);
    }
    sim.schedule(interarrival.sample(arrivalStream), arrive, undefined);
  };
  sim.schedule(interarrival.sample(arrivalStream), arrive, undefined);
  sim.scheduleAt(
    warmup,
    () => {
      beds.resetStatistics();
      levels.reset(sim.now);
    },
    undefined,
    Priority.observe,
  );
  sim.run(warmup + horizon);
  const end = sim.now;
  return {
    meanFromResource: beds.inUseLevel.mean(end),
    meanFromLevels: levels.mean(end),
    variance: levels.variance(end),
    fractionHigh: levels.fractionAtLeast(HIGH, end),
    fractionLow: 1 - levels.fractionAtLeast(LOW + 1, end),
    refused: beds.refused,
  };
}

describe("M/G/∞ with lognormal stays (mean 4, sd 6) against the Poisson occupancy law", () => {
  it("time-average occupancy, its variance and both tails match Poisson(λ·E[S])", () => {
    // Warm-up 500 = 125 mean stays: the occupancy deficit after t is λ∫_t^∞ P(S > u) du, and
    // P(S > 500) ≈ 3e-7 for this lognormal, so nothing of the empty start is left.
    // Horizon 20 000 per replication: the within-run variance is taken about the run's own mean,
    // which biases it low by Var(time average) ≈ λ·E[S²]/T = 5·52/20 000 ≈ 0.013 (0.07 % of m),
    // a thirtieth of the interval's half-width.
    const runs = replicate(20, (r) => simulateInfiniteServer(500, 20_000, r));
    for (const run of runs) {
      expect(run.refused).toBe(0);
      // Two independent integrations of the same path (Resource and LevelDistribution) agree.
      expect(run.meanFromLevels).toBeCloseTo(run.meanFromResource, 9);
    }
    expectMatchesTheory(
      "M/G/∞ mean occupancy",
      runs.map((run) => run.meanFromResource),
      M,
      { maxRelativeHalfWidth: 0.01 },
    );
    expectMatchesTheory(
      "M/G/∞ occupancy variance",
      runs.map((run) => run.variance),
      M,
      { maxRelativeHalfWidth: 0.05 },
    );
    // Tail fractions are noisier (each is a time share of about a tenth), so they are held to a
    // 10 % interval: still tight enough to see a non-Poisson occupancy.
    expectMatchesTheory(
      `M/G/∞ P(N ≥ ${HIGH})`,
      runs.map((run) => run.fractionHigh),
      1 - poissonCdf(HIGH - 1, M),
      { maxRelativeHalfWidth: 0.1 },
    );
    expectMatchesTheory(
      `M/G/∞ P(N ≤ ${LOW})`,
      runs.map((run) => run.fractionLow),
      poissonCdf(LOW, M),
      { maxRelativeHalfWidth: 0.1 },
    );
  });
});
