/**
 * Common random numbers: each source of randomness has a stream of its own, so a variant that
 * changes one process leaves every other process's draws, replication by replication, exactly
 * as they were. Checked on the theatre's on-the-day sources, which once shared one stream.
 */
import { describe, expect, it } from "vitest";
import { Hospital } from "../../src/model/hospital.js";
import { simulateScenario } from "../../src/model/run.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { ampleDischarge, ampleService, scenario } from "./builders.js";

interface OnTheDay {
  turnaroundMean: string;
  patientCancellation: number;
}

function theatreList(day: OnTheDay): ScenarioInput {
  return {
    name: "crn theatres",
    run: { horizon: "20w" },
    wards: [{ id: "surgical", beds: 40 }],
    community: [ampleService],
    discharge: ampleDischarge,
    electives: {
      procedures: [
        {
          id: "knee",
          specialty: "ortho",
          referralsPerWeek: 20,
          duration: { dist: "lognormal", mean: "70min", sd: "20min" },
          ward: "surgical",
          los: { dist: "exponential", mean: "2d" },
        },
      ],
      theatres: [
        {
          id: "t1",
          sessions: [
            { day: "mon", from: "08:00", to: "17:00", specialty: "ortho" },
            { day: "wed", from: "08:00", to: "17:00", specialty: "ortho" },
            { day: "fri", from: "08:00", to: "13:00", specialty: "ortho" },
          ],
        },
      ],
      onTheDay: {
        sessionCancellation: 0.2,
        lateStart: { dist: "exponential", mean: "15min" },
        turnaround: { dist: "exponential", mean: day.turnaroundMean },
        patientCancellation: day.patientCancellation,
      },
      initialWaitingList: [{ procedure: "knee", patients: 200 }],
    },
  };
}

function sessionsOf(day: OnTheDay, seed: number) {
  return simulateScenario(scenario(theatreList(day)), { seed }).sessions;
}

const SEEDS = [1, 2, 3, 4, 5, 6];

describe("one random stream per theatre source", () => {
  it("changing only turnaround leaves which sessions are cancelled identical, seed by seed", () => {
    let sessionsCompared = 0;
    let cancelled = 0;
    for (const seed of SEEDS) {
      const short = sessionsOf({ turnaroundMean: "10min", patientCancellation: 0.1 }, seed);
      const long = sessionsOf({ turnaroundMean: "40min", patientCancellation: 0.1 }, seed);
      // The change must reach the lists, or the test proves nothing.
      expect(long.map((s) => s.cases)).not.toEqual(short.map((s) => s.cases));
      expect(long.map((s) => s.start)).toEqual(short.map((s) => s.start));
      expect(long.map((s) => s.cancelled)).toEqual(short.map((s) => s.cancelled));
      sessionsCompared += short.length;
      cancelled += short.filter((s) => s.cancelled).length;
    }
    // 60 sessions a seed at p = 0.2: some cancelled and some held in every case worth testing.
    expect(cancelled).toBeGreaterThan(0);
    expect(cancelled).toBeLessThan(sessionsCompared);
  });

  it("changing only patient cancellation leaves late starts identical, seed by seed", () => {
    for (const seed of SEEDS) {
      const few = sessionsOf({ turnaroundMean: "15min", patientCancellation: 0.02 }, seed);
      const many = sessionsOf({ turnaroundMean: "15min", patientCancellation: 0.3 }, seed);
      expect(many.map((s) => s.cases)).not.toEqual(few.map((s) => s.cases));
      expect(many.map((s) => s.cancelled)).toEqual(few.map((s) => s.cancelled));
      // A held list starts late by its own draw; lists are a day or more apart, so no overrun
      // from an earlier list can add to it.
      const late = (rows: typeof few) => rows.filter((s) => !s.cancelled).map((s) => s.lateStartMinutes);
      // Equal draws; the minutes may differ in the last bits, as event times are sums of floats.
      const lateFew = late(few);
      const lateMany = late(many);
      expect(lateMany.length).toBe(lateFew.length);
      for (const [i, minutes] of lateMany.entries()) expect(minutes).toBeCloseTo(lateFew[i]!, 6);
    }
  });
});

describe("one random stream per patient-level source", () => {
  function readmitting(p: number) {
    return scenario({
      name: "readmissions",
      run: { horizon: "60d" },
      wards: [{ id: "ward", beds: 200 }],
      community: [ampleService],
      groups: [
        {
          id: "patients",
          arrivals: { perDay: 20 },
          stages: [{ ward: "ward", los: { dist: "exponential", mean: "3d" } }],
          dischargePathways: { p0: 0.5, p1: 0.3, p2: 0.15, p3: 0.05 },
          readmission: { standard: { p0: p, p1: p, p2: p, p3: p } },
        },
      ],
      discharge: ampleDischarge,
    });
  }

  it("readmissions draw their pathways apart, so new arrivals' pathways never shift", () => {
    for (const seed of [1, 2, 3]) {
      const runs = [0, 0.3].map((p) => {
        const hospital = new Hospital(readmitting(p), { seed });
        hospital.run();
        return hospital;
      });
      const [none, many] = runs as [Hospital, Hospital];
      expect(many.metrics.readmissions).toBeGreaterThan(0);
      // One pathway draw per new arrival, the same arrivals in both runs.
      const newArrivals = (h: Hospital) => h.arrived - h.metrics.readmissions;
      expect(newArrivals(many)).toBe(newArrivals(none));
      expect(many.groups[0]!.pathwayStream.draws).toBe(newArrivals(many));
      expect(none.groups[0]!.pathwayStream.draws).toBe(newArrivals(none));
      // Whether to readmit: one draw per discharge, whatever the rate (0 included).
      for (const h of runs) expect(h.groups[0]!.readmissionStream.draws).toBe(h.discharged);
    }
  });
});
