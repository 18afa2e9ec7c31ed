/**
 * Queue-theory capacity matching for a scenario: for each ward, community service and
 * assessment team, the offered load, Erlang B and C at today's capacity, the capacity each
 * target asks for, and the Bagust full-ward figures; demand and beds needed by hour of the week;
 * staff needed by hour and the cheapest roster; and, beside each figure, the simulation's own
 * from a short batch of replications, with a plain-words flag where they disagree.
 */

import { DAY } from "../engine/time.js";
import { estimateLoads } from "../model/stability.js";
import { erlangB, erlangC, serversForBlocking } from "../queueing/index.js";
import type { Scenario } from "../scenario/schema.js";
import { clinicCapacity } from "./clinics.js";
import { buildDemand, type Demand, HOURS_PER_WEEK, type WardDemand } from "./demand.js";
import { matchCubicles } from "./ed-demand.js";
import { emptyStartShare, flagSentence, serviceReasons, wardReasons } from "./reasons.js";
import { compare, type SimulatedFigures, simulatedFigures, simulateReplications } from "./simulated.js";
import { staffCapacity, taskPersonHoursPerWeek } from "./staff.js";
import { bagustPoints, capacityNeeded, erlangFigures, finiteQueue } from "./stationary.js";
import { survivalOf } from "./survival.js";
import type { CapacityReport, CapacityTargets, UnitCapacity, WardHour } from "./types.js";

export const DEFAULT_TARGETS: CapacityTargets = { blocking: 0.05, occupancy: 0.85, delay: 0.2 };

export interface CapacityOptions {
  targets?: Partial<CapacityTargets>;
  /** Replications of the simulation to compare against (0: analytic figures only). Default 10. */
  replications?: number;
  /** Confidence level of the intervals and of the agreement test. Default 0.95. */
  confidence?: number;
  /** Seed of the replications (default: the scenario's). */
  seed?: number;
  variant?: string;
}

/** Smallest gaps worth a flag when the interval is narrower: see `compare`. */
const FLOORS = { meanBusy: 0.05, fullProbability: 0.002, admissionsPerDay: 0.05, waitDays: 0.01 } as const;

const NO_REASON = "no assumption of the formulas is visibly broken; try more replications or a longer run";

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

function wardUnit(
  ward: Scenario["wards"][number],
  d: WardDemand,
  baseline: number | null,
  targets: CapacityTargets,
): UnitCapacity {
  const held = d.heldMinutes;
  const patientMinutes = held.tasks + held.treatment + held.delays + held.dischargeTiming;
  const bedMinutes = patientMinutes + held.turnaround;
  const lambda = d.arrivalsPerDay;
  const a = (lambda * bedMinutes) / DAY;
  const patients = (lambda * patientMinutes) / DAY;
  // As the simulation measures "full": against the most beds ever in force.
  const schedule = ward.bedSchedule ?? [];
  const capacity = schedule.length > 0 ? Math.max(...schedule.map((b) => b.beds)) : ward.beds;
  const model = ward.maxWaiting === undefined ? "queue" : ward.maxWaiting === 0 ? "loss" : "limited-queue";
  const erlang = erlangFigures(capacity, a, bedMinutes / DAY);
  const limited = model === "limited-queue" ? finiteQueue(capacity, ward.maxWaiting!, a) : undefined;
  // Mean patients in beds: all of them while the ward keeps up; a share of full beds when it
  // cannot; after refusals for a loss ward.
  const patientShare = a > 0 ? patients / a : 0;
  const meanBusy =
    model === "loss"
      ? patientShare * erlang.carried
      : limited !== undefined
        ? patientShare * limited.meanBusy
        : a < capacity
          ? patients
          : patientShare * capacity;
  const overWeek =
    sum(d.bedsBusyHourAverage.map((m) => (model === "loss" ? erlangB(capacity, m) : erlangC(capacity, m)))) /
    HOURS_PER_WEEK;
  const peakLoad = Math.max(...d.bedsBusyHourAverage);
  const peakHour = d.bedsBusyHourAverage.indexOf(peakLoad);
  const scheduled = (ward.bedSchedule?.length ?? 0) > 0;
  return {
    kind: "ward",
    id: ward.id,
    name: ward.name ?? ward.id,
    model,
    arrivalsPerDay: lambda,
    meanHeldDays: bedMinutes / DAY,
    heldDays: {
      tasks: held.tasks / DAY,
      treatment: held.treatment / DAY,
      delays: held.delays / DAY,
      dischargeTiming: held.dischargeTiming / DAY,
      turnaround: held.turnaround / DAY,
    },
    heldCv: Math.sqrt(d.heldScv),
    offeredLoad: a,
    meanBusy,
    offeredLoadBaseline: baseline,
    capacity,
    ...(scheduled
      ? {
          capacityRange: {
            min: Math.min(...d.bedsByHour),
            max: Math.max(...d.bedsByHour),
            mean: sum(d.bedsByHour) / HOURS_PER_WEEK,
          },
        }
      : {}),
    utilisation: capacity > 0 ? a / capacity : Number.POSITIVE_INFINITY,
    blocking: limited?.blocking ?? erlang.blocking,
    delayProbability: erlang.delayProbability,
    meanWaitDays: model === "loss" ? null : erlang.meanWait,
    needed: capacityNeeded(a, targets),
    bagust: bagustPoints(capacity, targets.occupancy),
    fullProbabilityOverWeek: overWeek,
    peak: {
      hourOfWeek: peakHour,
      load: peakLoad,
      neededForBlocking: serversForBlocking(peakLoad, targets.blocking),
      neededForOccupancy: Math.ceil(peakLoad / targets.occupancy - 1e-12),
    },
    compare: {},
    flag: null,
    reasons: [],
  };
}

