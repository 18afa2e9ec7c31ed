/**
 * The headline metrics of a replication: a flat, ordered list of named numbers taken from its
 * RunSummary. The list depends only on the scenario's shape (ward, service and group ids), so
 * metric names can be checked before anything runs, and every replication of a variant yields
 * the same names in the same order.
 *
 * Left out on purpose: identifiers and settings (seed, beds, capacity), conservation counters
 * (bookkeeping, not outcomes) and the weekday/hour profiles (shapes, better read from one run).
 */

import type { DayUnitFigures } from "../model/day-unit.js";
import type { EdFigures } from "../model/ed.js";
import { ED_EXITS } from "../model/ed-visit.js";
import type { OutpatientFigures } from "../model/outpatient-figures.js";
import { DELAY_REASONS } from "../model/patient.js";
import type { RunSummary, TheatreFigures } from "../model/summary.js";
import { CANCELLATION_REASONS } from "../model/theatres.js";
import type { Scenario } from "../scenario/schema.js";

export interface ScenarioShape {
  wards: string[];
  services: string[];
  groups: string[];
  /** Whether the scenario has planned surgery (theatre lists). */
  theatres: boolean;
  /** Whether either discharge policy sends patients onward after the first community service. */
  onward: boolean;
  /** Whether the scenario has staff rosters. */
  staff?: boolean;
  /** Whether the scenario has an emergency department (`ed:`). */
  ed?: boolean;
  /** Roles staffing outpatient clinics or remote reviews (present only with an outpatients section). */
  outpatientRoles?: string[];
  /** Day-case units (present only when the scenario has them). */
  dayUnits?: string[];
  /** Groups with patient activation (present only when some group has it). */
  activatedGroups?: string[];
}

export interface MetricDefinition {
  name: string;
  value: (summary: RunSummary) => number;
}

export function scenarioShape(scenario: Scenario): ScenarioShape {
  return {
    wards: scenario.wards.map((w) => w.id),
    services: scenario.community.map((s) => s.id),
    groups: scenario.groups.map((g) => g.id),
    theatres: scenario.electives !== undefined,
    onward: scenario.discharge.standard.onward !== undefined || scenario.discharge.d2a.onward !== undefined,
    staff: scenario.staff !== undefined,
    ...(scenario.ed !== undefined ? { ed: true } : {}),
    ...newSectionsShape(scenario),
  };
}

const HEADLINE = [
  "admissionsPerDay",
  "dischargesPerDay",
  "meanLosDays",
  "meanDelayDays",
  "delayedBedDaysPerDay",
  "occupiedBedsMean",
  "occupiedBedsP95",
  "timeToBedMeanHours",
  "fourHourBreachPercent",
  "twelveHourBreaches",
  "totalCost",
  "costPerSpell",
  "readmissions",
  "divertedPerDay",
] as const satisfies readonly (keyof RunSummary["headline"])[];

const LOS = [
  "spells",
  "meanDays",
  "medianDays",
  "p90Days",
  "treatmentDays",
  "delayDays",
  "costPerSpell",
  "sameOrNextDayOfAdmissionPercent",
  "sameOrNextDayOfReadyPercent",
] as const satisfies readonly (keyof RunSummary["los"]["overall"])[];

const GROUP_LOS = ["meanDays", "delayDays", "sameOrNextDayOfAdmissionPercent"] as const;

const DISCHARGE_READY = [
  "pastReadyMean",
  "pastReadyPercentOfOccupied",
] as const satisfies readonly (keyof RunSummary["dischargeReady"])[];

const TIME_TO_BED = [
  "meanHours",
  "medianHours",
  "p90Hours",
  "p95Hours",
  "breaches4h",
  "breaches12h",
] as const satisfies readonly (keyof RunSummary["timeToBed"])[];

const WARD = [
  "occupancyMean",
  "occupancyP95",
  "occupancyRate",
  "percentTimeFull",
  "timeToBedMeanHours",
  "boardingMean",
  "outlierAdmissions",
  "diverted",
  "delayedBedDays",
] as const satisfies readonly (keyof RunSummary["wards"][number])[];

const SERVICE = [
  "utilisation",
  "waitingMean",
  "waitMeanDays",
  "waitP90Days",
  "heldForOnwardMean",
] as const satisfies readonly (keyof RunSummary["services"][number])[];

const COSTS = [
  "occupiedBedDays",
  "openBedDays",
  "community",
  "assessments",
  "theatres",
  "total",
  "perSpell",
] as const satisfies readonly (keyof RunSummary["costs"])[];

