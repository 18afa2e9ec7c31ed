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

/** A batch metric's value in the figure's units. */
export const inFigureUnits = (figure: KeyFigure, value: number): number => value * (figure.scale ?? 1);

// Averages over nobody are null in the summary, NaN here: they read "none", never 0.
const orNone = (format: (x: number) => string) => (x: number) => (Number.isFinite(x) ? format(x) : "none");
const grouped = (digits: number) =>
  orNone((x) => x.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const percent = orNone((x) => `${x.toFixed(1)}%`);
const pounds = orNone((x) => `£${Math.round(x).toLocaleString("en-GB")}`);
const poundsMillions = orNone((x) => `£${x.toFixed(2)}m`);

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
