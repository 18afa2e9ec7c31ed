/**
 * The elective waiting list in the stability verdict: referrals above what the lists can do make
 * a run not stable, with the list's growth in plain words; referrals well below it leave it stable.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { simulateScenario } from "../../src/model/run.js";
import { NEAR_EDGE_LOAD, type StabilityFacts, stabilityVerdict } from "../../src/model/stability.js";
import { treatedFewerWords } from "../../src/model/treated-fewer.js";
import { electiveListLoads, listGrowth, listGrowthWarnings } from "../../src/model/waiting-list-stability.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { ampleDischarge, ampleService, scenario } from "./builders.js";

/**
 * One Monday list of 240 minutes, 50-minute day cases, 20 minutes' late start, 10 minutes'
 * turnaround, 15 minutes' tolerance: it books 240 / 50 = 4.8 cases but fits (240 + 15 − 20) /
 * (50 + 10) = 3.92 a week, so that is its capacity.
 */
const CAPACITY_PER_WEEK = 235 / 60;

function oneList(referralsPerWeek: number, seed = 1): ScenarioInput {
  return {
    name: "one list",
    seed,
    run: { horizon: "26w", warmup: "4w" },
    wards: [{ id: "surgical", beds: 100 }],
    community: [ampleService],
    discharge: ampleDischarge,
    electives: {
      procedures: [
        { id: "hernia", specialty: "general", referralsPerWeek, duration: "50min", dayCase: true },
      ],
      theatres: [{ id: "t1", sessions: [{ day: "mon", from: "08:00", to: "12:00", specialty: "general" }] }],
      booking: { plannedFill: 1 },
      onTheDay: { lateStart: "20min", turnaround: "10min", overrunTolerance: "15min" },
      costs: { perTheatreMinute: 20 },
    },
  };
}

describe("referrals against the operations the lists can do", () => {
  it("takes the fewer of what the lists book and what fits once late starts and turnarounds are taken", () => {
    const [load] = electiveListLoads(scenario(oneList(3)).electives!);
    expect(load!.specialty).toBe("general");
    expect(load!.referralsPerWeek).toBe(3);
    expect(load!.operationsPerWeek).toBeCloseTo(CAPACITY_PER_WEEK, 9);
  });
});

describe("a simulated theatre list", () => {
  it("with referrals twice what the lists can do is not stable, and says the list grew", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const { summary } = simulateScenario(scenario(oneList(2 * CAPACITY_PER_WEEK, seed)));
        expect(summary.stability.verdict).toBe("not-stable");
        const text = summary.stability.evidence.join("; ");
        expect(text).toMatch(
          /the waiting list for general grew from \d+ to \d+ over the run, with referrals \d+ a week against \d+ operations a week done/,
        );
        expect(text).toMatch(
          /general: referrals 8 a week against 4 operations a week the lists can do \(200%\)/,
        );
      }),
      { numRuns: 4, seed: 11 },
    );
  });

  it("with referrals at half what the lists can do is stable, naming the list's load", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), (seed) => {
        const { summary } = simulateScenario(scenario(oneList(CAPACITY_PER_WEEK / 2, seed)));
        expect(summary.stability.verdict).toBe("stable");
        expect(summary.stability.evidence.join("; ")).toContain(
          "general: referrals 2 a week against 4 operations a week the lists can do (50%)",
        );
      }),
      { numRuns: 4, seed: 12 },
    );
  });
});

const base: StabilityFacts = {
  complete: true,
  stopReason: "until",
  warnings: [],
  loads: [],
  waitingForBedAtEnd: 0,
  divertedPercentOfArrivals: 0,
};

