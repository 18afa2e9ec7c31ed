/**
 * Properties of the hospital model over random valid scenarios: whatever the wards, services,
 * groups and policy, the bookkeeping must hold at every single event, not only at the end (an
 * end-of-run check would miss a bed double-booked for an hour and then freed). The scenarios are
 * small (1–15 beds, 10–40 days) so that wards fill, queues form, patients are diverted and wait
 * for community services in most cases.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DAY } from "../../src/engine/time.js";
import { Hospital } from "../../src/model/hospital.js";
import { CommunityStage } from "../../src/model/patient.js";
import { type RunResult, type RunSummary, summarise } from "../../src/model/summary.js";
import { loadScenarioText } from "../../src/scenario/parse.js";
import { ScenarioError } from "../../src/scenario/problems.js";
import { type Scenario, type ScenarioInput, scenarioSchema } from "../../src/scenario/schema.js";
import { scenarioArbitrary, scenarioWithInitialStateArbitrary } from "../scenario/arbitraries.js";

/** An invariant broken during a run; thrown from afterEvent so the run stops at the first one. */
class InvariantError extends Error {}

function check(condition: boolean, message: () => string): void {
  // Plain comparisons, not expect(): this runs after every event of hundreds of runs.
  if (!condition) throw new InvariantError(message());
}

/**
 * Patients in = patients accounted for. Elective admissions (theatre lists) are an inflow too;
 * the generated scenarios have none, so for them the identity is the emergency one.
 */
function conservationHolds(h: Hospital): boolean {
  return (
    h.initialPatients + h.arrived + h.electiveAdmissions ===
    h.discharged + h.patientsInBeds() + h.waitingForBed + h.diverted
  );
}

function describeCounts(h: Hospital): string {
  return (
    `initial ${h.initialPatients} + arrived ${h.arrived} + electives ${h.electiveAdmissions} vs ` +
    `discharged ${h.discharged} + in beds ` +
    `${h.patientsInBeds()} + waiting ${h.waitingForBed} + diverted ${h.diverted}`
  );
}

/** The checks that must hold after every event (and before the first and after the last). */
function checkStep(h: Hospital, scenario: Scenario, previousNow: number): void {
  const now = h.sim.now;
  check(now >= previousNow, () => `the clock went back from ${previousNow} to ${now}`);
  h.wards.forEach((ward, i) => {
    const beds = ward.beds;
    // No bed schedules are generated, so the capacity must stay what the file says.
    const capacity = scenario.wards[i]!.beds;
    check(
      beds.capacity === capacity,
      () => `ward ${ward.id}: capacity ${beds.capacity}, file says ${capacity}`,
    );
    // patients ≤ inUse: a bed being cleaned is in use but holds nobody; never the reverse.
    check(
      0 <= ward.patients && ward.patients <= beds.inUse && beds.inUse <= beds.capacity,
      () =>
        `ward ${ward.id} at ${now}: patients ${ward.patients}, beds in use ${beds.inUse}, capacity ${beds.capacity}`,
    );
    // maxWaiting limits new patients waiting (not transfers from other wards' beds).
    check(
      0 <= ward.newPatientsWaiting && ward.newPatientsWaiting <= ward.maxWaiting,
      () => `ward ${ward.id}: ${ward.newPatientsWaiting} new patients waiting, maxWaiting ${ward.maxWaiting}`,
    );
  });
  check(h.waitingForBed >= 0, () => `waitingForBed is ${h.waitingForBed}`);
  const newWaiting = h.wards.reduce((a, w) => a + w.newPatientsWaiting, 0);
  check(
    newWaiting === h.waitingForBed,
    () => `wards count ${newWaiting} new patients waiting, the hospital ${h.waitingForBed}`,
  );
  check(conservationHolds(h), () => `patients not conserved at ${now}: ${describeCounts(h)}`);
  // After discharge into the community: nobody counted below zero, and a kept community place
  // belongs to someone waiting for the decision or the onward place.
  for (let stage = CommunityStage.FirstService; stage <= CommunityStage.Done; stage++) {
    check(
      h.communityStages[stage]! >= 0,
      () => `community stage ${stage} counts ${h.communityStages[stage]}`,
    );
  }
  const kept = h.services.reduce((a, s) => a + s.heldNow, 0);
  const waitingAfterSupport =
    h.communityStages[CommunityStage.AwaitingDecision]! + h.communityStages[CommunityStage.WaitingOnward]!;
  check(kept <= waitingAfterSupport, () => `${kept} community places kept, ${waitingAfterSupport} waiting`);
  for (const service of h.services) {
    check(
      service.waitingNow >= 0 && service.inServiceNow >= 0,
      () => `service ${service.id}: waiting ${service.waitingNow}, in service ${service.inServiceNow}`,
    );
    check(
      0 <= service.heldNow && service.heldNow <= service.inServiceNow,
      () => `service ${service.id}: ${service.heldNow} places kept, ${service.inServiceNow} in use`,
    );
    if (service.kind !== "visits") {
      // A caseload or bed service holds one place per person from grant to end of support.
      check(
        service.inServiceNow <= service.capacity,
        () => `service ${service.id}: ${service.inServiceNow} in service, capacity ${service.capacity}`,
      );
    }
  }
}

