/**
 * Theatre lists with every duration fixed, so the session figures follow by hand, plus the
 * invariants that must hold for any lists: no overlapping cases, none before its session, and
 * every cancelled patient back on the waiting list.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Hospital } from "../../src/model/hospital.js";
import { simulateScenario } from "../../src/model/run.js";
import type { TheatreTrace } from "../../src/model/theatres.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { ampleDischarge, ampleService, scenario } from "./builders.js";

function oneTheatre(options: {
  tolerance: string;
  postOpBeds?: number;
  dayCase?: boolean;
  weeks?: number;
}): ScenarioInput {
  return {
    name: "one theatre",
    run: { horizon: `${options.weeks ?? 4}w` },
    wards: [{ id: "surgical", beds: options.postOpBeds ?? 100 }],
    community: [ampleService],
    discharge: ampleDischarge,
    electives: {
      procedures: [
        {
          id: "hernia",
          specialty: "general",
          referralsPerWeek: 0,
          duration: "50min",
          dayCase: options.dayCase ?? true,
          ...(options.dayCase === false ? { ward: "surgical", los: "2d" } : {}),
        },
      ],
      theatres: [{ id: "t1", sessions: [{ day: "mon", from: "08:00", to: "12:00", specialty: "general" }] }],
      booking: { plannedFill: 1 },
      onTheDay: { lateStart: "20min", turnaround: "10min", overrunTolerance: options.tolerance },
      initialWaitingList: [{ procedure: "hernia", patients: 1000 }],
      costs: { perTheatreMinute: 20 },
    },
  };
}

describe("a fixed theatre list, worked by hand", () => {
  // A 240-minute session books floor(240 / 50) = 4 cases. It starts 20 minutes late (08:20);
  // cases run 08:20–09:10, 09:20–10:10, 10:20–11:10 with 10-minute turnarounds; the fourth
  // would run 11:20–12:10.
  it("with 15 minutes' tolerance the fourth case runs and overruns by 10 minutes", () => {
    const { summary, sessions } = simulateScenario(scenario(oneTheatre({ tolerance: "15min" })));
    const t = summary.theatres!;
    expect(t.sessions).toBe(4);
    expect(t.casesPerList).toBe(4);
    for (const s of sessions) {
      expect(s.lateStartMinutes).toBeCloseTo(20, 9);
      expect(s.touchMinutes).toBeCloseTo(200, 9);
      expect(s.touchInsideMinutes).toBeCloseTo(190, 9);
      expect(s.turnaroundMinutes).toBeCloseTo(30, 9);
      expect(s.earlyFinishMinutes).toBe(0);
      expect(s.overrunMinutes).toBeCloseTo(10, 9);
    }
    expect(t.cappedUtilisation).toBeCloseTo(190 / 240, 9);
    expect(t.uncappedUtilisation).toBeCloseTo(200 / 240, 9);
    expect(t.cancellations.listOverrun).toBe(0);
    // £20 a staffed minute: 4 sessions × 240 minutes, over 16 cases.
    expect(t.costs.perCase).toBeCloseTo((4 * 240 * 20) / 16, 9);
  });

  it("with no tolerance the fourth case is cancelled and the list finishes 40 minutes early", () => {
    const { summary, sessions } = simulateScenario(scenario(oneTheatre({ tolerance: "0min" })));
    const t = summary.theatres!;
    expect(t.casesPerList).toBe(3);
    expect(t.cancellations.listOverrun).toBe(4);
    for (const s of sessions) {
      // 20 late + 150 operating + 30 turnaround (the last before the cancelled case) + 40 early = 240.
      expect(s.touchInsideMinutes).toBeCloseTo(150, 9);
      expect(s.turnaroundMinutes).toBeCloseTo(30, 9);
      expect(s.earlyFinishMinutes).toBeCloseTo(40, 9);
      expect(
        s.lateStartMinutes + s.touchInsideMinutes + s.turnaroundMinutes + s.earlyFinishMinutes,
      ).toBeCloseTo(240, 9);
      expect(s.overrunMinutes).toBe(0);
    }
    expect(t.listsNotToCapacityPercent).toBe(100); // every list finishes ≥ 30 minutes early
  });

  it("with no post-operative beds every inpatient case is cancelled for no bed, and day cases are not", () => {
    const inpatients = simulateScenario(
      scenario(oneTheatre({ tolerance: "15min", dayCase: false, postOpBeds: 0 })),
    );
    expect(inpatients.summary.theatres!.cases).toBe(0);
    expect(inpatients.summary.theatres!.cancellations.noBed).toBe(16);
    const dayCases = simulateScenario(
      scenario(oneTheatre({ tolerance: "15min", dayCase: true, postOpBeds: 0 })),
    );
    expect(dayCases.summary.theatres!.cases).toBe(16);
    expect(dayCases.summary.theatres!.cancellations.noBed).toBe(0);
  });

  it("an inpatient holds a post-operative bed from surgery to discharge", () => {
    // 4 cases a week, each 50 minutes in theatre and 2 days on the ward: 8 bed-days a week,
    // plus 4 × 50 minutes of surgery counted in the stay.
    const { summary } = simulateScenario(
      scenario(oneTheatre({ tolerance: "15min", dayCase: false, weeks: 4 })),
    );
    expect(summary.conservation.electiveAdmissions).toBe(16);
    const ward = summary.wards[0]!;
    expect(ward.occupiedBedDays).toBeCloseTo(16 * (2 + 50 / 1440), 6);
    expect(summary.los.byGroup.find((g) => g.id === "elective/hernia")!.meanDays).toBeCloseTo(
      2 + 50 / 1440,
      9,
    );
  });
});

describe("theatre list invariants (property)", () => {
  const config = fc.record({
    // One session a day at most: sessions of one theatre may not overlap (a scenario error).
    sessions: fc.uniqueArray(
      fc.record({
        day: fc.constantFrom("mon", "tue", "wed", "thu", "fri") as fc.Arbitrary<
          "mon" | "tue" | "wed" | "thu" | "fri"
        >,
        from: fc.integer({ min: 7, max: 12 }),
        hours: fc.integer({ min: 2, max: 8 }),
      }),
      { minLength: 1, maxLength: 4, selector: (s) => s.day },
    ),
    referralsPerWeek: fc.integer({ min: 0, max: 30 }),
    meanDuration: fc.integer({ min: 20, max: 180 }),
    beds: fc.integer({ min: 0, max: 8 }),
    dayCase: fc.boolean(),
    patientCancellation: fc.double({ min: 0, max: 0.3, noNaN: true }),
    sessionCancellation: fc.double({ min: 0, max: 0.2, noNaN: true }),
    tolerance: fc.integer({ min: 0, max: 60 }),
    fill: fc.double({ min: 0.5, max: 1.2, noNaN: true }),
    seed: fc.integer({ min: 1, max: 1000 }),
  });

  it("no two cases overlap in a theatre, none starts before its session, cancelled patients return to the list", () => {
    fc.assert(
      fc.property(config, (c) => {
        const pad = (h: number) => `${String(h).padStart(2, "0")}:00`;
        const input: ScenarioInput = {
          name: "property",
          seed: c.seed,
          run: { horizon: "5w" },
          wards: [{ id: "ward", beds: c.beds }],
          community: [ampleService],
          discharge: ampleDischarge,
          electives: {
            procedures: [
              {
                id: "proc",
                specialty: "s",
                referralsPerWeek: c.referralsPerWeek,
                duration: { dist: "lognormal", mean: `${c.meanDuration}min`, sd: `${c.meanDuration / 3}min` },
                dayCase: c.dayCase,
                ...(c.dayCase ? {} : { ward: "ward", los: { dist: "exponential", mean: "2d" } }),
              },
            ],
            theatres: [
              {
                id: "t",
                sessions: c.sessions.map((s) => ({
                  day: s.day,
                  from: pad(s.from),
                  to: pad(s.from + s.hours),
                  specialty: "s",
                })),
              },
            ],
            booking: { plannedFill: c.fill },
            onTheDay: {
              lateStart: { dist: "exponential", mean: "20min" },
              turnaround: { dist: "exponential", mean: "15min" },
              overrunTolerance: `${c.tolerance}min`,
              patientCancellation: c.patientCancellation,
              sessionCancellation: c.sessionCancellation,
            },
            initialWaitingList: [{ procedure: "proc", patients: 40 }],
          },
        };
        const trace: TheatreTrace = { cases: [], cancellations: [] };
        const hospital = new Hospital(scenario(input), { theatreTrace: trace });
        hospital.run();
        const cases = [...trace.cases].sort((a, b) => a.start - b.start);
        for (let i = 0; i < cases.length; i++) {
          const k = cases[i]!;
          expect(k.start).toBeGreaterThanOrEqual(k.sessionStart);
          expect(k.end).toBeGreaterThan(k.start);
          if (i > 0) expect(k.start).toBeGreaterThanOrEqual(cases[i - 1]!.end);
        }
        const operated = new Map<number, number>();
        for (const k of trace.cases)
          operated.set(k.patient, Math.max(operated.get(k.patient) ?? -1, k.start));
        const onList = hospital.theatres!.waitingListIds();
        const booked = hospital.theatres!.bookedIds();
        for (const cancellation of trace.cancellations) {
          const operatedLater = (operated.get(cancellation.patient) ?? -1) >= cancellation.at;
          // Back on the list, or since booked onto a list not yet finished, or operated on.
          expect(operatedLater || onList.has(cancellation.patient) || booked.has(cancellation.patient)).toBe(
            true,
          );
        }
      }),
      { numRuns: 60 },
    );
  });
});
