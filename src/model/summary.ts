/**
 * A finished run as plain data: the figures a planner reads (summary) and the daily series (for
 * CSVs and charts). Durations are in days or hours as named; money in pounds. Every figure covers
 * the period after warm-up only.
 */
import { DAY, HOUR } from "../engine/time.js";
import type { Hospital } from "./hospital.js";
import type { SpellStatistics } from "./metrics.js";
import { DELAY_REASONS, type DelayReason } from "./patient.js";
import { stabilityWarnings } from "./stability.js";
import type { StaffService } from "./staffing.js";
import type { CancellationReason, SessionRecord, TheatreService } from "./theatres.js";

export interface LosFigures {
  spells: number;
  meanDays: number;
  medianDays: number;
  p90Days: number;
  treatmentDays: number;
  delayDays: number;
  costPerSpell: number;
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
  timeToBedMeanHours: number;
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
  waitMeanDays: number;
  waitP90Days: number;
  serviceDays: number;
  cost: number;
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
  waitingListAtEnd: number;
  waitingWithin18WeeksPercentAtEnd: number;
  treatedWithin18WeeksPercent: number;
  meanWeeksWaitedAtSurgery: number;
  costs: { theatreMinutes: number; cases: number; cancellations: number; total: number; perCase: number };
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
  headline: {
    admissionsPerDay: number;
    dischargesPerDay: number;
    meanLosDays: number;
    meanDelayDays: number;
    delayedBedDaysPerDay: number;
    occupiedBedsMean: number;
    occupiedBedsP95: number;
    timeToBedMeanHours: number;
    fourHourBreachPercent: number;
    twelveHourBreaches: number;
    totalCost: number;
    costPerSpell: number;
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
    meanHours: number;
    medianHours: number;
    p90Hours: number;
    p95Hours: number;
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
    total: number;
    perSpell: number;
    byPathway: { pathway: number; spells: number; total: number; perSpell: number }[];
  };
  conservation: {
    initialPatients: number;
    arrived: number;
    electiveAdmissions: number;
    discharged: number;
    diverted: number;
    inBeds: number;
    waitingForBed: number;
  };
  dischargesByWeekday: number[];
  arrivalsByHourOfWeek: number[];
  theatres?: TheatreFigures;
  staff?: StaffFigures;
  events: number;
  warnings: string[];
}

export interface DailyRow {
  day: number;
  date: string;
  admissions: number;
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
    meanDays: n > 0 ? s.los.mean : 0,
    medianDays: n > 0 ? s.losSketch.quantile(0.5) : 0,
    p90Days: n > 0 ? s.losSketch.quantile(0.9) : 0,
    treatmentDays: n > 0 ? s.treatment.mean : 0,
    delayDays: n > 0 ? s.delay.mean : 0,
    costPerSpell: n > 0 ? s.cost / n : 0,
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
      timeToBedMeanHours: w.timeToBed.count > 0 ? w.timeToBed.mean / HOUR : 0,
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
      waitMeanDays: s.waitTime.count > 0 ? s.waitTime.mean / DAY : 0,
      waitP90Days: s.waitSketch.count > 0 ? s.waitSketch.quantile(0.9) / DAY : 0,
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
  const theatreCost = theatres?.costs.total ?? 0;
  const staff = hospital.staff ? staffFigures(hospital.staff, now, m.overall.los.count) : undefined;
  const staffCost = staff?.cost ?? 0;
  const total = occupiedCost + openCost + communityCost + assessmentCost + theatreCost + staffCost;
  const spells = m.overall.los.count;

  const tb = m.timeToBed;
  const sketch = m.timeToBedSketch;
  const admissions = tb.count;
  let occupiedP95 = 0;
  for (const w of wards) occupiedP95 += w.occupancyP95;
  const totalDelayMinutes = m.delayMinutes.reduce((a, b) => a + b, 0);

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
  // The offered-load check misses demand that only exceeds capacity through knock-on effects
  // (blocked transfers, weekend discharges). A queue that grows steadily ends near twice its
  // average; a stable one rarely ends at one and a half times it and above a tenth of capacity.
  for (const w of hospital.wards) {
    const waiting = w.newPatientsWaiting;
    if (waiting >= Math.max(10, 0.1 * w.beds.capacity) && waiting > 1.5 * w.beds.queueLevel.mean(now)) {
      warnings.push(
        `growing: ${waiting} patients were waiting for a bed on ward "${w.id}" at the end, well above its average; ` +
          "demand may exceed what the ward can discharge (try a longer run or more beds)",
      );
    }
  }
  for (const service of hospital.services) {
    const waiting = service.waitingNow;
    if (waiting >= Math.max(10, 0.1 * service.capacity) && waiting > 1.5 * service.waiting.mean(now)) {
      warnings.push(
        `growing: ${waiting} patients were waiting for "${service.id}" at the end, well above its average; ` +
          "demand may exceed the service's capacity",
      );
    }
  }
  if (hospital.initialOverflow > 0) {
    warnings.push(
      `${hospital.initialOverflow} patients of the initial state found no bed at the start and waited for one`,
    );
  }

