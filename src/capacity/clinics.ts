/**
 * Clinic slots against the demand for them, from the scenario alone. A clinic books its sessions'
 * minutes from a list, so it is a scheduled server, not an Erlang C queue of patients arriving to
 * be seen at once: what decides whether its lists stay bounded is the offered load ρ = minutes
 * asked for ÷ minutes offered a week (below 1, the list is bounded; at or above 1, it grows
 * without end), and the sessions that would bring ρ to the target.
 */
import { WEEK } from "../engine/time.js";
import type { Scenario } from "../scenario/schema.js";

export interface ClinicCapacity {
  id: string;
  name: string;
  /** Session minutes a week (every session of the weekly template). */
  offeredMinutesPerWeek: number;
  /** Booked minutes a week the pathways ask for, missed appointments (rebooked) included. */
  demandMinutesPerWeek: number;
  /** demand ÷ offered; null for a clinic with no sessions. */
  offeredLoad: number | null;
  /** Sessions of the template's mean length a week to bring the load to the target. */
  sessionsNeededPerWeek: number;
  sessionsPerWeek: number;
  /** Why a pathway's demand is only a floor (monitoring without end keeps adding patients). */
  notes: string[];
}

/** Per clinic; null when the scenario has no outpatients. */
export function clinicCapacity(scenario: Scenario, targetLoad: number): ClinicCapacity[] | null {
  const outpatients = scenario.outpatients;
  if (outpatients === undefined) return null;
  const demand = new Map<string, number>(outpatients.clinics.map((c) => [c.id, 0]));
  const notes = new Map<string, string[]>(outpatients.clinics.map((c) => [c.id, []]));
  for (const p of outpatients.pathways) {
    // Every booking is tried again after a miss: attended + missed = attended ÷ (1 − DNA rate).
    const rebooked = p.didNotAttend.rate < 1 ? 1 / (1 - p.didNotAttend.rate) : Number.POSITIVE_INFINITY;
    demand.set(p.clinic, demand.get(p.clinic)! + p.referralsPerWeek * p.firstSlot * rebooked);
    const f = p.followUp;
    if (f === undefined) continue;
    const clinic = f.clinic ?? p.clinic;
    const everyVisit = 1 / f.faceToFaceEvery;
    const added = f.remote ? (1 - everyVisit) * f.remote.convertToFaceToFace : 0;
    const visitsPerFollowUp = everyVisit + added;
    if (f.count !== undefined) {
      // Each referral's follow-ups, spread over time: in the long run, referrals a week × follow-ups each.
      demand.set(
        clinic,
        demand.get(clinic)! + p.referralsPerWeek * f.count * visitsPerFollowUp * f.slot * rebooked,
      );
    }
    // Those already in follow-up (and, without an end, everyone referred) are seen once an interval.
    const caseload = p.initialCaseload;
    demand.set(
      clinic,
      demand.get(clinic)! + ((caseload * WEEK) / f.interval) * visitsPerFollowUp * f.slot * rebooked,
    );
    if (f.count === undefined && p.referralsPerWeek > 0) {
      notes
        .get(clinic)!
        .push(
          `pathway "${p.id}" monitors without end while referrals arrive, so its caseload and demand grow through the run; the figure is its demand at the start`,
        );
    }
  }
  return outpatients.clinics.map((c) => {
    const offered = c.sessions.reduce((a, s) => a + s.days.length * (s.to - s.from), 0);
    const sessions = c.sessions.reduce((a, s) => a + s.days.length, 0);
    const asked = demand.get(c.id)!;
    const meanSession = sessions > 0 ? offered / sessions : 0;
    return {
      id: c.id,
      name: c.name ?? c.id,
      offeredMinutesPerWeek: offered,
      demandMinutesPerWeek: asked,
      offeredLoad: offered > 0 ? asked / offered : null,
      sessionsNeededPerWeek: meanSession > 0 ? Math.ceil(asked / (targetLoad * meanSession)) : 0,
      sessionsPerWeek: sessions,
      notes: notes.get(c.id)!,
    };
  });
}

export function clinicText(clinics: readonly ClinicCapacity[], targetLoad: number): string {
  const lines = [
    `Outpatient clinics (slots booked from a list: stable when the offered load ρ < 1; Erlang C does not apply; sessions for ρ ≤ ${targetLoad}):`,
  ];
  for (const c of clinics) {
    const rho = c.offeredLoad === null ? "no sessions" : `ρ = ${c.offeredLoad.toFixed(2)}`;
    const verdict = c.offeredLoad !== null && c.offeredLoad >= 1 ? " — lists grow without end" : "";
    lines.push(
      `  ${c.name}: asks ${Math.round(c.demandMinutesPerWeek / 60)} h a week of ${Math.round(c.offeredMinutesPerWeek / 60)} h offered (${rho})${verdict}; ` +
        `${c.sessionsPerWeek} sessions a week, ${c.sessionsNeededPerWeek} needed.`,
    );
    for (const note of c.notes) lines.push(`    note: ${note}`);
  }
  return lines.join("\n");
}
