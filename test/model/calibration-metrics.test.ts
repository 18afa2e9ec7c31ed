/**
 * The figures a calibration compares with published ones, checked on small deterministic runs
 * (patients placed at time zero, constant stays) where every expected value is worked by hand.
 */
import { describe, expect, it } from "vitest";
import { simulateScenario } from "../../src/model/run.js";
import type { Scenario } from "../../src/scenario/schema.js";
import { ampleDischarge, ampleService, scenario } from "./builders.js";

/**
 * Starts on Monday 2026-01-05 00:00 with 10 patients staying 20 h (fit Monday 20:00) and 5
 * staying 44 h (fit Tuesday 20:00), pathway 0 with no leaving delay, discharges only from `from`
 * to 17:00: each leaves at `from` the morning after becoming fit. Nobody arrives.
 */
function fixedStays(from: string, shortStay = "20h", longStay = "44h"): Scenario {
  const group = (id: string, los: string) => ({
    id,
    arrivals: { perDay: 0 },
    stages: [{ ward: "ward", los }],
    dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
  });
  return scenario({
    name: "fixed stays",
    run: { start: "2026-01-05", horizon: "3d" },
    wards: [{ id: "ward", beds: 20 }],
    community: [ampleService],
    groups: [group("short", shortStay), group("long", longStay)],
    discharge: { ...ampleDischarge, hours: { from, to: "17:00" } },
    initialState: {
      wards: [
        { ward: "ward", group: "short", patients: 10, daysStayed: "0h" },
        { ward: "ward", group: "long", patients: 5, daysStayed: "0h" },
      ],
    },
  });
}

describe("patients past their discharge-ready date (08:00 snapshot)", () => {
  it("counts those who became fit on an earlier day, against occupied beds", () => {
    const s = simulateScenario(fixedStays("09:00")).summary;
    // Monday 08:00: 15 in beds, none fit. Tuesday 08:00: 15 in beds, the 10 short stays fit since
    // Monday. Wednesday 08:00: the 5 long stays, fit since Tuesday. (Thursday 08:00 is past the end.)
    expect(s.dischargeReady.snapshots).toBe(3);
    expect(s.dischargeReady.pastReadyMean).toBeCloseTo((0 + 10 + 5) / 3, 12);
    expect(s.dischargeReady.occupiedMean).toBeCloseTo((15 + 15 + 5) / 3, 12);
    expect(s.dischargeReady.pastReadyPercentOfOccupied).toBeCloseTo((100 * 15) / 35, 12);
  });

  it("still counts patients who leave at the very minute of the snapshot", () => {
    // Discharge hours open at 08:00: the backlog leaves at 08:00 but was in its beds at 08:00.
    const s = simulateScenario(fixedStays("08:00")).summary;
    expect(s.dischargeReady.pastReadyMean).toBeCloseTo((0 + 10 + 5) / 3, 12);
  });

  it("does not count a patient fit since earlier the same day", () => {
    // Stays of 3 h and 27 h: fit at 03:00, so at 08:00 they are ready today, not past it.
    const s = simulateScenario(fixedStays("09:00", "3h", "27h")).summary;
    // Monday 08:00: 15 in beds, the 10 short stays fit today (they leave at 09:00). Tuesday
    // 08:00: the 5 long stays, fit today. Wednesday: nobody.
    expect(s.dischargeReady.pastReadyMean).toBe(0);
    expect(s.dischargeReady.occupiedMean).toBeCloseTo((15 + 5 + 0) / 3, 12);
    expect(s.los.overall.sameOrNextDayOfAdmissionPercent).toBe(100);
  });
});

describe("same-day or next-day discharges", () => {
  it("counts, of all discharges, those leaving the day of admission or the next (Sheffield's measure)", () => {
    const s = simulateScenario(fixedStays("09:00")).summary;
    // Admitted Monday; short stays leave Tuesday 09:00 (next day), long stays Wednesday 09:00.
    expect(s.los.overall.spells).toBe(15);
    expect(s.los.overall.sameOrNextDayOfAdmissionPercent).toBeCloseTo((100 * 10) / 15, 12);
    expect(s.los.byGroup.map((g) => g.sameOrNextDayOfAdmissionPercent)).toEqual([100, 0]);
    // Everyone leaves the morning after becoming fit.
    expect(s.los.overall.sameOrNextDayOfReadyPercent).toBe(100);
  });
});

describe("discharges by weekday and hour", () => {
  it("puts each discharge on its day of the week and hour of the day", () => {
    const s = simulateScenario(fixedStays("09:00")).summary;
    expect(s.dischargesByWeekday).toEqual([0, 10, 5, 0, 0, 0, 0]); // Tuesday, Wednesday
    const byHour = new Array(24).fill(0);
    byHour[9] = 15;
    expect(s.dischargesByHour).toEqual(byHour);
  });

  it("reports length of stay by group", () => {
    const s = simulateScenario(fixedStays("09:00")).summary;
    // Short: Monday 00:00 to Tuesday 09:00 = 33 h; long: to Wednesday 09:00 = 57 h.
    expect(s.los.byGroup.map((g) => g.meanDays)).toEqual([33 / 24, 57 / 24]);
  });
});
