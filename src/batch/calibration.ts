/**
 * Calibration: a scenario's published targets (its `calibration:` section) against the model's
 * figures on the same definitions, each the mean of replications with a 95% Student t interval.
 * That interval covers simulation noise only (replication to replication), not the uncertainty
 * of the inputs.
 *
 * Pass rule: a target passes when the model's interval overlaps the tolerance band (with fewer
 * than two replications, when the mean lies in it). An effect (`relativeTo`) is the % change of
 * the metric against the other variant within each replication — common random numbers pair
 * them — and its interval is over those paired changes.
 */
import { simulateScenario } from "../model/run.js";
import type { RunSummary } from "../model/summary.js";
import { toCsv } from "../output/csv.js";
import { type ParsedFile, validateParsed } from "../scenario/parse.js";
import { InputError } from "../scenario/problems.js";
import type { CalibrationTarget, Scenario } from "../scenario/schema.js";
import { type Interval, summariseSample } from "../stats/intervals.js";
import { metricDefinitions, scenarioShape } from "./metrics.js";

type Figure = (summary: RunSummary) => number;

const WEEKDAYS = [0, 1, 2, 3, 4];
const dayMean = (days: readonly number[], s: RunSummary) =>
  days.reduce((sum, d) => sum + s.dischargesByWeekday[d]!, 0) / days.length;
const allDischarges = (s: RunSummary) => s.dischargesByHour.reduce((a, b) => a + b, 0);

/** Figures on the published definitions, beyond the batch metrics (which are also accepted). */
const CALIBRATION_FIGURES: Record<string, { describe: string; value: Figure }> = {
  "discharges.weekendToWeekday": {
    describe: "mean discharges a day on Saturday and Sunday ÷ mean a day Monday to Friday",
    value: (s) => dayMean([5, 6], s) / dayMean(WEEKDAYS, s),
  },
  "discharges.fridayToBusiestOtherWeekday": {
    describe: "Friday's discharges ÷ the busiest of Monday–Thursday",
    value: (s) => s.dischargesByWeekday[4]! / Math.max(...s.dischargesByWeekday.slice(0, 4)),
  },
  "discharges.mondayToQuietestOtherWeekday": {
    describe: "Monday's discharges ÷ the quietest of Tuesday–Friday",
    value: (s) => s.dischargesByWeekday[0]! / Math.min(...s.dischargesByWeekday.slice(1, 5)),
  },
  "discharges.saturdayToSunday": {
    describe: "Saturday's discharges ÷ Sunday's",
    value: (s) => s.dischargesByWeekday[5]! / s.dischargesByWeekday[6]!,
  },
  "discharges.beforeNoonPercent": {
    describe: "discharges before 12:00, % of all",
    value: (s) => (100 * s.dischargesByHour.slice(0, 12).reduce((a, b) => a + b, 0)) / allDischarges(s),
  },
  "discharges.overnightPercent": {
    describe: "discharges between 23:00 and 06:00, % of all",
    value: (s) =>
      (100 * (s.dischargesByHour[23]! + s.dischargesByHour.slice(0, 6).reduce((a, b) => a + b, 0))) /
      allDischarges(s),
  },
  "los.overall.overnightMeanNights": {
    describe: "mean midnights in hospital of stays of at least one night (HES spell duration)",
    value: (s) => s.los.overall.overnightMeanNights ?? Number.NaN,
  },
};

/** Names and meanings of the calibration figures (batch metric names are accepted too). */
export function calibrationFigureNames(): { name: string; describe: string }[] {
  return [
    ...Object.entries(CALIBRATION_FIGURES).map(([name, f]) => ({ name, describe: f.describe })),
    {
      name: "los.group.<id>.overnightMeanNights",
      describe: "as los.overall.overnightMeanNights, for one patient group",
    },
    { name: "any batch metric", describe: "e.g. dischargeReady.pastReadyPercentOfOccupied" },
  ];
}

