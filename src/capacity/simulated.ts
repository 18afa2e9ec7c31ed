/**
 * The simulation's own figures beside the analytic ones: a short batch of independent
 * replications (indices 0..n−1, the scenario's seed unless given) run in this process, each
 * figure as a mean with a Student-t confidence interval over replications.
 */

import { simulateScenario } from "../model/run.js";
import type { RunSummary } from "../model/summary.js";
import type { Scenario } from "../scenario/schema.js";
import { studentTQuantile } from "../stats/student-t.js";
import type { Comparison, Estimate } from "./types.js";

/** Mean and t-interval of independent values; halfWidth null below two values. */
export function estimate(values: readonly number[], confidence = 0.95): Estimate {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, halfWidth: null, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, halfWidth: null, n };
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  const t = studentTQuantile(1 - (1 - confidence) / 2, n - 1);
  return { mean, halfWidth: (t * Math.sqrt(variance)) / Math.sqrt(n), n };
}

/**
 * Analytic against simulated: agrees when the gap is within the interval's half-width, or
 * within `floor` when the interval is narrower (identical replications, e.g. a ward never full,
 * give a zero-width interval that no formula could hit to the last digit).
 */
export function compare(analytic: number, simulated: Estimate, floor: number): Comparison {
  if (simulated.halfWidth === null || !Number.isFinite(simulated.mean)) {
    return { analytic, simulated, tolerance: null, agrees: null };
  }
  const tolerance = Math.max(simulated.halfWidth, floor);
  return { analytic, simulated, tolerance, agrees: Math.abs(analytic - simulated.mean) <= tolerance };
}

export function simulateReplications(
  scenario: Scenario,
  replications: number,
  seed: number = scenario.seed,
): { summaries: RunSummary[]; seconds: number } {
  const started = performance.now();
  const summaries: RunSummary[] = [];
  for (let r = 0; r < replications; r++) {
    summaries.push(simulateScenario(scenario, { seed, replication: r }).summary);
  }
  return { summaries, seconds: (performance.now() - started) / 1000 };
}

/**
 * Days a run observed: the horizon. A run stopped at the event limit observed fewer, which the
 * summary does not say exactly; the report counts such runs in its notes instead.
 */
function observedDays(summary: RunSummary): number {
  return summary.horizonDays;
}

export interface SimulatedWard {
  occupancyMean: Estimate;
  fullFraction: Estimate;
  ownAdmissionsPerDay: Estimate;
  outliersInPerDay: Estimate;
  divertedPerDay: Estimate;
  /** Mean wait for a first bed here (days). */
  waitDays: Estimate;
}

export interface SimulatedFigures {
  wards: Map<string, SimulatedWard>;
  services: Map<string, { inServiceMean: Estimate; waitDays: Estimate }>;
  assessment: { busy: Estimate; waitDays: Estimate };
  groupLosDays: Map<string, Estimate>;
  staffBusyHoursPerWeek: Estimate | null;
  incomplete: number;
}

/** Every figure the capacity report compares, over the replications. */
export function simulatedFigures(
  summaries: readonly RunSummary[],
  scenario: Scenario,
  confidence: number,
): SimulatedFigures {
  const est = (f: (s: RunSummary) => number) => estimate(summaries.map(f), confidence);
  const wards = new Map<string, SimulatedWard>();
  for (const w of scenario.wards) {
    const ward = (s: RunSummary) => s.wards.find((x) => x.id === w.id)!;
    wards.set(w.id, {
      occupancyMean: est((s) => ward(s).occupancyMean),
      fullFraction: est((s) => ward(s).percentTimeFull / 100),
      ownAdmissionsPerDay: est((s) => (ward(s).admissions - ward(s).outlierAdmissions) / observedDays(s)),
      outliersInPerDay: est((s) => ward(s).outlierAdmissions / observedDays(s)),
      divertedPerDay: est((s) => ward(s).diverted / observedDays(s)),
      // Nobody admitted in a replication (null): compared as no wait, as before.
      waitDays: est((s) => (ward(s).timeToBedMeanHours ?? 0) / 24),
    });
  }
  const services = new Map<string, { inServiceMean: Estimate; waitDays: Estimate }>();
  for (const c of scenario.community) {
    const service = (s: RunSummary) => s.services.find((x) => x.id === c.id)!;
    services.set(c.id, {
      inServiceMean: est((s) => service(s).inServiceMean),
      waitDays: est((s) => service(s).waitMeanDays ?? 0),
    });
  }
  const policy = scenario.discharge.policy;
  const assessors = scenario.discharge[policy].assessment.assessors;
  const assessment = (s: RunSummary) => s.assessments.find((a) => a.policy === policy)!;
  const groupIds = new Set(summaries.flatMap((s) => s.los.byGroup.map((g) => g.id)));
  const groupLosDays = new Map<string, Estimate>();
  for (const id of groupIds) {
    groupLosDays.set(
      id,
      est((s) => s.los.byGroup.find((g) => g.id === id)?.meanDays ?? 0),
    );
  }
  const withStaff = summaries.every((s) => s.staff !== undefined) && summaries.length > 0;
  return {
    wards,
    services,
    assessment: {
      busy: est((s) => assessment(s).utilisation * assessors),
      waitDays: est((s) => assessment(s).waitMeanHours / 24),
    },
    groupLosDays,
    staffBusyHoursPerWeek: withStaff
      ? est((s) => (s.staff!.roles.reduce((a, r) => a + r.busyHours, 0) / observedDays(s)) * 7)
      : null,
    incomplete: summaries.filter((s) => !s.complete).length,
  };
}
