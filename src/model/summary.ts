/**
 * A finished run as plain data: the figures a planner reads (summary) and the daily series (for
 * CSVs and charts). Durations are in days or hours as named; money in pounds. Every figure covers
 * the period after warm-up only. Completed-spell figures leave out whoever had not finished;
 * `unmetDemand` and `allPatients` count them, and `stability` says whether any mean here
 * describes a steady state at all.
 */
import { DAY, HOUR, WEEK } from "../engine/time.js";
import { type ActivationFigures, activationFigures } from "./activation.js";
import { type DayUnitFigures, dayUnitFigures } from "./day-unit.js";
import type { EdFigures } from "./ed.js";
import type { Hospital } from "./hospital.js";
import type { HospitalMetrics, SpellStatistics } from "./metrics.js";
import { type OutpatientFigures, outpatientFigures, outpatientGrowthWarnings } from "./outpatient-figures.js";
import {
  CommunityStage,
  DELAY_REASONS,
  DESTINATIONS,
  type DelayReason,
  type DestinationName,
} from "./patient.js";
import { estimateLoads, type Stability, stabilityVerdict, stabilityWarnings } from "./stability.js";
import type { StaffService } from "./staffing.js";
import type { CancellationReason, SessionRecord, TheatreService } from "./theatres.js";
import { type UnfinishedPatients, unfinishedPatients } from "./unfinished.js";
import { electiveListLoads, listGrowth, listGrowthWarnings } from "./waiting-list-stability.js";

/** Completed spells; every average is null when none completed (an empty set has no mean). */
export interface LosFigures {
  spells: number;
  meanDays: number | null;
  medianDays: number | null;
  p90Days: number | null;
  treatmentDays: number | null;
  delayDays: number | null;
  costPerSpell: number | null;
  /** Discharged on the calendar day of admission or the next, % of discharges (Sheffield's measure). */
  sameOrNextDayOfAdmissionPercent: number | null;
  /** Discharged on the calendar day of becoming medically fit or the next, % of discharges. */
  sameOrNextDayOfReadyPercent: number | null;
  /** Mean midnights in hospital of stays of at least one night (HES spell duration); null if none. */
  overnightMeanNights: number | null;
}

export interface WardFigures {
  id: string;
  name: string;
  bedsMean: number;
  occupancyMean: number;
  occupancyP50: number;
  occupancyP95: number;
  occupancyP99: number;
  occupancyMax: number;
  occupancyRate: number;
  percentTimeFull: number;
  admissions: number;
  outlierAdmissions: number;
  diverted: number;
  boardingMean: number;
  boardingMax: number;
  timeToBedMeanHours: number | null;
  occupiedBedDays: number;
  delayedBedDays: number;
  cost: number;
}

export interface ServiceFigures {
  id: string;
  name: string;
  kind: string;
  capacity: number;
  starts: number;
  inServiceMean: number;
  utilisation: number;
  waitingMean: number;
  waitingMax: number;
  waitMeanDays: number | null;
  waitP90Days: number | null;
  /** Places kept (on average) by patients whose support has ended, waiting for an onward place. */
  heldForOnwardMean: number;
  /** Place-days used, kept places included; the cost counts them all. */
  serviceDays: number;
  cost: number;
}

/** After the first community service: where pathway 1–3 patients went, and their waits. */
export interface OnwardFigures {
  /** Destinations decided after warm-up, per pathway. */
  decided: ({ pathway: number } & Record<DestinationName, number>)[];
  /** Onward starts by destination and where the patient waited for the place. */
  waits: {
    destination: Exclude<DestinationName, "home">;
    service: string;
    waitedIn: "community bed" | "home";
    started: number;
    /** Of those started, how many found no room when asked (a wait beyond arranging it). */
    queuedForCapacity: number;
    waitMeanDays: number | null;
  }[];
  /** Discharged pathway 1–3 patients at the end of the run (whole run, warm-up included). */
  atEnd: {
    inFirstService: number;
    /** First support over, the assessment not yet done. */
    awaitingDecision: number;
    /** Destination decided, the onward place not yet granted. */
    waitingOnward: number;
    /** Of the last two, those keeping a community bed and those at home. */
    waitingInCommunityBed: number;
    waitingAtHome: number;
    inOnwardService: number;
    done: number;
  };
}

/**
 * NHS England's measure of delayed discharge: patients still in hospital after their
 * discharge-ready date, counted daily at 08:00 (see Hospital.readySnapshot).
 */
export interface DischargeReadyFigures {
  snapshots: number;
  pastReadyMean: number | null;
  occupiedMean: number | null;
  /** Patients past their discharge-ready date ÷ occupied beds at the snapshots, %. */
  pastReadyPercentOfOccupied: number | null;
}

