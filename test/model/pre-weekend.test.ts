import { describe, expect, it } from "vitest";
import { simulateScenario } from "../../src/model/run.js";
import { ampleDischarge, ampleService, scenario } from "./builders.js";

/**
 * One ward of ample beds, a fixed 36-hour treatment, 40 arrivals a day at any hour, pathway 0
 * with no delay, a one-minute round at 09:00 and no weekend review: everyone is declared fit on
 * a weekday round, so each weekday's discharges count the treatments that ended since the last.
 */
function withPush(preWeekendShare?: number) {
  return scenario({
    name: "pre-weekend push",
    run: { horizon: "84d", warmup: "7d" },
    wards: [{ id: "ward", beds: 500 }],
    community: [ampleService],
    groups: [
      {
        id: "patients",
        arrivals: { perDay: 40 },
        stages: [{ ward: "ward", los: "36h" }],
        dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
      },
    ],
    discharge: {
      ...ampleDischarge,
      weekendDraw: "once",
      fitReview: {
        from: "09:00",
        to: "09:01",
        weekendRate: 0,
        ...(preWeekendShare === undefined ? {} : { preWeekendShare }),
      },
    },
  });
}

describe("Friday's round brings forward those who would be fit by Saturday midnight", () => {
  it("a share of 0 changes nothing: the same run as without the setting", () => {
    const without = simulateScenario(withPush()).summary;
    const zero = simulateScenario(withPush(0)).summary;
    expect(zero.dischargesByWeekday).toEqual(without.dischargesByWeekday);
    expect(zero.los.overall.meanDays).toBe(without.los.overall.meanDays);
  });

  it("with all brought forward, Friday takes 2.5 days' treatments and Monday 1.5 (by hand)", () => {
    const before = simulateScenario(withPush()).summary.dischargesByWeekday;
    const after = simulateScenario(withPush(1)).summary.dischargesByWeekday;
    // Without the push: Wednesday's round takes treatments ended Tue 09:01–Wed 09:00 (one day of
    // arrivals), Friday's one day, Monday's three (Friday's round to Monday's). With it, Friday
    // also takes those ending after its round and by Saturday midnight from patients already in
    // the ward at the round (arrived Wed 21:00 to Fri 09:00: 1.5 days), which Monday loses.
    // 11 weeks of 40 a day: a weekday ≈ 440 patients, Poisson sd ≈ 21, so ratios within ±0.3.
    const day = (d: readonly number[], i: number) => d[i]! / d[2]!;
    expect(day(before, 4)).toBeGreaterThan(0.7);
    expect(day(before, 4)).toBeLessThan(1.3);
    expect(day(before, 0)).toBeGreaterThan(2.6);
    expect(day(after, 4)).toBeGreaterThan(2.2);
    expect(day(after, 4)).toBeLessThan(2.8);
    expect(day(after, 0)).toBeGreaterThan(1.2);
    expect(day(after, 0)).toBeLessThan(1.8);
    expect(after[5]).toBe(0);
    expect(after[6]).toBe(0);
  });

  it("draws from its own stream: arrivals and treatments elsewhere are untouched", () => {
    const a = simulateScenario(withPush(0)).summary;
    const b = simulateScenario(withPush(0.5)).summary;
    expect(b.arrivalsByHourOfWeek).toEqual(a.arrivalsByHourOfWeek);
    expect(b.conservation.arrived).toBe(a.conservation.arrived);
    // Everyone is counted: arrived = discharged + still in a bed (no one waits or is diverted).
    const c = b.conservation;
    expect(c.initialPatients + c.arrived).toBe(c.discharged + c.inBeds + c.waitingForBed + c.diverted);
    // Half brought forward: Friday between the two extremes.
    expect(b.dischargesByWeekday[4]!).toBeGreaterThan(a.dischargesByWeekday[4]!);
    expect(b.los.overall.meanDays!).toBeLessThan(a.los.overall.meanDays!);
  });
});
