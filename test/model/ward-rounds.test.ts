import { describe, expect, it } from "vitest";
import { simulateScenario } from "../../src/model/run.js";
import { ampleDischarge, ampleService, scenario } from "./builders.js";

/** One ward of ample beds, a one-hour treatment, pathway 0 with no delay, leaving at any hour. */
function withRounds(fitReview: { from: string; to: string; weekendRate?: number }, weekendDraw?: "once") {
  return scenario({
    name: "ward rounds",
    run: { horizon: "28d", warmup: "7d" },
    wards: [{ id: "ward", beds: 500 }],
    community: [ampleService],
    groups: [
      {
        id: "patients",
        arrivals: { perDay: 40 },
        stages: [{ ward: "ward", los: "1h" }],
        dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
      },
    ],
    discharge: { ...ampleDischarge, fitReview, ...(weekendDraw ? { weekendDraw } : {}) },
  });
}

describe("ward rounds decide who is medically fit", () => {
  it("a one-minute round at 09:00 sends everyone home in hour 9", () => {
    const { summary } = simulateScenario(withRounds({ from: "09:00", to: "09:01" }));
    const total = summary.dischargesByHour.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0);
    expect(summary.dischargesByHour[9]).toBe(total);
  });

  it("a stay is treatment plus the wait for the round: under a day and a round, and longer than treatment", () => {
    const { summary } = simulateScenario(withRounds({ from: "09:00", to: "09:01" }));
    const los = summary.los.overall;
    // Treatment 1 h, then at most 24 h to the next round (and its minute).
    expect(los.meanDays).toBeGreaterThan(1 / 24);
    expect(los.meanDays).toBeLessThan(25 / 24 + 1 / (24 * 60));
    // The wait for the round is not a delay: the patient is fit only when the round says so.
    expect(los.delayDays).toBe(0);
  });

  it('with no weekend review and "once", nobody is declared fit (so nobody leaves) at weekends', () => {
    const { summary } = simulateScenario(withRounds({ from: "09:00", to: "12:00", weekendRate: 0 }, "once"));
    expect(summary.dischargesByWeekday[5]).toBe(0);
    expect(summary.dischargesByWeekday[6]).toBe(0);
    // Monday's round takes everyone whose treatment ended since Friday's round ended.
    expect(summary.dischargesByWeekday[0]!).toBeGreaterThan(2 * summary.dischargesByWeekday[2]!);
  });

  it("without fitReview, patients are fit the moment treatment ends (leaving at every hour)", () => {
    const s = withRounds({ from: "09:00", to: "09:01" });
    const { fitReview: _unused, ...discharge } = s.discharge;
    const { summary } = simulateScenario({ ...s, discharge });
    expect(summary.dischargesByHour.filter((n) => n > 0).length).toBe(24);
  });
});