  const summary: RunSummary = {
    scenario: scenarioName,
    variant,
    policy: hospital.policy,
    seed: sim.random.seed,
    replication: sim.random.replication,
    startDate: hospital.scenario.run.start,
    warmupDays: hospital.warmup / DAY,
    horizonDays: hospital.scenario.run.horizon / DAY,
    complete: hospital.complete,
    stopReason: hospital.stopMessage ?? hospital.stopReason ?? "not run",
    headline: {
      admissionsPerDay: admissions / observedDays,
      dischargesPerDay: spells / observedDays,
      meanLosDays: spells > 0 ? m.overall.los.mean : 0,
      meanDelayDays: spells > 0 ? m.overall.delay.mean : 0,
      delayedBedDaysPerDay: totalDelayMinutes / DAY / observedDays,
      occupiedBedsMean: wards.reduce((a, w) => a + w.occupancyMean, 0),
      occupiedBedsP95: occupiedP95,
      timeToBedMeanHours: admissions > 0 ? tb.mean / HOUR : 0,
      fourHourBreachPercent: admissions > 0 ? (100 * m.breaches4h) / admissions : 0,
      twelveHourBreaches: m.breaches12h,
      totalCost: total,
      costPerSpell: spells > 0 ? total / spells : 0,
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
      meanHours: admissions > 0 ? tb.mean / HOUR : 0,
      medianHours: admissions > 0 ? sketch.quantile(0.5) / HOUR : 0,
      p90Hours: admissions > 0 ? sketch.quantile(0.9) / HOUR : 0,
      p95Hours: admissions > 0 ? sketch.quantile(0.95) / HOUR : 0,
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
      total,
      perSpell: spells > 0 ? total / spells : 0,
      byPathway: m.byPathway.map((s, pathway) => ({
        pathway,
        spells: s.los.count,
        total: s.cost,
        perSpell: s.los.count > 0 ? s.cost / s.los.count : 0,
      })),
    },
    conservation: {
      initialPatients: hospital.initialPatients,
      arrived: hospital.arrived,
      electiveAdmissions: hospital.electiveAdmissions,
      discharged: hospital.discharged,
      diverted: hospital.diverted,
      inBeds: hospital.patientsInBeds(),
      waitingForBed: hospital.waitingForBed,
    },
    dischargesByWeekday: Array.from(m.dischargesByWeekday),
    ...(theatres ? { theatres } : {}),
    ...(staff ? { staff } : {}),
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
    waitingListAtEnd: t.waitingListSize(),
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
  const occupancy = hospital.wards.map((w) => w.dailyOccupancy.values());
  const days = Math.max(0, Math.ceil((now - hospital.warmup) / DAY - 1e-9));
  // Events at the run's last instant fall in the bucket just past the end: count them in the last day.
  if (days > 0) {
    admissions[days - 1] = (admissions[days - 1] ?? 0) + (admissions[days] ?? 0);
    discharges[days - 1] = (discharges[days - 1] ?? 0) + (discharges[days] ?? 0);
  }
  const rows: DailyRow[] = [];
  for (let d = 0; d < days; d++) {
    const start = hospital.warmup + d * DAY;
    const row: DailyRow = {
      day: d,
      date: hospital.sim.calendar.toISO(start).slice(0, 10),
      admissions: admissions[d] ?? 0,
      discharges: discharges[d] ?? 0,
    };
    hospital.wards.forEach((w, i) => {
      row[`occupancy_${w.id}`] = occupancy[i]![d] ?? 0;
    });
    rows.push(row);
  }
  return rows;
}
