/**
 * The capacity analysis on scenarios that reduce to textbook queues, against the formulas and
 * against the simulation, and its disagreement flag: silent on a clean M/M/c reduction, firing
 * with the right reason when a scenario breaks an assumption of the formulas.
 *
 * The agreement test is the report's own: the analytic figure inside the simulated 95% interval.
 * Seeds are fixed, so every outcome is repeatable; the clean reductions use long horizons so the
 * intervals are narrow and the check is a real one.
 */
import { describe, expect, it } from "vitest";
import { analyseCapacity } from "../../src/capacity/analyse.js";
import { buildDemand } from "../../src/capacity/demand.js";
import { estimate } from "../../src/capacity/simulated.js";
import type { UnitCapacity } from "../../src/capacity/types.js";
import { simulateScenario } from "../../src/model/run.js";
import { erlangB, erlangC } from "../../src/queueing/index.js";
import { ampleDischarge, ampleService, scenario, singleWard } from "../model/builders.js";

const onlyWard = (units: UnitCapacity[], id = "ward"): UnitCapacity => units.find((u) => u.id === id)!;

describe("one ward with Poisson arrivals and exponential stays (M/M/c)", () => {
  // 17 admissions a day, 1 day's mean stay: a = 17 beds against 20.
  const report = analyseCapacity(
    singleWard({ beds: 20, perDay: 17, meanStay: "1d", horizon: "2000d", warmup: "30d" }),
    { replications: 8, targets: { blocking: 0.05, occupancy: 0.85, delay: 0.2 } },
  );
  const ward = onlyWard(report.units);

  it("offers a = λ·E[S] and uses Erlang B and C at today's beds", () => {
    expect(ward.arrivalsPerDay).toBeCloseTo(17, 10);
    expect(ward.meanHeldDays).toBeCloseTo(1, 10);
    expect(ward.offeredLoad).toBeCloseTo(17, 10);
    expect(ward.model).toBe("queue");
    expect(ward.blocking).toBeCloseTo(erlangB(20, 17), 12);
    expect(ward.delayProbability).toBeCloseTo(erlangC(20, 17), 12);
    // Exponential stays: cv 1.
    expect(ward.heldCv).toBeCloseTo(1, 10);
  });

  it("sizes beds for the blocking target: B(c) ≤ target < B(c − 1)", () => {
    const c = ward.needed!.forBlocking;
    expect(erlangB(c, ward.offeredLoad)).toBeLessThanOrEqual(0.05);
    expect(erlangB(c - 1, ward.offeredLoad)).toBeGreaterThan(0.05);
    expect(ward.needed!.forOccupancy).toBe(Math.ceil(17 / 0.85));
    const d = ward.needed!.forDelay;
    expect(erlangC(d, 17)).toBeLessThanOrEqual(0.2);
    expect(erlangC(d - 1, 17)).toBeGreaterThan(0.2);
  });

  it("agrees with the simulation within the interval, and raises no flag", () => {
    const busy = ward.compare.meanBusy!;
    expect(busy.simulated.n).toBe(8);
    expect(Math.abs(busy.simulated.mean - 17)).toBeLessThanOrEqual(busy.simulated.halfWidth!);
    expect(ward.compare.fullProbability!.agrees).toBe(true);
    expect(ward.compare.waitDays!.agrees).toBe(true);
    expect(ward.flag).toBeNull();
    expect(ward.reasons).toEqual([]);
  });

  it("a constant arrival rate gives m(t) = a at every hour", () => {
    for (const h of report.wardHours) expect(h.load).toBeCloseTo(17, 6);
  });
});

