/**
 * Key figures of a run, defined once so the report's table and the variant comparison chart
 * cannot disagree on what a figure means or in which unit it is shown.
 */
import type { RunSummary } from "../model/summary.js";

export interface KeyFigure {
  id: string;
  label: string;
  /** Unit as shown in axis titles and table headings, e.g. "days", "% of admissions". */
  unit: string;
  value: (s: RunSummary) => number;
  format: (x: number) => string;
  /** Shown in the comparison chart (the table shows every figure). */
  compare: boolean;
  /**
   * The same figure among a batch replication's metrics (see batch/metrics.ts), times `scale`
   * when the figure shows it in other units (£ million), so batch reports show the same rows.
   */
  metric: string;
  scale?: number;
}

/** Whether any of the summaries has the figure (theatre and staff figures need their model). */
export const figureApplies = (figure: KeyFigure, summaries: readonly RunSummary[]): boolean =>
  summaries.some((s) => Number.isFinite(figure.value(s)));

/** A batch metric's value in the figure's units. */
export const inFigureUnits = (figure: KeyFigure, value: number): number => value * (figure.scale ?? 1);

// Averages over nobody are null in the summary, NaN here: they read "none", never 0.
const orNone = (format: (x: number) => string) => (x: number) => (Number.isFinite(x) ? format(x) : "none");
const grouped = (digits: number) =>
  orNone((x) => x.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const percent = orNone((x) => `${x.toFixed(1)}%`);
const pounds = orNone((x) => `£${Math.round(x).toLocaleString("en-GB")}`);
const poundsMillions = orNone((x) => `£${x.toFixed(2)}m`);

/** Day cases kept in overnight (by decision or at closing), % of day cases on every unit. */
export function dayCaseConversionPercent(s: RunSummary): number {
  const units = s.theatres?.dayUnits;
  if (units === undefined) return Number.NaN;
  const admitted = units.reduce((a, u) => a + u.admitted, 0);
  const converted = units.reduce((a, u) => a + u.keptOvernight + u.stillThereAtClosing, 0);
  return admitted > 0 ? (100 * converted) / admitted : Number.NaN;
}

export const KEY_FIGURES: readonly KeyFigure[] = [
  {
    id: "admissions",
    metric: "headline.admissionsPerDay",
    label: "Admissions a day",
    unit: "admissions/day",
    value: (s) => s.headline.admissionsPerDay,
    format: grouped(1),
    compare: false,
  },
  {
    id: "discharges",
    metric: "headline.dischargesPerDay",
    label: "Discharges a day",
    unit: "discharges/day",
    value: (s) => s.headline.dischargesPerDay,
    format: grouped(1),
    compare: false,
  },
  {
    id: "los",
    metric: "los.overall.meanDays",
    label: "Length of stay, mean",
    unit: "days",
    value: (s) => s.los.overall.meanDays ?? Number.NaN,
    format: grouped(2),
    compare: true,
  },
  {
    id: "los-treatment",
    metric: "los.overall.treatmentDays",
    label: "of which treatment",
    unit: "days",
    value: (s) => s.los.overall.treatmentDays ?? Number.NaN,
    format: grouped(2),
    compare: false,
  },
  {
    id: "los-delay",
    metric: "los.overall.delayDays",
    label: "of which delayed discharge",
    unit: "days",
    value: (s) => s.los.overall.delayDays ?? Number.NaN,
    format: grouped(2),
    compare: false,
  },
  {
    id: "los-p90",
    metric: "los.overall.p90Days",
    label: "Length of stay, 90th percentile",
    unit: "days",
    value: (s) => s.los.overall.p90Days ?? Number.NaN,
    format: grouped(1),
    compare: false,
  },
  {
    id: "delayed-bed-days",
    metric: "headline.delayedBedDaysPerDay",
    label: "Delayed bed-days a day",
    unit: "bed-days/day",
    value: (s) => s.headline.delayedBedDaysPerDay,
    format: grouped(1),
    compare: true,
  },
  {
    id: "beds-occupied",
    metric: "headline.occupiedBedsMean",
    label: "Beds occupied, mean",
    unit: "beds",
    value: (s) => s.headline.occupiedBedsMean,
    format: grouped(1),
    compare: true,
  },
  {
    id: "time-to-bed",
    metric: "timeToBed.meanHours",
    label: "Time to bed, mean",
    unit: "hours",
    value: (s) => s.timeToBed.meanHours ?? Number.NaN,
    format: grouped(2),
    compare: true,
  },
  {
    id: "time-to-bed-p95",
    metric: "timeToBed.p95Hours",
    label: "Time to bed, 95th percentile",
    unit: "hours",
    value: (s) => s.timeToBed.p95Hours ?? Number.NaN,
    format: grouped(1),
    compare: false,
  },
  {
    id: "breach-4h",
    metric: "headline.fourHourBreachPercent",
    label: "Waits over 4 hours for a bed",
    unit: "% of admissions",
    value: (s) => s.headline.fourHourBreachPercent ?? Number.NaN,
    format: percent,
    compare: true,
  },
  {
    id: "breach-12h",
    metric: "headline.twelveHourBreaches",
    label: "Waits over 12 hours for a bed",
    unit: "admissions",
    value: (s) => s.headline.twelveHourBreaches,
    format: grouped(0),
    compare: true,
  },
  {
    id: "readmissions",
    metric: "headline.readmissions",
    label: "Readmissions within 30 days",
    unit: "readmissions",
    value: (s) => s.headline.readmissions,
    format: grouped(0),
    compare: false,
  },
  {
    id: "cost-total",
    metric: "costs.total",
    scale: 1e-6,
    label: "Total cost",
    unit: "£ million",
    value: (s) => s.costs.total / 1e6,
    format: poundsMillions,
    compare: true,
  },
  // The scenario's own figures: planned surgery and staffing, when it has them (NaN otherwise,
  // and a figure no variant has is left out of tables and charts).
  {
    id: "theatre-utilisation",
    metric: "theatres.cappedUtilisation",
    scale: 100,
    label: "Theatre utilisation (touch time in planned sessions)",
    unit: "% of planned time",
    value: (s) => (s.theatres ? 100 * s.theatres.cappedUtilisation : Number.NaN),
    format: percent,
    compare: true,
  },
  {
    id: "theatre-cancellations",
    metric: "theatres.cancellations.total",
    label: "Operations cancelled on the day",
    unit: "operations",
    value: (s) =>
      s.theatres ? Object.values(s.theatres.cancellations).reduce((a, b) => a + b, 0) : Number.NaN,
    format: grouped(0),
    compare: true,
  },
  {
    id: "waiting-list",
    metric: "theatres.waitingListAtEnd",
    label: "Waiting list at the end",
    unit: "patients",
    value: (s) => (s.theatres ? s.theatres.waitingListAtEnd : Number.NaN),
    format: grouped(0),
    compare: true,
  },
  {
    id: "waiting-18-weeks",
    metric: "theatres.waitingWithin18WeeksPercentAtEnd",
    label: "Waiting list within 18 weeks at the end",
    unit: "% of the list",
    value: (s) => (s.theatres ? s.theatres.waitingWithin18WeeksPercentAtEnd : Number.NaN),
    format: percent,
    compare: true,
  },
  // The emergency department: the standards measured from arrival, and from the decision to admit.
  {
    id: "ed-within-4h",
    metric: "ed.within4hPercent",
    label: "ED: left within 4 hours of arrival",
    unit: "% of attendances",
    value: (s) => (s.ed ? (s.ed.within4hPercent ?? Number.NaN) : Number.NaN),
    format: percent,
    compare: true,
  },
  {
    id: "ed-over-12h-arrival",
    metric: "ed.over12hFromArrival",
    label: "ED: over 12 hours from arrival",
    unit: "attendances",
    value: (s) => (s.ed ? s.ed.over12hFromArrival : Number.NaN),
    format: grouped(0),
    compare: true,
  },
  {
    id: "ed-over-12h-decision",
    metric: "ed.over12hFromDecision",
    label: "ED: over 12 hours from decision to admit",
    unit: "patients",
    value: (s) => (s.ed ? s.ed.over12hFromDecision : Number.NaN),
    format: grouped(0),
    compare: true,
  },
  {
    id: "ed-left",
    metric: "ed.left",
    label: "ED: left before being seen or before a bed",
    unit: "attendances",
    value: (s) => (s.ed ? s.ed.left : Number.NaN),
    format: grouped(0),
    compare: true,
  },
  {
    id: "ed-time-in-department",
    metric: "ed.meanHoursInDepartment",
    label: "ED: mean time in department",
    unit: "hours",
    value: (s) => (s.ed ? (s.ed.meanHoursInDepartment ?? Number.NaN) : Number.NaN),
    format: grouped(1),
    compare: false,
  },
  {
    id: "staff-cost",
    metric: "costs.staff",
    scale: 1e-6,
    label: "Staff cost",
    unit: "£ million",
    value: (s) => (s.staff ? s.staff.cost / 1e6 : Number.NaN),
    format: poundsMillions,
    compare: true,
  },
  {
    id: "staff-utilisation",
    metric: "staff.utilisation",
    label: "Staff utilisation (busy ÷ rostered hours)",
    unit: "% of rostered hours",
    value: (s) => {
      const roles = s.staff?.roles ?? [];
      const rostered = roles.reduce((a, r) => a + r.rosteredHours, 0);
      return rostered > 0 ? (100 * roles.reduce((a, r) => a + r.busyHours, 0)) / rostered : Number.NaN;
    },
    format: percent,
    compare: true,
  },
  {
    id: "unsafe-hours",
    metric: "staff.hoursBelowSafeRatio",
    label: "Hours below the safe nurse ratio (all wards)",
    unit: "ward-hours",
    value: (s) =>
      s.staff && s.staff.safeStaffing.length > 0
        ? s.staff.safeStaffing.reduce((a, r) => a + r.hoursBelow, 0)
        : Number.NaN,
    format: grouped(0),
    compare: true,
  },
  // Outpatient pathways, day-case units and patient activation, when the scenario has them.
  {
    id: "outpatient-cost-per-patient-year",
    metric: "outpatients.costs.perPatientYear",
    label: "Outpatient cost a patient-year",
    unit: "£",
    value: (s) => s.outpatients?.costs.perPatientYear ?? Number.NaN,
    format: pounds,
    compare: true,
  },
  {
    id: "outpatient-visits-per-patient-year",
    metric: "outpatients.perPatientYear.faceToFace",
    label: "Clinic visits a patient-year",
    unit: "visits",
    value: (s) => s.outpatients?.perPatientYear.faceToFace ?? Number.NaN,
    format: grouped(2),
    compare: true,
  },
  {
    id: "outpatient-remote-per-patient-year",
    metric: "outpatients.perPatientYear.remote",
    label: "Remote reviews a patient-year",
    unit: "reviews",
    value: (s) => s.outpatients?.perPatientYear.remote ?? Number.NaN,
    format: grouped(2),
    compare: true,
  },
  {
    id: "outpatient-first-wait",
    metric: "outpatients.waits.firstMeanWeeks",
    label: "Wait for a first appointment",
    unit: "weeks",
    value: (s) => s.outpatients?.waits.firstMeanWeeks ?? Number.NaN,
    format: grouped(1),
    compare: true,
  },
  {
    id: "outpatient-still-waiting",
    metric: "outpatients.waits.stillWaitingFirst",
    label: "Waiting for a first appointment at the end",
    unit: "patients",
    value: (s) => s.outpatients?.waits.stillWaitingFirst ?? Number.NaN,
    format: grouped(0),
    compare: true,
  },
  {
    id: "outpatient-late-follow-ups",
    metric: "outpatients.waits.lateFollowUps",
    label: "Late follow-ups",
    unit: "appointments",
    value: (s) => s.outpatients?.waits.lateFollowUps ?? Number.NaN,
    format: grouped(0),
    compare: true,
  },
  {
    id: "day-case-conversion",
    metric: "theatres.dayCaseConversionPercent",
    label: "Day cases kept in overnight",
    unit: "% of day cases",
    value: (s) => dayCaseConversionPercent(s),
    format: percent,
    compare: true,
  },
  {
    id: "activation-avoided",
    metric: "activation.avoidedAdmissions",
    label: "Admissions avoided by activation",
    unit: "admissions",
    value: (s) => (s.activation ? s.activation.reduce((a, g) => a + g.avoidedAdmissions, 0) : Number.NaN),
    format: grouped(0),
    compare: true,
  },
  {
    id: "cost-per-spell",
    metric: "costs.perSpell",
    label: "Cost per spell",
    unit: "£",
    value: (s) => s.costs.perSpell ?? Number.NaN,
    format: pounds,
    compare: true,
  },
];