describe("the verdict from the lists", () => {
  it("is not stable at or above capacity, near the edge from NEAR_EDGE_LOAD, stable below", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 3, noNaN: true }), (ratio) => {
        const loads = [{ specialty: "general", referralsPerWeek: 40 * ratio, operationsPerWeek: 40 }];
        const { verdict } = stabilityVerdict({ ...base, electiveLists: { loads } });
        const expected = ratio >= 1 ? "not-stable" : ratio >= NEAR_EDGE_LOAD ? "near-edge" : "stable";
        expect(verdict).toBe(expected);
      }),
    );
  });

  it("a list that grew beyond chance is not stable even when the lists could do the work", () => {
    const loads = [{ specialty: "ophthalmology", referralsPerWeek: 38, operationsPerWeek: 46 }];
    const growth = { atStart: 362, atEnd: 893, referrals: 962, operations: 442, weeks: 26, grew: true };
    const warnings = listGrowthWarnings(growth, loads);
    expect(warnings).toHaveLength(1);
    const s = stabilityVerdict({ ...base, warnings, electiveLists: { loads } });
    expect(s.verdict).toBe("not-stable");
    expect(s.evidence[0]).toBe(
      "the waiting list for ophthalmology grew from 362 to 893 over the run, with referrals 37 a week against 17 operations a week done",
    );
    expect(listGrowthWarnings({ ...growth, grew: false }, loads)).toEqual([]);
  });
});

describe("listGrowth", () => {
  it("never calls a list that ended no longer than it started grown", () => {
    fc.assert(
      fc.property(
        fc.array(fc.nat(2000), { minLength: 8, maxLength: 60 }),
        fc.nat(5000),
        fc.nat(5000),
        (sizes, referrals, operations) => {
          const series = sizes.map((size) => ({ size }));
          const atEnd = Math.min(sizes[sizes.length - 1]!, sizes[0]!);
          expect(listGrowth(series, atEnd, referrals, operations)!.grew).toBe(false);
        },
      ),
    );
  });

  it("calls a steady rise of three standard deviations grown, and one just under it not", () => {
    // 400 referred and 300 operated on: chance is 3·√700 ≈ 79.4 patients.
    const rising = (to: number) =>
      Array.from({ length: 20 }, (_, i) => ({ size: 100 + (i * (to - 100)) / 19 }));
    expect(listGrowth(rising(180), 180, 400, 300)!.grew).toBe(true);
    expect(listGrowth(rising(179), 179, 400, 300)!.grew).toBe(false);
  });

  it("does not judge runs under eight weeks", () => {
    expect(listGrowth([{ size: 0 }, { size: 500 }], 900, 10, 0)).toBeNull();
  });
});

describe("treatedFewerWords", () => {
  it("names the operations and first appointments a variant did not do, and those left waiting", () => {
    const words = treatedFewerWords(
      "day-case",
      { operations: 1144, electiveListAtEnd: 131, firstAppointments: 500, waitingFirstAtEnd: 20 },
      "fewer-trolleys",
      { operations: 965.4, electiveListAtEnd: 336, firstAppointments: 450, waitingFirstAtEnd: 90 },
    );
    expect(words).toBe(
      "but fewer-trolleys operated on 179 fewer patients than day-case (965 against 1,144), with 336 still on the " +
        "elective waiting list at the end against 131, and saw 50 fewer patients at a first outpatient appointment " +
        "(450 against 500), with 90 still waiting for a first appointment at the end against 20",
    );
  });

  it("says nothing when the variant treated as many or more, or fewer by under 1%, or counts are missing", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 100, max: 100_000 }),
        fc.double({ min: 0, max: 0.0099, noNaN: true }),
        (b, cut) => {
          const variant = Math.round(b * (1 - cut) * 1000) / 1000;
          expect(treatedFewerWords("a", { operations: b }, "b", { operations: variant })).toBeNull();
          expect(treatedFewerWords("a", { operations: b }, "b", { operations: b + 5 })).toBeNull();
          expect(treatedFewerWords("a", { operations: b }, "b", {})).toBeNull();
        },
      ),
    );
    expect(treatedFewerWords("a", { operations: 1000 }, "b", { operations: 990 })).toContain(
      "10 fewer patients",
    );
  });
});