/** The P(full) the simulation's "% time full" should match under each queue model. */
function analyticFull(unit: UnitCapacity, limitedAllBusy: number | undefined): number {
  if (unit.model === "loss") return unit.blocking ?? 0;
  if (unit.model === "limited-queue" && limitedAllBusy !== undefined) return limitedAllBusy;
  return unit.delayProbability ?? 0;
}

function serviceUnits(scenario: Scenario, demand: Demand, targets: CapacityTargets): UnitCapacity[] {
  const baseline = new Map(estimateLoads(scenario).map((l) => [`${l.kind}:${l.id}`, l]));
  const units: UnitCapacity[] = [];
  for (const service of scenario.community) {
    const lambda = demand.serviceArrivalsPerDay.get(service.id) ?? 0;
    if (!(lambda > 0)) continue;
    const support = survivalOf(service.lengthOfSupport);
    const days = support.mean / DAY;
    const base = baseline.get(`service:${service.id}`);
    const c = service.capacity;
    const rate = service.kind === "visits";
    // Visits a day per package in support come from estimateLoads' taper, scaled to these arrivals.
    const a = rate
      ? base && base.arrivalsPerDay > 0
        ? (base.offeredLoad / base.arrivalsPerDay) * lambda
        : 0
      : lambda * days;
    const erlang = rate ? undefined : erlangFigures(c, a, days);
    units.push({
      kind: "service",
      id: service.id,
      name: service.name ?? service.id,
      model: rate ? "rate" : "queue",
      arrivalsPerDay: lambda,
      meanHeldDays: days,
      heldCv: Math.sqrt(support.scv),
      offeredLoad: a,
      meanBusy: rate ? lambda * days : Math.min(a, c),
      offeredLoadBaseline: base?.offeredLoad ?? null,
      capacity: c,
      utilisation: c > 0 ? a / c : Number.POSITIVE_INFINITY,
      blocking: erlang?.blocking ?? null,
      delayProbability: erlang?.delayProbability ?? null,
      meanWaitDays: erlang?.meanWait ?? null,
      needed: rate ? null : capacityNeeded(a, targets),
      bagust: [],
      compare: {},
      flag: null,
      reasons: [],
    });
  }
  const policy = scenario.discharge.policy;
  const assessment = scenario.discharge[policy].assessment;
  const lambda = demand.assessmentsPerDay;
  if (lambda > 0) {
    const duration = survivalOf(assessment.duration);
    const days = duration.mean / DAY;
    const a = lambda * days;
    const c = assessment.assessors;
    const erlang = erlangFigures(c, a, days);
    units.push({
      kind: "assessment",
      id: `${policy} assessment`,
      name: policy === "standard" ? "Assessment in hospital" : "Assessment at home or step-down (D2A)",
      model: "queue",
      arrivalsPerDay: lambda,
      meanHeldDays: days,
      heldCv: Math.sqrt(duration.scv),
      offeredLoad: a,
      meanBusy: Math.min(a, c),
      offeredLoadBaseline: baseline.get(`assessment:${policy} assessment`)?.offeredLoad ?? null,
      capacity: c,
      utilisation: c > 0 ? a / c : Number.POSITIVE_INFINITY,
      blocking: erlang.blocking,
      delayProbability: erlang.delayProbability,
      meanWaitDays: erlang.meanWait,
      needed: capacityNeeded(a, targets),
      bagust: [],
      compare: {},
      flag: null,
      reasons: [],
    });
  }
  return units;
}

