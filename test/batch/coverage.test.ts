/**
 * Confidence-interval coverage. An M/M/c queue started in its stationary distribution (the
 * number in system drawn from π, residual services exponential by memorylessness) is stationary
 * from time 0, so each replication's time-average queue length over [0, T], divided by λ, is an
 * exactly unbiased estimate of the Erlang C mean wait (Little's law). 200 independent batches of
 * 10 replications each give 200 intervals from the batch code's own statistics; about 95 % must
 * contain the true value: the count must lie within 4σ of Binomial(200, 0.95).
 */
import { describe, expect, it } from "vitest";
import { metricStats } from "../../src/batch/aggregate.js";
import { exponential } from "../../src/engine/distributions.js";
import { Resource } from "../../src/engine/resource.js";
import { Priority, Simulation } from "../../src/engine/simulation.js";
import { mmcMeanWait } from "../../src/queueing/index.js";

const LAMBDA = 1.4;
const MU = 1;
const SERVERS = 2;
const HORIZON = 400;

/** Stationary probabilities of n in system, n = 0 … until the tail is negligible. */
function stationary(lambda: number, mu: number, c: number): number[] {
  const a = lambda / mu;
  const rho = a / c;
  const weights: number[] = [];
  let w = 1;
  for (let n = 0; n < 400; n++) {
    weights.push(w);
    w *= n < c ? a / (n + 1) : rho;
  }
  const total = weights.reduce((s, x) => s + x, 0);
  return weights.map((x) => x / total);
}

const PI = stationary(LAMBDA, MU, SERVERS);

/** One replication: mean queue length over [0, T] ÷ λ. */
function replication(seed: number, r: number): number {
  const sim = new Simulation({ seed, replication: r });
  const servers = new Resource(sim, "servers", SERVERS);
  const arrivals = sim.random.get("arrivals");
  const services = sim.random.get("service");
  const interarrival = exponential(1 / LAMBDA);
  const service = exponential(1 / MU);
  const done = (): void => servers.release(1);
  const start = (): void => {
    sim.schedule(service.sample(services), done, undefined, Priority.release);
  };
  const join = (): void => {
    if (servers.seize(1, start, undefined) === "granted") start();
  };
  let u = sim.random.get("initial").uniform();
  let initial = 0;
  while (initial < PI.length - 1 && u > PI[initial]!) u -= PI[initial++]!;
  for (let i = 0; i < initial; i++) join();
  const arrive = (): void => {
    join();
    sim.schedule(interarrival.sample(arrivals), arrive, undefined);
  };
  sim.schedule(interarrival.sample(arrivals), arrive, undefined);
  sim.run(HORIZON);
  return servers.queueLevel.mean(HORIZON) / LAMBDA;
}

describe("confidence interval coverage", () => {
  it("about 95 % of intervals contain the Erlang C mean wait", () => {
    const truth = mmcMeanWait(LAMBDA, MU, SERVERS);
    let covered = 0;
    let meanOfMeans = 0;
    const batches = 200;
    for (let b = 0; b < batches; b++) {
      const values = Array.from({ length: 10 }, (_, r) => replication(1000 + b, r));
      const s = metricStats(values);
      if (s.ciLow! <= truth && truth <= s.ciHigh!) covered++;
      meanOfMeans += s.mean! / batches;
    }
    const sigma = Math.sqrt(batches * 0.95 * 0.05);
    expect(covered).toBeGreaterThanOrEqual(Math.ceil(batches * 0.95 - 4 * sigma));
    expect(covered).toBeLessThanOrEqual(batches);
    // The estimator is unbiased: the grand mean sits close to the truth.
    expect(Math.abs(meanOfMeans - truth) / truth).toBeLessThan(0.03);
  });
});