/** The function giving a metric's value from a run, or undefined for an unknown name. */
export function calibrationFigure(name: string, scenario: Scenario): Figure | undefined {
  const own = CALIBRATION_FIGURES[name];
  if (own !== undefined) return own.value;
  const group = /^los\.group\.(.+)\.overnightMeanNights$/.exec(name);
  if (group !== null) {
    const id = group[1]!;
    if (!scenario.groups.some((g) => g.id === id)) return undefined;
    return (s) => s.los.byGroup.find((g) => g.id === id)?.overnightMeanNights ?? Number.NaN;
  }
  const batchMetric = metricDefinitions(scenarioShape(scenario)).find((d) => d.name === name);
  return batchMetric?.value;
}

/** Variants the targets measure, in first-mention order. */
export function calibrationVariants(targets: readonly CalibrationTarget[]): string[] {
  const names: string[] = [];
  for (const t of targets) {
    for (const v of t.relativeTo === undefined ? [t.variant] : [t.variant, t.relativeTo]) {
      if (!names.includes(v)) names.push(v);
    }
  }
  return names;
}

/** Every target's metric and variants must exist: all problems at once, as an InputError. */
export function checkCalibration(scenario: Scenario, variantNames: readonly string[]): void {
  const calibration = scenario.calibration;
  if (calibration === undefined) throw new InputError("the scenario has no calibration: section");
  const known = new Set(["baseline", ...variantNames]);
  const problems: string[] = [];
  for (const t of calibration.targets) {
    if (calibrationFigure(t.metric, scenario) === undefined)
      problems.push(`target ${t.id}: unknown metric "${t.metric}"`);
    for (const v of t.relativeTo === undefined ? [t.variant] : [t.variant, t.relativeTo]) {
      if (!known.has(v)) problems.push(`target ${t.id}: unknown variant "${v}"`);
    }
  }
  if (problems.length > 0) throw new InputError(problems.join("\n"));
}

export interface CalibrationRow {
  id: string;
  target: string;
  source: string;
  definition: string;
  published: string;
  metric: string;
  variant: string;
  relativeTo: string | null;
  low: number | null;
  high: number | null;
  why: string;
  use: "tuned" | "held-out";
  replications: number;
  mean: number;
  /** 95% interval for the mean, simulation noise only; null below two replications. */
  ci: Interval | null;
  pass: boolean;
  /** Why the model is known to miss, as the scenario says; null when it is expected to pass. */
  notMet: string | null;
}

/** True when [low, high] overlaps the band (open ends unbounded). */
export function overlapsBand(low: number, high: number, band: { low?: number; high?: number }): boolean {
  return (band.low === undefined || high >= band.low) && (band.high === undefined || low <= band.high);
}

/**
 * The table's rows from each variant's run summaries, indexed by replication (the same
 * replication indices in every variant).
 */
export function calibrationRows(
  targets: readonly CalibrationTarget[],
  scenarioOf: (variant: string) => Scenario,
  summaries: ReadonlyMap<string, readonly RunSummary[]>,
): CalibrationRow[] {
  return targets.map((t) => {
    const figure = calibrationFigure(t.metric, scenarioOf(t.variant))!;
    const runs = summaries.get(t.variant) ?? [];
    let values = runs.map(figure);
    if (t.relativeTo !== undefined) {
      const reference = (summaries.get(t.relativeTo) ?? []).map(figure);
      values = values.map((v, r) => 100 * (v / reference[r]! - 1));
    }
    const sample = summariseSample(values);
    const ci = sample.ci;
    const pass =
      ci === null
        ? overlapsBand(sample.mean, sample.mean, t.tolerance)
        : overlapsBand(ci.low, ci.high, t.tolerance);
    return {
      id: t.id,
      target: t.target,
      source: t.source,
      definition: t.definition,
      published: t.published,
      metric: t.metric,
      variant: t.variant,
      relativeTo: t.relativeTo ?? null,
      low: t.tolerance.low ?? null,
      high: t.tolerance.high ?? null,
      why: t.tolerance.why,
      use: t.use,
      replications: values.length,
      mean: sample.mean,
      ci,
      pass,
      notMet: t.notMet ?? null,
    };
  });
}

const fmt = (x: number) =>
  Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 10 ? x.toFixed(2) : x.toFixed(3);

export function bandText(row: Pick<CalibrationRow, "low" | "high">): string {
  if (row.low !== null && row.high !== null) return `${fmt(row.low)} – ${fmt(row.high)}`;
  return row.low !== null ? `≥ ${fmt(row.low)}` : `≤ ${fmt(row.high!)}`;
}

