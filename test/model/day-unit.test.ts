/**
 * Day-case units: trolleys with opening hours instead of ward beds. A fixed list worked by hand,
 * then invariants for any list (fast-check): trolleys never over capacity, everyone kept in takes a
 * ward bed, and every day case is accounted for (home, on a ward, or still on a trolley).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Hospital } from "../../src/model/hospital.js";
import { simulateScenario } from "../../src/model/run.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { ampleDischarge, ampleService, scenario } from "./builders.js";

interface Options {
  trolleys: number;
  wardBeds: number;
  overnight: number;
  recovery: string | { dist: "uniform"; min: string; max: string };
  duration: string | { dist: "uniform"; min: string; max: string };
  closes: string;
  referralsPerWeek: number;
  initial: number;
  weeks: number;
  seed: number;
}

function cataractList(o: Options): ScenarioInput {
  return {
    name: "cataract list",
    seed: o.seed,
    run: { horizon: `${o.weeks}w` },
    wards: [{ id: "eye-ward", beds: o.wardBeds }],
    community: [ampleService],
    discharge: ampleDischarge,
    electives: {
      procedures: [
        {
          id: "cataract",
          specialty: "eyes",
          referralsPerWeek: o.referralsPerWeek,
          duration: o.duration,
          dayCase: true,
          dayUnit: "eye-unit",
          ward: "eye-ward",
          recovery: o.recovery,
          overnight: { probability: o.overnight, los: "16h" },
        },
      ],
      dayUnits: [
        {
          id: "eye-unit",
          trolleys: o.trolleys,
          days: ["mon", "tue", "wed", "thu", "fri"],
          from: "07:30",
          to: o.closes,
        },
      ],
      theatres: [
        {
          id: "t1",
          sessions: [
            { day: "mon", from: "08:00", to: "12:00", specialty: "eyes" },
            { day: "wed", from: "13:00", to: "17:00", specialty: "eyes" },
          ],
        },
      ],
      booking: { plannedFill: 1 },
      initialWaitingList: [{ procedure: "cataract", patients: o.initial }],
    },
  };
}

describe("a day-case list worked by hand", () => {
  // 20-minute cases with no turnaround: 12 a 4-hour session. Recovery 1 hour on a trolley. Monday
  // 08:00 list: cases start every 20 minutes, so at most 4 recover at once (a trolley is held from
  // the start of surgery for 20 + 60 minutes). With 4 trolleys nobody is turned away; with 3, the
  // fourth case (08:60) finds none and is cancelled, then the fifth gets the first one back.
  const base: Options = {
    trolleys: 4,
    wardBeds: 5,
    overnight: 0,
    recovery: "1h",
    duration: "20min",
    closes: "18:00",
    referralsPerWeek: 0,
    initial: 500,
    weeks: 2,
    seed: 3,
  };

  it("sends everyone home when trolleys and hours suffice", () => {
    const { summary } = simulateScenario(scenario(cataractList(base)));
    const unit = summary.theatres!.dayUnits![0]!;
    expect(summary.theatres!.cases).toBe(4 * 12);
    expect(unit.admitted).toBe(48);
    expect(unit.wentHome).toBe(48);
    expect(unit.keptOvernight + unit.stillThereAtClosing).toBe(0);
    expect(summary.theatres!.cancellations.noBed).toBe(0);
    // No ward bed taken: day cases are not admissions.
    expect(summary.unmetDemand.electiveAdmissions).toBe(0);
  });

  it("cancels for want of a trolley, not a ward bed", () => {
    const { summary } = simulateScenario(scenario(cataractList({ ...base, trolleys: 3 })));
    // Each session: cases start at 0, 20 and 40 minutes and hold their trolleys until 80, 100 and
    // 120. The case due at 60 finds none free and is cancelled; a cancellation takes no time, so
    // every later case on the list is tried at 60 too and cancelled: 3 cases and 9 cancellations.
    expect(summary.theatres!.cases).toBe(4 * 3);
    expect(summary.theatres!.cancellations.noBed).toBe(4 * 9);
  });

  it("keeps in overnight everyone still recovering at closing time, on a ward bed", () => {
    // The unit closes at 17:00. A case starting at t leaves at t + 20 + 60 minutes, so on the
    // Wednesday 13:00 list those starting at 16:00, 16:20 and 16:40 are still there at closing
    // (15:40's leaves at 17:00 sharp): 3 a week need a ward bed; the Monday list all go home.
    const { summary } = simulateScenario(scenario(cataractList({ ...base, trolleys: 20, closes: "17:00" })));
    const unit = summary.theatres!.dayUnits![0]!;
    expect(unit.stillThereAtClosing).toBe(2 * 3);
    expect(unit.wentHome).toBe(2 * 21);
    expect(unit.conversionPercent).toBeCloseTo((100 * 6) / 48, 9);
    // Each takes a ward bed (5 beds, 16-hour stays: always free).
    expect(summary.unmetDemand.electiveAdmissions).toBe(2 * 3);
    expect(unit.hoursWaitingOnTrolleyForBed).toBe(0);
  });
});

const optionsArbitrary: fc.Arbitrary<Options> = fc.record({
  trolleys: fc.integer({ min: 1, max: 8 }),
  wardBeds: fc.integer({ min: 0, max: 4 }),
  overnight: fc.double({ min: 0, max: 1, noNaN: true }),
  recovery: fc.constantFrom<Options["recovery"]>("30min", "2h", { dist: "uniform", min: "10min", max: "5h" }),
  duration: fc.constantFrom<Options["duration"]>("15min", { dist: "uniform", min: "10min", max: "40min" }),
  closes: fc.constantFrom("12:30", "17:00", "20:00"),
  referralsPerWeek: fc.integer({ min: 0, max: 40 }),
  initial: fc.integer({ min: 0, max: 60 }),
  weeks: fc.integer({ min: 1, max: 4 }),
  seed: fc.integer({ min: 1, max: 1_000_000 }),
});

describe("day-unit invariants for any list", () => {
  it("never has more trolleys in use than exist; converted patients take ward beds; everyone is counted", () => {
    fc.assert(
      fc.property(optionsArbitrary, (options) => {
        let worst = 0;
        let wardOver = 0;
        const hospital = new Hospital(scenario(cataractList(options)), {
          afterEvent: (h) => {
            const unit = h.dayUnits!.units[0]!;
            worst = Math.max(worst, unit.trolleys.inUse - unit.trolleys.capacity);
            const ward = h.wards[0]!;
            wardOver = Math.max(wardOver, ward.beds.inUse - ward.beds.capacity);
          },
        });
        hospital.run();
        const unit = hospital.dayUnits!.units[0]!;
        expect(worst).toBeLessThanOrEqual(0);
        expect(wardOver).toBeLessThanOrEqual(0);
        // Conservation: every day case is home, moved to a ward, or still on a trolley.
        expect(unit.admitted).toBe(unit.wentHome + unit.movedToWard + unit.trolleys.inUse);
        // Everyone moved to a ward took a ward bed (an elective admission) and nobody else did.
        expect(hospital.electiveAdmissions).toBe(unit.movedToWard);
        // Those waiting for a bed are on trolleys.
        expect(unit.waitingForBed).toBeLessThanOrEqual(unit.trolleys.inUse);
        expect(unit.waitingForBed).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 60 },
    );
  });
});
