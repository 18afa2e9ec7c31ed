/**
 * Why an analytic figure and the simulation disagree, guessed from the model: each check looks
 * for one assumption of the formulas that the scenario or the simulated run breaks, and says so
 * in plain words with the figure that shows it. These are candidates, not proofs; the report
 * lists every one that applies.
 */
import type { Scenario } from "../scenario/schema.js";
import type { WardDemand } from "./demand.js";
import type { SimulatedFigures } from "./simulated.js";
import type { Comparison, Estimate, UnitCapacity } from "./types.js";

const fmt = (x: number, digits = 1): string => x.toFixed(digits);
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

/** Clearly below: the whole interval under `value` by more than `share` of it. */
function clearlyBelow(e: Estimate, value: number, share: number): boolean {
  return e.mean + (e.halfWidth ?? 0) < value * (1 - share);
}

function clearlyAbove(e: Estimate, value: number, share: number): boolean {
  return e.mean - (e.halfWidth ?? 0) > value * (1 + share);
}

/** The coefficient of variation beyond which Erlang C's exponential assumption is called out. */
export const CV_FAR_FROM_EXPONENTIAL = 0.25;
/** Peak-to-mean ratio of m(t) beyond which time-varying demand is called out. */
export const PEAK_TO_MEAN = 1.05;

export interface WardContext {
  scenario: Scenario;
  unit: UnitCapacity;
  demand: WardDemand;
  simulated: SimulatedFigures;
  /** Analytic mean stay (days) of each group, all stages. */
  groupLosDays: Map<string, number>;
}

/** Candidate reasons for a ward's disagreement; `full` adds those that matter for P(full) only. */
export function wardReasons(ctx: WardContext, full: boolean): string[] {
  const { scenario, unit, demand, simulated } = ctx;
  const ward = scenario.wards.find((w) => w.id === unit.id)!;
  const sim = simulated.wards.get(unit.id)!;
  const reasons: string[] = [];
  const lambda = unit.arrivalsPerDay;
  if (unit.model === "queue" && unit.offeredLoad >= unit.capacity) {
    reasons.push(
      `offered ${fmt(unit.offeredLoad)} beds' worth against ${unit.capacity} beds: as a lone queue it would grow without end, ` +
        "so what the simulation shows is set by overflow, upstream waits and the weekly cycle",
    );
  }

  if (clearlyBelow(sim.ownAdmissionsPerDay, lambda, 0.02)) {
    const seen = `${fmt(sim.ownAdmissionsPerDay.mean)} of its own admissions a day get a bed here against λ = ${fmt(lambda)}`;
    if (ward.overflowTo.length > 0) {
      reasons.push(`the ward overflows to outliers (${ward.overflowTo.join(", ")}) when full: ${seen}`);
    } else if (sim.divertedPerDay.mean > 0) {
      reasons.push(
        `patients are turned away when it is full (${fmt(sim.divertedPerDay.mean)} a day): ${seen}`,
      );
    } else {
      reasons.push(`blocking upstream cuts the arrivals this ward sees: ${seen}`);
    }
  }
  if (sim.outliersInPerDay.mean > 0.01 * lambda) {
    reasons.push(`the ward takes other wards' outliers (${fmt(sim.outliersInPerDay.mean)} a day)`);
  }

  // Stays longer than the phases summed: queues for assessors, places, staff or downstream beds.
  for (const group of scenario.groups) {
    const index = group.stages.findIndex((s) => s.ward === unit.id);
    if (index < 0) continue;
    if (index < group.stages.length - 1) {
      const next = group.stages[index + 1]!.ward;
      const nextFull = simulated.wards.get(next)?.fullFraction;
      if (nextFull !== undefined && nextFull.mean > 0.02) {
        reasons.push(
          `patients of "${group.id}" wait in this ward's beds for a bed on "${next}" (full ${pct(nextFull.mean)} of the time)`,
        );
      }
      continue;
    }
    const analytic = ctx.groupLosDays.get(group.id);
    const simulatedLos = simulated.groupLosDays.get(group.id);
    if (analytic !== undefined && simulatedLos !== undefined && clearlyAbove(simulatedLos, analytic, 0.02)) {
      reasons.push(
        `discharge delays add to the time a bed is held: "${group.id}" stays ${fmt(simulatedLos.mean, 2)} d in the simulation ` +
          `against ${fmt(analytic, 2)} d of treatment and known delays (queues for assessment, community places or staff)`,
      );
    }
  }

  if ((ward.bedSchedule?.length ?? 0) > 0 && unit.capacityRange !== undefined) {
    reasons.push(
      `capacity changes over the week (bed schedule ${unit.capacityRange.min}–${unit.capacityRange.max} beds); the formulas use ${unit.capacity}`,
    );
  }
  if (ward.maxWaiting !== undefined && ward.maxWaiting > 0) {
    reasons.push(`a waiting line capped at ${ward.maxWaiting} counts only new patients, not transfers`);
  }
  if (full) {
    if (
      unit.model !== "loss" &&
      unit.heldCv !== null &&
      Math.abs(unit.heldCv - 1) > CV_FAR_FROM_EXPONENTIAL
    ) {
      reasons.push(
        `LOS is far from exponential (cv ${fmt(unit.heldCv, 2)}): Erlang C's P(full) and waits assume exponential stays (mean occupancy does not)`,
      );
    }
    const mean = demand.bedsBusyHourAverage.reduce((a, b) => a + b, 0) / demand.bedsBusyHourAverage.length;
    const peak = Math.max(...demand.bedsBusyHourAverage);
    if (mean > 0 && peak / mean > PEAK_TO_MEAN) {
      reasons.push(
        `demand varies over the week (m(t) peaks at ${fmt(peak)} against a mean of ${fmt(mean)}); a stationary formula misses the busy hours` +
          (unit.fullProbabilityOverWeek !== undefined
            ? ` (hour by hour over the week, MOL gives P(full) ${pct(unit.fullProbabilityOverWeek)})`
            : ""),
      );
    }
    if (demand.heldMinutes.turnaround > 0) {
      reasons.push(
        "beds being cleaned count as busy here, but the simulation calls a ward full only when every bed holds a patient",
      );
    }
  }
  return reasons;
}