export interface TheatreFigures {
  sessions: number;
  sessionsCancelled: number;
  plannedMinutes: number;
  touchMinutes: number;
  /** Touch time inside the planned session ÷ planned session time (GIRFT, Model Hospital). */
  cappedUtilisation: number;
  /** All touch time, overruns included ÷ planned session time. */
  uncappedUtilisation: number;
  lateStartMinutes: number;
  turnaroundMinutes: number;
  earlyFinishMinutes: number;
  overrunMinutes: number;
  /** Lists starting ≥ 30 min late or finishing ≥ 30 min early (the NHS Improvement measures). */
  listsNotToCapacityPercent: number;
  casesPerList: number;
  cases: number;
  cancellations: Record<CancellationReason, number>;
  referrals: number;
  /** Waiting for surgery at the end, booked onto a list or not. */
  waitingListAtEnd: number;
  waitingWithin18WeeksPercentAtEnd: number;
  treatedWithin18WeeksPercent: number;
  meanWeeksWaitedAtSurgery: number;
  costs: { theatreMinutes: number; cases: number; cancellations: number; total: number; perCase: number };
  /** Day-case units (only when the scenario has them). */
  dayUnits?: DayUnitFigures[];
}

export interface StaffFigures {
  roles: {
    id: string;
    name: string;
    hourlyCost: number;
    rosteredHours: number;
    busyHours: number;
    utilisation: number;
    overtimeHours: number;
    cost: number;
    /** Busy ÷ rostered for each hour of the week (Monday 00:00 first); null where none rostered. */
    utilisationByHourOfWeek: (number | null)[];
  }[];
  tasks: {
    id: string;
    name: string;
    at: string;
    completed: number;
    waitMeanHours: number;
    waitP90Hours: number;
  }[];
  safeStaffing: {
    ward: string;
    patientsPerRegisteredNurse: number;
    hoursBelow: number;
    percentTimeBelow: number;
  }[];
  cost: number;
  costPerSpell: number;
}

/**
 * Who came and what became of them, over the reporting window (from the end of warm-up, or from
 * the initial state when there is none, to the end of the run). Emergency arrivals (readmissions
 * included) are counted by when they arrived, so admitted + diverted + stillWaitingForBed =
 * arrivals exactly. Patients already in when the window opened are "in at start", not arrivals;
 * the stock balances too: inAtStart + arrivals + electiveAdmissions =
 * discharged + diverted + atEnd.inBeds + atEnd.waitingForBed.
 */
export interface UnmetDemandFigures {
  inAtStart: { inBeds: number; waitingForBed: number };
  arrivals: number;
  /** Of the window's arrivals: given a bed by the end. */
  admitted: number;
  /** Of the window's arrivals: turned away (no room to wait). */
  diverted: number;
  /** Of the window's arrivals: still waiting for a bed at the end. */
  stillWaitingForBed: number;
  /** Of the window's arrivals: admitted from ED who left while waiting for a bed (with an `ed:` section only). */
  leftBeforeBed?: number;
  /** admitted ÷ arrivals × 100; null when nobody arrived. */
  admittedPercentOfArrivals: number | null;
  /** Planned surgery admitted from the theatre list (never waits for a bed in the model). */
  electiveAdmissions: number;
  /** Spells that ended in the window, whoever they were. */
  discharged: number;
  /** Everyone at the end, the in-at-start included. */
  atEnd: { inBeds: number; waitingForBed: number; inBedPastMedicallyFit: number };
  /** Hours patients spent waiting for a bed (boarding) inside the window. */
  boardedHours: number;
}

/**
 * Figures over every patient, finished or not. A stay or wait not over at the end of the run
 * counts with the time it has had so far (right-censored), so each mean here is a lower bound on
 * the true mean; the completed-only figures sit beside them for comparison. Null where there is
 * nobody to average over.
 */
export interface AllPatientsFigures {
  los: {
    completedSpells: number;
    unfinishedSpells: number;
    completedMeanDays: number | null;
    unfinishedMeanDaysSoFar: number | null;
    allPatientsMeanDaysLowerBound: number | null;
  };
  timeToBed: {
    admitted: number;
    stillWaiting: number;
    admittedMeanHours: number | null;
    stillWaitingMeanHoursSoFar: number | null;
    allPatientsMeanHoursLowerBound: number | null;
    /** Admitted after more than 4 h, plus still waiting after more than 4 h at the end. */
    breaches4h: number;
    breaches12h: number;
    fourHourBreachPercent: number | null;
    twelveHourBreachPercent: number | null;
  };
  delayedBedDays: {
    /** Whole delay of the spells that ended in the window (the completed-spell figure). */
    completedSpells: number;
    /** Delay so far of patients in a bed past medically fit at the end. */
    stillDelayedAtEnd: number;
    total: number;
    perDay: number;
    byReason: { reason: DelayReason; bedDays: number }[];
  };
}