describe("discharge hours and weekend rates", () => {
  // Arrivals by hour and weekday, lognormal stays, a leaving delay, discharges only 08:00–20:00
  // and at 30% of the weekday rate at weekends: the ward fills over the weekend.
  const s = scenario({
    name: "discharge hours",
    run: { horizon: "1500d", warmup: "30d" },
    wards: [{ id: "ward", beds: 300 }],
    community: [ampleService],
    groups: [
      {
        id: "p",
        arrivals: {
          perDay: 20,
          hourOfDay: [1, 1, 1, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1],
          dayOfWeek: [1.2, 1, 1, 1, 1, 0.8, 0.8],
        },
        stages: [{ ward: "ward", los: { dist: "lognormal", mean: "2d", sd: "1.5d" } }],
        dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
      },
    ],
    discharge: {
      ...ampleDischarge,
      hours: { from: "08:00", to: "20:00" },
      weekendRate: 0.3,
      pathway0Delay: { dist: "exponential", mean: "3h" },
    },
  });

  it("m(t) by weekday matches the simulation's daily occupancy", () => {
    const ward = buildDemand(s).wards[0]!;
    expect(ward.heldMinutes.dischargeTiming).toBeGreaterThan(0);
    const analytic = Array.from(
      { length: 7 },
      (_, day) => ward.patientsHourAverage.slice(day * 24, day * 24 + 24).reduce((a, b) => a + b, 0) / 24,
    );
    // Per replication, the mean daily occupancy of each weekday (2026-01-05 is a Monday).
    const byReplication = Array.from({ length: 6 }, (_, r) => {
      const sums = new Array<number>(7).fill(0);
      const counts = new Array<number>(7).fill(0);
      for (const row of simulateScenario(s, { replication: r }).daily) {
        const weekday = (new Date(`${row.date}T00:00:00Z`).getUTCDay() + 6) % 7;
        sums[weekday]! += row.occupancy_ward ?? 0;
        counts[weekday]!++;
      }
      return sums.map((x, i) => x / counts[i]!);
    });
    // 99.9% intervals: seven checks at once should not fail by chance.
    for (let day = 0; day < 7; day++) {
      const e = estimate(
        byReplication.map((r) => r[day]!),
        0.999,
      );
      expect(Math.abs(analytic[day]! - e.mean)).toBeLessThanOrEqual(e.halfWidth!);
    }
    // The weekend build-up the window and weekend rate cause is there.
    expect(analytic[6]!).toBeGreaterThan(1.2 * analytic[3]!);
  });

  it("mean occupancy includes the wait for the window, and agrees with the simulation", () => {
    const ward = onlyWard(analyseCapacity(s, { replications: 4 }).units);
    expect(ward.compare.meanBusy!.agrees).toBe(true);
    expect(ward.flag).toBeNull();
  });
});

describe("the disagreement flag", () => {
  it("fires on a ward with long deterministic stays and a queue, blaming the LOS shape", () => {
    // M/D/10 at ρ = 0.8: mean occupancy is still a (insensitivity), but the wait for a bed is
    // about half the M/M/c figure (Pollaczek–Khinchine's (1 + cv²)/2 factor).
    const report = analyseCapacity(
      scenario({
        name: "deterministic stays",
        run: { horizon: "2000d", warmup: "30d" },
        wards: [{ id: "ward", beds: 10 }],
        community: [ampleService],
        groups: [
          {
            id: "p",
            arrivals: { perDay: 8 },
            stages: [{ ward: "ward", los: "1d" }],
            dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
          },
        ],
        discharge: ampleDischarge,
      }),
      { replications: 5 },
    );
    const ward = onlyWard(report.units);
    expect(ward.heldCv).toBe(0);
    expect(ward.compare.meanBusy!.agrees).toBe(true);
    expect(ward.compare.waitDays!.agrees).toBe(false);
    expect(ward.compare.waitDays!.simulated.mean).toBeLessThan(0.7 * ward.compare.waitDays!.analytic);
    expect(ward.flag).toMatch(/mean wait/);
    expect(ward.reasons.join(" ")).toMatch(/LOS is far from exponential \(cv 0\.00\)/);
  });

  it("fires on a downstream ward when blocking upstream cuts its arrivals, and not on the loss ward", () => {
    // Ward a turns patients away when its 5 beds are full (Erlang B at a = 5: 28%); ward b,
    // with room to spare, sees only those admitted to a.
    const report = analyseCapacity(
      scenario({
        name: "upstream blocking",
        run: { horizon: "1000d", warmup: "20d" },
        wards: [
          { id: "a", beds: 5, maxWaiting: 0 },
          { id: "b", beds: 100 },
        ],
        community: [ampleService],
        groups: [
          {
            id: "p",
            arrivals: { perDay: 5 },
            stages: [
              { ward: "a", los: { dist: "exponential", mean: "1d" } },
              { ward: "b", los: { dist: "exponential", mean: "2d" } },
            ],
            dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
          },
        ],
        discharge: ampleDischarge,
      }),
      { replications: 5 },
    );
    const a = onlyWard(report.units, "a");
    const b = onlyWard(report.units, "b");
    expect(a.model).toBe("loss");
    expect(a.compare.fullProbability!.analytic).toBeCloseTo(erlangB(5, 5), 12);
    expect(a.flag).toBeNull();
    expect(b.compare.meanBusy!.agrees).toBe(false);
    expect(b.flag).toMatch(/below the analytic/);
    expect(b.reasons.join(" ")).toMatch(/blocking upstream cuts the arrivals this ward sees/);
  });
});