const THEATRE = [
  "sessions",
  "sessionsCancelled",
  "cappedUtilisation",
  "uncappedUtilisation",
  "listsNotToCapacityPercent",
  "casesPerList",
  "cases",
  "lateStartMinutes",
  "overrunMinutes",
  "referrals",
  "waitingListAtEnd",
  "waitingWithin18WeeksPercentAtEnd",
  "treatedWithin18WeeksPercent",
  "meanWeeksWaitedAtSurgery",
] as const satisfies readonly (keyof TheatreFigures)[];

/** Missing items (an id the run did not report) read as NaN, stored as null, never as a fake 0. */
function byId<T extends { id: string }>(items: readonly T[], id: string): T | undefined {
  return items.find((item) => item.id === id);
}

export function metricDefinitions(shape: ScenarioShape): MetricDefinition[] {
  const defs: MetricDefinition[] = [];
  for (const key of HEADLINE)
    defs.push({ name: `headline.${key}`, value: (s) => s.headline[key] ?? Number.NaN });
  for (const key of LOS)
    defs.push({ name: `los.overall.${key}`, value: (s) => s.los.overall[key] ?? Number.NaN });
  for (const id of shape.groups) {
    for (const key of GROUP_LOS) {
      defs.push({
        name: `los.group.${id}.${key}`,
        value: (s) => byId(s.los.byGroup, id)?.[key] ?? Number.NaN,
      });
    }
  }
  for (const key of DISCHARGE_READY) {
    defs.push({ name: `dischargeReady.${key}`, value: (s) => s.dischargeReady[key] ?? Number.NaN });
  }
  for (const key of TIME_TO_BED)
    defs.push({ name: `timeToBed.${key}`, value: (s) => s.timeToBed[key] ?? Number.NaN });
  for (const id of shape.wards) {
    for (const key of WARD) {
      defs.push({ name: `wards.${id}.${key}`, value: (s) => byId(s.wards, id)?.[key] ?? Number.NaN });
    }
  }
  for (const reason of DELAY_REASONS) {
    defs.push({
      name: `delays.${reason}.perDay`,
      value: (s) => s.delays.find((d) => d.reason === reason)?.perDay ?? Number.NaN,
    });
  }
  for (const id of shape.services) {
    for (const key of SERVICE) {
      defs.push({ name: `services.${id}.${key}`, value: (s) => byId(s.services, id)?.[key] ?? Number.NaN });
    }
  }
  if (shape.onward) defs.push(...onwardDefinitions());
  for (const key of COSTS) defs.push({ name: `costs.${key}`, value: (s) => s.costs[key] ?? Number.NaN });
  if (shape.theatres) {
    for (const key of THEATRE) {
      defs.push({ name: `theatres.${key}`, value: (s) => s.theatres?.[key] ?? Number.NaN });
    }
    for (const reason of CANCELLATION_REASONS) {
      defs.push({
        name: `theatres.cancellations.${reason}`,
        value: (s) => s.theatres?.cancellations[reason] ?? Number.NaN,
      });
    }
    defs.push({
      name: "theatres.cancellations.total",
      value: (s) =>
        s.theatres ? Object.values(s.theatres.cancellations).reduce((a, b) => a + b, 0) : Number.NaN,
    });
    defs.push({ name: "theatres.costs.total", value: (s) => s.theatres?.costs.total ?? Number.NaN });
    defs.push({ name: "theatres.costs.perCase", value: (s) => s.theatres?.costs.perCase ?? Number.NaN });
  }
  if (shape.ed) defs.push(...edDefinitions());
  if (shape.outpatientRoles !== undefined) {
    defs.push({ name: "costs.outpatients", value: (s) => s.costs.outpatients ?? Number.NaN });
    defs.push(...outpatientDefinitions(shape.outpatientRoles));
  }
  for (const id of shape.dayUnits ?? []) {
    for (const key of DAY_UNIT) {
      defs.push({
        name: `theatres.dayUnits.${id}.${key}`,
        value: (s) => s.theatres?.dayUnits?.find((u) => u.id === id)?.[key] ?? Number.NaN,
      });
    }
  }
  if (shape.dayUnits !== undefined) {
    defs.push({
      name: "theatres.dayCaseConversionPercent",
      value: (s) => {
        const units = s.theatres?.dayUnits ?? [];
        const admitted = units.reduce((a, u) => a + u.admitted, 0);
        const kept = units.reduce((a, u) => a + u.keptOvernight + u.stillThereAtClosing, 0);
        return admitted > 0 ? (100 * kept) / admitted : Number.NaN;
      },
    });
  }
  if (shape.activatedGroups !== undefined) {
    defs.push({
      name: "activation.avoidedAdmissions",
      value: (s) => (s.activation ?? []).reduce((a, g) => a + g.avoidedAdmissions, 0),
    });
  }
  for (const id of shape.activatedGroups ?? []) {
    defs.push({
      name: `activation.${id}.avoidedAdmissions`,
      value: (s) => s.activation?.find((a) => a.group === id)?.avoidedAdmissions ?? Number.NaN,
    });
  }
  if (shape.staff) {
    // The report's staff figures (src/report/figures.ts), so batch reports show the same rows.
    defs.push({ name: "costs.staff", value: (s) => s.staff?.cost ?? Number.NaN });
    defs.push({
      name: "staff.utilisation",
      value: (s) => {
        const roles = s.staff?.roles ?? [];
        const rostered = roles.reduce((a, r) => a + r.rosteredHours, 0);
        return rostered > 0 ? (100 * roles.reduce((a, r) => a + r.busyHours, 0)) / rostered : Number.NaN;
      },
    });
    defs.push({
      name: "staff.hoursBelowSafeRatio",
      value: (s) =>
        s.staff && s.staff.safeStaffing.length > 0
          ? s.staff.safeStaffing.reduce((a, r) => a + r.hoursBelow, 0)
          : Number.NaN,
    });
  }
  return defs;
}

