/**
 * Before a run: is any ward, assessment team or community service offered more work than it can
 * ever do? Offered load a = λ·E[time held] (Little's law); a ≥ capacity means the queue grows
 * without limit over a long run. Figures here are the long-run means from the scenario itself.
 */
import { fromSpec } from "../engine/distributions.js";
import { DAY } from "../engine/time.js";
import type { Scenario } from "../scenario/schema.js";

export interface LoadEstimate {
  kind: "ward" | "service" | "assessment";
  id: string;
  /** Mean arrivals a day. */
  arrivalsPerDay: number;
  /** Offered load in units of capacity (beds, places, assessors, or visits a day). */
  offeredLoad: number;
  capacity: number;
}

const pathwayKeys = ["p0", "p1", "p2", "p3"] as const;

export function estimateLoads(scenario: Scenario): LoadEstimate[] {
  const policy = scenario.discharge.policy;
  const loads: LoadEstimate[] = [];
  const wardLoad = new Map<string, { arrivals: number; load: number }>();
  const serviceLoad = new Map<string, { arrivals: number; load: number }>();
  let assessmentsPerDay = 0;

  for (const group of scenario.groups) {
    const lambda = group.arrivals.perDay;
    const split = group.dischargePathways;
    group.stages.forEach((stage, i) => {
      const entry = wardLoad.get(stage.ward) ?? { arrivals: 0, load: 0 };
      entry.arrivals += lambda;
      let days = fromSpec(stage.los).mean / DAY;
      if (i === group.stages.length - 1) {
        // The last ward also holds the patient while discharge is arranged (known delays only).
        days += (fromSpec(scenario.discharge.pathway0Delay).mean * split.p0) / DAY;
        for (const k of [1, 2, 3] as const) {
          const p = split[pathwayKeys[k]];
          const serviceId = scenario.discharge[policy].services[pathwayKeys[k] as "p1" | "p2" | "p3"];
          const service = scenario.community.find((s) => s.id === serviceId);
          let held = service ? fromSpec(service.startDelay).mean : 0;
          if (policy === "standard") held += fromSpec(scenario.discharge.standard.assessment.duration).mean;
          days += (p * held) / DAY;
        }
      }
      entry.load += lambda * days;
      wardLoad.set(stage.ward, entry);
    });
    for (const k of [1, 2, 3] as const) {
      const perDay = lambda * split[pathwayKeys[k]];
      assessmentsPerDay += perDay;
      const serviceId = scenario.discharge[policy].services[pathwayKeys[k] as "p1" | "p2" | "p3"];
      const service = scenario.community.find((s) => s.id === serviceId);
      if (!service) continue;
      const entry = serviceLoad.get(service.id) ?? { arrivals: 0, load: 0 };
      entry.arrivals += perDay;
      const supportDays = fromSpec(service.lengthOfSupport).mean / DAY;
      if (service.kind === "visits") {
        entry.load += perDay * expectedVisits(service.visitsPerDay ?? [1], supportDays);
      } else {
        entry.load += perDay * supportDays;
      }
      serviceLoad.set(service.id, entry);
    }
  }
  for (const procedure of scenario.electives?.procedures ?? []) {
    if (procedure.dayCase || procedure.ward === undefined || procedure.los === undefined) continue;
    const perDay = procedure.referralsPerWeek / 7;
    const entry = wardLoad.get(procedure.ward) ?? { arrivals: 0, load: 0 };
    entry.arrivals += perDay;
    entry.load += (perDay * (fromSpec(procedure.duration).mean + fromSpec(procedure.los).mean)) / DAY;
    wardLoad.set(procedure.ward, entry);
  }
  for (const ward of scenario.wards) {
    const entry = wardLoad.get(ward.id);
    const beds = Math.max(ward.beds, ...(ward.bedSchedule ?? []).map((b) => b.beds));
    if (entry)
      loads.push({
        kind: "ward",
        id: ward.id,
        arrivalsPerDay: entry.arrivals,
        offeredLoad: entry.load,
        capacity: beds,
      });
  }
  for (const service of scenario.community) {
    const entry = serviceLoad.get(service.id);
    if (entry) {
      loads.push({
        kind: "service",
        id: service.id,
        arrivalsPerDay: entry.arrivals,
        offeredLoad: entry.load,
        capacity: service.capacity,
      });
    }
  }
  const assessment = scenario.discharge[policy].assessment;
  loads.push({
    kind: "assessment",
    id: `${policy} assessment`,
    arrivalsPerDay: assessmentsPerDay,
    offeredLoad: (assessmentsPerDay * fromSpec(assessment.duration).mean) / DAY,
    capacity: assessment.assessors,
  });
  return loads;
}

/** Visits a package needs in all, for a mean length in days (the taper's last value repeats). */
function expectedVisits(visitsPerDay: readonly number[], meanDays: number): number {
  let total = 0;
  const whole = Math.floor(meanDays);
  const tapered = Math.min(whole, visitsPerDay.length);
  for (let i = 0; i < tapered; i++) total += visitsPerDay[i]!;
  // Past the taper every day has the last value: counted at once, so a long package costs no time.
  total += (whole - tapered) * visitsPerDay[visitsPerDay.length - 1]!;
  total += (meanDays - whole) * visitsPerDay[Math.min(whole, visitsPerDay.length - 1)]!;
  return total;
}

/** Plain-words warnings for anything offered as much work as it can do, or more. */
export function stabilityWarnings(scenario: Scenario): string[] {
  const noun = { ward: "ward", service: "community service", assessment: "" } as const;
  return estimateLoads(scenario)
    .filter((l) => l.offeredLoad >= l.capacity && l.arrivalsPerDay > 0)
    .map((l) => {
      const unit = l.kind === "ward" ? "beds" : l.kind === "assessment" ? "assessors" : "places";
      const name = l.kind === "assessment" ? l.id : `${noun[l.kind]} "${l.id}"`;
      return (
        `unstable: ${name} is offered ${l.offeredLoad.toFixed(1)} ${unit}' worth of work against ${l.capacity}; ` +
        "its queue will grow for as long as the run lasts (the run stops, not stable, if it outgrows run.maxWaiting)"
      );
    });
}