export interface RunSummary {
  scenario: string;
  variant: string;
  policy: "standard" | "d2a";
  seed: number;
  replication: number;
  startDate: string;
  warmupDays: number;
  horizonDays: number;
  complete: boolean;
  stopReason: string;
  /** Whether the run's figures describe a steady state at all; see stabilityVerdict. */
  stability: Stability;
  /**
   * Completed spells only (averages null where none completed). Read them beside `allPatients`
   * and `unmetDemand`, which count those who had not finished.
   */
  headline: {
    admissionsPerDay: number;
    dischargesPerDay: number;
    meanLosDays: number | null;
    meanDelayDays: number | null;
    delayedBedDaysPerDay: number;
    occupiedBedsMean: number;
    occupiedBedsP95: number;
    timeToBedMeanHours: number | null;
    fourHourBreachPercent: number | null;
    twelveHourBreaches: number;
    totalCost: number;
    costPerSpell: number | null;
    readmissions: number;
    divertedPerDay: number;
  };
  los: {
    overall: LosFigures;
    byGroup: (LosFigures & { id: string; name: string })[];
    byPathway: (LosFigures & { pathway: number })[];
  };
  delays: { reason: DelayReason; bedDays: number; perDay: number }[];
  timeToBed: {
    admissions: number;
    meanHours: number | null;
    medianHours: number | null;
    p90Hours: number | null;
    p95Hours: number | null;
    breaches4h: number;
    breaches12h: number;
  };
  wards: WardFigures[];
  services: ServiceFigures[];
  assessments: { policy: string; count: number; utilisation: number; waitMeanHours: number; cost: number }[];
  costs: {
    occupiedBedDays: number;
    openBedDays: number;
    community: number;
    assessments: number;
    theatres: number;
    staff: number;
    /** Outpatient clinics and remote reviews (only with an outpatients section). */
    outpatients?: number;
    total: number;
    perSpell: number | null;
    byPathway: { pathway: number; spells: number; total: number; perSpell: number | null }[];
    /** Total ÷ patients: null when there are none. Admissions and arrivals include electives. */
    perPatient: { perAdmission: number | null; perArrival: number | null };
    /** The scenario's price on unmet demand (costs.perDiverted, costs.perHourBoarded), added to the total. */
    unmetDemand: {
      perDiverted: number;
      perHourBoarded: number;
      diverted: number;
      boarded: number;
      total: number;
      totalIncludingUnmetDemand: number;
      perArrivalIncludingUnmetDemand: number | null;
    };
  };
  unmetDemand: UnmetDemandFigures;
  allPatients: AllPatientsFigures;
  conservation: {
    initialPatients: number;
    arrived: number;
    electiveAdmissions: number;
    discharged: number;
    diverted: number;
    inBeds: number;
    waitingForBed: number;
    /** ED patients who left while waiting for a bed (with an `ed:` section only). */
    leftBeforeBed?: number;
  };
  /** Discharges by day of the week, Monday first. */
  dischargesByWeekday: number[];
  /** Discharges by hour of the day, 00:00–01:00 first. */
  dischargesByHour: number[];
  dischargeReady: DischargeReadyFigures;
  onward: OnwardFigures;
  arrivalsByHourOfWeek: number[];
  theatres?: TheatreFigures;
  staff?: StaffFigures;
  /** The emergency department, when the scenario has one. */
  ed?: EdFigures;
  outpatients?: OutpatientFigures;
  /** Patient activation by group (only when a group has it). */
  activation?: ActivationFigures[];
  events: number;
  warnings: string[];
}

export interface DailyRow {
  day: number;
  date: string;
  /** Emergency admissions to a first bed. */
  admissions: number;
  /** Planned surgical admissions to a bed (only with electives). */
  elective_admissions?: number;
  discharges: number;
  [ward: `occupancy_${string}`]: number;
}

export interface RunResult {
  summary: RunSummary;
  daily: DailyRow[];
  /** One row per theatre session after warm-up (empty without electives). */
  sessions: SessionRecord[];
  /** Weekly waiting-list snapshots after warm-up (empty without electives). */
  waitingList: { week: number; size: number; within18WeeksPercent: number; meanWeeksWaited: number }[];
}

function losFigures(s: SpellStatistics): LosFigures {
  const n = s.los.count;
  return {
    spells: n,
    meanDays: n > 0 ? s.los.mean : null,
    medianDays: n > 0 ? s.losSketch.quantile(0.5) : null,
    p90Days: n > 0 ? s.losSketch.quantile(0.9) : null,
    treatmentDays: n > 0 ? s.treatment.mean : null,
    delayDays: n > 0 ? s.delay.mean : null,
    costPerSpell: n > 0 ? s.cost / n : null,
    sameOrNextDayOfAdmissionPercent: n > 0 ? (100 * s.sameOrNextDayOfAdmission) / n : null,
    sameOrNextDayOfReadyPercent: n > 0 ? (100 * s.sameOrNextDayOfReady) / n : null,
    overnightMeanNights: s.overnightNights.count > 0 ? s.overnightNights.mean : null,
  };
}

function dischargeReadyFigures(m: HospitalMetrics): DischargeReadyFigures {
  const n = m.readySnapshots.length;
  let past = 0;
  let occupied = 0;
  for (const snapshot of m.readySnapshots) {
    past += snapshot.pastReady;
    occupied += snapshot.occupied;
  }
  return {
    snapshots: n,
    pastReadyMean: n > 0 ? past / n : null,
    occupiedMean: n > 0 ? occupied / n : null,
    pastReadyPercentOfOccupied: occupied > 0 ? (100 * past) / occupied : null,
  };
}

