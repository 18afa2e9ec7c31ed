/**
 * Outpatient pathways against values derived by hand: with spare clinic capacity every patient
 * gets exactly the appointments the schedule gives; without it, waits grow and are counted.
 */
import { describe, expect, it } from "vitest";
import { Hospital } from "../../src/model/hospital.js";
import { simulateScenario } from "../../src/model/run.js";
import type { ScenarioInput } from "../../src/scenario/schema.js";
import { ampleDischarge, ampleService, scenario } from "./builders.js";

type Pathway = NonNullable<ScenarioInput["outpatients"]>["pathways"][number];

/** A hospital with no inpatients, one Monday clinic and one outpatient pathway. */
function clinicScenario(options: {
  pathway: Partial<Pathway>;
  session?: { from: string; to: string };
  keptForFirst?: number;
  horizon?: string;
  warmup?: string;
}): ScenarioInput {
  return {
    name: "clinic",
    seed: 7,
    run: { horizon: options.horizon ?? "104w", warmup: options.warmup ?? "0d" },
    wards: [{ id: "ward", beds: 1 }],
    community: [ampleService],
    discharge: ampleDischarge,
    staff: {
      roles: [
        { id: "nurse", skills: ["monitoring"], hourlyCost: 30 },
        { id: "consultant", skills: ["review"], hourlyCost: 110 },
      ],
    },
    outpatients: {
      clinics: [
        {
          id: "clinic",
          sessions: [
            { days: ["mon"], from: options.session?.from ?? "09:00", to: options.session?.to ?? "17:00" },
          ],
          staff: [{ role: "nurse" }, { role: "consultant" }],
          ...(options.keptForFirst !== undefined ? { keptForFirst: options.keptForFirst } : {}),
        },
      ],
      pathways: [
        {
          id: "monitoring",
          referralsPerWeek: 3,
          clinic: "clinic",
          firstSlot: "30min",
          ...options.pathway,
        } as Pathway,
      ],
    },
  };
}

function run(input: ScenarioInput) {
  const hospital = new Hospital(scenario(input));
  hospital.run();
  return hospital;
}

