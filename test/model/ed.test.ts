/**
 * The emergency department: against queueing theory (Erlang A, M/M/c+M), conservation of
 * attendances whatever the inputs (fast-check), escalation in the ward's bed queue, and the
 * promise that a scenario without `ed:` runs as before.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EdStage } from "../../src/model/ed-visit.js";
import { Hospital } from "../../src/model/hospital.js";
import { simulateScenario } from "../../src/model/run.js";
import { summarise } from "../../src/model/summary.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { expectMatchesTheory, replicate, SEED } from "../validation/helpers.js";
import { ampleDischarge, ampleService, scenario } from "./builders.js";

type EdInput = NonNullable<ScenarioInput["ed"]>;

/** One ward and one patient group that ED admissions join; the group has no direct admissions. */
function withEd(
  ed: EdInput,
  options: { beds?: number; horizon?: string; warmup?: string; los?: string } = {},
) {
  return scenario({
    name: "ed",
    run: { horizon: options.horizon ?? "30d", warmup: options.warmup ?? "0d" },
    wards: [{ id: "ward", beds: options.beds ?? 20 }],
    community: [ampleService],
    groups: [
      {
        id: "medical",
        arrivals: { perDay: 0 },
        stages: [{ ward: "ward", los: { dist: "exponential", mean: options.los ?? "2d" } }],
        dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
      },
    ],
    discharge: ampleDischarge,
    ed,
  });
}

/**
 * Erlang A (M/M/c+M) as a birth–death chain on the number in the department: births λ, deaths
 * min(n, c)·μ + (n − c)⁺·θ. The tail is summed until its terms vanish. With E[Q] the mean queue,
 * P(abandon) = θ·E[Q]/λ (abandonments balance) and the mean wait over all arrivals (abandoners
 * to the moment they leave) is E[Q]/λ (Little's law on the queue).
 */
function erlangA(
  lambda: number,
  mu: number,
  c: number,
  theta: number,
): { pAbandon: number; meanWait: number } {
  let term = 1;
  let total = 1;
  let queue = 0;
  for (let n = 1; n < c + 10_000; n++) {
    term *= lambda / (Math.min(n, c) * mu + Math.max(n - c, 0) * theta);
    total += term;
    queue += Math.max(n - c, 0) * term;
    if (n > c && term < 1e-300) break;
  }
  const meanQueue = queue / total;
  return { pAbandon: (theta * meanQueue) / lambda, meanWait: meanQueue / lambda };
}

describe("an ED cubicle stage reproduces Erlang A (M/M/c+M)", () => {
  // Rates per hour: λ = 5.5 arrivals, μ = 1 (treatment 1 h), c = 5 cubicles, θ = 0.5 (patience
  // 2 h). Offered load 5.5 on 5 cubicles: without patience the queue would grow without bound.
  const lambda = 5.5;
  const c = 5;
  const theta = 0.5;
  const ed: EdInput = {
    cubicles: c,
    arrivals: {
      walkIn: { perDay: lambda * 24, outcomes: { home: 1, sdec: 0, admit: 0 }, admitTo: "medical" },
    },
    treatment: {
      duration: { dist: "exponential", mean: "1h" },
      patience: { dist: "exponential", mean: "2h" },
    },
  };
  const theory = erlangA(lambda, 1, c, theta);

  it("P(left before being seen) and the mean wait for a cubicle lie in their 99.9% intervals", () => {
    const s = withEd(ed, { horizon: "200d", warmup: "2d" });
    const runs = replicate(10, (r) => simulateScenario(s, { seed: SEED, replication: r }).summary.ed!);
    const abandon = runs.map((e) => e.outcomes.leftBeforeSeen / e.arrivals);
    const wait = runs.map((e) => e.meanWaitForCubicleHours!);
    expectMatchesTheory("Erlang A P(abandon)", abandon, theory.pAbandon, { maxRelativeHalfWidth: 0.05 });
    expectMatchesTheory("Erlang A mean wait (h)", wait, theory.meanWait, { maxRelativeHalfWidth: 0.1 });
    // The check has power: without patience the same load has no steady state, and a wrong θ is
    // far outside the interval (P(abandon) with twice the patience).
    const wrong = erlangA(lambda, 1, c, theta / 2);
    expect(Math.abs(wrong.pAbandon - theory.pAbandon)).toBeGreaterThan(0.1 * theory.pAbandon);
    expect(Math.abs(wrong.meanWait - theory.meanWait)).toBeGreaterThan(0.2 * theory.meanWait);
  });
});

