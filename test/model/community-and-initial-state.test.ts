import { describe, expect, it } from "vitest";
import { Simulation } from "../../src/engine/simulation.js";
import { DAY } from "../../src/engine/time.js";
import { makeCommunityService } from "../../src/model/community.js";
import type { GroupModel } from "../../src/model/group.js";
import { Patient } from "../../src/model/patient.js";
import { simulateScenario } from "../../src/model/run.js";
import { communityServiceSchema } from "../../src/scenario/schema.js";
import { ampleDischarge, ampleService, scenario } from "./builders.js";

const group = {} as GroupModel;

describe("visit-based home support", () => {
  it("starts a package only when every day of it fits under the daily visits", () => {
    const sim = new Simulation();
    // 4 visits a day; each 2-day package needs 3 visits on day 1 and 1 on day 2.
    const service = makeCommunityService<Patient>(
      sim,
      0,
      communityServiceSchema.parse({
        id: "home",
        kind: "visits",
        capacity: 4,
        visitsPerDay: [3, 1],
        lengthOfSupport: "2d",
      }),
    );
    const started: [number, number][] = [];
    const onGranted = (p: Patient): void => {
      started.push([p.id, sim.now]);
    };
    const a = new Patient(1, group, 0, 1, false);
    const b = new Patient(2, group, 0, 1, false);
    const c = new Patient(3, group, 0, 1, false);
    expect(service.request(a, onGranted)).toBe(true); // day 0: 3 of 4, day 1: 1 of 4
    expect(service.request(b, onGranted)).toBe(false); // day 0 would need 6
    expect(service.request(c, onGranted)).toBe(false); // first come, first served behind b
    sim.run(3.5 * DAY);
    // Day 1: b books 3 (1 + 3 = 4) and 1 on day 2; c must wait for day 2 (day 2 has 1 + 3 = 4).
    expect(started).toEqual([
      [2, DAY],
      [3, 2 * DAY],
    ]);
    expect(service.waitTime.mean).toBeCloseTo((0 + DAY + 2 * DAY) / 3, 9);
  });
});

describe("starting from today", () => {
  it("patients already in a ward leave when their stay, conditioned on the days stayed, ends", () => {
    const s = scenario({
      name: "initial state",
      run: { horizon: "10d" },
      wards: [{ id: "ward", beds: 50 }],
      community: [ampleService],
      groups: [
        {
          id: "g",
          arrivals: { perDay: 0 },
          stages: [{ ward: "ward", los: "5d" }],
          dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
        },
      ],
      discharge: ampleDischarge,
      initialState: { wards: [{ ward: "ward", group: "g", patients: 30, daysStayed: "2d" }] },
    });
    const { summary, daily } = simulateScenario(s);
    expect(summary.conservation.initialPatients).toBe(30);
    expect(summary.conservation.discharged).toBe(30);
    // A 5-day stay with 2 days already stayed ends on day 3 for every patient.
    expect(daily[3]!.discharges).toBe(30);
    expect(daily.reduce((a, r) => a + r.discharges, 0)).toBe(30);
    expect(summary.los.overall.meanDays).toBeCloseTo(5, 9);
    // 30 patients for 3 days out of 10: mean occupancy 9.
    expect(summary.wards[0]!.occupancyMean).toBeCloseTo(9, 9);
  });

  it("patients already waiting for a community service keep their acute bed until a place is free", () => {
    const s = scenario({
      name: "waiting at the start",
      run: { horizon: "30d" },
      wards: [{ id: "ward", beds: 50 }],
      community: [{ id: "care-home", kind: "beds", capacity: 2, lengthOfSupport: "10d" }],
      groups: [
        {
          id: "g",
          arrivals: { perDay: 0 },
          stages: [{ ward: "ward", los: "5d" }],
          dischargePathways: { p0: 0, p1: 0, p2: 0, p3: 1 },
        },
      ],
      discharge: {
        ...ampleDischarge,
        standard: {
          ...ampleDischarge.standard,
          services: { p1: "care-home", p2: "care-home", p3: "care-home" },
        },
      },
      initialState: {
        community: [
          { service: "care-home", inService: 0, waitingInWard: { ward: "ward", group: "g", patients: 4 } },
        ],
      },
    });
    const { daily, summary } = simulateScenario(s);
    // Two places of 10 days: two leave on day 0, two on day 10.
    expect(daily[0]!.discharges).toBe(2);
    expect(daily[10]!.discharges).toBe(2);
    expect(summary.conservation.discharged).toBe(4);
  });
});

describe("warm-up", () => {
  it("excludes the warm-up from every count", () => {
    const make = (warmup: string) =>
      scenario({
        name: "warm-up",
        seed: 5,
        run: { horizon: "30d", warmup },
        wards: [{ id: "ward", beds: 1000 }],
        community: [ampleService],
        groups: [
          {
            id: "g",
            arrivals: { perDay: 10 },
            stages: [{ ward: "ward", los: "1d" }],
            dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
          },
        ],
        discharge: ampleDischarge,
      });
    const withWarmup = simulateScenario(make("10d"));
    // Admissions counted equal those with arrival times after day 10, read from the daily series.
    expect(withWarmup.daily).toHaveLength(30);
    const counted = withWarmup.daily.reduce((a, r) => a + r.admissions, 0);
    expect(withWarmup.summary.timeToBed.admissions).toBe(counted);
    expect(withWarmup.summary.conservation.arrived).toBeGreaterThan(counted);
    // Every admission after warm-up is discharged a day later, except the last day's.
    expect(withWarmup.summary.los.overall.meanDays).toBeCloseTo(1, 9);
  });
});