function wardHours(demand: Demand, targets: CapacityTargets): WardHour[] {
  const rows: WardHour[] = [];
  for (const d of demand.wards) {
    if (!(d.arrivalsPerDay > 0)) continue;
    for (let h = 0; h < HOURS_PER_WEEK; h++) {
      const load = d.bedsBusyHourAverage[h]!;
      rows.push({
        ward: d.id,
        hourOfWeek: h,
        arrivalsPerHour: d.arrivalsPerMinute[h]! * 60,
        load,
        scheduledBeds: d.bedsByHour[h]!,
        neededForBlocking: serversForBlocking(load, targets.blocking),
        neededForOccupancy: Math.ceil(load / targets.occupancy - 1e-12),
      });
    }
  }
  return rows;
}

function compareWard(
  unit: UnitCapacity,
  scenario: Scenario,
  d: WardDemand,
  sim: SimulatedFigures,
  groupLosDays: Map<string, number>,
): void {
  const ward = scenario.wards.find((w) => w.id === unit.id)!;
  const s = sim.wards.get(unit.id)!;
  const limited =
    unit.model === "limited-queue"
      ? finiteQueue(unit.capacity, ward.maxWaiting!, unit.offeredLoad)
      : undefined;
  // Admissions that get a bed: all of them in a queue, those not refused in a loss system.
  const admitted = unit.arrivalsPerDay * (1 - (unit.model === "queue" ? 0 : (unit.blocking ?? 0)));
  unit.compare = {
    meanBusy: compare(unit.meanBusy, s.occupancyMean, FLOORS.meanBusy),
    fullProbability: compare(analyticFull(unit, limited?.allBusy), s.fullFraction, FLOORS.fullProbability),
    admissionsPerDay: compare(admitted, s.ownAdmissionsPerDay, FLOORS.admissionsPerDay),
  };
  // The simulation times the wait for a first bed only, so the M/M/c wait is comparable only on
  // a ward that takes no transfers and no outliers and sends none elsewhere.
  const firstStageOnly = scenario.groups.every((g) =>
    g.stages.every((st, i) => st.ward !== unit.id || i === 0),
  );
  const noOverflow =
    ward.overflowTo.length === 0 && scenario.wards.every((w) => !w.overflowTo.includes(unit.id));
  if (
    unit.model === "queue" &&
    firstStageOnly &&
    noOverflow &&
    unit.meanWaitDays !== null &&
    Number.isFinite(unit.meanWaitDays)
  ) {
    unit.compare.waitDays = compare(unit.meanWaitDays, s.waitDays, FLOORS.waitDays);
  }
  unit.flag = flagSentence(unit.compare, "mean occupied beds");
  if (unit.flag !== null) {
    const full = unit.compare.fullProbability?.agrees === false || unit.compare.waitDays?.agrees === false;
    const reasons = wardReasons({ scenario, unit, demand: d, simulated: sim, groupLosDays }, full);
    unit.reasons = reasons.length > 0 ? reasons : [NO_REASON];
  }
}

function compareService(unit: UnitCapacity, scenario: Scenario, sim: SimulatedFigures): void {
  const figures =
    unit.kind === "assessment"
      ? { busy: sim.assessment.busy, wait: sim.assessment.waitDays }
      : (() => {
          const s = sim.services.get(unit.id)!;
          return { busy: s.inServiceMean, wait: s.waitDays };
        })();
  unit.compare = { meanBusy: compare(unit.meanBusy, figures.busy, FLOORS.meanBusy) };
  if (unit.model === "queue" && unit.meanWaitDays !== null && Number.isFinite(unit.meanWaitDays)) {
    unit.compare.waitDays = compare(unit.meanWaitDays, figures.wait, FLOORS.waitDays);
  }
  unit.flag = flagSentence(unit.compare);
  if (unit.flag !== null) {
    const reasons = serviceReasons(unit, unit.compare.waitDays?.agrees === false, emptyShare(unit, scenario));
    unit.reasons = reasons.length > 0 ? reasons : [NO_REASON];
  }
}