/** Counts that must balance at every end, whatever the inputs. */
function expectConserved(hospital: Hospital): void {
  const ed = hospital.ed!;
  const s = summarise(hospital, "ed", "baseline").summary;
  const e = s.ed!;
  // Whole run: every attendance has left or is still in the department.
  expect(ed.arrived).toBe(ed.gone + ed.present.size);
  // The reporting window's attendances, followed to what became of them.
  const exits = Object.values(e.outcomes).reduce((a, b) => a + b, 0);
  expect(exits + e.stillInDepartment).toBe(e.arrivals);
  expect(e.arrivalsByMode.walkIn + e.arrivalsByMode.ambulance).toBe(e.arrivals);
  expect(e.left).toBe(e.outcomes.leftBeforeTriage + e.outcomes.leftBeforeSeen + e.outcomes.leftBeforeBed);
  // Decisions to admit: a bed, left, sent elsewhere, or still boarding.
  let boarding = 0;
  for (const visit of ed.present) if (visit.inWindow && visit.stage === EdStage.Boarding) boarding++;
  expect(e.outcomes.admitted + e.outcomes.leftBeforeBed + e.outcomes.diverted + boarding).toBe(
    e.decisionsToAdmit,
  );
  // The hospital's side: leavers are counted, never lost from the bed figures.
  const k = s.conservation;
  expect(k.arrived).toBe(k.discharged + k.diverted + k.inBeds + k.waitingForBed + k.leftBeforeBed!);
  const u = s.unmetDemand;
  expect(u.admitted + u.diverted + u.stillWaitingForBed + u.leftBeforeBed!).toBe(u.arrivals);
  // With no warm-up both sides count the same people.
  expect(k.leftBeforeBed).toBe(e.outcomes.leftBeforeBed);
  expect(k.arrived).toBe(e.decisionsToAdmit);
  // Spaces are never over-used.
  expect(ed.cubicles.inUse).toBeLessThanOrEqual(ed.cubicles.capacity);
  expect(ed.corridor.inUse).toBeLessThanOrEqual(ed.corridor.capacity);
}

describe("reneging conserves patients", () => {
  const patience = fc.option(
    fc.integer({ min: 1, max: 600 }).map((m) => ({ dist: "exponential" as const, mean: `${m}min` })),
    { nil: undefined },
  );
  const mode = fc.record({
    perDay: fc.integer({ min: 0, max: 200 }),
    priority: fc.integer({ min: 0, max: 9 }),
    outcomes: fc
      .tuple(
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 1, max: 10 }),
      )
      .map(([h, s, a]) => ({
        home: h / (h + s + a),
        sdec: s / (h + s + a),
        admit: 1 - (h + s) / (h + s + a),
      })),
    admitTo: fc.constant("medical"),
  });
  const edInput = fc.record({
    cubicles: fc.integer({ min: 0, max: 12 }),
    corridorSpaces: fc.integer({ min: 0, max: 4 }),
    arrivals: fc.record({ walkIn: mode, ambulance: mode }),
    triage: fc.option(
      fc.record({
        staff: fc.integer({ min: 0, max: 3 }),
        duration: fc
          .integer({ min: 1, max: 30 })
          .map((m) => ({ dist: "exponential" as const, mean: `${m}min` })),
        patience,
      }),
      { nil: undefined },
    ),
    treatment: fc.record({
      duration: fc
        .integer({ min: 10, max: 300 })
        .map((m) => ({ dist: "exponential" as const, mean: `${m}min` })),
      patience,
      escalation: fc.option(fc.record({ after: fc.constant("1h"), priority: fc.constant(0) }), {
        nil: undefined,
      }),
    }),
    boarding: fc.record({
      patience,
      escalation: fc.option(fc.record({ after: fc.constant("6h"), priority: fc.constant(0) }), {
        nil: undefined,
      }),
    }),
  });

  it("arrivals = finished + left + still in the department, for any inputs, at any end", () => {
    fc.assert(
      fc.property(
        edInput,
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 1000 }),
        (ed, beds, seed) => {
          const s = withEd(ed as EdInput, { beds, horizon: "4d", los: "1d" });
          const hospital = new Hospital(s, { seed });
          hospital.run();
          expectConserved(hospital);
        },
      ),
      { numRuns: 40, seed: SEED },
    );
  });
});

