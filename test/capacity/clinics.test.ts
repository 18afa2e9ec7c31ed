/** Clinic slots against demand, worked by hand from the scenario. */
import { describe, expect, it } from "vitest";
import { clinicCapacity } from "../../src/capacity/clinics.js";
import { ampleDischarge, ampleService, scenario } from "../model/builders.js";

function clinicScenario(caseload: number, referralsPerWeek: number) {
  return scenario({
    name: "clinic",
    run: { horizon: "52w" },
    wards: [{ id: "ward", beds: 1 }],
    community: [ampleService],
    discharge: ampleDischarge,
    staff: { roles: [{ id: "nurse", skills: ["m"], hourlyCost: 30 }] },
    outpatients: {
      clinics: [
        {
          id: "c",
          sessions: [{ days: ["mon", "tue", "wed", "thu"], from: "09:00", to: "12:30" }],
          staff: [{ role: "nurse" }],
        },
      ],
      pathways: [
        {
          id: "p",
          referralsPerWeek,
          clinic: "c",
          firstSlot: "1h",
          initialCaseload: caseload,
          didNotAttend: { rate: 0.1 },
          followUp: {
            interval: "26w",
            count: 4,
            slot: "30min",
            faceToFaceEvery: 2,
            remote: { staff: [{ role: "nurse", time: "5min" }], convertToFaceToFace: 0.5 },
          },
        },
      ],
    },
  });
}

describe("clinic capacity", () => {
  it("counts first appointments, follow-ups, added visits and rebooked misses against session minutes", () => {
    // Offered: 4 sessions × 210 min = 840 min a week.
    // First appointments: 2 a week × 60 min ÷ 0.9 (misses rebooked) = 133.3.
    // Follow-ups per referral: 4 × (1/2 face to face + 1/2 remote × 0.5 converted) = 3 visits × 30 min.
    //   2 a week × 3 × 30 ÷ 0.9 = 200. Caseload 260 seen each 26 weeks: 10 follow-ups a week × 0.75
    //   visits × 30 min ÷ 0.9 = 250. Total 583.3 min a week: ρ = 583.3 / 840.
    const [c] = clinicCapacity(clinicScenario(260, 2), 0.85)!;
    const demand = (2 * 60) / 0.9 + (2 * 3 * 30) / 0.9 + (10 * 0.75 * 30) / 0.9;
    expect(c!.demandMinutesPerWeek).toBeCloseTo(demand, 9);
    expect(c!.offeredLoad).toBeCloseTo(demand / 840, 9);
    // Sessions of 210 min for ρ ≤ 0.85: ⌈583.3 / 178.5⌉ = 4.
    expect(c!.sessionsNeededPerWeek).toBe(Math.ceil(demand / (0.85 * 210)));
  });

  it("flags a clinic asked for more than it offers", () => {
    const [c] = clinicCapacity(clinicScenario(2000, 10), 0.85)!;
    expect(c!.offeredLoad!).toBeGreaterThan(1);
    expect(c!.sessionsNeededPerWeek).toBeGreaterThan(c!.sessionsPerWeek);
  });

  it("is absent without outpatients", () => {
    const s = clinicScenario(0, 0);
    expect(clinicCapacity({ ...s, outpatients: undefined }, 0.85)).toBeNull();
  });
});
