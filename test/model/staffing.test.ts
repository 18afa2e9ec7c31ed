/**
 * Skill-mix staffing against what can be worked out by hand: an always-rostered team doing
 * Poisson tasks is an M/M/c queue (Erlang C); cost is rostered hours × rate + overtime exactly;
 * safe-staffing hours follow from the roster; and two invariants for any roster: nobody does two
 * things at once, and giving a second role the skill never makes any task wait longer.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Tally } from "../../src/engine/statistics/index.js";
import { Hospital } from "../../src/model/hospital.js";
import { simulateScenario } from "../../src/model/run.js";
import type { WorkRecord } from "../../src/model/staffing.js";
import { erlangC, mmcMeanWait } from "../../src/queueing/index.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { ampleDischarge, ampleService, scenario } from "./builders.js";

const T_9995_9 = 4.781; // Student t, 0.9995 quantile, 9 degrees of freedom

function withStaff(options: {
  perDay: number;
  staff: NonNullable<ScenarioInput["staff"]>;
  horizon: string;
  warmup?: string;
  seed?: number;
  initialPatients?: number;
  beds?: number;
}): ScenarioInput {
  return {
    name: "staffing",
    seed: options.seed ?? 1,
    run: { horizon: options.horizon, warmup: options.warmup ?? "0d" },
    wards: [{ id: "ward", beds: options.beds ?? 100_000 }],
    community: [ampleService],
    groups: [
      {
        id: "patients",
        arrivals: { perDay: options.perDay },
        stages: [{ ward: "ward", los: "12h" }],
        dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
      },
    ],
    discharge: ampleDischarge,
    staff: options.staff,
    ...(options.initialPatients
      ? { initialState: { wards: [{ ward: "ward", group: "patients", patients: options.initialPatients }] } }
      : {}),
  };
}

describe("skill-mix staffing", () => {
  it("c nurses always on shift doing Poisson admission tasks wait as Erlang C says", () => {
    // 48 admissions a day = 2 an hour; clerking takes 1 hour (exponential); 3 nurses: a = 2, ρ = 2/3.
    const input = withStaff({
      perDay: 48,
      horizon: "400d",
      warmup: "10d",
      staff: {
        roles: [{ id: "nurse", skills: ["clerking"], hourlyCost: 30 }],
        rosters: [{ role: "nurse", shifts: [{ from: "00:00", to: "24:00", headcount: 3 }] }],
        tasks: [
          {
            id: "clerk",
            at: "admission",
            skills: ["clerking"],
            duration: { dist: "exponential", mean: "1h" },
          },
        ],
      },
    });
    const waits = new Tally();
    for (let r = 0; r < 10; r++) {
      waits.add(simulateScenario(scenario(input), { replication: r }).summary.staff!.tasks[0]!.waitMeanHours);
    }
    const theory = mmcMeanWait(2, 1, 3); // hours
    expect(erlangC(3, 2)).toBeGreaterThan(0.4); // a queue worth testing
    expect(Math.abs(waits.mean - theory)).toBeLessThanOrEqual((T_9995_9 * waits.sd) / Math.sqrt(10));
  });

  it("costs exactly the rostered hours × rate plus overtime", () => {
    // 2 nurses 08:00–20:00 and 1 from 20:00 to 08:00, for 14 days; nobody works past a shift.
    const input = withStaff({
      perDay: 0,
      horizon: "14d",
      staff: {
        roles: [{ id: "nurse", skills: ["care"], hourlyCost: 31.5 }],
        rosters: [
          {
            role: "nurse",
            shifts: [
              { from: "08:00", to: "20:00", headcount: 2 },
              { from: "20:00", to: "08:00", headcount: 1 },
            ],
          },
        ],
      },
    });
    const staff = simulateScenario(scenario(input)).summary.staff!;
    const hours = 14 * (2 * 12 + 1 * 12);
    expect(staff.roles[0]!.rosteredHours).toBeCloseTo(hours, 9);
    expect(staff.roles[0]!.overtimeHours).toBe(0);
    expect(staff.cost).toBeCloseTo(hours * 31.5, 6);
  });

  it("work in progress at the end of a shift finishes, and the extra time is paid as overtime", () => {
    // One pharmacist 09:00–17:00 on weekdays; patients already in beds at the start need
    // 3-hour discharge medicines... every admission at 15:00 runs 1 hour over.
    const input: ScenarioInput = {
      ...withStaff({
        perDay: 0,
        horizon: "1d",
        initialPatients: 1,
        staff: {
          roles: [{ id: "pharmacist", skills: ["medicines"], hourlyCost: 50 }],
          rosters: [
            { role: "pharmacist", shifts: [{ days: ["mon"], from: "09:00", to: "17:00", headcount: 1 }] },
          ],
          tasks: [{ id: "tto", at: "discharge", skills: ["medicines"], duration: "3h" }],
        },
      }),
      run: { start: "2026-01-05T15:00", horizon: "1d" },
      groups: [
        {
          id: "patients",
          arrivals: { perDay: 0 },
          stages: [{ ward: "ward", los: "12h" }],
          dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
        },
      ],
      initialState: { wards: [{ ward: "ward", group: "patients", patients: 1, daysStayed: "12h" }] },
    };
    const log: WorkRecord[] = [];
    const hospital = new Hospital(scenario(input), { staffWorkLog: log });
    hospital.run();
    // The stay is already over at 15:00, so the medicines start then and end at 18:00.
    expect(log).toHaveLength(1);
    expect(log[0]!.start).toBe(0);
    expect(log[0]!.end).toBe(180);
    const staff = simulateScenario(scenario(input)).summary.staff!;
    expect(staff.roles[0]!.overtimeHours).toBeCloseTo(1, 9);
    expect(staff.roles[0]!.rosteredHours).toBeCloseTo(2, 9); // 15:00–17:00 of the shift
    expect(staff.cost).toBeCloseTo((2 + 1) * 50, 9);
  });

  it("asks for a daily ward round each day at its time while a patient is in treatment", () => {
    // Patients already in beds at Monday 00:00 with 3.5 days of treatment left: rounds at 09:00 on
    // days 0, 1, 2 and 3 (day 3's round at 09:00 comes before the stay ends at 12:00): 4 each.
    const input: ScenarioInput = {
      ...withStaff({
        perDay: 0,
        horizon: "10d",
        staff: {
          roles: [{ id: "doctor", skills: ["round"], hourlyCost: 80 }],
          rosters: [{ role: "doctor", shifts: [{ from: "00:00", to: "24:00", headcount: 5 }] }],
          tasks: [{ id: "ward-round", at: "daily", time: "09:00", skills: ["round"], duration: "10min" }],
        },
      }),
      groups: [
        {
          id: "patients",
          arrivals: { perDay: 0 },
          stages: [{ ward: "ward", los: "3.5d" }],
          dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
        },
      ],
      initialState: { wards: [{ ward: "ward", group: "patients", patients: 3, daysStayed: "0d" }] },
    };
    const log: WorkRecord[] = [];
    new Hospital(scenario(input), { staffWorkLog: log }).run();
    expect(log).toHaveLength(3 * 4);
    expect(new Set(log.map((w) => w.start % 1440))).toEqual(new Set([9 * 60]));
  });

  it("counts the hours a ward is below its safe registered-nurse ratio, and can close beds", () => {
    // 20 patients staying all run; one nurse to 8 patients needs 3 nurses. 3 by day, 2 at night:
    // below at night only, 12 hours a day.
    const staffing = (closeBeds: boolean): NonNullable<ScenarioInput["staff"]> => ({
      roles: [{ id: "rn", skills: ["care"], hourlyCost: 30, registeredNurse: true }],
      rosters: [
        {
          role: "rn",
          ward: "ward",
          shifts: [
            { from: "08:00", to: "20:00", headcount: 3 },
            { from: "20:00", to: "08:00", headcount: 2 },
          ],
        },
      ],
      safeStaffing: [{ ward: "ward", patientsPerRegisteredNurse: 8, closeBedsBelowRatio: closeBeds }],
    });
    const base = withStaff({
      perDay: 0,
      horizon: "7d",
      initialPatients: 20,
      beds: 30,
      staff: staffing(false),
    });
    const long = { ...base, groups: [{ ...base.groups![0]!, stages: [{ ward: "ward", los: "100d" }] }] };
    const input: ScenarioInput = {
      ...long,
      initialState: { wards: [{ ward: "ward", group: "patients", patients: 20, daysStayed: "0d" }] },
    };
    const open = simulateScenario(scenario(input)).summary;
    expect(open.staff!.safeStaffing[0]!.hoursBelow).toBeCloseTo(7 * 12, 6);
    expect(open.warnings.some((w) => w.startsWith("unsafe:"))).toBe(true);
    // With bed closures the ward opens only the beds its nurses cover: 3 × 8 = 24 of its 30 by
    // day, 2 × 8 = 16 at night.
    const closing = simulateScenario(scenario({ ...input, staff: staffing(true) })).summary;
    expect(closing.wards[0]!.bedsMean).toBeCloseTo((12 * 24 + 12 * 16) / 24, 6);
  });

  describe("for any roster (property)", () => {
    const arb = fc.record({
      nurses: fc.integer({ min: 1, max: 4 }),
      doctors: fc.integer({ min: 0, max: 3 }),
      perDay: fc.integer({ min: 5, max: 60 }),
      meanTaskMinutes: fc.integer({ min: 10, max: 120 }),
      dayOnly: fc.boolean(),
      seed: fc.integer({ min: 1, max: 10_000 }),
    });

    type Config = typeof arb extends fc.Arbitrary<infer T> ? T : never;
    const build = (c: Config, doctorsHaveSkill: boolean) =>
      withStaff({
        perDay: c.perDay,
        horizon: "20d",
        seed: c.seed,
        staff: {
          roles: [
            { id: "nurse", skills: ["review"], hourlyCost: 30 },
            {
              id: "doctor",
              skills: doctorsHaveSkill ? ["review", "prescribe"] : ["prescribe"],
              hourlyCost: 80,
            },
          ],
          rosters: [
            {
              role: "nurse",
              shifts: [
                c.dayOnly
                  ? { from: "08:00", to: "20:00", headcount: c.nurses }
                  : { from: "00:00", to: "24:00", headcount: c.nurses },
              ],
            },
            { role: "doctor", shifts: [{ from: "09:00", to: "17:00", headcount: c.doctors }] },
          ],
          tasks: [
            {
              id: "review",
              at: "admission",
              skills: ["review"],
              duration: { dist: "exponential", mean: `${c.meanTaskMinutes}min` },
            },
          ],
        },
      });

    it("nobody works two tasks at once", () => {
      fc.assert(
        fc.property(arb, (c) => {
          const log: WorkRecord[] = [];
          new Hospital(scenario(build(c, true)), { staffWorkLog: log }).run();
          const byMember = new Map<number, WorkRecord[]>();
          for (const w of log) byMember.set(w.member, [...(byMember.get(w.member) ?? []), w]);
          for (const work of byMember.values()) {
            work.sort((a, b) => a.start - b.start);
            for (let i = 1; i < work.length; i++)
              expect(work[i]!.start).toBeGreaterThanOrEqual(work[i - 1]!.end);
          }
        }),
        { numRuns: 40 },
      );
    });

    it("giving the skill to a second role never makes any task wait longer", () => {
      fc.assert(
        fc.property(arb, (c) => {
          const waits = (doctorsHaveSkill: boolean) => {
            const log: WorkRecord[] = [];
            new Hospital(scenario(build(c, doctorsHaveSkill)), { staffWorkLog: log }).run();
            return new Map(log.map((w) => [w.request, w.start - w.createdAt]));
          };
          const nursesOnly = waits(false);
          const shared = waits(true);
          for (const [request, wait] of shared) {
            const before = nursesOnly.get(request);
            // A task done in the shared run but never started with nurses alone waited longer there.
            if (before !== undefined) expect(wait).toBeLessThanOrEqual(before + 1e-9);
          }
          expect(shared.size).toBeGreaterThanOrEqual(nursesOnly.size);
        }),
        { numRuns: 40 },
      );
    });
  });
});
