/**
 * Before a run: is any ward, assessment team or community service offered more work than it can
 * ever do? Offered load a = λ·E[time held] (Little's law); a ≥ capacity means the queue grows
 * without limit over a long run. Figures here are the long-run means from the scenario itself.
 */
import { fromSpec } from "../engine/distributions.js";
import { DAY } from "../engine/time.js";
import { edAdmissionsPerDay } from "../scenario/ed-schema.js";
import type { Scenario } from "../scenario/schema.js";
import { describeListLoad, type ListLoad } from "./waiting-list-stability.js";
import { whole } from "./words.js";

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
    // Admissions through the emergency department's decisions to admit join the group's own.
    const lambda = group.arrivals.perDay + edAdmissionsPerDay(scenario.ed, group.id);
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
      addServiceLoad(serviceLoad, service, perDay);
      // Onward places after the first service; a community bed is also kept while one is arranged.
      const onward = scenario.discharge[policy].onward;
      if (onward === undefined) continue;
      const shares = onward[pathwayKeys[k] as "p1" | "p2" | "p3"];
      for (const destination of ["package", "careHome"] as const) {
        const next = scenario.community.find((s) => s.id === onward.services[destination]);
        if (!next || !(shares[destination] > 0)) continue;
        addServiceLoad(serviceLoad, next, perDay * shares[destination]);
        if (service.kind === "beds") {
          serviceLoad.get(service.id)!.load +=
            (perDay * shares[destination] * fromSpec(next.startDelay).mean) / DAY;
        }
      }
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

