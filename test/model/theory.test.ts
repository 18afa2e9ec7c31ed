/**
 * Reductions of the hospital model to queueing theory. One ward, Poisson admissions, exponential
 * stays and no discharge delay make the ward an M/M/c queue (patients wait for a bed: Erlang C)
 * or, with no room to wait, an M/M/c/c loss system (patients are diverted: Erlang B).
 *
 * Tolerances: R independent replications give R estimates; the check is
 * |mean − theory| ≤ t(0.9995, R−1)·sd/√R, a 99.9% interval, so that with many checks in the suite
 * a correct model does not fail by chance (the seed is fixed, so the outcome is repeatable).
 */
import { describe, expect, it } from "vitest";
import { Tally } from "../../src/engine/statistics/index.js";
import { simulateScenario } from "../../src/model/run.js";
import { erlangB, erlangC, mmcMeanWait } from "../../src/queueing/index.js";
import { singleWard } from "./builders.js";

const T_9995_9 = 4.781; // Student t, 0.9995 quantile, 9 degrees of freedom (R = 10)

function replicate(r: number, f: (replication: number) => number): Tally {
  const tally = new Tally();
  for (let i = 0; i < r; i++) tally.add(f(i));
  return tally;
}

function expectWithinCi(t: Tally, theory: number): void {
  const half = (T_9995_9 * t.sd) / Math.sqrt(t.count);
  expect(Math.abs(t.mean - theory)).toBeLessThanOrEqual(half);
}

describe("one ward with exponential stays reduces to queueing theory", () => {
  // 20 beds, 1 day's mean stay, 17 admissions a day: offered load a = 17 beds, ρ = 0.85.
  // Short stays against a long horizon keep the replications' spread small.
  const beds = 20;
  const perDay = 17;
  const meanStayDays = 1;
  const a = perDay * meanStayDays;

  it("time to bed matches Erlang C's mean wait and P(all beds full)", () => {
    const scenario = singleWard({
      beds,
      perDay,
      meanStay: `${meanStayDays}d`,
      horizon: "4000d",
      warmup: "50d",
    });
    const results = Array.from(
      { length: 10 },
      (_, r) => simulateScenario(scenario, { seed: 11, replication: r }).summary,
    );
    const waitHours = replicate(10, (r) => results[r]!.timeToBed.meanHours!);
    const fullFraction = replicate(10, (r) => results[r]!.wards[0]!.percentTimeFull / 100);
    const occupancy = replicate(10, (r) => results[r]!.wards[0]!.occupancyMean);
    // Rates per day: λ = 4.5, μ = 1/4; Wq in days, then hours.
    expectWithinCi(waitHours, mmcMeanWait(perDay, 1 / meanStayDays, beds) * 24);
    // PASTA: the share of time all beds are full is the probability an arrival waits.
    expectWithinCi(fullFraction, erlangC(beds, a));
    // Nobody is lost, so the mean number in beds is the offered load.
    expectWithinCi(occupancy, a);
  });

  it("with no room to wait, the share diverted matches Erlang B", () => {
    const scenario = singleWard({
      beds,
      perDay,
      meanStay: `${meanStayDays}d`,
      horizon: "4000d",
      warmup: "50d",
      maxWaiting: 0,
    });
    const wards = Array.from(
      { length: 10 },
      (_, r) => simulateScenario(scenario, { seed: 12, replication: r }).summary.wards[0]!,
    );
    const blocked = replicate(10, (r) => wards[r]!.diverted / (wards[r]!.diverted + wards[r]!.admissions));
    const fullFraction = replicate(10, (r) => wards[r]!.percentTimeFull / 100);
    const occupancy = replicate(10, (r) => wards[r]!.occupancyMean);
    expectWithinCi(blocked, erlangB(beds, a));
    // Time congestion equals call congestion (PASTA): the share of time full is B too.
    expectWithinCi(fullFraction, erlangB(beds, a));
    // Carried load: a·(1 − B).
    expectWithinCi(occupancy, a * (1 - erlangB(beds, a)));
  });
});
