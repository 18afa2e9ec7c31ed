/**
 * Onward destinations after the first community service (D2A end to end): everyone discharged
 * on pathways 1–3 is in exactly one place, the onward places cost what they should, the split
 * sends people where it says, and the onward draw leaves every other random stream alone.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Hospital } from "../../src/model/hospital.js";
import { CommunityStage, Destination, type Patient } from "../../src/model/patient.js";
import { summarise } from "../../src/model/summary.js";
import { crossCheck } from "../../src/scenario/cross-check.js";
import type { Scenario } from "../../src/scenario/schema.js";
import { scenario } from "./builders.js";

type Split = { home: number; package: number; careHome: number };
const HOME: Split = { home: 1, package: 0, careHome: 0 };

interface Options {
  policy?: "standard" | "d2a";
  pathways?: { p0: number; p1: number; p2: number; p3: number };
  onward?: { p1?: Split; p2?: Split; p3?: Split };
  perDay?: number;
  horizon?: string;
  seed?: number;
  stepDownBeds?: number;
  packages?: number;
  careHomeBeds?: number;
  assessors?: number;
  assessment?: string;
  onwardStartDelay?: string;
  /** Exponential first-service lengths (same means) instead of constants. */
  variedSupport?: boolean;
}

/**
 * One ward; D2A sends pathway 1 to reablement at home and pathways 2–3 to step-down beds;
 * standard sends pathway 1 to packages, 2 to rehab beds, 3 to care homes. Onward places are
 * long-term packages and care homes. Constant lengths and costs, so costs can be worked by hand.
 */
function onwardScenario(o: Options = {}): Scenario {
  const onward = {
    services: { package: "packages", careHome: "care-homes" },
    p1: o.onward?.p1 ?? HOME,
    p2: o.onward?.p2 ?? HOME,
    p3: o.onward?.p3 ?? HOME,
  };
  const startDelay = o.onwardStartDelay ?? "0min";
  return scenario({
    name: "onward",
    seed: o.seed ?? 7,
    run: { horizon: o.horizon ?? "120d" },
    wards: [{ id: "ward", beds: 10_000 }],
    community: [
      {
        id: "reablement",
        kind: "caseload",
        capacity: 10_000,
        lengthOfSupport: o.variedSupport ? { dist: "exponential", mean: "5d" } : "5d",
        costPerDay: 10,
      },
      {
        id: "step-down",
        kind: "beds",
        capacity: o.stepDownBeds ?? 10_000,
        lengthOfSupport: o.variedSupport ? { dist: "exponential", mean: "10d" } : "10d",
        costPerDay: 100,
      },
      { id: "rehab", kind: "beds", capacity: 10_000, lengthOfSupport: "7d", costPerDay: 30 },
      {
        id: "packages",
        kind: "caseload",
        capacity: o.packages ?? 10_000,
        lengthOfSupport: "15d",
        startDelay,
        costPerDay: 20,
      },
      {
        id: "care-homes",
        kind: "beds",
        capacity: o.careHomeBeds ?? 10_000,
        lengthOfSupport: "20d",
        startDelay,
        costPerDay: 50,
      },
    ],
    groups: [
      {
        id: "g",
        arrivals: { perDay: o.perDay ?? 10 },
        stages: [{ ward: "ward", los: { dist: "exponential", mean: "2d" } }],
        dischargePathways: o.pathways ?? { p0: 0.1, p1: 0.3, p2: 0.3, p3: 0.3 },
      },
    ],
    discharge: {
      policy: o.policy ?? "d2a",
      standard: {
        assessment: { assessors: 10_000, duration: "0min" },
        services: { p1: "packages", p2: "rehab", p3: "care-homes" },
        onward,
      },
      d2a: {
        assessment: { assessors: o.assessors ?? 10_000, duration: o.assessment ?? "1d" },
        services: { p1: "reablement", p2: "step-down", p3: "step-down" },
        onward,
      },
    },
  });
}

const service = (h: Hospital, id: string) => h.services.find((s) => s.id === id)!;
const stage = (h: Hospital, s: CommunityStage) => h.communityStages[s]!;

