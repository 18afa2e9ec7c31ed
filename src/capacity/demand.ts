/**
 * Demand by hour of the week: every patient stream pushed through the phases of its stay as a
 * chain of infinite-server (Mt/G/∞) stations, after Eick, Massey & Whitt. Each phase (admission
 * tasks, treatment on a ward, medically-fit tasks, assessment, arranging a package, discharge
 * tasks, the discharge window, bed cleaning) gets its own exact survival function; its mean load
 * m(t) comes from offeredLoadProfile, and the rate out of it feeds the next phase.
 *
 * The rate out follows from conservation, not from a second integral: over hour k,
 * departures = arrivals − (m at the end of the hour − m at its start), which equals
 * ∫ λ(t − u)·f(u) du integrated over the hour. Within an hour the outflow is then taken as
 * constant, an O(1 hour) smoothing of the next phase's input that matters only for phases far
 * shorter than an hour.
 *
 * What no Mt/G/∞ model holds: waits for a bed (on the ward or the next one), for an assessor, a
 * community place or a member of staff. Those are what the simulation adds; the comparison in
 * the capacity report shows where they matter.
 */

import type { DistributionSpec } from "../engine/distributions.js";
import { DAY, HOUR, WEEK } from "../engine/time.js";
import { hourOfWeekFactors } from "../model/group.js";
import { bedsAt } from "../model/ward.js";
import { offeredLoadProfile } from "../queueing/index.js";
import type { Scenario, StaffTask } from "../scenario/schema.js";
import { DAY_KEYS } from "../scenario/schema.js";
import { edAdmissionRates } from "./ed-demand.js";
import { maxOfSurvivals, type Survival, survivalOf } from "./survival.js";
import { dischargeTimingLoad } from "./timing.js";

export const HOURS_PER_WEEK = 168;
/** Length of one phase of the weekly profile, in minutes (model time unit). */
export const PHASE_MINUTES = HOUR;

/** 168 values, Monday 00:00–01:00 first. */
export type WeekProfile = number[];

/** What a phase of a stay holds a bed for, for the breakdown of the mean time held. */
export type HeldCategory = "tasks" | "treatment" | "delays" | "dischargeTiming" | "turnaround";

export interface WardDemand {
  id: string;
  /** Admissions a day (first stays and transfers in; readmissions and electives included). */
  arrivalsPerDay: number;
  /** Arrivals a minute by hour of week. */
  arrivalsPerMinute: WeekProfile;
  /** Mean patients in beds at hh:00 and averaged over each hour (no cleaning). */
  patientsAtHourStart: WeekProfile;
  patientsHourAverage: WeekProfile;
  /** Beds busy (patients plus beds being cleaned), averaged over each hour. */
  bedsBusyHourAverage: WeekProfile;
  /** Mean minutes held per admission, by what holds the bed. */
  heldMinutes: Record<HeldCategory, number>;
  /** Squared coefficient of variation of a patient's time in the bed (cleaning excluded). */
  heldScv: number;
  /** Scheduled beds at each hour of the week (the lowest within the hour). */
  bedsByHour: WeekProfile;
}

export interface TaskDemand {
  id: string;
  skills: string[];
  /** Task requests a minute by hour of week. */
  arrivalsPerMinute: WeekProfile;
  /** Mean tasks in progress (infinite-server load), averaged over each hour. */
  loadHourAverage: WeekProfile;
  meanDurationMinutes: number;
  survivalHow: string;
}

export interface Demand {
  wards: WardDemand[];
  /** Places asked for a day, per community service (mean, long run). */
  serviceArrivalsPerDay: Map<string, number>;
  /** In-hospital or at-home assessments a day under the scenario's policy. */
  assessmentsPerDay: number;
  tasks: TaskDemand[];
  /** People a theatre-session task holds by hour and skill (deterministic, from the template). */
  sessionStaff: Map<string, WeekProfile>;
  /** Mean analytic length of stay in days per group id (all stages, cleaning excluded). */
  groupLosDays: Map<string, number>;
  /** How each survival function was computed ("exact" or "empirical"), deduplicated. */
  survivalMethods: string[];
  notes: string[];
}

const zeros = (): WeekProfile => new Array<number>(HOURS_PER_WEEK).fill(0);
const addInto = (target: WeekProfile, source: readonly number[], factor = 1): void => {
  for (let k = 0; k < HOURS_PER_WEEK; k++) target[k]! += factor * source[k]!;
};
const scale = (source: readonly number[], factor: number): WeekProfile => source.map((x) => x * factor);
const meanOf = (p: readonly number[]): number => p.reduce((a, b) => a + b, 0) / p.length;

