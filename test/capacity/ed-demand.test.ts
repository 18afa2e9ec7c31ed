/** The emergency department in capacity matching: decisions to admit as ward demand, Erlang C for cubicles. */
import { describe, expect, it } from "vitest";
import { edAdmissionRates, matchCubicles } from "../../src/capacity/ed-demand.js";
import { DAY } from "../../src/engine/time.js";
import { estimateLoads } from "../../src/model/stability.js";
import { erlangC } from "../../src/queueing/index.js";
import { edAdmissionsPerDay } from "../../src/scenario/ed-schema.js";
import { ampleDischarge, ampleService, scenario } from "../model/builders.js";

const withEd = scenario({
  name: "ed capacity",
  run: { horizon: "10d" },
  wards: [{ id: "ward", beds: 50 }],
  community: [ampleService],
  groups: [
    {
      id: "medical",
      arrivals: { perDay: 4 },
      stages: [{ ward: "ward", los: "2d" }],
      dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
    },
  ],
  discharge: ampleDischarge,
  ed: {
    cubicles: 12,
    arrivals: {
      walkIn: {
        perDay: 120,
        hourOfDay: [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
        outcomes: { home: 0.7, sdec: 0.2, admit: 0.1 },
        admitTo: "medical",
      },
      ambulance: { perDay: 48, outcomes: { home: 0.5, sdec: 0, admit: 0.5 }, admitTo: "medical" },
    },
    treatment: { duration: "90min" },
  },
});

describe("ED decisions to admit as ward demand", () => {
  it("add each mode's admitted share to the group's admissions, in loads and by hour", () => {
    // 120 × 0.1 + 48 × 0.5 = 36 decisions a day.
    expect(edAdmissionsPerDay(withEd.ed, "medical")).toBeCloseTo(36, 12);
    expect(edAdmissionsPerDay(withEd.ed, "other")).toBe(0);
    const ward = estimateLoads(withEd).find((l) => l.kind === "ward" && l.id === "ward")!;
    // (4 direct + 36 from ED) a day × 2 days' stay.
    expect(ward.offeredLoad).toBeCloseTo(80, 9);
    const rates = edAdmissionRates(withEd.ed, "medical");
    const perDay = (rates.reduce((a, b) => a + b, 0) / 168) * DAY;
    expect(perDay).toBeCloseTo(36, 9);
    // Walk-ins arrive 08:00–16:00 and are decided 90 min later (rounded to 2 h): none decided at 03:00
    // from walk-ins, so the 03:00 rate is the ambulances' alone (flat: 24 a day).
    expect(rates[3]! * DAY).toBeCloseTo(24, 9);
    expect(rates[10]! * DAY).toBeCloseTo(24 + 12 * 3, 9);
  });
});

describe("Erlang C for the cubicles", () => {
  it("at the scenario's cubicles, and the fewest cubicles for under 20% waiting", () => {
    const m = matchCubicles(withEd.ed!);
    // 168 a day = 7 an hour × 1.5 h = 10.5 cubicles of offered load.
    expect(m.offeredLoad).toBeCloseTo(10.5, 12);
    expect(m.probabilityOfWaiting).toBeCloseTo(erlangC(12, 10.5), 12);
    const n = m.cubiclesForTwentyPercentWaiting!;
    expect(erlangC(n, 10.5)).toBeLessThan(0.2);
    expect(erlangC(n - 1, 10.5)).toBeGreaterThanOrEqual(0.2);
    const overloaded = matchCubicles({ ...withEd.ed!, cubicles: 10 });
    expect(overloaded.probabilityOfWaiting).toBeNull();
    expect(overloaded.meanWaitHours).toBeNull();
  });
});