function addServiceLoad(
  loads: Map<string, { arrivals: number; load: number }>,
  service: Scenario["community"][number],
  perDay: number,
): void {
  const entry = loads.get(service.id) ?? { arrivals: 0, load: 0 };
  entry.arrivals += perDay;
  const supportDays = fromSpec(service.lengthOfSupport).mean / DAY;
  entry.load +=
    service.kind === "visits"
      ? perDay * expectedVisits(service.visitsPerDay ?? [1], supportDays)
      : perDay * supportDays;
  loads.set(service.id, entry);
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

// --- the stability verdict -----------------------------------------------------------------

export type StabilityVerdict = "stable" | "near-edge" | "not-stable";

/** Whether a run's figures describe a steady state, with the reasons in plain words. */
export interface Stability {
  verdict: StabilityVerdict;
  evidence: string[];
}

/**
 * Offered load at or above this share of capacity is "near the edge". At 95% a few per cent more
 * demand — one year's usual growth in emergency admissions, or the uncertainty in a length-of-stay
 * estimate — takes it to 100%, where the queue no longer settles; and with the variability of
 * real stays, queues and waits already climb steeply from about 90% (Erlang C for c ≈ 20–500).
 */
export const NEAR_EDGE_LOAD = 0.95;

/** Stop reasons of a run that reached its horizon (or ran out of events before it). */
const NORMAL_STOPS = new Set(["until", "empty"]);

export interface StabilityFacts {
  complete: boolean;
  stopReason: string;
  warnings: readonly string[];
  loads: readonly LoadEstimate[];
  /** Everyone waiting for a bed at the end of the run. */
  waitingForBedAtEnd: number;
  /** Share of the window's arrivals turned away (0 where no ward limits its waiting). */
  divertedPercentOfArrivals: number;
  /** The elective waiting lists, when the scenario has theatres (their growth comes as a "growing:" warning). */
  electiveLists?: { loads: readonly ListLoad[] };
}

function describeLoad(l: LoadEstimate): string {
  const unit = l.kind === "ward" ? "beds" : l.kind === "assessment" ? "assessors" : "places";
  const name =
    l.kind === "assessment" ? l.id : `${l.kind === "ward" ? "ward" : "community service"} "${l.id}"`;
  if (l.capacity <= 0) {
    return `${name} has capacity 0 but is offered ${l.offeredLoad.toFixed(1)} ${unit}' worth of work`;
  }
  const percent = Math.round((100 * l.offeredLoad) / l.capacity);
  return `${name} is offered ${l.offeredLoad.toFixed(1)} ${unit}' worth of work against ${whole(l.capacity)} (${percent}%)`;
}

/**
 * Not stable: the run stopped early, anything is offered at least its capacity, or a queue grew
 * through the run (the "growing" warnings). Near the edge: offered load at NEAR_EDGE_LOAD of
 * capacity or more, or a tenth or more of arrivals turned away (a loss system at its limit).
 * Stable otherwise. Evidence names figures, so a reader sees why.
 */
export function stabilityVerdict(facts: StabilityFacts): Stability {
  const notStable: string[] = [];
  const nearEdge: string[] = [];
  if (!facts.complete || !NORMAL_STOPS.has(facts.stopReason)) {
    notStable.push(`the run stopped early (${facts.stopReason}); its figures cover only the part simulated`);
  }
  const active = facts.loads.filter((l) => l.arrivalsPerDay > 0);
  for (const l of active) {
    if (l.offeredLoad >= l.capacity) notStable.push(describeLoad(l));
    else if (l.offeredLoad >= NEAR_EDGE_LOAD * l.capacity) nearEdge.push(describeLoad(l));
  }
  for (const w of facts.warnings) {
    if (w.startsWith("growing: ")) notStable.push(w.slice("growing: ".length).split(";")[0]!);
  }
  if (facts.electiveLists !== undefined) electiveListEvidence(facts.electiveLists, notStable, nearEdge);
  if (facts.divertedPercentOfArrivals >= 10) {
    nearEdge.push(
      `${facts.divertedPercentOfArrivals.toFixed(0)}% of arrivals were turned away for want of a bed`,
    );
  }
  if (notStable.length > 0) {
    if (facts.waitingForBedAtEnd > 0) {
      notStable.unshift(`${whole(facts.waitingForBedAtEnd)} patients waiting for a bed at the end`);
    }
    return { verdict: "not-stable", evidence: notStable };
  }
  if (nearEdge.length > 0) return { verdict: "near-edge", evidence: nearEdge };
  const busiest = [...active]
    .filter((l) => l.capacity > 0)
    .sort((a, b) => b.offeredLoad / b.capacity - a.offeredLoad / a.capacity)[0];
  const lists = (facts.electiveLists?.loads ?? []).map(describeListLoad);
  const evidence = busiest ? [`busiest: ${describeLoad(busiest)}`, ...lists] : lists;
  return { verdict: "stable", evidence: evidence.length > 0 ? evidence : ["nothing is offered work"] };
}

/**
 * The elective list judged as a queue like any other: referrals at or above what the lists can do
 * is not stable, at NEAR_EDGE_LOAD of it near the edge (a list that grew is a "growing:" warning).
 */
function electiveListEvidence(
  lists: NonNullable<StabilityFacts["electiveLists"]>,
  notStable: string[],
  nearEdge: string[],
): void {
  for (const l of lists.loads) {
    if (l.referralsPerWeek >= l.operationsPerWeek) notStable.push(describeListLoad(l));
    else if (l.referralsPerWeek >= NEAR_EDGE_LOAD * l.operationsPerWeek) nearEdge.push(describeListLoad(l));
  }
}

const SEVERITY: Record<StabilityVerdict, number> = { stable: 0, "near-edge": 1, "not-stable": 2 };
const VERDICT_WORDS: Record<StabilityVerdict, string> = {
  stable: "stable",
  "near-edge": "near the edge",
  "not-stable": "not stable",
};

/** A variant's verdict over its replications: the worst wins, with how often each occurred. */
export interface CombinedStability extends Stability {
  counts: Record<StabilityVerdict, number>;
  replications: number;
}

/** Distinct reasons a combined verdict lists before counting the rest. */
const MAX_REASONS = 6;

export function combineStability(replications: readonly Stability[]): CombinedStability {
  const counts: Record<StabilityVerdict, number> = { stable: 0, "near-edge": 0, "not-stable": 0 };
  for (const r of replications) counts[r.verdict]++;
  const n = replications.length;
  if (n === 0) return { verdict: "stable", evidence: ["no replications"], counts, replications: 0 };
  let worst: StabilityVerdict = "stable";
  for (const r of replications) if (SEVERITY[r.verdict] > SEVERITY[worst]) worst = r.verdict;
  const headline =
    counts[worst] === n
      ? `${VERDICT_WORDS[worst]} in all ${n} replication${n === 1 ? "" : "s"}`
      : `${VERDICT_WORDS[worst]} in ${counts[worst]} of ${n} replications`;
  // Each distinct reason once, in the order first seen among the worst replications.
  const reasons = [...new Set(replications.filter((r) => r.verdict === worst).flatMap((r) => r.evidence))];
  // Figures in the reasons differ replication by replication: a few say why, the rest are counted.
  const shown = reasons.slice(0, MAX_REASONS);
  if (reasons.length > MAX_REASONS) shown.push(`${reasons.length - MAX_REASONS} further reasons not shown`);
  return { verdict: worst, evidence: [headline, ...shown], counts, replications: n };
}

export function stabilityWords(verdict: StabilityVerdict): string {
  return VERDICT_WORDS[verdict];
}