const ED = [
  "arrivals",
  "stillInDepartment",
  "left",
  "leftPercent",
  "meanHoursInDepartment",
  "within4hPercent",
  "over4hFromArrival",
  "over12hFromArrival",
  "decisionsToAdmit",
  "over12hFromDecision",
  "meanWaitForCubicleHours",
  "meanBoardingHours",
  "escalated",
  "cubicleUtilisation",
] as const satisfies readonly (keyof EdFigures)[];

/** The emergency department's figures (src/model/ed.ts), outcomes by name. */
function edDefinitions(): MetricDefinition[] {
  const defs: MetricDefinition[] = [];
  for (const key of ED) defs.push({ name: `ed.${key}`, value: (s) => s.ed?.[key] ?? Number.NaN });
  for (const exit of ED_EXITS)
    defs.push({ name: `ed.outcomes.${exit}`, value: (s) => s.ed?.outcomes[exit] ?? Number.NaN });
  return defs;
}

/** The outpatient, day-unit and activation parts of the shape; nothing for a scenario without them. */
function newSectionsShape(scenario: Scenario): Partial<ScenarioShape> {
  const shape: Partial<ScenarioShape> = {};
  const outpatients = scenario.outpatients;
  if (outpatients !== undefined) {
    const used = new Set<string>();
    for (const c of outpatients.clinics) for (const m of c.staff) used.add(m.role);
    for (const p of outpatients.pathways) {
      for (const m of p.followUp?.remote?.staff ?? []) used.add(m.role);
      for (const m of p.followUp?.resultsReview ?? []) used.add(m.role);
    }
    // In the order of staff.roles, as the run reports them.
    shape.outpatientRoles = (scenario.staff?.roles ?? []).map((r) => r.id).filter((id) => used.has(id));
  }
  const units = scenario.electives?.dayUnits;
  if (units !== undefined) shape.dayUnits = units.map((u) => u.id);
  const activated = scenario.groups.filter((g) => g.activation !== undefined).map((g) => g.id);
  if (activated.length > 0) shape.activatedGroups = activated;
  return shape;
}

const OUTPATIENT_APPOINTMENTS = [
  "first",
  "followUp",
  "added",
  "remote",
  "didNotAttend",
  "faceToFace",
] as const satisfies readonly (keyof OutpatientFigures["appointments"])[];
const OUTPATIENT_PER_YEAR = [
  "faceToFace",
  "first",
  "followUp",
  "added",
  "remote",
] as const satisfies readonly (keyof OutpatientFigures["perPatientYear"])[];
const OUTPATIENT_WAITS = [
  "firstMeanWeeks",
  "stillWaitingFirst",
  "stillWaitingFirstMeanWeeksSoFar",
  "waitingWithin18WeeksPercentAtEnd",
  "firstSeenWithin18WeeksPercent",
  "followUpMeanDaysLate",
  "lateFollowUps",
  "overdueFollowUpsAtEnd",
] as const satisfies readonly (keyof OutpatientFigures["waits"])[];
const OUTPATIENT_COSTS = [
  "total",
  "perPatientYear",
  "perPatientWeek",
  "perFaceToFaceAppointment",
] as const satisfies readonly (keyof OutpatientFigures["costs"])[];
const DAY_UNIT = [
  "admitted",
  "conversionPercent",
  "trolleyUtilisationPercent",
  "hoursWaitingOnTrolleyForBed",
  "waitingForBedAtEnd",
] as const satisfies readonly (keyof DayUnitFigures)[];

