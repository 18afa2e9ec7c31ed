/**
 * Patient activation: its effects on emergency demand, length of stay and readmission arise from
 * the multipliers given, on streams of their own, so a share of 0 changes nothing else at all.
 */
import { describe, expect, it } from "vitest";
import { simulateScenario } from "../../src/model/run.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { ampleDischarge, ampleService, scenario } from "./builders.js";

type Activation = NonNullable<ScenarioInput["groups"]>[number]["activation"];

function medical(activation: Activation, los = "4d"): ScenarioInput {
  return {
    name: "activation",
    seed: 41,
    run: { horizon: "365d", warmup: "30d" },
    wards: [{ id: "ward", beds: 500 }],
    community: [ampleService],
    groups: [
      {
        id: "copd",
        arrivals: { perDay: 20 },
        stages: [{ ward: "ward", los }],
        dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
        readmission: { standard: { p0: 0.2 } },
        ...(activation ? { activation } : {}),
      },
    ],
    discharge: ampleDischarge,
  };
}

const effect = (factor: number) => ({ factor, source: "assumed (test)" });

describe("patient activation", () => {
  it("with a share of 0 leaves every other figure exactly as without it", () => {
    const without = simulateScenario(scenario(medical(undefined))).summary;
    const none = simulateScenario(
      scenario(
        medical({
          share: 0,
          emergencyDemand: effect(0.5),
          lengthOfStay: effect(0.5),
          readmission: effect(0.5),
        }),
      ),
    ).summary;
    const { activation, ...rest } = none;
    expect(activation![0]!.avoidedAdmissions).toBe(0);
    expect(rest).toEqual(without);
  });

  it("thins emergency admissions by the demand factor", () => {
    // All activated, factor 0.7: each arrival is admitted with probability 0.7. Over n ≈ 7,300
    // arrivals the admitted share has sd √(0.7·0.3/n) ≈ 0.0054; 4 sd either side.
    const s = simulateScenario(scenario(medical({ share: 1, emergencyDemand: effect(0.7) }))).summary;
    const avoided = s.activation![0]!.avoidedAdmissions;
    const firstArrivals = s.unmetDemand.arrivals - s.headline.readmissions;
    const n = firstArrivals + avoided;
    expect(Math.abs(firstArrivals / n - 0.7)).toBeLessThan(4 * Math.sqrt((0.7 * 0.3) / n));
  });

  it("shortens an activated patient's stay by its factor, exactly", () => {
    // A fixed 4-day stay, nothing holding discharge up: activated patients stay 4 × 0.75 = 3 days.
    const s = simulateScenario(scenario(medical({ share: 1, lengthOfStay: effect(0.75) }))).summary;
    expect(s.los.overall.meanDays).toBeCloseTo(3, 9);
  });

  it("cuts readmissions by its factor", () => {
    // Readmission probability 0.2 × 0.5 = 0.1 per discharge: binomial over the discharges.
    const s = simulateScenario(scenario(medical({ share: 1, readmission: effect(0.5) }))).summary;
    const discharges = s.los.overall.spells;
    const rate = s.headline.readmissions / discharges;
    expect(Math.abs(rate - 0.1)).toBeLessThan(4 * Math.sqrt((0.1 * 0.9) / discharges));
  });

  it("refuses a demand factor above 1 (activation avoids admissions; it does not make them)", () => {
    expect(() => scenario(medical({ share: 0.5, emergencyDemand: effect(1.2) }))).toThrow(/at most 1/);
  });
});
