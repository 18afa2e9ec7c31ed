/**
 * M/M/1 and M/M/c through the engine against Erlang C: mean wait in queue Wq = C/(cμ − λ),
 * probability of waiting P(W > 0) = C(c, a), and (through the Resource's own time-weighted
 * statistic) mean queue length Lq = λ·Wq.
 *
 * Time unit: one mean service time (μ = 1), so λ = ρ·c and waits read in service times.
 */
import { describe, expect, it } from "vitest";
import { exponential } from "../../src/engine/distributions.js";
import { Resource } from "../../src/engine/resource.js";
import { Priority, Simulation } from "../../src/engine/simulation.js";
import { erlangC, mmcMeanQueueLength, mmcMeanWait } from "../../src/queueing/index.js";
import { expectMatchesTheory, replicate, SEED } from "./helpers.js";

interface MmcReplication {
  /** Mean wait in queue of the customers after the warm-up. */
  meanWait: number;
  /** Share of those customers who waited at all. */
  probWait: number;
  /** Time-average queue length from the Resource's queueLevel, over the post-warm-up arrivals. */
  meanQueue: number;
  /** Every customer's wait summed by the model, for the bookkeeping check on Resource.waitTime. */
  totalWait: number;
  engineWaitSum: number;
  engineWaitCount: number;
}

/**
 * One replication of `customers` arrivals, run until the last one leaves, so no wait is cut off
 * by the end of the run (a time horizon would censor the longest waits and bias Wq low).
 * The first `warmup` customers are discarded: the queue starts empty, below its steady state.
 */
function simulateMmc(
  lambda: number,
  servers: number,
  customers: number,
  warmup: number,
  replication: number,
): MmcReplication {
  const sim = new Simulation({ seed: SEED, replication });
  const desk = new Resource(sim, "servers", servers);
  const arrivalStream = sim.random.get("arrivals");
  const serviceStream = sim.random.get("service");
  const interarrival = exponential(1 / lambda);
  const service = exponential(1);
  // Arrival times by customer index: the index is the event argument, so no closure per customer.
  const arrivedAt = new Float64Array(customers);
  let arrived = 0;
  let observed = 0;
  let waited = 0;
  let sumWait = 0;
  let totalWait = 0;
  let meanQueue = Number.NaN;

  const depart = (): void => desk.release(1);
  const startService = (index: number): void => {
    const wait = sim.now - arrivedAt[index]!;
    totalWait += wait;
    if (index >= warmup) {
      observed++;
      sumWait += wait;
      // A granted seize starts at the arrival instant, so "waited" is exactly wait > 0.
      if (wait > 0) waited++;
    }
    sim.schedule(service.sample(serviceStream), depart, undefined, Priority.release);
  };
  const arrive = (): void => {
    const index = arrived++;
    arrivedAt[index] = sim.now;
    // The queue-length window runs from the first observed arrival to the last arrival; after
    // that the system only drains, which is not the steady state.
    if (index === warmup) desk.queueLevel.reset(sim.now);
    if (desk.seize(1, startService, index) === "granted") startService(index);
    if (arrived < customers) sim.schedule(interarrival.sample(arrivalStream), arrive, undefined);
    else meanQueue = desk.queueLevel.mean(sim.now);
  };
  sim.schedule(interarrival.sample(arrivalStream), arrive, undefined);
  sim.run();
  return {
    meanWait: sumWait / observed,
    probWait: waited / observed,
    meanQueue,
    totalWait,
    engineWaitSum: desk.waitTime.sum,
    engineWaitCount: desk.waitTime.count,
  };
}

interface MmcCase {
  servers: number;
  rho: number;
  /** Customers per replication; longer where the queue relaxes slowly (relaxation ~ 1/(1 − √ρ)²). */
  customers: number;
  /** Power requirement on the mean-wait interval (see TheoryCheckOptions). */
  waitPrecision: number;
}

const REPLICATIONS = 20;

// ρ = 0.5 at c = 50 is left out on purpose: C(50, 25) ≈ 7e-6, so a few million customers would
// see a handful of waits and no interval could say anything. ρ = 0.7 is the lightest load at
// which 50 servers still queue often enough (C ≈ 1 %) to be measured.
const CASES: MmcCase[] = [
  { servers: 1, rho: 0.5, customers: 60_000, waitPrecision: 0.08 },
  { servers: 1, rho: 0.8, customers: 150_000, waitPrecision: 0.08 },
  { servers: 1, rho: 0.95, customers: 250_000, waitPrecision: 0.2 },
  { servers: 5, rho: 0.5, customers: 60_000, waitPrecision: 0.1 },
  { servers: 5, rho: 0.8, customers: 150_000, waitPrecision: 0.08 },
  { servers: 5, rho: 0.95, customers: 250_000, waitPrecision: 0.2 },
  { servers: 50, rho: 0.7, customers: 300_000, waitPrecision: 0.2 },
  { servers: 50, rho: 0.9, customers: 200_000, waitPrecision: 0.15 },
];

describe("M/M/c queue against Erlang C", () => {
  it.each(CASES)(
    "c = $servers, ρ = $rho: Wq, P(wait > 0) and Lq",
    ({ servers, rho, customers, waitPrecision }) => {
      const mu = 1;
      const lambda = rho * servers * mu;
      const a = lambda / mu;
      // One tenth discarded: at ρ = 0.95 and c = 1 that is 25 000 customers, about fifteen
      // relaxation times (1/(1 − √ρ)² ≈ 1 600 service times).
      const warmup = customers / 10;
      const runs = replicate(REPLICATIONS, (r) => simulateMmc(lambda, servers, customers, warmup, r));

      // The engine's own wait tally must hold every customer, with the same waits the model saw.
      for (const run of runs) {
        expect(run.engineWaitCount).toBe(customers);
        expect(run.engineWaitSum).toBeCloseTo(run.totalWait, 6);
      }

      const label = `M/M/${servers} ρ=${rho}`;
      expectMatchesTheory(
        `${label} Wq`,
        runs.map((run) => run.meanWait),
        mmcMeanWait(lambda, mu, servers),
        { maxRelativeHalfWidth: waitPrecision },
      );
      expectMatchesTheory(
        `${label} P(wait>0)`,
        runs.map((run) => run.probWait),
        erlangC(servers, a),
        { maxRelativeHalfWidth: waitPrecision },
      );
      expectMatchesTheory(
        `${label} Lq`,
        runs.map((run) => run.meanQueue),
        mmcMeanQueueLength(lambda, mu, servers),
        { maxRelativeHalfWidth: waitPrecision },
      );
    },
  );
});