interface PhaseLoad {
  atStart: WeekProfile;
  average: WeekProfile;
  departures: WeekProfile;
}

/** Stops the lag sum once a week of lag adds less than this share of the load. */
const PROFILE_TOLERANCE = 1e-9;

/** One Mt/G/∞ station: its mean load by hour and the rate out of it. */
export function passThrough(arrivalsPerMinute: readonly number[], survival: Survival): PhaseLoad {
  if (!(survival.mean > 0) || arrivalsPerMinute.every((r) => r === 0)) {
    return { atStart: zeros(), average: zeros(), departures: [...arrivalsPerMinute] };
  }
  const options = { tolerance: PROFILE_TOLERANCE, maxPeriods: 20_000 };
  const atStart = offeredLoadProfile(arrivalsPerMinute, PHASE_MINUTES, survival.at, {
    ...options,
    at: "phaseStart",
  });
  const average = offeredLoadProfile(arrivalsPerMinute, PHASE_MINUTES, survival.at, {
    ...options,
    at: "phaseAverage",
  });
  const departures = arrivalsPerMinute.map((rate, k) => {
    const next = atStart[(k + 1) % HOURS_PER_WEEK]!;
    // Quadrature can leave a hair below zero where the station is empty.
    return Math.max(0, rate - (next - atStart[k]!) / PHASE_MINUTES);
  });
  return { atStart, average, departures };
}

interface WardAccumulator {
  arrivals: WeekProfile;
  patientsAtStart: WeekProfile;
  patientsAverage: WeekProfile;
  bedsAverage: WeekProfile;
  held: Record<HeldCategory, number>;
  /** Σ rate·E[X] and Σ rate·E[X²] over streams, for the scv of time held. */
  moment1: number;
  moment2: number;
  rate: number;
}

function newWard(): WardAccumulator {
  return {
    arrivals: zeros(),
    patientsAtStart: zeros(),
    patientsAverage: zeros(),
    bedsAverage: zeros(),
    held: { tasks: 0, treatment: 0, delays: 0, dischargeTiming: 0, turnaround: 0 },
    moment1: 0,
    moment2: 0,
    rate: 0,
  };
}

/** A stay on one ward as it builds up: its phases' means and variances. */
interface StayOnWard {
  ward: WardAccumulator;
  mean: number;
  variance: number;
}

class DemandBuilder {
  readonly wards = new Map<string, WardAccumulator>();
  readonly taskArrivals = new Map<string, WeekProfile>();
  readonly serviceArrivalsPerDay = new Map<string, number>();
  assessmentsPerDay = 0;
  readonly groupLos = new Map<string, { rate: number; minutes: number }>();
  private readonly survivals = new Map<string, Survival>();
  readonly methods = new Set<string>();
  readonly notes: string[] = [];

  constructor(readonly scenario: Scenario) {
    for (const w of scenario.wards) this.wards.set(w.id, newWard());
    for (const t of scenario.staff?.tasks ?? []) this.taskArrivals.set(t.id, zeros());
  }

  survival(spec: DistributionSpec): Survival {
    const key = JSON.stringify(spec);
    let s = this.survivals.get(key);
    if (s === undefined) {
      s = survivalOf(spec);
      this.survivals.set(key, s);
      this.methods.add(s.how);
    }
    return s;
  }

  /** Tasks due at a point for a group and pathway that have a duration (held tasks do not). */
  tasksAt(point: StaffTask["at"], groupId: string, pathway: number): StaffTask[] {
    return (this.scenario.staff?.tasks ?? []).filter(
      (t) =>
        t.at === point &&
        t.duration !== undefined &&
        (t.groups === undefined || t.groups.includes(groupId)) &&
        (t.pathways === undefined || t.pathways.includes(pathway)),
    );
  }

  /** Runs a phase on a ward: adds its load and mean, returns the rate out. */
  phase(
    stay: StayOnWard,
    rates: WeekProfile,
    survival: Survival,
    category: HeldCategory,
    beds = true,
    patients = true,
  ): WeekProfile {
    const load = passThrough(rates, survival);
    const ward = stay.ward;
    if (patients) {
      addInto(ward.patientsAtStart, load.atStart);
      addInto(ward.patientsAverage, load.average);
    }
    if (beds) addInto(ward.bedsAverage, load.average);
    ward.held[category] += meanOf(rates) * survival.mean;
    if (patients) {
      stay.mean += survival.mean;
      stay.variance += survival.scv * survival.mean * survival.mean;
    }
    return load.departures;
  }

