/**
 * M/M/c/c loss systems (beds with no waiting room: a refused admission goes elsewhere) against
 * Erlang B: the blocked fraction of arrivals is B(c, a), and the time-average number of busy
 * servers is the carried load a·(1 − B). Both are read from the Resource's own counters and
 * time-weighted level, so the check covers trySeize, release and the statistics together.
 */
import { describe, expect, it } from "vitest";
import { type Distribution, exponential, lognormal } from "../../src/engine/distributions.js";
import { Resource } from "../../src/engine/resource.js";
import { Priority, Simulation } from "../../src/engine/simulation.js";
import { erlangB } from "../../src/queueing/index.js";
import { expectMatchesTheory, replicate, SEED } from "./helpers.js";

interface LossReplication {
  blocking: number;
  carried: number;
  arrivals: number;
  refused: number;
  admitted: number;
}

/** One replication: Poisson arrivals at rate a/E[S], statistics over (warmup, warmup + horizon]. */
function simulateLoss(
  servers: number,
  offeredLoad: number,
  service: Distribution,
  warmup: number,
  horizon: number,
  replication: number,
): LossReplication {
  const sim = new Simulation({ seed: SEED, replication });
  const beds = new Resource(sim, "beds", servers);
  const arrivalStream = sim.random.get("arrivals");
  const serviceStream = sim.random.get("service");
  const interarrival = exponential(service.mean / offeredLoad);
  let arrivals = 0;

  const depart = (): void => beds.release(1);
  const arrive = (): void => {
    arrivals++;
    if (beds.trySeize(1)) sim.schedule(service.sample(serviceStream), depart, undefined, Priority.release);
    sim.schedule(interarrival.sample(arrivalStream), arrive, undefined);
  };
  sim.schedule(interarrival.sample(arrivalStream), arrive, undefined);
  // The ward starts empty, below its steady state; Priority.observe runs the reset after every
  // arrival and departure at that instant, so the window starts on a settled state.
  sim.scheduleAt(
    warmup,
    () => {
      beds.resetStatistics();
      arrivals = 0;
    },
    undefined,
    Priority.observe,
  );
  sim.run(warmup + horizon);
  return {
    blocking: beds.refused / (beds.refused + beds.seizes),
    carried: beds.inUseLevel.mean(sim.now),
    arrivals,
    refused: beds.refused,
    admitted: beds.seizes,
  };
}

interface LossCase {
  name: string;
  servers: number;
  offeredLoad: number;
  service: Distribution;
  warmup: number;
  horizon: number;
  blockingPrecision: number;
}

const REPLICATIONS = 20;

const CASES: LossCase[] = [
  {
    name: "M/M/5/5, a = 3",
    servers: 5,
    offeredLoad: 3,
    service: exponential(1),
    warmup: 50,
    horizon: 20_000,
    blockingPrecision: 0.03,
  },
  // Erlang B is insensitive to the service distribution beyond its mean, so a skewed lognormal
  // length of stay (cv 2) must block exactly as often. A cheap check that the loss logic does not
  // lean on memorylessness anywhere.
  {
    name: "M/G/5/5 lognormal cv 2, a = 3",
    servers: 5,
    offeredLoad: 3,
    service: lognormal(1, 2),
    warmup: 50,
    horizon: 20_000,
    blockingPrecision: 0.04,
  },
  // A large hospital-scale pool: 500 beds at 96 % offered load still blocks only ~1.4 %.
  // Relaxation takes a few mean stays, so 50 of them is ample warm-up; 500 mean stays per
  // replication are about 240 000 arrivals.
  {
    name: "M/M/500/500, a = 480",
    servers: 500,
    offeredLoad: 480,
    service: exponential(1),
    warmup: 50,
    horizon: 500,
    blockingPrecision: 0.1,
  },
];

describe("Erlang loss system against Erlang B", () => {
  it.each(CASES)("$name: blocking and carried load", (spec) => {
    const { servers, offeredLoad: a } = spec;
    const runs = replicate(REPLICATIONS, (r) =>
      simulateLoss(servers, a, spec.service, spec.warmup, spec.horizon, r),
    );
    // Every arrival in the window is either admitted or refused, never both or neither.
    for (const run of runs) expect(run.admitted + run.refused).toBe(run.arrivals);

    const b = erlangB(servers, a);
    expectMatchesTheory(
      `${spec.name} blocking`,
      runs.map((run) => run.blocking),
      b,
      { maxRelativeHalfWidth: spec.blockingPrecision },
    );
    expectMatchesTheory(
      `${spec.name} carried load`,
      runs.map((run) => run.carried),
      a * (1 - b),
      { maxRelativeHalfWidth: 0.01 },
    );
  });
});