/** For a run started empty: the share of a the unit carries on average once warmed up. */
function emptyShare(unit: UnitCapacity, scenario: Scenario): number | null {
  if (scenario.initialState !== undefined) return null;
  const policy = scenario.discharge.policy;
  const spec =
    unit.kind === "assessment"
      ? scenario.discharge[policy].assessment.duration
      : scenario.community.find((c) => c.id === unit.id)?.lengthOfSupport;
  if (spec === undefined) return null;
  const survival = survivalOf(spec);
  return emptyStartShare(survival.at, survival.mean, scenario.run.warmup, scenario.run.horizon);
}

/** The whole capacity analysis; runs `replications` simulations in this process. */
export function analyseCapacity(scenario: Scenario, options: CapacityOptions = {}): CapacityReport {
  const targets: CapacityTargets = { ...DEFAULT_TARGETS, ...options.targets };
  const replications = options.replications ?? 10;
  const confidence = options.confidence ?? 0.95;
  const seed = options.seed ?? scenario.seed;
  const demand = buildDemand(scenario);
  const baseline = new Map(
    estimateLoads(scenario)
      .filter((l) => l.kind === "ward")
      .map((l) => [l.id, l.offeredLoad]),
  );
  const wardUnits = scenario.wards
    .map((w, i) => ({ w, d: demand.wards[i]! }))
    .filter(({ d }) => d.arrivalsPerDay > 0)
    .map(({ w, d }) => wardUnit(w, d, baseline.get(w.id) ?? null, targets));
  const units = [...wardUnits, ...serviceUnits(scenario, demand, targets)];
  const staff = staffCapacity(scenario, demand, targets.delay);
  const clinics = clinicCapacity(scenario, targets.occupancy);

  let simulationSeconds = 0;
  if (replications > 0) {
    const run = simulateReplications(scenario, replications, seed);
    simulationSeconds = run.seconds;
    const sim = simulatedFigures(run.summaries, scenario, confidence);
    for (const unit of units) {
      if (unit.kind === "ward") {
        const d = demand.wards.find((x) => x.id === unit.id)!;
        compareWard(unit, scenario, d, sim, demand.groupLosDays);
      } else {
        compareService(unit, scenario, sim);
      }
    }
    if (staff !== null && sim.staffBusyHoursPerWeek !== null && demand.sessionStaff.size === 0) {
      staff.summary.busyPersonHoursPerWeek = compare(
        taskPersonHoursPerWeek(staff),
        sim.staffBusyHoursPerWeek,
        0.5,
      );
    }
    if (sim.incomplete > 0) {
      demand.notes.push(`${sim.incomplete} of ${replications} replications stopped at the event limit`);
    }
  }

  return {
    scenario: scenario.name,
    variant: options.variant ?? "baseline",
    policy: scenario.discharge.policy,
    targets,
    confidence,
    replications,
    seed,
    units,
    wardHours: wardHours(demand, targets),
    staff,
    ...(scenario.ed ? { ed: matchCubicles(scenario.ed) } : {}),
    ...(clinics !== null ? { clinics } : {}),
    method: {
      stationary:
        "a = λ·E[time held]; λ includes readmissions (a flat rate r/(1 − r)) and inpatient electives; time held " +
        "sums admission tasks, treatment, medically-fit tasks, known discharge delays (pathway 0 delay, " +
        "assessment, arranging a package), discharge tasks, the expected wait for discharge hours and bed " +
        "cleaning. Queues for beds, assessors, places and staff are not in a: the simulation shows them. " +
        "Erlang B (loss), Erlang C (queue) or M/M/c/K (capped waiting line) at today's capacity (most beds).",
      timeVarying:
        "Infinite-server m(t) (Eick, Massey & Whitt) through each phase of the stay, hour by hour over the week, " +
        "with each phase's exact survival function; the rate out of a phase by conservation. Beds needed by hour " +
        "by MOL: Erlang B applied to m(t).",
      staffing: staff?.approximation ?? "no staff in the scenario",
      survival: demand.survivalMethods,
      notes: [...demand.notes, ...(staff?.notes ?? [])],
    },
    simulationSeconds,
  };
}