  /** Starts a stay on a ward: counts the arrivals. */
  enter(wardId: string, rates: WeekProfile): StayOnWard {
    const ward = this.wards.get(wardId)!;
    addInto(ward.arrivals, rates);
    return { ward, mean: 0, variance: 0 };
  }

  /** Ends a stay: records its moments and cleans the bed. */
  leave(stay: StayOnWard, rates: WeekProfile, turnaround: Survival): void {
    const ward = stay.ward;
    const r = meanOf(rates);
    ward.rate += r;
    ward.moment1 += r * stay.mean;
    ward.moment2 += r * (stay.variance + stay.mean * stay.mean);
    this.phase(stay, rates, turnaround, "turnaround", true, false);
  }

  taskPhase(stay: StayOnWard, rates: WeekProfile, tasks: StaffTask[]): { out: WeekProfile; minutes: number } {
    if (tasks.length === 0) return { out: rates, minutes: 0 };
    for (const t of tasks) addInto(this.taskArrivals.get(t.id)!, rates);
    const survival = maxOfSurvivals(tasks.map((t) => this.survival(t.duration!)));
    return { out: this.phase(stay, rates, survival, "tasks"), minutes: survival.mean };
  }
}

/** Arrivals a minute by hour of week for an emergency group, readmissions added as a flat rate. */
function groupArrivals(scenario: Scenario, group: Scenario["groups"][number]): WeekProfile {
  const factors = hourOfWeekFactors(group.arrivals.hourOfDay, group.arrivals.dayOfWeek);
  const perMinute = group.arrivals.perDay / DAY;
  const split = group.dischargePathways;
  const r = group.readmission?.[scenario.discharge.policy];
  const shares = [split.p0, split.p1, split.p2, split.p3];
  const readmitted = r ? shares[0]! * r.p0 + shares[1]! * r.p1 + shares[2]! * r.p2 + shares[3]! * r.p3 : 0;
  // Readmissions come back a uniform 0–30 days after discharge, which smooths any weekly shape
  // away; each readmission may be readmitted again, hence the geometric sum r/(1 − r).
  const extra = readmitted < 1 ? (perMinute * readmitted) / (1 - readmitted) : 0;
  // Decisions to admit in the emergency department join the group's own arrivals (zeros without ED).
  const fromEd = edAdmissionRates(scenario.ed, group.id);
  return Array.from(factors, (f, h) => perMinute * f + extra + fromEd[h]!);
}

/** Minutes of session time of the given specialties in each hour of the week, all theatres. */
export function sessionMinutesByHour(scenario: Scenario, specialties?: ReadonlySet<string>): WeekProfile {
  const out = zeros();
  for (const theatre of scenario.electives?.theatres ?? []) {
    for (const s of theatre.sessions) {
      if (specialties !== undefined && !specialties.has(s.specialty)) continue;
      const start = DAY_KEYS.indexOf(s.day) * DAY + s.from;
      const length = s.to > s.from ? s.to - s.from : s.to - s.from + DAY;
      for (let m = start; m < start + length; m += 1) {
        const hour = Math.floor((m % WEEK) / HOUR);
        out[hour]! += 1;
      }
    }
  }
  return out;
}

const PATHWAY_KEYS = ["p0", "p1", "p2", "p3"] as const;

interface StreamSpec {
  groupId: string;
  /** Arrivals a minute by hour into the first stage (already × the pathway's share). */
  rates: WeekProfile;
  pathway: number;
  /** Ward and stay phases of each stage. */
  stages: { ward: string; los: Survival[] }[];
  admissionTasks: boolean;
}