function onwardFigures(hospital: Hospital): OnwardFigures {
  const m = hospital.metrics;
  const onward = hospital.onward[hospital.policy];
  const stages = hospital.communityStages;
  const held = hospital.services.reduce((a, s) => a + s.heldNow, 0);
  const waits: OnwardFigures["waits"] = [];
  for (const destination of [1, 2] as const) {
    const service = onward.services[destination];
    if (!service) continue;
    (["home", "community bed"] as const).forEach((waitedIn, where) => {
      const w = m.onwardWaits[destination]![where]!;
      waits.push({
        destination: DESTINATIONS[destination] as "package" | "careHome",
        service: service.id,
        waitedIn,
        started: w.wait.count,
        queuedForCapacity: w.queued,
        waitMeanDays: w.wait.count > 0 ? w.wait.mean / DAY : null,
      });
    });
  }
  const awaitingDecision = stages[CommunityStage.AwaitingDecision]!;
  const waitingOnward = stages[CommunityStage.WaitingOnward]!;
  return {
    decided: [1, 2, 3].map((pathway) => {
      const d = m.onwardDecided[pathway]!;
      return { pathway, home: d[0]!, package: d[1]!, careHome: d[2]! };
    }),
    waits,
    atEnd: {
      inFirstService: stages[CommunityStage.FirstService]!,
      awaitingDecision,
      waitingOnward,
      waitingInCommunityBed: held,
      waitingAtHome: awaitingDecision + waitingOnward - held,
      inOnwardService: stages[CommunityStage.Onward]!,
      done: stages[CommunityStage.Done]!,
    },
  };
}

const orZero = (x: number): number => (Number.isFinite(x) ? x : 0);