interface CheckedRun {
  hospital: Hospital;
  result: RunResult;
  events: number;
}

/** Runs a scenario with the per-event checks; returns the hospital for end-of-run checks. */
function runChecked(scenario: Scenario, seed?: number): CheckedRun {
  let previousNow = 0;
  let events = 0;
  const hospital = new Hospital(scenario, {
    ...(seed !== undefined ? { seed } : {}),
    afterEvent: (h) => {
      checkStep(h, scenario, previousNow);
      previousNow = h.sim.now;
      events++;
    },
  });
  hospital.run();
  checkStep(hospital, scenario, previousNow);
  return { hospital, result: summarise(hospital, scenario.name, "baseline"), events };
}

/** Every number in a value, with its path (for "no NaN, no Infinity" and "no negative cost"). */
function numbersIn(value: unknown, path = "summary"): [string, number][] {
  if (typeof value === "number") return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => numbersIn(v, `${path}[${i}]`));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => numbersIn(v, `${path}.${k}`));
  }
  return [];
}

function checkEnd(run: CheckedRun): void {
  const { hospital: h, result } = run;
  const summary = result.summary;
  expect(h.stopReason).not.toBe("event-limit");
  // The run covers warm-up plus horizon exactly, even when the event list empties earlier.
  expect(h.sim.now).toBe(h.end);
  expect(summary.events).toBe(run.events);

  expect(summary.conservation).toMatchObject({
    initialPatients: h.initialPatients,
    arrived: h.arrived,
    discharged: h.discharged,
    diverted: h.diverted,
    inBeds: h.patientsInBeds(),
    waitingForBed: h.waitingForBed,
  });
  const c = summary.conservation;
  expect(c.electiveAdmissions).toBe(0);
  expect(c.initialPatients + c.arrived).toBe(c.discharged + c.inBeds + c.waitingForBed + c.diverted);

  // LOS ≥ treatment for every spell: the per-spell delay (LOS − treatment) is never negative...
  const delay = h.metrics.overall.delay;
  if (delay.count > 0) expect(delay.min).toBeGreaterThanOrEqual(0);
  // ...so every mean LOS is at least its mean treatment, and is treatment + delay.
  const figures = [summary.los.overall, ...summary.los.byGroup, ...summary.los.byPathway];
  for (const f of figures) {
    // No spells, no averages: null, never a 0 that reads as a zero-day stay.
    if (f.spells === 0) {
      expect([f.meanDays, f.medianDays, f.p90Days, f.treatmentDays, f.delayDays, f.costPerSpell]).toEqual(
        Array(6).fill(null),
      );
      continue;
    }
    expect(f.meanDays!).toBeGreaterThanOrEqual(f.treatmentDays! - 1e-9);
    expect(f.delayDays!).toBeGreaterThanOrEqual(0);
    expect(Math.abs(f.meanDays! - (f.treatmentDays! + f.delayDays!))).toBeLessThan(1e-6);
    expect(f.p90Days!).toBeGreaterThanOrEqual(0);
  }
  // Spells counted after warm-up cannot exceed patients who left.
  expect(summary.los.overall.spells).toBeLessThanOrEqual(h.discharged);
  expect(summary.los.byPathway.reduce((a, p) => a + p.spells, 0)).toBe(summary.los.overall.spells);

  // No figure is NaN or infinite (they end up in JSON, where NaN silently becomes null).
  const notFinite = numbersIn(summary).filter(([, x]) => !Number.isFinite(x));
  expect(notFinite).toEqual([]);

  // Costs are never negative, in total or in any part.
  const costs: [string, number][] = [
    ...numbersIn(summary.costs, "costs"),
    ...summary.wards.map((w): [string, number] => [`wards.${w.id}.cost`, w.cost]),
    ...summary.services.map((s): [string, number] => [`services.${s.id}.cost`, s.cost]),
    ...summary.assessments.map((a): [string, number] => [`assessments.${a.policy}.cost`, a.cost]),
    ...figures.map((f, i): [string, number] => [`los[${i}].costPerSpell`, f.costPerSpell ?? 0]),
    ["headline.totalCost", summary.headline.totalCost],
  ];
  expect(costs.filter(([, x]) => x < 0)).toEqual([]);
  // The total is the sum of its parts (whatever parts there are: beds, community, assessments...).
  const {
    total,
    perSpell: _perSpell,
    byPathway: _byPathway,
    perPatient: _perPatient,
    unmetDemand: _unmetDemand,
    ...parts
  } = summary.costs;
  expect(total).toBeCloseTo(
    Object.values(parts).reduce((a, b) => a + b, 0),
    6,
  );

  // Occupancy figures stay within the beds.
  summary.wards.forEach((w, i) => {
    const beds = h.scenario.wards[i]!.beds;
    expect(w.occupancyMax).toBeLessThanOrEqual(beds);
    expect(w.occupancyMean).toBeLessThanOrEqual(beds + 1e-9);
    expect(w.occupancyRate).toBeLessThanOrEqual(1 + 1e-9);
  });
  // One daily row per observed day.
  expect(result.daily).toHaveLength(Math.ceil((h.end - h.warmup) / DAY - 1e-9));

  // The same spells and admissions, counted in different places, agree: including those at the
  // instant warm-up ends and at the run's very last instant (both once lost; see the regressions).
  const spells = summary.los.overall.spells;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  expect(sum(summary.dischargesByWeekday)).toBe(spells);
  expect(sum(result.daily.map((d) => d.discharges))).toBe(spells);
  expect(sum(result.daily.map((d) => d.admissions))).toBe(summary.timeToBed.admissions);
  expect(summary.timeToBed.breaches12h).toBeLessThanOrEqual(summary.timeToBed.breaches4h);
  expect(summary.timeToBed.breaches4h).toBeLessThanOrEqual(summary.timeToBed.admissions);
  // Bed-days lost to delay: by reason, by ward and per spell are three views of one total.
  const delayByReason = sum(summary.delays.map((d) => d.bedDays));
  expect(delayByReason).toBeGreaterThanOrEqual(0);
  expect((summary.los.overall.delayDays ?? 0) * spells).toBeCloseTo(delayByReason, 6);
  expect(sum(summary.wards.map((w) => w.delayedBedDays))).toBeCloseTo(delayByReason, 6);
  // Every admission is to some ward (transfers count there too, so ≥).
  expect(sum(summary.wards.map((w) => w.admissions))).toBeGreaterThanOrEqual(summary.timeToBed.admissions);
  for (const w of summary.wards) expect(w.outlierAdmissions).toBeLessThanOrEqual(w.admissions);
}