function runStream(b: DemandBuilder, s: StreamSpec): number {
  const scenario = b.scenario;
  const policy = scenario.discharge.policy;
  const turnaround = (wardId: string) => b.survival(scenario.wards.find((w) => w.id === wardId)!.turnaround);
  let rates = s.rates;
  let losMinutes = 0;
  for (let i = 0; i < s.stages.length; i++) {
    const stage = s.stages[i]!;
    const stay = b.enter(stage.ward, rates);
    if (i === 0 && s.admissionTasks) {
      const tasks = b.taskPhase(stay, rates, b.tasksAt("admission", s.groupId, s.pathway));
      rates = tasks.out;
      losMinutes += tasks.minutes;
    }
    for (const part of stage.los) {
      rates = b.phase(stay, rates, part, "treatment");
      losMinutes += part.mean;
    }
    if (i === s.stages.length - 1) {
      const fit = b.taskPhase(stay, rates, b.tasksAt("medically-fit", s.groupId, s.pathway));
      rates = fit.out;
      losMinutes += fit.minutes;
      for (const delay of delayPhases(b, s.pathway, rates)) {
        rates = b.phase(stay, rates, delay, "delays");
        losMinutes += delay.mean;
      }
      const done = b.taskPhase(stay, rates, b.tasksAt("discharge", s.groupId, s.pathway));
      rates = done.out;
      losMinutes += done.minutes;
      const w = scenario.discharge;
      const timing = dischargeTimingLoad(rates, {
        from: w.hours.from,
        to: w.hours.to,
        weekendRate: w.weekendRate,
      });
      addInto(stay.ward.patientsAtStart, timing.atHourStart);
      addInto(stay.ward.patientsAverage, timing.hourAverage);
      addInto(stay.ward.bedsAverage, timing.hourAverage);
      stay.ward.held.dischargeTiming += meanOf(rates) * timing.meanWaitMinutes;
      stay.mean += timing.meanWaitMinutes;
      losMinutes += timing.meanWaitMinutes;
      rates = timing.leavingPerMinute;
      // Under D2A the assessment happens after the patient has left (at home or step-down).
      if (s.pathway > 0 && policy === "d2a") b.assessmentsPerDay += meanOf(rates) * DAY;
    }
    b.leave(stay, rates, turnaround(stage.ward));
  }
  return losMinutes;
}

/** Known discharge delays of a pathway (queues for assessors and places excluded). */
function delayPhases(b: DemandBuilder, pathway: number, rates: WeekProfile): Survival[] {
  const scenario = b.scenario;
  const d = scenario.discharge;
  if (pathway === 0) return [b.survival(d.pathway0Delay)];
  const policy = d.policy;
  const serviceId = d[policy].services[PATHWAY_KEYS[pathway] as "p1" | "p2" | "p3"];
  const service = scenario.community.find((c) => c.id === serviceId);
  const perDay = meanOf(rates) * DAY;
  if (service)
    b.serviceArrivalsPerDay.set(service.id, (b.serviceArrivalsPerDay.get(service.id) ?? 0) + perDay);
  // Onward places after the first service (long-term packages, care homes) are asked for too.
  const onward = d[policy].onward;
  for (const destination of ["package", "careHome"] as const) {
    const id = onward?.services[destination];
    const share = onward?.[PATHWAY_KEYS[pathway] as "p1" | "p2" | "p3"][destination] ?? 0;
    if (id !== undefined && share > 0)
      b.serviceArrivalsPerDay.set(id, (b.serviceArrivalsPerDay.get(id) ?? 0) + perDay * share);
  }
  const phases: Survival[] = [];
  if (policy === "standard") {
    b.assessmentsPerDay += perDay;
    phases.push(b.survival(d.standard.assessment.duration));
  }
  if (service) phases.push(b.survival(service.startDelay));
  return phases;
}

function emergencyStreams(b: DemandBuilder): StreamSpec[] {
  const out: StreamSpec[] = [];
  for (const group of b.scenario.groups) {
    const base = groupArrivals(b.scenario, group);
    const split = group.dischargePathways;
    PATHWAY_KEYS.forEach((key, pathway) => {
      const share = split[key];
      if (!(share > 0)) return;
      out.push({
        groupId: group.id,
        rates: scale(base, share),
        pathway,
        stages: group.stages.map((st) => ({ ward: st.ward, los: [b.survival(st.los)] })),
        admissionTasks: true,
      });
    });
  }
  return out;
}

/**
 * Inpatient electives enter their ward at the start of surgery, spread over their specialty's
 * session minutes; the bed is held for the operation and the stay (plus complications, as a
 * mixture). Throughput is taken as the referral rate: a list that cannot keep up shows as a
 * growing waiting list in the simulation, not here.
 */
function electiveStreams(b: DemandBuilder): StreamSpec[] {
  const electives = b.scenario.electives;
  if (electives === undefined) return [];
  const out: StreamSpec[] = [];
  for (const procedure of electives.procedures) {
    if (procedure.dayCase || procedure.ward === undefined || procedure.los === undefined) continue;
    const minutes = sessionMinutesByHour(b.scenario, new Set([procedure.specialty]));
    const total = minutes.reduce((a, c) => a + c, 0);
    if (total === 0) {
      b.notes.push(`procedure "${procedure.id}" has no theatre sessions: left out of the ward loads`);
      continue;
    }
    const eras = electives.enhancedRecovery ? procedure.enhancedRecovery : undefined;
    const los = eras?.los ?? procedure.los;
    const complication = eras?.complicationProbability ?? procedure.complications?.probability ?? 0;
    const perMinute = minutes.map((m) => (procedure.referralsPerWeek * m) / total / HOUR);
    const variants: { share: number; parts: DistributionSpec[] }[] = [
      { share: 1 - complication, parts: [procedure.duration, los] },
    ];
    if (complication > 0 && procedure.complications) {
      variants.push({
        share: complication,
        parts: [procedure.duration, los, procedure.complications.extraLos],
      });
    }
    const split = procedure.dischargePathways;
    for (const v of variants) {
      PATHWAY_KEYS.forEach((key, pathway) => {
        const share = split[key] * v.share;
        if (!(share > 0)) return;
        out.push({
          groupId: `elective/${procedure.id}`,
          rates: scale(perMinute, share),
          pathway,
          stages: [{ ward: procedure.ward!, los: v.parts.map((p) => b.survival(p)) }],
          admissionTasks: false,
        });
      });
    }
  }
  return out;
}