export function summarise(hospital: Hospital, scenarioName: string, variant: string): RunResult {
  const sim = hospital.sim;
  const now = sim.now;
  const m = hospital.metrics;
  const observedDays = Math.max(1e-9, (now - hospital.warmup) / DAY);

  const wards: WardFigures[] = hospital.wards.map((w) => {
    const bedsMean = w.beds.capacityLevel.mean(now);
    const occupiedBedDays = w.occupancy.integral(now) / DAY;
    const openBedDays = w.beds.capacityLevel.integral(now) / DAY;
    return {
      id: w.id,
      name: w.name,
      bedsMean,
      occupancyMean: w.occupancy.mean(now),
      occupancyP50: w.occupancy.quantile(0.5, now),
      occupancyP95: w.occupancy.quantile(0.95, now),
      occupancyP99: w.occupancy.quantile(0.99, now),
      occupancyMax: w.occupancy.max,
      occupancyRate: bedsMean > 0 ? w.occupancy.mean(now) / bedsMean : 0,
      percentTimeFull: 100 * fullFraction(w, now),
      admissions: w.admissions,
      outlierAdmissions: w.outlierAdmissions,
      diverted: w.diverted,
      boardingMean: w.beds.queueLevel.mean(now),
      boardingMax: w.beds.queueLevel.max,
      timeToBedMeanHours: w.timeToBed.count > 0 ? w.timeToBed.mean / HOUR : null,
      occupiedBedDays,
      delayedBedDays: w.delayedMinutes / DAY,
      cost: occupiedBedDays * w.costPerOccupiedBedDay + openBedDays * w.costPerOpenBedDay,
    };
  });

  const services: ServiceFigures[] = hospital.services.map((s) => {
    const serviceDays = s.inService.integral(now) / DAY;
    return {
      id: s.id,
      name: s.name,
      kind: s.kind,
      capacity: s.capacity,
      starts: s.starts,
      inServiceMean: s.inService.mean(now),
      utilisation: orZero(s.utilisation()),
      waitingMean: s.waiting.mean(now),
      waitingMax: s.waiting.max,
      waitMeanDays: s.waitTime.count > 0 ? s.waitTime.mean / DAY : null,
      waitP90Days: s.waitSketch.count > 0 ? s.waitSketch.quantile(0.9) / DAY : null,
      heldForOnwardMean: orZero(s.held.mean(now)),
      serviceDays,
      cost: serviceDays * s.costPerDay,
    };
  });

  const assessments = (["standard", "d2a"] as const).map((policy) => {
    const a = hospital.assessment[policy];
    const count = m.assessments[policy];
    return {
      policy,
      count,
      utilisation: orZero(a.assessors.utilisation()),
      waitMeanHours: a.assessors.waitTime.count > 0 ? a.assessors.waitTime.mean / HOUR : 0,
      cost: count * a.cost,
    };
  });

  const occupiedCost = hospital.wards.reduce(
    (acc, w) => acc + (w.occupancy.integral(now) / DAY) * w.costPerOccupiedBedDay,
    0,
  );
  const openCost = hospital.wards.reduce(
    (acc, w) => acc + (w.beds.capacityLevel.integral(now) / DAY) * w.costPerOpenBedDay,
    0,
  );
  const communityCost = services.reduce((acc, s) => acc + s.cost, 0);
  const assessmentCost = assessments.reduce((acc, a) => acc + a.cost, 0);
  const theatres = hospital.theatres ? theatreFigures(hospital.theatres) : undefined;
  if (theatres && hospital.dayUnits) theatres.dayUnits = dayUnitFigures(hospital.dayUnits);
  const theatreCost = theatres?.costs.total ?? 0;
  const staff = hospital.staff ? staffFigures(hospital.staff, now, m.overall.los.count) : undefined;
  const staffCost = staff?.cost ?? 0;
  const outpatients = hospital.outpatients ? outpatientFigures(hospital.outpatients, now) : undefined;
  const activation = activationFigures(hospital.groups);
  const outpatientCost = outpatients?.costs.total ?? 0;
  const total =
    occupiedCost + openCost + communityCost + assessmentCost + theatreCost + staffCost + outpatientCost;
  const spells = m.overall.los.count;

  const tb = m.timeToBed;
  const sketch = m.timeToBedSketch;
  const admissions = tb.count;
  let occupiedP95 = 0;
  for (const w of wards) occupiedP95 += w.occupancyP95;
  const totalDelayMinutes = m.delayMinutes.reduce((a, b) => a + b, 0);

  const unfinished = unfinishedPatients(hospital);
  const unmetDemand = unmetDemandFigures(hospital, unfinished);
  const allPatients = allPatientsFigures(hospital, unfinished, observedDays);
  const unmetCosts = unmetDemandCosts(hospital, unmetDemand, total);

  const warnings = stabilityWarnings(hospital.scenario);
  if (!hospital.complete) {
    warnings.push(`incomplete: ${hospital.stopMessage}; figures cover only the part simulated`);
  }
  for (const rule of staff?.safeStaffing ?? []) {
    if (rule.hoursBelow > 0) {
      warnings.push(
        `unsafe: ward "${rule.ward}" was below one registered nurse to ${rule.patientsPerRegisteredNurse} patients for ` +
          `${rule.hoursBelow.toFixed(0)} hours (${rule.percentTimeBelow.toFixed(1)}% of the time), whatever this saves`,
      );
    }
  }
  warnings.push(...growthWarnings(hospital));
  if (hospital.outpatients) warnings.push(...outpatientGrowthWarnings(hospital.outpatients));
  const listLoads = hospital.scenario.electives ? electiveListLoads(hospital.scenario.electives) : undefined;
  if (hospital.theatres && listLoads) {
    const t = hospital.theatres;
    const growth = listGrowth(t.listSeries, t.waitingIncludingBooked(), t.referrals, t.casesDone);
    warnings.push(...listGrowthWarnings(growth, listLoads));
  }
  if (hospital.initialOverflow > 0) {
    warnings.push(
      `${hospital.initialOverflow} patients of the initial state found no bed at the start and waited for one`,
    );
  }

  const complete = hospital.complete;
  const stopReason = hospital.stopMessage ?? hospital.stopReason ?? "not run";
  const summary: RunSummary = {
    scenario: scenarioName,
    variant,
    policy: hospital.policy,
    seed: sim.random.seed,
    replication: sim.random.replication,
    startDate: hospital.scenario.run.start,
    warmupDays: hospital.warmup / DAY,
    horizonDays: hospital.scenario.run.horizon / DAY,
    complete,
    stopReason,
    stability: stabilityVerdict({
      complete,
      stopReason,
      warnings,
      loads: estimateLoads(hospital.scenario),
      waitingForBedAtEnd: unmetDemand.atEnd.waitingForBed,
      divertedPercentOfArrivals:
        unmetDemand.arrivals > 0 ? (100 * unmetDemand.diverted) / unmetDemand.arrivals : 0,
      ...(listLoads ? { electiveLists: { loads: listLoads } } : {}),
    }),
    headline: {
      admissionsPerDay: admissions / observedDays,
      dischargesPerDay: spells / observedDays,
      meanLosDays: spells > 0 ? m.overall.los.mean : null,
      meanDelayDays: spells > 0 ? m.overall.delay.mean : null,
      delayedBedDaysPerDay: totalDelayMinutes / DAY / observedDays,
      occupiedBedsMean: wards.reduce((a, w) => a + w.occupancyMean, 0),
      occupiedBedsP95: occupiedP95,
      timeToBedMeanHours: admissions > 0 ? tb.mean / HOUR : null,
      fourHourBreachPercent: admissions > 0 ? (100 * m.breaches4h) / admissions : null,
      twelveHourBreaches: m.breaches12h,
      totalCost: total,
      costPerSpell: spells > 0 ? total / spells : null,
      readmissions: m.readmissions,
      divertedPerDay: wards.reduce((a, w) => a + w.diverted, 0) / observedDays,
    },
    los: {
      overall: losFigures(m.overall),
      byGroup: hospital.groups.map((g, i) => ({ id: g.id, name: g.name, ...losFigures(m.byGroup[i]!) })),
      byPathway: m.byPathway.map((s, pathway) => ({ pathway, ...losFigures(s) })),
    },
    delays: DELAY_REASONS.map((reason, i) => ({
      reason,
      bedDays: m.delayMinutes[i]! / DAY,
      perDay: m.delayMinutes[i]! / DAY / observedDays,
    })),
    timeToBed: {
      admissions,
      meanHours: admissions > 0 ? tb.mean / HOUR : null,
      medianHours: admissions > 0 ? sketch.quantile(0.5) / HOUR : null,
      p90Hours: admissions > 0 ? sketch.quantile(0.9) / HOUR : null,
      p95Hours: admissions > 0 ? sketch.quantile(0.95) / HOUR : null,
      breaches4h: m.breaches4h,
      breaches12h: m.breaches12h,
    },
    wards,
    services,
    assessments,
    costs: {
      occupiedBedDays: occupiedCost,
      openBedDays: openCost,
      community: communityCost,
      assessments: assessmentCost,
      theatres: theatreCost,
      staff: staffCost,
      ...(outpatients ? { outpatients: outpatientCost } : {}),
      total,
      perSpell: spells > 0 ? total / spells : null,
      byPathway: m.byPathway.map((s, pathway) => ({
        pathway,
        spells: s.los.count,
        total: s.cost,
        perSpell: s.los.count > 0 ? s.cost / s.los.count : null,
      })),
      perPatient: {
        perAdmission: perOrNull(total, admissions + unmetDemand.electiveAdmissions),
        perArrival: perOrNull(total, unmetDemand.arrivals + unmetDemand.electiveAdmissions),
      },
      unmetDemand: unmetCosts,
    },
    unmetDemand,
    allPatients,
    conservation: {
      initialPatients: hospital.initialPatients,
      arrived: hospital.arrived,
      electiveAdmissions: hospital.electiveAdmissions,
      discharged: hospital.discharged,
      diverted: hospital.diverted,
      inBeds: hospital.patientsInBeds(),
      waitingForBed: hospital.waitingForBed,
      ...(hospital.ed ? { leftBeforeBed: hospital.leftBeforeBed } : {}),
    },
    dischargesByWeekday: Array.from(m.dischargesByWeekday),
    dischargesByHour: Array.from(m.dischargesByHour),
    dischargeReady: dischargeReadyFigures(m),
    onward: onwardFigures(hospital),
    ...(theatres ? { theatres } : {}),
    ...(staff ? { staff } : {}),
    ...(hospital.ed ? { ed: hospital.ed.figures() } : {}),
    ...(outpatients ? { outpatients } : {}),
    ...(activation ? { activation } : {}),
    arrivalsByHourOfWeek: Array.from(m.arrivalsByHourOfWeek),
    events: sim.eventsProcessed,
    warnings,
  };

  return {
    summary,
    daily: dailyRows(hospital),
    sessions: hospital.theatres?.sessions ?? [],
    waitingList: hospital.theatres?.listSeries ?? [],
  };
}