/**
 * Share of the long-run load an infinite-server system started empty carries on average over
 * the observed window [warmup, warmup + horizon]: (1/h)∫ F_e(t) dt, where F_e(t) = ∫₀ᵗ S(u) du / E[S]
 * is the equilibrium-excess distribution. Trapezoid rule on 4000 steps.
 */
export function emptyStartShare(
  survival: (u: number) => number,
  mean: number,
  warmup: number,
  horizon: number,
): number {
  if (!(mean > 0) || !(horizon > 0)) return 1;
  const end = warmup + horizon;
  const steps = 4000;
  const h = end / steps;
  let integral = 0;
  let previous = survival(0);
  let windowSum = 0;
  let previousShare = 0;
  for (let i = 1; i <= steps; i++) {
    const t = i * h;
    const value = survival(t);
    integral += (h * (previous + value)) / 2;
    previous = value;
    const share = Math.min(1, integral / mean);
    if (t > warmup) windowSum += (Math.min(h, t - warmup) * (previousShare + share)) / 2;
    previousShare = share;
  }
  return windowSum / horizon;
}

/** Reasons for a community service or assessment team. */
export function serviceReasons(unit: UnitCapacity, full: boolean, emptyShare: number | null): string[] {
  const reasons: string[] = [];
  if (emptyShare !== null && emptyShare < 0.99) {
    reasons.push(
      `the run starts empty and the warm-up is short for a time held this long-tailed: started empty, it would carry ` +
        `on average only ${pct(emptyShare)} of a (${fmt(unit.offeredLoad * emptyShare)}) over the observed days`,
    );
  }
  if (unit.utilisation >= 1) {
    reasons.push(
      `offered ${fmt(unit.offeredLoad)} against ${unit.capacity}: over capacity, so the queue grows through the run and no steady state exists`,
    );
  }
  if (full && unit.heldCv !== null && Math.abs(unit.heldCv - 1) > CV_FAR_FROM_EXPONENTIAL) {
    reasons.push(
      `the time held is far from exponential (cv ${fmt(unit.heldCv, 2)}): the M/M/c wait assumes exponential (mean busy does not)`,
    );
  }
  if (full)
    reasons.push("arrivals are what leaves the wards, bunched by discharge hours and weekdays, not Poisson");
  return reasons;
}

const LABELS: Record<string, { name: string; percent: boolean; unit: string }> = {
  meanBusy: { name: "mean busy", percent: false, unit: "" },
  fullProbability: { name: "P(full)", percent: true, unit: "" },
  admissionsPerDay: { name: "admissions a day", percent: false, unit: "" },
  waitDays: { name: "mean wait", percent: false, unit: " d" },
};

function show(x: number, percent: boolean, unit: string): string {
  return percent ? pct(x) : `${x.toFixed(x !== 0 && Math.abs(x) < 1 ? 3 : 1)}${unit}`;
}

/** One sentence naming every comparison that disagrees, or null. */
export function flagSentence(
  compare: Record<string, Comparison | undefined>,
  busyName = "mean busy",
): string | null {
  const parts: string[] = [];
  for (const [key, c] of Object.entries(compare)) {
    if (c === undefined || c.agrees !== false) continue;
    const known = LABELS[key] ?? { name: key, percent: false, unit: "" };
    const label = key === "meanBusy" ? { ...known, name: busyName } : known;
    const side = c.simulated.mean > c.analytic ? "above" : "below";
    const half = c.simulated.halfWidth ?? 0;
    parts.push(
      `simulated ${label.name} ${show(c.simulated.mean, label.percent, label.unit)} ± ${show(half, label.percent, label.unit)} is ${side} ` +
        `the analytic ${show(c.analytic, label.percent, label.unit)}`,
    );
  }
  return parts.length > 0 ? `${parts.join("; ")}.` : null;
}
