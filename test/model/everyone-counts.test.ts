/**
 * Everyone counts, to the end: patients who have not finished when the run ends stay in the
 * figures. Conservation over the reporting window for any scenario, the all-patients figures
 * worked by hand on a gridlocked ward, and the D2A-with-no-community-capacity regression that
 * once read as an improvement.
 */
import { readdirSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { comparisonPermission } from "../../src/model/compare-wording.js";
import { simulateScenario } from "../../src/model/run.js";
import { estimateLoads } from "../../src/model/stability.js";
import type { RunSummary } from "../../src/model/summary.js";
import { readScenarioFile } from "../../src/node/scenario-file.js";
import { validateParsed } from "../../src/scenario/parse.js";
import { type Scenario, type ScenarioInput, scenarioSchema } from "../../src/scenario/schema.js";
import { scenarioArbitrary, scenarioWithInitialStateArbitrary } from "../scenario/arbitraries.js";
import { ampleDischarge, ampleService, scenario } from "./builders.js";

function checkEveryoneCounted(summary: RunSummary): void {
  const u = summary.unmetDemand;
  // Every arrival of the window is admitted, diverted or still waiting: nobody vanishes.
  expect(u.admitted + u.diverted + u.stillWaitingForBed).toBe(u.arrivals);
  // The stock balances over the window, the in-at-start included.
  expect(u.inAtStart.inBeds + u.inAtStart.waitingForBed + u.arrivals + u.electiveAdmissions).toBe(
    u.discharged + u.diverted + u.atEnd.inBeds + u.atEnd.waitingForBed,
  );
  // The end-of-run census (a scan of the patients) agrees with the running counters.
  expect(u.atEnd.inBeds).toBe(summary.conservation.inBeds);
  expect(u.atEnd.waitingForBed).toBe(summary.conservation.waitingForBed);
  expect(u.stillWaitingForBed).toBeLessThanOrEqual(u.atEnd.waitingForBed);
  expect(u.atEnd.inBedPastMedicallyFit).toBeLessThanOrEqual(u.atEnd.inBeds);
  // Wards also count initial-state patients turned away at time zero, who never arrived in the window.
  expect(u.diverted).toBeLessThanOrEqual(summary.wards.reduce((a, w) => a + w.diverted, 0));

  const all = summary.allPatients;
  expect(all.los.completedSpells).toBe(u.discharged);
  expect(all.los.unfinishedSpells).toBe(u.atEnd.inBeds);
  expect(all.timeToBed.stillWaiting).toBe(u.atEnd.waitingForBed);
  expect(all.timeToBed.breaches4h).toBeGreaterThanOrEqual(summary.timeToBed.breaches4h);
  expect(all.timeToBed.breaches12h).toBeGreaterThanOrEqual(summary.timeToBed.breaches12h);
  expect(all.delayedBedDays.total).toBeGreaterThanOrEqual(all.delayedBedDays.completedSpells - 1e-9);
  // Empty sets are null, never 0.
  expect(all.los.completedMeanDays === null).toBe(all.los.completedSpells === 0);
  expect(all.los.unfinishedMeanDaysSoFar === null).toBe(all.los.unfinishedSpells === 0);
  expect(all.timeToBed.stillWaitingMeanHoursSoFar === null).toBe(all.timeToBed.stillWaiting === 0);
  expect(u.admittedPercentOfArrivals === null).toBe(u.arrivals === 0);
  // Unfinished stays that are longer than the completed ones raise the all-patients mean.
  const { completedMeanDays, unfinishedMeanDaysSoFar, allPatientsMeanDaysLowerBound } = all.los;
  if (completedMeanDays !== null && unfinishedMeanDaysSoFar !== null) {
    const lo = Math.min(completedMeanDays, unfinishedMeanDaysSoFar);
    const hi = Math.max(completedMeanDays, unfinishedMeanDaysSoFar);
    expect(allPatientsMeanDaysLowerBound!).toBeGreaterThanOrEqual(lo - 1e-9);
    expect(allPatientsMeanDaysLowerBound!).toBeLessThanOrEqual(hi + 1e-9);
  }
  // The verdict is never missing and always explains itself.
  expect(["stable", "near-edge", "not-stable"]).toContain(summary.stability.verdict);
  expect(summary.stability.evidence.length).toBeGreaterThan(0);
}

const run = (input: ScenarioInput) => simulateScenario(scenarioSchema.parse(input)).summary;

describe("everyone counts: conservation over the reporting window", () => {
  it("admitted + diverted + still waiting = arrivals, for any small scenario", () => {
    fc.assert(
      fc.property(scenarioArbitrary, (input) => checkEveryoneCounted(run(input))),
      { numRuns: 60, seed: 11 },
    );
  });

  it("and with patients already in at the start", () => {
    fc.assert(
      fc.property(scenarioWithInitialStateArbitrary, (input) => checkEveryoneCounted(run(input))),
      { numRuns: 40, seed: 12 },
    );
  });
});

describe("everyone counts in every shipped scenario and variant", () => {
  const files = readdirSync("scenarios").filter((f) => f.endsWith(".yaml"));
  for (const file of files) {
    it(`${file}: the window's arrivals and stock balance, with a warm-up and without`, () => {
      const parsed = readScenarioFile(`scenarios/${file}`);
      const variants = [undefined, ...Object.keys((parsed.raw.variants ?? {}) as object)];
      for (const variant of variants) {
        const loaded = validateParsed(parsed, variant).scenario;
        // Electives, staff and the initial state all feed the identities; a short run is enough.
        for (const warmup of [0, 2 * 1440]) {
          const s: Scenario = { ...loaded, run: { ...loaded.run, warmup, horizon: 10 * 1440 } };
          checkEveryoneCounted(simulateScenario(s).summary);
        }
      }
    }, 120_000);
  }
});

/**
 * Five beds held by patients who stayed 10 days before the run and need 100 in all, and one
 * arrival a day who can never get a bed. Worked by hand: no spell completes, so every
 * completed-spell mean is empty; the five stays have lasted 10 days + the run's length.
 */
function gridlock(warmupDays: number, horizonDays: number): Scenario {
  return scenario({
    name: "gridlock",
    run: { warmup: `${warmupDays}d`, horizon: `${horizonDays}d` },
    wards: [{ id: "ward", beds: 5 }],
    community: [ampleService],
    groups: [
      {
        id: "patients",
        arrivals: { perDay: 1 },
        stages: [{ ward: "ward", los: "100d" }],
        dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
      },
    ],
    discharge: ampleDischarge,
    initialState: { wards: [{ ward: "ward", group: "patients", patients: 5, daysStayed: "10d" }] },
  });
}

describe("everyone counts: a gridlocked ward, by hand", () => {
  it("reports the unfinished, not zeros", () => {
    const { summary } = simulateScenario(gridlock(0, 30), { seed: 3 });
    checkEveryoneCounted(summary);
    const u = summary.unmetDemand;
    expect(u.inAtStart).toEqual({ inBeds: 5, waitingForBed: 0 });
    expect(u.admitted).toBe(0);
    // Poisson(30) arrivals: well away from zero (P(N < 10) < 1e-5).
    expect(u.arrivals).toBeGreaterThanOrEqual(10);
    expect(u.stillWaitingForBed).toBe(u.arrivals);
    expect(u.atEnd).toEqual({ inBeds: 5, waitingForBed: u.arrivals, inBedPastMedicallyFit: 0 });
    const all = summary.allPatients;
    expect(all.los.completedMeanDays).toBeNull();
    expect(all.los.allPatientsMeanDaysLowerBound).toBeCloseTo(10 + 30, 9);
    expect(all.timeToBed.admittedMeanHours).toBeNull();
    // Each waiter has waited (30 days − arrival time); arrivals are spread over the 30 days,
    // so the mean is near 15 days. The completed-only figures have nobody: null, not 0.
    expect(all.timeToBed.allPatientsMeanHoursLowerBound!).toBeGreaterThan(5 * 24);
    expect(summary.timeToBed.meanHours).toBeNull();
    expect(summary.headline.meanLosDays).toBeNull();
    expect(summary.headline.costPerSpell).toBeNull();
    expect(summary.los.overall.meanDays).toBeNull();
    // Only those who arrived in the last 4 (12) hours can have waited less.
    expect(all.timeToBed.fourHourBreachPercent!).toBeGreaterThan(80);
    expect(all.timeToBed.twelveHourBreachPercent!).toBeGreaterThan(80);
    // Boarding: every waiter, integrated over the window, is the sum of their waits.
    expect(u.boardedHours).toBeCloseTo(all.timeToBed.allPatientsMeanHoursLowerBound! * u.arrivals, 6);
    // Costs per patient exist (no cost is set, so 0 per arrival, never NaN or missing).
    expect(summary.costs.perPatient.perArrival).toBe(0);
    expect(summary.costs.perPatient.perAdmission).toBeNull();
    expect(summary.stability.verdict).toBe("not-stable");
    expect(summary.stability.evidence[0]).toBe(`${u.arrivals} patients waiting for a bed at the end`);
  });

  it("counts those who arrived in warm-up and are still waiting as in at start, not as arrivals", () => {
    const { summary } = simulateScenario(gridlock(10, 20), { seed: 4 });
    checkEveryoneCounted(summary);
    const u = summary.unmetDemand;
    expect(u.inAtStart.inBeds).toBe(5);
    expect(u.inAtStart.waitingForBed).toBe(summary.conservation.arrived - u.arrivals);
    expect(u.inAtStart.waitingForBed + u.arrivals).toBe(u.atEnd.waitingForBed);
    expect(summary.allPatients.los.allPatientsMeanDaysLowerBound).toBeCloseTo(10 + 30, 9);
  });

  it("puts the scenario's price on unmet demand into a total", () => {
    const base = gridlock(0, 30);
    const priced = { ...base, costs: { perDiverted: 0, perHourBoarded: 100 } };
    const { summary } = simulateScenario(priced, { seed: 3 });
    const c = summary.costs.unmetDemand;
    expect(c.boarded).toBeCloseTo(100 * summary.unmetDemand.boardedHours, 6);
    expect(c.totalIncludingUnmetDemand).toBeCloseTo(summary.costs.total + c.boarded, 6);
    expect(c.perArrivalIncludingUnmetDemand!).toBeCloseTo(
      c.totalIncludingUnmetDemand / summary.unmetDemand.arrivals,
      6,
    );
  });
});

describe("regression: D2A with no community capacity is not an improvement", () => {
  it("is not stable, and neither its all-patients stay nor its cost per arrival looks better", () => {
    const parsed = readScenarioFile("scenarios/acute-medical.yaml");
    const short = (s: Scenario): Scenario => ({ ...s, run: { ...s.run, warmup: 0, horizon: 60 * 1440 } });
    const standard = short(validateParsed(parsed, "standard").scenario);
    const d2a = short(validateParsed(parsed, "d2a").scenario);
    const d2aZero: Scenario = {
      ...d2a,
      community: d2a.community.map((s) =>
        s.id === "d2a-home" || s.id === "step-down" ? { ...s, capacity: 0 } : s,
      ),
    };
    const a = simulateScenario(standard, { seed: 1 }).summary;
    const b = simulateScenario(d2aZero, { seed: 1 }).summary;
    checkEveryoneCounted(a);
    checkEveryoneCounted(b);
    expect(b.stability.verdict).toBe("not-stable");
    expect(b.stability.evidence.join("; ")).toMatch(/capacity 0/);
    expect(b.allPatients.los.allPatientsMeanDaysLowerBound!).toBeGreaterThanOrEqual(
      a.allPatients.los.allPatientsMeanDaysLowerBound!,
    );
    // Unpriced, gridlock is cheaper per arrival: nobody reaches the community services it lacks.
    // The scenario prices an hour waiting for a bed, and with that it is dearer, as it should be.
    expect(standard.costs.perHourBoarded).toBeGreaterThan(0);
    expect(b.costs.unmetDemand.perArrivalIncludingUnmetDemand!).toBeGreaterThanOrEqual(
      a.costs.unmetDemand.perArrivalIncludingUnmetDemand!,
    );
    expect(b.costs.unmetDemand.totalIncludingUnmetDemand).toBeGreaterThan(
      a.costs.unmetDemand.totalIncludingUnmetDemand,
    );
    expect(b.unmetDemand.atEnd.inBedPastMedicallyFit).toBeGreaterThan(
      a.unmetDemand.atEnd.inBedPastMedicallyFit,
    );
    expect(b.allPatients.delayedBedDays.total).toBeGreaterThan(a.allPatients.delayedBedDays.total);
  }, 120_000);
});

describe("regression: D2A with half the community capacity its demand needs", () => {
  it("is caught by the same rule as zero: not stable, so never compared as better", () => {
    const parsed = readScenarioFile("scenarios/acute-medical.yaml");
    const short = (s: Scenario): Scenario => ({ ...s, run: { ...s.run, warmup: 0, horizon: 60 * 1440 } });
    const standard = short(validateParsed(parsed, "standard").scenario);
    const d2a = short(validateParsed(parsed, "d2a").scenario);
    const offered = new Map(estimateLoads(d2a).map((l) => [l.id, l.offeredLoad]));
    const d2aHalf: Scenario = {
      ...d2a,
      community: d2a.community.map((s) =>
        s.id === "d2a-home" || s.id === "step-down"
          ? { ...s, capacity: Math.floor(0.5 * offered.get(s.id)!) }
          : s,
      ),
    };
    const a = simulateScenario(standard, { seed: 1 }).summary;
    const b = simulateScenario(d2aHalf, { seed: 1 }).summary;
    checkEveryoneCounted(b);
    expect(a.stability.verdict).toBe("stable");
    expect(b.stability.verdict).toBe("not-stable");
    expect(b.stability.evidence.join("; ")).toMatch(
      /d2a-home" is offered [\d.]+ places' worth of work against \d+ \(20\d%\)/,
    );
    const permission = comparisonPermission(
      { name: "standard", stability: a.stability },
      { name: "d2a-half", stability: b.stability },
    );
    expect(permission.allowed).toBe(false);
  }, 120_000);
});