const perOrNull = (amount: number, count: number): number | null => (count > 0 ? amount / count : null);

/**
 * The offered-load check misses demand that only exceeds capacity through knock-on effects
 * (blocked transfers, weekend discharges). A queue that grows steadily averages about twice as
 * much in the run's last week as over the whole window; a stable one averages about the same
 * (whole weeks, so the weekly cycle evens out). Flagged at 1.5 times and at least a tenth of
 * capacity (10 at the least); windows under two weeks are not judged this way.
 */
function growthWarnings(hospital: Hospital): string[] {
  const mark = hospital.lastWeekMark;
  const now = hospital.sim.now;
  if (mark === null || now - mark.at < WEEK - 1e-6) return [];
  const warnings: string[] = [];
  // A queue that is growing is long in the last week, longer than over the run, and still there at
  // the end: a busy ward near capacity has bursty queues that pass the first two by chance (seen at
  // ρ ≈ 0.95 from an empty start) but drain by the end; an overloaded one does not.
  const grew = (lastWeek: number, whole: number, atEnd: number, capacity: number) => {
    const long = Math.max(10, 0.1 * capacity);
    return lastWeek >= long && lastWeek > 1.5 * whole && atEnd >= long;
  };
  const n = (x: number) => Math.round(x).toLocaleString("en-GB");
  hospital.wards.forEach((w, i) => {
    const lastWeek = (w.beds.queueLevel.integral(now) - mark.wards[i]!) / WEEK;
    const whole = w.beds.queueLevel.mean(now);
    if (grew(lastWeek, whole, w.newPatientsWaiting, w.beds.capacity)) {
      warnings.push(
        `growing: ${n(lastWeek)} patients on average were waiting for a bed on ward "${w.id}" in the run's last week, ` +
          `against ${n(whole)} over the whole run (${n(w.newPatientsWaiting)} at the end); ` +
          "demand may exceed what the ward can discharge (try a longer run or more beds)",
      );
    }
  });
  hospital.services.forEach((service, i) => {
    const lastWeek = (service.waiting.integral(now) - mark.services[i]!) / WEEK;
    const whole = service.waiting.mean(now);
    if (grew(lastWeek, whole, service.waitingNow, service.capacity)) {
      warnings.push(
        `growing: ${n(lastWeek)} patients on average were waiting for "${service.id}" in the run's last week, ` +
          `against ${n(whole)} over the whole run (${n(service.waitingNow)} at the end); ` +
          "demand may exceed the service's capacity",
      );
    }
  });
  return warnings;
}