/** Outpatient figures: appointments, waits (everyone still waiting counted), staff and cost. */
function outpatientDefinitions(roles: readonly string[]): MetricDefinition[] {
  const defs: MetricDefinition[] = [];
  const op = (s: RunSummary) => s.outpatients;
  defs.push({ name: "outpatients.referrals", value: (s) => op(s)?.referrals ?? Number.NaN });
  defs.push({ name: "outpatients.patientYears", value: (s) => op(s)?.patientYears ?? Number.NaN });
  for (const key of OUTPATIENT_APPOINTMENTS)
    defs.push({
      name: `outpatients.appointments.${key}`,
      value: (s) => op(s)?.appointments[key] ?? Number.NaN,
    });
  for (const key of OUTPATIENT_PER_YEAR)
    defs.push({
      name: `outpatients.perPatientYear.${key}`,
      value: (s) => op(s)?.perPatientYear[key] ?? Number.NaN,
    });
  for (const key of OUTPATIENT_WAITS)
    defs.push({ name: `outpatients.waits.${key}`, value: (s) => op(s)?.waits[key] ?? Number.NaN });
  defs.push({
    name: "outpatients.slotUtilisationPercent",
    value: (s) => op(s)?.slotUtilisationPercent ?? Number.NaN,
  });
  for (const key of OUTPATIENT_COSTS)
    defs.push({ name: `outpatients.costs.${key}`, value: (s) => op(s)?.costs[key] ?? Number.NaN });
  for (const role of roles) {
    const row = (s: RunSummary) => op(s)?.staff.find((r) => r.role === role);
    defs.push({ name: `outpatients.staff.${role}.hours`, value: (s) => row(s)?.hours ?? Number.NaN });
    defs.push({ name: `outpatients.staff.${role}.cost`, value: (s) => row(s)?.cost ?? Number.NaN });
  }
  return defs;
}

/** Onward places started and waited for, by destination and where the wait was spent. */
function onwardDefinitions(): MetricDefinition[] {
  const defs: MetricDefinition[] = [];
  for (const destination of ["package", "careHome"] as const) {
    for (const [where, waitedIn] of [
      ["communityBed", "community bed"],
      ["home", "home"],
    ] as const) {
      const row = (s: RunSummary) =>
        s.onward.waits.find((w) => w.destination === destination && w.waitedIn === waitedIn);
      const name = `onward.${destination}.${where}`;
      defs.push({ name: `${name}.started`, value: (s) => row(s)?.started ?? Number.NaN });
      defs.push({ name: `${name}.waitMeanDays`, value: (s) => row(s)?.waitMeanDays ?? Number.NaN });
    }
  }
  defs.push({
    name: "onward.atEnd.waitingInCommunityBed",
    value: (s) => s.onward.atEnd.waitingInCommunityBed,
  });
  defs.push({ name: "onward.atEnd.waitingAtHome", value: (s) => s.onward.atEnd.waitingAtHome });
  return defs;
}

export function metricNames(shape: ScenarioShape): string[] {
  return metricDefinitions(shape).map((d) => d.name);
}

/** The metrics of one replication; non-finite values become null (JSON has no NaN). */
export function flattenSummary(
  summary: RunSummary,
  definitions: readonly MetricDefinition[],
): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const d of definitions) {
    const v = d.value(summary);
    out[d.name] = Number.isFinite(v) ? v : null;
  }
  return out;
}

/** Key metrics printed in plain sentences and tables when --metrics does not name others. */
export const DEFAULT_KEY_METRICS = [
  "headline.occupiedBedsMean",
  "headline.meanLosDays",
  "headline.delayedBedDaysPerDay",
  "headline.timeToBedMeanHours",
  "headline.fourHourBreachPercent",
  "headline.totalCost",
] as const;

/** Added to the key metrics when the scenario has an emergency department. */
export const ED_KEY_METRICS = [
  "ed.within4hPercent",
  "ed.over12hFromArrival",
  "ed.over12hFromDecision",
  "ed.left",
] as const;

/**
 * Metrics the precision rule watches by default: ones whose means are far from zero in any
 * working hospital, since a relative half-width around a mean near zero may never shrink enough.
 */
export const DEFAULT_PRECISION_METRICS = [
  "headline.occupiedBedsMean",
  "headline.meanLosDays",
  "headline.totalCost",
] as const;