describe("escalation in the bed queue", () => {
  it("a boarder waiting past the threshold is admitted before anyone not escalated, whoever asked first", () => {
    // Two beds. ED admissions join "medical" (bed priority 5); direct "urgent" admissions have
    // priority 2, so without escalation every urgent request goes first. After 6 h a boarder is
    // raised to priority 0 and must then come before every waiting request that is not.
    const after = 6 * 60;
    const base = withEd(
      {
        cubicles: 50,
        arrivals: { walkIn: { perDay: 3, outcomes: { home: 0, sdec: 0, admit: 1 }, admitTo: "medical" } },
        treatment: { duration: "30min" },
        boarding: { escalation: { after: "6h", priority: 0 } },
      },
      { beds: 2, horizon: "120d", los: "8h" },
    );
    const s = {
      ...base,
      groups: [base.groups[0]!, { ...base.groups[0]!, id: "urgent", priority: 2, arrivals: { perDay: 2.4 } }],
    };
    const requested = new Map<number, { at: number; fromEd: boolean }>();
    const admitted = new Map<number, number>();
    const hospital = new Hospital(s, {
      seed: 3,
      patientEvents: {
        record: (event) => {
          if (event.event === "arrival")
            requested.set(event.patient, { at: event.time, fromEd: event.place === "ed" });
          if (event.event === "admitted") admitted.set(event.patient, event.time);
        },
      },
    });
    hospital.run();
    const admittedAt = (id: number) => admitted.get(id) ?? Number.POSITIVE_INFINITY;
    const escalatedAt = (id: number) => {
      const r = requested.get(id)!;
      return r.fromEd ? r.at + after : Number.POSITIVE_INFINITY;
    };
    let overtook = 0;
    for (const [b, t] of admitted) {
      if (escalatedAt(b) < t) continue; // b was escalated itself
      for (const [a, r] of requested) {
        if (a === b || !r.fromEd) continue;
        // a escalated before t and still waiting at t: b must not have been admitted.
        expect(
          escalatedAt(a) < t && admittedAt(a) > t,
          `patient ${b} admitted at ${t} ahead of escalated ${a}`,
        ).toBe(false);
        // a escalated and admitted ahead of b, who had asked first: escalation changed the order.
        if (requested.get(b)!.at < r.at && escalatedAt(a) < admittedAt(a) && admittedAt(a) < t) overtook++;
      }
    }
    // The situation arose (the test has power), and the summary counts the escalations.
    expect(overtook).toBeGreaterThan(0);
    const e = summarise(hospital, "ed", "baseline").summary.ed!;
    expect(e.escalated).toBeGreaterThan(0);
  });
});

describe("a scenario without ed: runs as before", () => {
  it("has no ED figures and no ED conservation fields", () => {
    const s = withEd(undefined as unknown as EdInput);
    const summary = simulateScenario(s).summary;
    expect(summary.ed).toBeUndefined();
    expect("leftBeforeBed" in summary.conservation).toBe(false);
    expect("leftBeforeBed" in summary.unmetDemand).toBe(false);
  });
});