function unmetDemandFigures(hospital: Hospital, unfinished: UnfinishedPatients): UnmetDemandFigures {
  const w = hospital.window;
  return {
    inAtStart: { ...hospital.atWindowStart },
    arrivals: w.arrivals,
    admitted: w.admitted,
    diverted: w.diverted,
    stillWaitingForBed: unfinished.waitingArrivedInWindow,
    ...(hospital.ed ? { leftBeforeBed: w.leftBeforeBed } : {}),
    admittedPercentOfArrivals: w.arrivals > 0 ? (100 * w.admitted) / w.arrivals : null,
    electiveAdmissions: w.electiveAdmissions,
    discharged: hospital.metrics.overall.los.count,
    atEnd: {
      inBeds: unfinished.inBeds,
      waitingForBed: unfinished.waitingForBed,
      inBedPastMedicallyFit: unfinished.inBedsPastMedicallyFit,
    },
    boardedHours: hospital.boarding.integral(hospital.sim.now) / HOUR,
  };
}

function allPatientsFigures(
  hospital: Hospital,
  unfinished: UnfinishedPatients,
  observedDays: number,
): AllPatientsFigures {
  const m = hospital.metrics;
  const completed = m.overall.los;
  const completedLosDays = completed.count > 0 ? completed.mean * completed.count : 0;
  const staySoFarDays = unfinished.staySoFarMinutes / DAY;
  const tb = m.timeToBed;
  const waitedMinutes = tb.count > 0 ? tb.mean * tb.count : 0;
  const waiters = tb.count + unfinished.waitingForBed;
  const breaches4h = m.breaches4h + unfinished.waitingOver4h;
  const breaches12h = m.breaches12h + unfinished.waitingOver12h;
  const completedDelayDays = m.delayMinutes.reduce((a, b) => a + b, 0) / DAY;
  const stillDelayedDays = unfinished.delayMinutes.reduce((a, b) => a + b, 0) / DAY;
  return {
    los: {
      completedSpells: completed.count,
      unfinishedSpells: unfinished.inBeds,
      completedMeanDays: perOrNull(completedLosDays, completed.count),
      unfinishedMeanDaysSoFar: perOrNull(staySoFarDays, unfinished.inBeds),
      allPatientsMeanDaysLowerBound: perOrNull(
        completedLosDays + staySoFarDays,
        completed.count + unfinished.inBeds,
      ),
    },
    timeToBed: {
      admitted: tb.count,
      stillWaiting: unfinished.waitingForBed,
      admittedMeanHours: perOrNull(waitedMinutes / HOUR, tb.count),
      stillWaitingMeanHoursSoFar: perOrNull(unfinished.waitSoFarMinutes / HOUR, unfinished.waitingForBed),
      allPatientsMeanHoursLowerBound: perOrNull(
        (waitedMinutes + unfinished.waitSoFarMinutes) / HOUR,
        waiters,
      ),
      breaches4h,
      breaches12h,
      fourHourBreachPercent: perOrNull(100 * breaches4h, waiters),
      twelveHourBreachPercent: perOrNull(100 * breaches12h, waiters),
    },
    delayedBedDays: {
      completedSpells: completedDelayDays,
      stillDelayedAtEnd: stillDelayedDays,
      total: completedDelayDays + stillDelayedDays,
      perDay: (completedDelayDays + stillDelayedDays) / observedDays,
      byReason: DELAY_REASONS.map((reason, i) => ({
        reason,
        bedDays: (m.delayMinutes[i]! + unfinished.delayMinutes[i]!) / DAY,
      })),
    },
  };
}

function unmetDemandCosts(
  hospital: Hospital,
  unmet: UnmetDemandFigures,
  total: number,
): RunSummary["costs"]["unmetDemand"] {
  const { perDiverted, perHourBoarded } = hospital.scenario.costs;
  const diverted = unmet.diverted * perDiverted;
  const boarded = unmet.boardedHours * perHourBoarded;
  const withUnmet = total + diverted + boarded;
  return {
    perDiverted,
    perHourBoarded,
    diverted,
    boarded,
    total: diverted + boarded,
    totalIncludingUnmetDemand: withUnmet,
    perArrivalIncludingUnmetDemand: perOrNull(withUnmet, unmet.arrivals + unmet.electiveAdmissions),
  };
}

function staffFigures(staff: StaffService, now: number, spells: number): StaffFigures {
  const roles = staff.roles.map((role) => {
    const rosteredHours = role.rostered.integral(now) / HOUR;
    const busyHours = role.busy.integral(now) / HOUR;
    const overtimeHours = role.overtimeMinutes / HOUR;
    const busy = role.busyByHour.meanLevels();
    const rostered = role.rosteredByHour.meanLevels();
    return {
      id: role.id,
      name: role.name,
      hourlyCost: role.hourlyCost,
      rosteredHours,
      busyHours,
      utilisation: rosteredHours > 0 ? busyHours / rosteredHours : 0,
      overtimeHours,
      cost: (rosteredHours + overtimeHours) * role.hourlyCost,
      utilisationByHourOfWeek: Array.from(busy, (b, h) => {
        const r = rostered[h]!;
        return r > 0 && Number.isFinite(b) ? b / r : null;
      }),
    };
  });
  const cost = roles.reduce((a, r) => a + r.cost, 0);
  return {
    roles,
    tasks: staff.tasks.map((t) => ({
      id: t.id,
      name: t.name,
      at: t.at,
      completed: t.completed,
      waitMeanHours: t.wait.count > 0 ? t.wait.mean / HOUR : 0,
      waitP90Hours: t.waitSketch.count > 0 ? t.waitSketch.quantile(0.9) / HOUR : 0,
    })),
    safeStaffing: staff.safeStaffing.map((rule) => ({
      ward: rule.ward.id,
      patientsPerRegisteredNurse: rule.patientsPerNurse,
      hoursBelow: rule.below.integral(now) / HOUR,
      percentTimeBelow: 100 * (Number.isFinite(rule.below.mean(now)) ? rule.below.mean(now) : 0),
    })),
    cost,
    costPerSpell: spells > 0 ? cost / spells : 0,
  };
}