describe("outpatient follow-up pathways", () => {
  it("gives every discharged patient exactly one first appointment and `count` follow-ups when clinics have room", () => {
    // 3 referrals a week need 1.5 h of first appointments and at most 3 × 4 follow-ups in the
    // clinic at once (4-weekly over 12 weeks), 15 min each: far inside an 8-hour Monday session.
    const hospital = run(
      clinicScenario({ pathway: { followUp: { interval: "4w", count: 3, slot: "15min" } } }),
    );
    const at = hospital.outpatients!.atDischarge;
    expect(at.first.count).toBeGreaterThan(200);
    expect([at.first.min, at.first.max]).toEqual([1, 1]);
    expect([at.followUp.min, at.followUp.max]).toEqual([3, 3]);
    expect([at.remote.min, at.remote.max]).toEqual([0, 0]);
    // Follow-ups fall due on a session's start (4 whole weeks after one), so none waits at all.
    const p = hospital.outpatients!.pathways[0]!;
    expect(p.followUpDaysLate.max).toBe(0);
    expect(p.lateFollowUps).toBe(0);
    // A referral is seen at the next Monday session: within a week.
    expect(p.firstWaitWeeks.max).toBeLessThanOrEqual(1);
  });

  it("alternates remote reviews and visits exactly, and adds one visit per out-of-range reading", () => {
    const followUp = (convert: number) => ({
      interval: "1w",
      count: 4,
      slot: "15min",
      faceToFaceEvery: 2,
      remote: { staff: [{ role: "nurse", time: "10min" }], convertToFaceToFace: convert },
    });
    // Follow-ups 1 and 3 remote, 2 and 4 face to face.
    const never = run(clinicScenario({ pathway: { followUp: followUp(0) } })).outpatients!.atDischarge;
    expect([never.followUp.min, never.followUp.max, never.remote.min, never.remote.max]).toEqual([
      2, 2, 2, 2,
    ]);
    expect([never.converted.min, never.converted.max]).toEqual([0, 0]);
    // Every reading out of range: both remote reviews add a visit.
    const always = run(clinicScenario({ pathway: { followUp: followUp(1) } })).outpatients!.atDischarge;
    expect([always.converted.min, always.converted.max]).toEqual([2, 2]);
    expect([always.followUp.min, always.followUp.max]).toEqual([2, 2]);
  });

  it("reports appointments per patient-year that match the schedule", () => {
    // Monitoring without end, every 4 weeks, from a caseload of 400 already in follow-up and no
    // referrals. A patient's first follow-up is due uniformly in the first 4 weeks and is seen at
    // the Monday 09:00 session at or after it (week k = 0..4), then every 4 weeks: sessions k, k+4,
    // … up to week 51 make 13 visits, but 12 for k = 4 (due after week 3's session, probability
    // (1w − 9h) / 4w). So 13 − (1w − 9h)/4w visits a patient on average, binomial noise sd
    // √(p(1 − p)/400) ≈ 0.021 (4 sd: 0.09); 2-minute slots keep the clinic far from full.
    const result = simulateScenario(
      scenario(
        clinicScenario({
          horizon: "52w",
          pathway: {
            referralsPerWeek: 0,
            initialCaseload: 400,
            followUp: { interval: "4w", slot: "2min" },
          },
        }),
      ),
    );
    const op = result.summary.outpatients!;
    expect(op.patientYears).toBeCloseTo((400 * 364) / 365.25, 9);
    const visits = op.appointments.followUp / 400;
    const p12 = (7 * 24 - 9) / (4 * 7 * 24);
    expect(Math.abs(visits - (13 - p12))).toBeLessThan(0.09);
    expect(op.perPatientYear.followUp!).toBeCloseTo((visits * 365.25) / 364, 9);
    expect(op.waits.lateFollowUps).toBe(0);
    // Nobody leaves an indefinite monitoring pathway.
    expect(op.onPathwayAtEnd).toBe(400);
    // Staff cost: 52 eight-hour sessions of one nurse (£30) and one consultant (£110).
    expect(op.costs.staff).toBeCloseTo(52 * 8 * (30 + 110), 6);
    expect(result.summary.costs.outpatients).toBeCloseTo(op.costs.total, 9);
  });

  it("lets waits grow, and counts the waiting, when the clinic cannot keep up", () => {
    // 6 referrals a week, 30-minute first appointments, one 1.5-hour session: 3 seen a week, so
    // the list grows by about 3 a week. After 4 weeks' warm-up about 12 wait and the list grows
    // from there, so each of the window's 52 sessions sees exactly 3.
    const short = simulateScenario(
      scenario(
        clinicScenario({
          horizon: "52w",
          warmup: "4w",
          session: { from: "09:00", to: "10:30" },
          pathway: { referralsPerWeek: 6 },
        }),
      ),
    ).summary;
    const ample = simulateScenario(
      scenario(clinicScenario({ horizon: "52w", warmup: "4w", pathway: { referralsPerWeek: 6 } })),
    ).summary;
    const s = short.outpatients!;
    expect(s.appointments.first).toBe(3 * 52);
    // The window's referrals (Poisson, mean 312, sd ≈ 17.7) less the 156 seen, plus those already
    // waiting at warm-up's end: all still on the list.
    expect(s.waits.stillWaitingFirst).toBeGreaterThanOrEqual(s.referrals - s.appointments.first);
    expect(s.waits.stillWaitingFirst).toBeGreaterThan(312 - 4 * 17.7 - 156);
    expect(s.waits.stillWaitingFirstMeanWeeksSoFar!).toBeGreaterThan(10);
    expect(s.waits.firstMeanWeeks!).toBeGreaterThan(ample.outpatients!.waits.firstMeanWeeks! + 5);
    expect(short.warnings.some((w) => w.startsWith("growing:") && w.includes("first outpatient"))).toBe(true);
    expect(short.stability.verdict).not.toBe("stable");
    expect(ample.outpatients!.waits.stillWaitingFirst).toBeLessThanOrEqual(ample.outpatients!.referrals);
  });

  it("counts late follow-ups when follow-ups outgrow the clinic", () => {
    // Half of each 2-hour session (two 30-minute slots) kept for 3 new referrals a week, who then
    // need fortnightly 30-minute follow-ups: 10 follow-ups each over 20 weeks soon ask for far
    // more than the two other slots a week, so follow-ups run late.
    const s = simulateScenario(
      scenario(
        clinicScenario({
          horizon: "52w",
          session: { from: "09:00", to: "11:00" },
          keptForFirst: 0.5,
          pathway: { followUp: { interval: "2w", count: 10, slot: "30min", lateAfter: "7d" } },
        }),
      ),
    ).summary.outpatients!;
    expect(s.waits.lateFollowUps).toBeGreaterThan(0);
    expect(s.waits.followUpMeanDaysLate!).toBeGreaterThan(7);
  });

  it("conserves patients: initial + referred = discharged + still on a pathway", () => {
    const hospital = run(
      clinicScenario({
        horizon: "52w",
        session: { from: "09:00", to: "11:00" },
        pathway: {
          initialCaseload: 30,
          didNotAttend: { rate: 0.2, dischargeAfter: 2 },
          followUp: {
            interval: "2w",
            count: 3,
            slot: "20min",
            faceToFaceEvery: 3,
            remote: { staff: [{ role: "nurse", time: "10min" }], convertToFaceToFace: 0.3 },
          },
        },
      }),
    );
    const op = hospital.outpatients!;
    const c = op.conservation;
    expect(c.initial).toBe(30);
    expect(c.initial + c.referred).toBe(c.discharged + op.onPathways());
    expect(op.pathways[0]!.dischargedAfterMisses).toBeGreaterThan(0);
  });
});