const parse = (input: ScenarioInput): Scenario => scenarioSchema.parse(input);

/** The summary without the seed it was run with (which differs trivially between seeds). */
function withoutSeed(summary: RunSummary): Omit<RunSummary, "seed"> {
  const { seed: _seed, ...rest } = summary;
  return rest;
}

describe("hospital model properties (random valid scenarios)", () => {
  it("generates scenarios that the schema accepts", () => {
    // The generator is the premise of every property below: if it drifted from the schema the
    // properties would be testing the parse error instead.
    fc.assert(
      fc.property(scenarioWithInitialStateArbitrary, (input) => {
        const result = scenarioSchema.safeParse(input);
        expect(result.success ? [] : result.error.issues).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("keeps beds, occupancy, the clock and patient counts consistent at every event", () => {
    fc.assert(
      fc.property(scenarioArbitrary, (input) => {
        const run = runChecked(parse(input));
        checkEnd(run);
      }),
      { numRuns: 800 },
    );
  });

  it("keeps the invariants when the run starts with patients in beds and in services", () => {
    let withOverflow = 0;
    fc.assert(
      fc.property(scenarioWithInitialStateArbitrary, (input) => {
        const scenario = parse(input);
        const run = runChecked(scenario);
        checkEnd(run);
        const initial = scenario.initialState!;
        // Every initial patient in a ward entry or waiting for a service is counted, once.
        const expected =
          initial.wards.reduce((a, e) => a + e.patients, 0) +
          initial.community.reduce((a, e) => a + (e.waitingInWard?.patients ?? 0), 0);
        expect(run.hospital.initialPatients).toBe(expected);
        if (run.hospital.initialOverflow > 0) withOverflow++;
      }),
      { numRuns: 400 },
    );
    // The generator must reach the case where the initial state overfills a ward.
    expect(withOverflow).toBeGreaterThan(0);
  });

  it("gives identical summaries for the same seed and different ones for another seed", () => {
    fc.assert(
      fc.property(scenarioArbitrary, fc.integer({ min: 0, max: 2 ** 31 - 1 }), (input, seed) => {
        const scenario = parse(input);
        const first = runChecked(scenario, seed).result;
        const again = runChecked(scenario, seed).result;
        expect(JSON.stringify(again)).toBe(JSON.stringify(first));
        // Only a run with admissions after warm-up has anything random to show.
        fc.pre(first.summary.timeToBed.admissions > 0);
        const other = runChecked(scenario, seed + 1).result;
        expect(withoutSeed(other.summary)).not.toEqual(withoutSeed(first.summary));
      }),
      { numRuns: 150 },
    );
  });

  it("uses the scenario's own seed when none is given", () => {
    fc.assert(
      fc.property(scenarioArbitrary, (input) => {
        const scenario = parse(input);
        const own = runChecked(scenario).result.summary;
        const explicit = runChecked(scenario, scenario.seed).result.summary;
        expect(own.seed).toBe(scenario.seed);
        expect(JSON.stringify(explicit)).toBe(JSON.stringify(own));
      }),
      { numRuns: 20 },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Regressions: bugs the properties above found, each pinned by its minimal reproduction (they
// were it.fails while the bug was there). The comment says what was wrong.

const SERVICES_AND_DISCHARGE = (policy: "standard" | "d2a", service: string) => `
discharge:
  policy: ${policy}
  standard: { assessment: { assessors: 1, duration: 1h }, services: { p1: ${service}, p2: ${service}, p3: ${service} } }
  d2a: { assessment: { assessors: 1, duration: 1h }, services: { p1: ${service}, p2: ${service}, p3: ${service} } }
`;

const load = (yaml: string): Scenario => loadScenarioText(yaml, "repro.yaml").scenario;

/**
 * Three medically fit patients waiting in beds for a visits service that starts one package a
 * day at midnight: they leave at t = 0, 1 day and 2 days exactly. Deterministic.
 */
function leavesAtMidnights(run: string): Scenario {
  return load(`name: Leaves at midnight
run: ${run}
wards: [{ id: w, beds: 5 }]
community: [{ id: visits, kind: visits, capacity: 1, visitsPerDay: [1], lengthOfSupport: 1d }]
groups:
  - { id: g, arrivals: { perDay: 0 }, stages: [{ ward: w, los: 1h }], dischargePathways: { p0: 0, p1: 1, p2: 0, p3: 0 } }
initialState:
  community: [{ service: visits, waitingInWard: { ward: w, group: g, patients: 3 } }]
${SERVICES_AND_DISCHARGE("d2a", "visits")}`);
}

describe("regressions found by the properties", () => {
  // Was: endOfStage asked for a NEW bed even when the next stage is on the ward the patient is
  // already in, so a ward whose beds all held patients between two stages on it gridlocked.
  it("a group with two consecutive stages on one ward keeps discharging", () => {
    const scenario = load(`name: Same ward twice
seed: 1
run: { horizon: 20d }
wards: [{ id: amu, beds: 2 }]
community: [{ id: home, kind: caseload, capacity: 2, lengthOfSupport: 3d }]
groups:
  - id: g
    arrivals: { perDay: 6 }
    stages: [{ ward: amu, los: 6h }, { ward: amu, los: 6h }]
    dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 }
${SERVICES_AND_DISCHARGE("standard", "home")}`);
    const { hospital } = runChecked(scenario);
    // 2 beds, 12-hour stays: about 4 discharges a day are possible; today there are none.
    expect(hospital.discharged).toBeGreaterThan(20);
  });

  // Was: the schema accepted { dist: normal } (and truncnormal without min ≥ 0) for durations;
  // a negative draw reached sim.schedule, which threw "delay must be ≥ 0 minutes" mid-run.
  it("a duration distribution the schema accepts never produces a negative time", () => {
    const yaml = `name: Normal stay
run: { horizon: 10d }
wards: [{ id: w, beds: 5 }]
community: [{ id: home, kind: caseload, capacity: 2, lengthOfSupport: 3d }]
groups:
  - id: g
    arrivals: { perDay: 4 }
    stages: [{ ward: w, los: { dist: normal, mean: 1h, sd: 3h } }]
    dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 }
${SERVICES_AND_DISCHARGE("standard", "home")}`;
    let scenario: Scenario;
    try {
      scenario = load(yaml);
    } catch (error) {
      // Refusing it at validation is a fix too.
      expect(error).toBeInstanceOf(ScenarioError);
      return;
    }
    expect(() => runChecked(scenario)).not.toThrow();
  });

  // Was: requestBed compared ward.beds.queueLength (which includes patients in other wards' beds
  // waiting to transfer here) with maxWaiting, documented as the most NEW patients who may wait.
  it("diverts a new patient only when maxWaiting new patients already wait", () => {
    const scenario = load(`name: maxWaiting and transfers
seed: 3
run: { horizon: 10d }
wards:
  - { id: a, beds: 5 }
  - { id: b, beds: 1, maxWaiting: 1 }
community: [{ id: home, kind: caseload, capacity: 2, lengthOfSupport: 3d }]
groups:
  - id: transfer
    arrivals: { perDay: 0 }
    stages: [{ ward: a, los: 1h }, { ward: b, los: 1d }]
    dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 }
  - id: direct
    arrivals: { perDay: 6 }
    stages: [{ ward: b, los: 10d }]
    dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 }
initialState:
  wards:
    - { ward: b, group: direct, patients: 1, daysStayed: 0min }
    - { ward: a, group: transfer, patients: 1, daysStayed: 0min }
${SERVICES_AND_DISCHARGE("standard", "home")}`);
    // Ward a never fills, so every new patient waiting is waiting for ward b.
    const early: number[] = [];
    let diverted = 0;
    const hospital = new Hospital(scenario, {
      afterEvent: (h) => {
        if (h.diverted > diverted && h.waitingForBed < 1) early.push(h.sim.now);
        diverted = h.diverted;
      },
    });
    hospital.run();
    expect(hospital.diverted).toBeGreaterThan(0);
    expect(early).toEqual([]);
  });

  // Was: initialState.community[].inService above capacity both counted as in service and
  // queued for a place, so a caseload of 2 showed 5 in service (and 3 waiting), unwarned.
  it("never has more people in a caseload than its capacity, initial state included", () => {
    const yaml = `name: Over-full initial caseload
run: { horizon: 10d }
wards: [{ id: w, beds: 5 }]
community: [{ id: home, kind: caseload, capacity: 2, lengthOfSupport: 30d }]
groups:
  - { id: g, arrivals: { perDay: 0 }, stages: [{ ward: w, los: 4h }], dischargePathways: { p0: 0, p1: 1, p2: 0, p3: 0 } }
initialState:
  community: [{ service: home, inService: 5 }]
${SERVICES_AND_DISCHARGE("standard", "home")}`;
    let scenario: Scenario;
    try {
      scenario = load(yaml);
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError);
      return;
    }
    const hospital = new Hospital(scenario);
    hospital.run();
    expect(hospital.services[0]!.inService.max).toBeLessThanOrEqual(2);
  });

  // Was: the warm-up reset ran AFTER the other events at t = warmup, which the hospital's metrics
  // had counted (now >= warmup) and the reset then wiped from the wards' own figures.
  it("counts a spell ending at the instant warm-up ends in its ward's figures too", () => {
    const { result } = runChecked(leavesAtMidnights("{ warmup: 1d, horizon: 3d }"));
    const s = result.summary;
    // Patients leave at 1 day (delay 1 day) and 2 days (delay 2 days); both are after warm-up.
    expect(s.los.overall.spells).toBe(2);
    expect(s.delays.reduce((a, d) => a + d.bedDays, 0)).toBeCloseTo(3, 9);
    expect(s.wards[0]!.delayedBedDays).toBeCloseTo(3, 9);
  });

  // Was: events at exactly t = end run and were counted in the summary, but fell in the daily
  // bucket just past the last row.
  it("puts a discharge at the last instant of the run in the daily rows", () => {
    const { result } = runChecked(leavesAtMidnights("{ horizon: 2d }"));
    expect(result.summary.los.overall.spells).toBe(3);
    expect(result.daily.reduce((a, d) => a + d.discharges, 0)).toBe(3);
  });
});