function theatreFigures(t: TheatreService): TheatreFigures {
  const held = t.sessions.filter((s) => !s.cancelled);
  const sum = (f: (s: SessionRecord) => number, rows = held) => rows.reduce((a, s) => a + f(s), 0);
  const planned = sum((s) => s.plannedMinutes, t.sessions);
  const plannedHeld = sum((s) => s.plannedMinutes);
  const touch = sum((s) => s.touchMinutes);
  const notToCapacity = held.filter((s) => s.lateStartMinutes >= 30 || s.earlyFinishMinutes >= 30).length;
  const cancellations = Object.values(t.cancellations).reduce((a, b) => a + b, 0);
  const theatreMinutes = planned * t.costPerMinute;
  const cancellationCost = cancellations * t.costPerCancellation;
  const totalCost = theatreMinutes + t.caseCost + cancellationCost;
  const lastSnapshot = t.listSeries[t.listSeries.length - 1];
  return {
    sessions: t.sessions.length,
    sessionsCancelled: t.sessions.length - held.length,
    plannedMinutes: planned,
    touchMinutes: touch,
    cappedUtilisation: plannedHeld > 0 ? sum((s) => s.touchInsideMinutes) / plannedHeld : 0,
    uncappedUtilisation: plannedHeld > 0 ? touch / plannedHeld : 0,
    lateStartMinutes: sum((s) => s.lateStartMinutes),
    turnaroundMinutes: sum((s) => s.turnaroundMinutes),
    earlyFinishMinutes: sum((s) => s.earlyFinishMinutes),
    overrunMinutes: sum((s) => s.overrunMinutes),
    listsNotToCapacityPercent: held.length > 0 ? (100 * notToCapacity) / held.length : 0,
    casesPerList: held.length > 0 ? sum((s) => s.cases) / held.length : 0,
    cases: t.casesDone,
    cancellations: { ...t.cancellations },
    referrals: t.referrals,
    waitingListAtEnd: t.waitingIncludingBooked(),
    waitingWithin18WeeksPercentAtEnd: lastSnapshot?.within18WeeksPercent ?? 100,
    treatedWithin18WeeksPercent: t.casesDone > 0 ? (100 * t.treatedWithin18Weeks) / t.casesDone : 0,
    meanWeeksWaitedAtSurgery: t.weeksWaitedAtSurgery.count > 0 ? t.weeksWaitedAtSurgery.mean : 0,
    costs: {
      theatreMinutes,
      cases: t.caseCost,
      cancellations: cancellationCost,
      total: totalCost,
      perCase: t.casesDone > 0 ? totalCost / t.casesDone : 0,
    },
  };
}

function fullFraction(w: Hospital["wards"][number], now: number): number {
  // With a fixed bed count, "full" is every bed holding a patient; with a schedule, the most beds.
  const beds = Math.round(w.beds.capacityLevel.max);
  return beds > 0 ? w.occupancy.fractionAtLeast(beds, now) : 0;
}

function dailyRows(hospital: Hospital): DailyRow[] {
  const m = hospital.metrics;
  const now = hospital.sim.now;
  const admissions = m.admissionsDaily.values(now);
  const discharges = m.dischargesDaily.values(now);
  const electives = hospital.theatres === null ? null : m.electiveAdmissionsDaily.values(now);
  const occupancy = hospital.wards.map((w) => w.dailyOccupancy.values());
  const days = Math.max(0, Math.ceil((now - hospital.warmup) / DAY - 1e-9));
  // Events at the run's last instant fall in the bucket just past the end: count them in the last day.
  if (days > 0) {
    admissions[days - 1] = (admissions[days - 1] ?? 0) + (admissions[days] ?? 0);
    discharges[days - 1] = (discharges[days - 1] ?? 0) + (discharges[days] ?? 0);
    if (electives !== null) electives[days - 1] = (electives[days - 1] ?? 0) + (electives[days] ?? 0);
  }
  const rows: DailyRow[] = [];
  for (let d = 0; d < days; d++) {
    const start = hospital.warmup + d * DAY;
    const row: DailyRow = {
      day: d,
      date: hospital.sim.calendar.toISO(start).slice(0, 10),
      admissions: admissions[d] ?? 0,
      ...(electives === null ? {} : { elective_admissions: electives[d] ?? 0 }),
      discharges: discharges[d] ?? 0,
    };
    hospital.wards.forEach((w, i) => {
      row[`occupancy_${w.id}`] = occupancy[i]![d] ?? 0;
    });
    rows.push(row);
  }
  return rows;
}