export function modelText(row: CalibrationRow): string {
  const unit = row.relativeTo === null ? "" : "%";
  return row.ci === null
    ? `${fmt(row.mean)}${unit}`
    : `${fmt(row.mean)}${unit} ± ${fmt(row.ci.halfWidth)} (${fmt(row.ci.low)} – ${fmt(row.ci.high)})`;
}

/** The terminal table, with the pass rule and what the intervals cover. */
export function calibrationText(rows: readonly CalibrationRow[]): string {
  const header = ["target", "published", "tolerance", "model mean ± 95% CI", "result", "use"];
  const body = rows.map((r) => [
    `${r.id}: ${r.target}${r.relativeTo === null ? "" : ` (${r.variant} against ${r.relativeTo}, %)`}`,
    r.published,
    bandText(r),
    modelText(r),
    r.pass ? "pass" : "FAIL",
    r.use,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((line) => line[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const n = rows[0]?.replications ?? 0;
  const notes = rows
    .filter((r) => !r.pass)
    .map((r) => `  ${r.id}: ${r.notMet ?? "not met (no reason recorded in the scenario)"}`);
  return [
    line(header),
    ...body.map(line),
    "",
    `${n} replications a variant. Intervals cover simulation noise only, not input uncertainty.`,
    "A target passes when the model's 95% interval overlaps its tolerance band.",
    ...(notes.length > 0 ? ["Not met:", ...notes] : []),
  ].join("\n");
}

export function calibrationCsv(rows: readonly CalibrationRow[]): string {
  return toCsv(
    rows.map((r) => ({
      id: r.id,
      target: r.target,
      source: r.source,
      definition: r.definition,
      published: r.published,
      metric: r.metric,
      variant: r.variant,
      relative_to: r.relativeTo ?? "",
      tolerance_low: r.low ?? "",
      tolerance_high: r.high ?? "",
      use: r.use,
      replications: r.replications,
      mean: r.mean,
      ci_low: r.ci?.low ?? "",
      ci_high: r.ci?.high ?? "",
      pass: r.pass ? "pass" : "fail",
      not_met_reason: r.notMet ?? "",
    })),
  );
}

export interface CalibrationOptions {
  /** Replications a variant (default: the scenario's `calibration.replications`). */
  replications?: number;
  seed?: number;
  /** Overrides applied to every variant, e.g. a shorter `run.horizon` for a quick check. */
  overrides?: Record<string, unknown>;
  /** Told after each replication (progress). */
  onReplication?: (variant: string, replication: number) => void;
}

export interface CalibrationResult {
  scenario: string;
  seed: number;
  replications: number;
  note: string;
  rows: CalibrationRow[];
}

/**
 * Runs every variant the targets need, replication by replication in this thread, and builds
 * the table. Replication r of every variant uses the same seed and index (common random numbers).
 */
export function runCalibration(parsed: ParsedFile, options: CalibrationOptions = {}): CalibrationResult {
  const base = validateParsed(parsed, undefined, options.overrides);
  checkCalibration(base.scenario, base.variantNames);
  const calibration = base.scenario.calibration!;
  const replications = options.replications ?? calibration.replications;
  const seed = options.seed ?? base.scenario.seed;
  const scenarios = new Map<string, Scenario>();
  const summaries = new Map<string, RunSummary[]>();
  for (const variant of calibrationVariants(calibration.targets)) {
    const loaded = validateParsed(parsed, variant === "baseline" ? undefined : variant, options.overrides);
    scenarios.set(variant, loaded.scenario);
    const runs: RunSummary[] = [];
    for (let r = 0; r < replications; r++) {
      runs.push(simulateScenario(loaded.scenario, { seed, replication: r, variant }).summary);
      options.onReplication?.(variant, r);
    }
    summaries.set(variant, runs);
  }
  return {
    scenario: base.scenario.name,
    seed,
    replications,
    note: "Intervals are 95% Student t intervals across replications: simulation noise only, not input uncertainty. A target passes when the interval overlaps its tolerance band.",
    rows: calibrationRows(calibration.targets, (v) => scenarios.get(v)!, summaries),
  };
}