/** Every D2A patient is in exactly one stage, and the services' own counts agree. */
function checkD2aConservation(h: Hospital): void {
  const reablement = service(h, "reablement");
  const stepDown = service(h, "step-down");
  const packages = service(h, "packages");
  const careHomes = service(h, "care-homes");
  // Support running: those in reablement, and those in step-down beds not merely keeping them.
  expect(reablement.inServiceNow + stepDown.inServiceNow - stepDown.heldNow).toBe(
    stage(h, CommunityStage.FirstService),
  );
  expect(packages.inServiceNow + careHomes.inServiceNow).toBe(stage(h, CommunityStage.Onward));
  // A kept step-down bed belongs to someone waiting (for the decision or the onward place).
  expect(stepDown.heldNow).toBeLessThanOrEqual(
    stage(h, CommunityStage.AwaitingDecision) + stage(h, CommunityStage.WaitingOnward),
  );
  expect(packages.waitingNow + careHomes.waitingNow).toBeLessThanOrEqual(
    stage(h, CommunityStage.WaitingOnward),
  );
}

describe("D2A onward destinations", () => {
  const splitArbitrary = fc
    .tuple(fc.nat(4), fc.nat(4), fc.nat(4))
    .filter(([a, b, c]) => a + b + c > 0)
    .map(
      ([a, b, c]): Split => ({ home: a / (a + b + c), package: b / (a + b + c), careHome: c / (a + b + c) }),
    );

  it("puts every discharged pathway 1–3 patient in exactly one place, at every event", () => {
    fc.assert(
      fc.property(
        fc.record({
          p1: splitArbitrary,
          p2: splitArbitrary,
          p3: splitArbitrary,
          seed: fc.nat(1000),
          stepDownBeds: fc.integer({ min: 30, max: 120 }),
          packages: fc.integer({ min: 5, max: 60 }),
          careHomeBeds: fc.integer({ min: 5, max: 60 }),
          assessors: fc.integer({ min: 1, max: 6 }),
        }),
        (o) => {
          const h = new Hospital(
            onwardScenario({
              onward: { p1: o.p1, p2: o.p2, p3: o.p3 },
              seed: o.seed,
              horizon: "90d",
              stepDownBeds: o.stepDownBeds,
              packages: o.packages,
              careHomeBeds: o.careHomeBeds,
              assessors: o.assessors,
              onwardStartDelay: "1d",
            }),
            { afterEvent: checkD2aConservation },
          );
          // Each onward place goes to a patient once, and to the destination decided for them.
          const onwardPlaces = new Map<number, string>();
          for (const [id, destination] of [
            ["packages", Destination.Package],
            ["care-homes", Destination.CareHome],
          ] as const) {
            const s = service(h, id);
            const start = s.startSupport.bind(s);
            s.startSupport = (p: Patient) => {
              expect(onwardPlaces.has(p.id)).toBe(false);
              expect(p.destination).toBe(destination);
              onwardPlaces.set(p.id, id);
              start(p);
            };
          }
          h.run();
          const m = h.metrics;
          const discharged = [1, 2, 3].reduce((a, k) => a + m.byPathway[k]!.los.count, 0);
          let inStages = 0;
          for (let s = CommunityStage.FirstService; s <= CommunityStage.Done; s++) inStages += stage(h, s);
          expect(inStages).toBe(discharged);
          // Each assessment decides exactly one destination.
          let decided = 0;
          for (const byDestination of m.onwardDecided) for (const n of byDestination) decided += n;
          expect(decided).toBe(m.assessments.d2a);
          const starts = service(h, "packages").starts + service(h, "care-homes").starts;
          expect(onwardPlaces.size).toBe(starts);
          const waited = m.onwardWaits.flat().reduce((a, w) => a + w.wait.count, 0);
          expect(waited).toBe(starts);
          const s = summarise(h, "onward", "d2a").summary;
          const atEnd = s.onward.atEnd;
          expect(atEnd.waitingInCommunityBed + atEnd.waitingAtHome).toBe(
            atEnd.awaitingDecision + atEnd.waitingOnward,
          );
          expect(
            atEnd.inFirstService +
              atEnd.awaitingDecision +
              atEnd.waitingOnward +
              atEnd.inOnwardService +
              atEnd.done,
          ).toBe(discharged);
        },
      ),
      { numRuns: 20 },
    );
  });

  it("charges a pathway 3 D2A patient the step-down stay and the care-home place", () => {
    const h = new Hospital(
      onwardScenario({
        pathways: { p0: 0, p1: 0, p2: 0, p3: 1 },
        onward: { p3: { home: 0, package: 0, careHome: 1 } },
      }),
    );
    h.run();
    const spells = h.metrics.byPathway[3]!.los.count;
    const careHomePlaces = service(h, "care-homes").starts;
    expect(careHomePlaces).toBeGreaterThan(0.8 * spells); // all but the last ~10 days' discharges
    // Step-down 10 d × £100 at discharge; care home 20 d × £50 when the place starts; no bed or
    // assessment costs, and the 1-day assessment ends well before the 10-day stay (no bed kept).
    expect(h.metrics.byPathway[3]!.cost).toBeCloseTo(1000 * spells + 1000 * careHomePlaces, 6);
    expect(service(h, "step-down").held.integral(h.sim.now)).toBe(0);
  });

  it("keeps, and charges, the step-down bed while the assessment is still going on", () => {
    const h = new Hospital(
      onwardScenario({
        pathways: { p0: 0, p1: 0, p2: 0, p3: 1 },
        onward: { p3: { home: 0, package: 0, careHome: 1 } },
        assessment: "15d",
      }),
    );
    h.run();
    const spells = h.metrics.byPathway[3]!.los.count;
    const careHomePlaces = service(h, "care-homes").starts;
    // Each bed is kept 5 days past the 10-day stay (£500), paid when the care-home place starts.
    expect(h.metrics.byPathway[3]!.cost).toBeCloseTo(1000 * spells + 1500 * careHomePlaces, 6);
    const s = summarise(h, "onward", "d2a").summary;
    const wait = s.onward.waits.find((w) => w.destination === "careHome" && w.waitedIn === "community bed")!;
    expect(wait.started).toBe(careHomePlaces);
    expect(wait.waitMeanDays).toBe(0); // ready (support over and decided) at day 15; place at once
  });

  it("under standard discharge, pathway 3 goes straight to a care-home place with its cost", () => {
    const h = new Hospital(onwardScenario({ policy: "standard", pathways: { p0: 0, p1: 0, p2: 0, p3: 1 } }));
    h.run();
    const spells = h.metrics.byPathway[3]!.los.count;
    expect(service(h, "care-homes").starts).toBe(spells);
    expect(h.metrics.byPathway[3]!.cost).toBeCloseTo(1000 * spells, 6);
  });

  it("under standard discharge, patients wait in the rehab bed for their onward place", () => {
    const h = new Hospital(
      onwardScenario({
        policy: "standard",
        pathways: { p0: 0, p1: 0, p2: 1, p3: 0 },
        onward: { p2: { home: 0, package: 1, careHome: 0 } },
        onwardStartDelay: "2d",
      }),
    );
    h.run();
    const s = summarise(h, "onward", "standard").summary;
    const wait = s.onward.waits.find((w) => w.destination === "package" && w.waitedIn === "community bed")!;
    expect(wait.started).toBeGreaterThan(0);
    expect(wait.waitMeanDays).toBeCloseTo(2, 9);
    // Rehab 7 d × £30, two days kept × £30, then the package 15 d × £20.
    expect(h.metrics.byPathway[2]!.cost).toBeCloseTo(
      210 * s.los.byPathway[2]!.spells + 360 * wait.started,
      6,
    );
  });

  for (const [name, split, column] of [
    ["home", { home: 1, package: 0, careHome: 0 }, 0],
    ["a long-term package", { home: 0, package: 1, careHome: 0 }, 1],
    ["a care home", { home: 0, package: 0, careHome: 1 }, 2],
  ] as const) {
    it(`with probability 1 of ${name}, sends everyone there`, () => {
      const h = new Hospital(onwardScenario({ onward: { p1: split, p2: split, p3: split } }));
      h.run();
      const decided = h.metrics.onwardDecided;
      for (const k of [1, 2, 3]) {
        for (let d = 0; d < 3; d++) if (d !== column) expect(decided[k]![d]).toBe(0);
        expect(decided[k]![column]).toBeGreaterThan(0);
      }
      // Everyone who has finished went through the onward place (ample places, so none waits).
      const through = h.communityStages[CommunityStage.Onward]! + h.communityStages[CommunityStage.Done]!;
      expect(service(h, "packages").starts).toBe(column === 1 ? through : 0);
      expect(service(h, "care-homes").starts).toBe(column === 2 ? through : 0);
    });
  }

  it("leaves arrivals, stays and first-service draws alone when only the onward split changes", () => {
    const recorded = (onward: Options["onward"]) => {
      const h = new Hospital(onwardScenario({ onward, careHomeBeds: 20, packages: 20, variedSupport: true }));
      const draws: Record<string, number[]> = {};
      for (const name of ["arrivals/g", "los/g/0", "pathway/g", "support/reablement", "support/step-down"]) {
        const stream = h.sim.random.get(name);
        const uniform = stream.uniform.bind(stream);
        draws[name] = [];
        stream.uniform = () => {
          const u = uniform();
          draws[name]!.push(u);
          return u;
        };
      }
      h.run();
      return { draws, arrived: h.arrived };
    };
    const a = recorded({ p1: HOME, p2: HOME, p3: HOME });
    const b = recorded({
      p1: { home: 0.2, package: 0.8, careHome: 0 },
      p2: { home: 0, package: 0.5, careHome: 0.5 },
      p3: { home: 0, package: 0, careHome: 1 },
    });
    expect(b.arrived).toBe(a.arrived);
    for (const name of ["arrivals/g", "los/g/0", "pathway/g"]) {
      expect(b.draws[name]!.length).toBeGreaterThan(100);
      expect(b.draws[name]).toEqual(a.draws[name]);
    }
    // Support lengths of the first services: the same draws in the same order (fewer may be
    // made in b if step-down beds kept for onward places delay later discharges).
    for (const name of ["support/reablement", "support/step-down"]) {
      const n = Math.min(a.draws[name]!.length, b.draws[name]!.length);
      expect(n).toBeGreaterThan(50);
      expect(b.draws[name]!.slice(0, n)).toEqual(a.draws[name]!.slice(0, n));
    }
  });

  it("without onward in the scenario, D2A patients go home after their first service", () => {
    const s = onwardScenario();
    delete (s.discharge.d2a as { onward?: unknown }).onward;
    const h = new Hospital(s);
    h.run();
    expect(service(h, "packages").starts + service(h, "care-homes").starts).toBe(0);
    const decided = h.metrics.onwardDecided;
    expect(decided[1]![0]! + decided[2]![0]! + decided[3]![0]!).toBe(h.metrics.assessments.d2a);
  });
});

describe("onward split in a scenario file", () => {
  const raw = (onward: unknown) => ({
    community: [{ id: "packages" }, { id: "homes" }],
    discharge: { d2a: { services: {}, onward } },
  });

  it("must sum to 1 per pathway", () => {
    const problems = crossCheck(
      raw({ services: { package: "packages" }, p1: { home: 0.5, package: 0.4, careHome: 0 } }),
    );
    expect(problems.map((p) => p.path.join("."))).toEqual(["discharge.d2a.onward.p1"]);
  });

  it("needs a service for any destination someone is sent to, and a known one", () => {
    const missing = crossCheck(raw({ services: {}, p3: { home: 0.2, package: 0, careHome: 0.8 } }));
    expect(missing.map((p) => p.path.join("."))).toEqual(["discharge.d2a.onward.services.careHome"]);
    const unknown = crossCheck(raw({ services: { careHome: "nowhere" } }));
    expect(unknown[0]!.message).toContain('unknown community service "nowhere"');
  });
});
