/**
 * Standard discharge against Discharge to Assess with every duration fixed, so the expected
 * lengths of stay follow by hand:
 *   standard, pathway k ≥ 1: treatment + in-hospital assessment + arranging the package;
 *   D2A, pathway k ≥ 1:      treatment (a place is free at once, and assessment happens outside);
 *   pathway 0, either policy: treatment + the leaving delay.
 */
import { describe, expect, it } from "vitest";
import { simulateScenario } from "../../src/model/run.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { scenario } from "./builders.js";

const TREATMENT_DAYS = 2;
const ASSESSMENT_DAYS = 1;
const LEAVING_DAYS = 3 / 24;
const ARRANGING_DAYS = { p1: 2, p2: 1.5, p3: 3 };

function base(policy: "standard" | "d2a", communityCapacity = 100_000): ScenarioInput {
  return {
    name: `deterministic ${policy}`,
    run: { horizon: "200d", warmup: "20d" },
    wards: [{ id: "acute", beds: 100_000, costPerOccupiedBedDay: 500 }],
    community: [
      {
        id: "home-care",
        kind: "caseload",
        capacity: communityCapacity,
        lengthOfSupport: "10d",
        startDelay: "2d",
        costPerDay: 100,
      },
      { id: "rehab", kind: "beds", capacity: 100_000, lengthOfSupport: "20d", startDelay: "1.5d" },
      { id: "care-home", kind: "beds", capacity: 100_000, lengthOfSupport: "30d", startDelay: "3d" },
      {
        id: "d2a-home",
        kind: "visits",
        capacity: 1_000_000,
        visitsPerDay: [4, 3, 2, 1],
        lengthOfSupport: "10d",
        costPerDay: 100,
      },
      { id: "step-down", kind: "beds", capacity: 100_000, lengthOfSupport: "20d" },
    ],
    groups: [
      {
        id: "medical",
        arrivals: { perDay: 20 },
        stages: [{ ward: "acute", los: `${TREATMENT_DAYS}d` }],
        dischargePathways: { p0: 0.4, p1: 0.3, p2: 0.2, p3: 0.1 },
      },
    ],
    discharge: {
      policy,
      pathway0Delay: "3h",
      standard: {
        assessment: { assessors: 100_000, duration: `${ASSESSMENT_DAYS}d`, costPerAssessment: 200 },
        services: { p1: "home-care", p2: "rehab", p3: "care-home" },
      },
      d2a: {
        assessment: { assessors: 100_000, duration: "2d", costPerAssessment: 150 },
        services: { p1: "d2a-home", p2: "step-down", p3: "step-down" },
      },
    },
  };
}

describe("standard discharge versus D2A, deterministic durations", () => {
  const standard = simulateScenario(scenario(base("standard"))).summary;
  const d2a = simulateScenario(scenario(base("d2a"))).summary;

  it("standard stays are treatment + assessment + arranging (pathways 1–3), treatment + leaving (0)", () => {
    const los = standard.los.byPathway;
    expect(los[0]!.meanDays).toBeCloseTo(TREATMENT_DAYS + LEAVING_DAYS, 9);
    expect(los[1]!.meanDays).toBeCloseTo(TREATMENT_DAYS + ASSESSMENT_DAYS + ARRANGING_DAYS.p1, 9);
    expect(los[2]!.meanDays).toBeCloseTo(TREATMENT_DAYS + ASSESSMENT_DAYS + ARRANGING_DAYS.p2, 9);
    expect(los[3]!.meanDays).toBeCloseTo(TREATMENT_DAYS + ASSESSMENT_DAYS + ARRANGING_DAYS.p3, 9);
    for (const p of los) expect(p.treatmentDays).toBeCloseTo(TREATMENT_DAYS, 9);
  });

  it("D2A removes exactly the in-hospital assessment and the package wait, and leaves pathway 0 alone", () => {
    const s = standard.los.byPathway;
    const d = d2a.los.byPathway;
    expect(d[0]!.meanDays!).toBeCloseTo(s[0]!.meanDays!, 9);
    expect(s[1]!.meanDays! - d[1]!.meanDays!).toBeCloseTo(ASSESSMENT_DAYS + ARRANGING_DAYS.p1, 9);
    expect(s[2]!.meanDays! - d[2]!.meanDays!).toBeCloseTo(ASSESSMENT_DAYS + ARRANGING_DAYS.p2, 9);
    expect(s[3]!.meanDays! - d[3]!.meanDays!).toBeCloseTo(ASSESSMENT_DAYS + ARRANGING_DAYS.p3, 9);
    for (const k of [1, 2, 3]) expect(d[k]!.meanDays!).toBeCloseTo(TREATMENT_DAYS, 9);
  });

  it("attributes the delayed bed-days to their reasons", () => {
    const bedDays = (s: typeof standard, reason: string) =>
      s.delays.find((d) => d.reason === reason)!.bedDays;
    const spells = standard.los.byPathway.map((p) => p.spells);
    expect(bedDays(standard, "assessment")).toBeCloseTo(
      (spells[1]! + spells[2]! + spells[3]!) * ASSESSMENT_DAYS,
      6,
    );
    expect(bedDays(standard, "p1Service")).toBeCloseTo(spells[1]! * ARRANGING_DAYS.p1, 6);
    expect(bedDays(standard, "p3Service")).toBeCloseTo(spells[3]! * ARRANGING_DAYS.p3, 6);
    expect(bedDays(standard, "leaving")).toBeCloseTo(spells[0]! * LEAVING_DAYS, 6);
    expect(bedDays(d2a, "assessment")).toBe(0);
  });

  it("costs a spell its bed-days, its assessment and its support", () => {
    // Pathway 1 under standard: 5 bed-days at £500, one £200 assessment, 10 days of home care at £100.
    const perSpell = standard.costs.byPathway[1]!.perSpell;
    expect(perSpell).toBeCloseTo(5 * 500 + 200 + 10 * 100, 6);
    // Under D2A: 2 bed-days, a £150 assessment at home, 10 days of home support at £100.
    expect(d2a.costs.byPathway[1]!.perSpell).toBeCloseTo(2 * 500 + 150 + 10 * 100, 6);
  });

  it("with community capacity far below demand, D2A's advantage shrinks toward nothing, with a warning", () => {
    // Both policies send pathway 1 to the same 5-place service, offered 6 a day × 10 days = 60.
    const constrained = (policy: "standard" | "d2a") => {
      const input = base(policy, 5);
      input.discharge.d2a.services.p1 = "home-care";
      return simulateScenario(scenario(input)).summary;
    };
    const s = constrained("standard");
    const d = constrained("d2a");
    const advantage =
      (s.los.byPathway[1]!.meanDays! - d.los.byPathway[1]!.meanDays!) / s.los.byPathway[1]!.meanDays!;
    const ampleAdvantage =
      (standard.los.byPathway[1]!.meanDays! - d2a.los.byPathway[1]!.meanDays!) /
      standard.los.byPathway[1]!.meanDays!;
    expect(ampleAdvantage).toBeCloseTo(3 / 5, 9);
    expect(advantage).toBeLessThan(0.1);
    expect(d.warnings.some((w) => w.includes('"home-care"') && w.startsWith("unstable"))).toBe(true);
    expect(s.warnings.some((w) => w.includes('"home-care"') && w.startsWith("unstable"))).toBe(true);
  });
});