function wardBedsByHour(ward: Scenario["wards"][number]): WeekProfile {
  return Array.from({ length: HOURS_PER_WEEK }, (_, k) => {
    let lowest = Number.POSITIVE_INFINITY;
    for (let m = k * HOUR; m < (k + 1) * HOUR; m += 15) lowest = Math.min(lowest, bedsAt(ward, m));
    return lowest;
  });
}

function sessionStaffing(b: DemandBuilder): Map<string, WeekProfile> {
  const out = new Map<string, WeekProfile>();
  for (const task of b.scenario.staff?.tasks ?? []) {
    if (task.at !== "theatre-session") continue;
    const minutes = sessionMinutesByHour(
      b.scenario,
      task.specialties ? new Set(task.specialties) : undefined,
    );
    // Sessions running at some point in the hour each need their team for that hour.
    const people = minutes.map((m) => Math.ceil(m / HOUR - 1e-9));
    for (const skill of task.skills) {
      const profile = out.get(skill) ?? zeros();
      addInto(profile, people);
      out.set(skill, profile);
    }
  }
  return out;
}

/** The whole scenario's demand by hour of week under its own discharge policy. */
export function buildDemand(scenario: Scenario): Demand {
  const b = new DemandBuilder(scenario);
  for (const stream of [...emergencyStreams(b), ...electiveStreams(b)]) {
    const minutes = runStream(b, stream);
    const rate = meanOf(stream.rates);
    const entry = b.groupLos.get(stream.groupId) ?? { rate: 0, minutes: 0 };
    entry.rate += rate;
    entry.minutes += rate * minutes;
    b.groupLos.set(stream.groupId, entry);
  }
  const wards: WardDemand[] = scenario.wards.map((w) => {
    const acc = b.wards.get(w.id)!;
    const rate = meanOf(acc.arrivals);
    const perAdmission = (x: number) => (rate > 0 ? x / rate : 0);
    const mean = acc.rate > 0 ? acc.moment1 / acc.rate : 0;
    const second = acc.rate > 0 ? acc.moment2 / acc.rate : 0;
    return {
      id: w.id,
      arrivalsPerDay: rate * DAY,
      arrivalsPerMinute: acc.arrivals,
      patientsAtHourStart: acc.patientsAtStart,
      patientsHourAverage: acc.patientsAverage,
      bedsBusyHourAverage: acc.bedsAverage,
      heldMinutes: {
        tasks: perAdmission(acc.held.tasks),
        treatment: perAdmission(acc.held.treatment),
        delays: perAdmission(acc.held.delays),
        dischargeTiming: perAdmission(acc.held.dischargeTiming),
        turnaround: perAdmission(acc.held.turnaround),
      },
      heldScv: mean > 0 ? Math.max(0, second - mean * mean) / (mean * mean) : 0,
      bedsByHour: wardBedsByHour(w),
    };
  });
  const tasks: TaskDemand[] = (scenario.staff?.tasks ?? [])
    .filter((t) => t.duration !== undefined && t.at !== "theatre-session")
    .map((t) => {
      const survival = b.survival(t.duration!);
      const arrivals = b.taskArrivals.get(t.id)!;
      return {
        id: t.id,
        skills: [...t.skills],
        arrivalsPerMinute: arrivals,
        loadHourAverage: passThrough(arrivals, survival).average,
        meanDurationMinutes: survival.mean,
        survivalHow: survival.how,
      };
    });
  return {
    wards,
    serviceArrivalsPerDay: b.serviceArrivalsPerDay,
    assessmentsPerDay: b.assessmentsPerDay,
    tasks,
    sessionStaff: sessionStaffing(b),
    groupLosDays: new Map([...b.groupLos].map(([id, g]) => [id, g.rate > 0 ? g.minutes / g.rate / DAY : 0])),
    survivalMethods: [...b.methods].sort(),
    notes: b.notes,
  };
}
