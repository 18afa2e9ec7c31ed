/**
 * From replication records to the batch's summary, comparison and sweep table: plain JSON
 * objects (no classes, no NaN) so that reports and other tools can read them as they are.
 *
 * Determinism: records are sorted by (variant, replication) first and every sum runs in that
 * order, so the same replications give byte-identical JSON whatever the worker count, the order
 * they finished in, or how they were split into shards. Nothing time- or machine-dependent
 * belongs here (that goes to run-info.json).

 *
 * The figures are taken from a RecordTable (table.ts), which holds each record at its
 * replication's row: values come out in replication order whatever order they arrived in.
 */

import { comparisonPermission } from "../model/compare-wording.js";
import { type CombinedStability, combineStability } from "../model/stability.js";
import { CONFIDENCE, mean, pairedDifference, summariseSample, welchDifference } from "../stats/intervals.js";
import type { BatchManifest } from "./manifest.js";
import type { SweepAxis, SweepValue, VariantSpec } from "./plan.js";
import { type ReplicationRecord, sortRecords } from "./records.js";
import { RecordTable } from "./table.js";

/** Records as a table, or as objects (small batches, tests): the same figures either way. */
export type RecordSource = RecordTable | readonly ReplicationRecord[];

export function asTable(variants: readonly VariantSpec[], records: RecordSource): RecordTable {
  return records instanceof RecordTable ? records : RecordTable.fromRecords(variants, records);
}

export const SUMMARY_FORMAT = "careflow-batch-summary/1";
export const COMPARISON_FORMAT = "careflow-batch-comparison/1";

export interface MetricStats {
  n: number;
  mean: number | null;
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  halfWidth: number | null;
  /** Half-width as a fraction of |mean| (the precision rule's measure). */
  relativeHalfWidth: number | null;
  p5: number | null;
  p50: number | null;
  p95: number | null;
  min: number | null;
  max: number | null;
}

export interface VariantSummary {
  name: string;
  base: string;
  point: Record<string, SweepValue> | null;
  replications: number;
  /** Replications that stopped early (event limit, overload guard). */
  incomplete: number;
  /** The worst verdict across replications, with how many had each. */
  stability: CombinedStability;
  /** Each distinct warning once, with the number of replications that gave it. */
  warnings: { text: string; replications: number }[];
  metrics: Record<string, MetricStats>;
}

export interface PrecisionOutcome {
  target: number;
  metrics: string[];
  met: boolean;
  replications: number;
  /** Replications per variant at each check. */
  checks: number[];
  /** The farthest-from-target metric at the last check. */
  worst: { variant: string; metric: string; relativeHalfWidth: number | null } | null;
}

export interface BatchSummary {
  format: typeof SUMMARY_FORMAT;
  careflow: string;
  scenario: { name: string; sha256: string };
  seed: number;
  confidence: number;
  /** Replications per variant (0 … replications − 1). */
  replications: number;
  precision: PrecisionOutcome | null;
  sweep: SweepAxis[] | null;
  variants: VariantSummary[];
}

export interface DifferenceInterval {
  low: number;
  high: number;
  halfWidth: number;
  df: number;
}

export interface MetricComparison {
  pairs: number;
  baselineMean: number | null;
  variantMean: number | null;
  meanDifference: number | null;
  relativeDifference: number | null;
  /** Replication i against replication i (common random numbers). */
  paired: DifferenceInterval | null;
  /** As if the samples were independent, for contrast. */
  welch: DifferenceInterval | null;
}

export interface VariantComparison {
  variant: string;
  baseline: string;
  /**
   * Whether the two may be compared in better/worse words: not when either is not stable (its
   * means depend on run length and on who had not finished). `reasons` says why not; `caveats`
   * names a side near the edge.
   */
  wording: { allowed: boolean; reasons: string[]; caveats: string[] };
  metrics: Record<string, MetricComparison>;
}

export interface BatchComparison {
  format: typeof COMPARISON_FORMAT;
  baseline: string;
  confidence: number;
  replications: number;
  comparisons: VariantComparison[];
}

export type SweepRow = Record<string, SweepValue | number | null>;

const finite = (x: number | null | undefined): number | null =>
  x !== null && x !== undefined && Number.isFinite(x) ? x : null;

export function metricStats(values: readonly number[]): MetricStats {
  if (values.length === 0) {
    return {
      n: 0,
      mean: null,
      sd: null,
      ciLow: null,
      ciHigh: null,
      halfWidth: null,
      relativeHalfWidth: null,
      p5: null,
      p50: null,
      p95: null,
      min: null,
      max: null,
    };
  }
  const s = summariseSample(values, CONFIDENCE);
  const hw = s.ci?.halfWidth ?? null;
  return {
    n: s.n,
    mean: finite(s.mean),
    sd: finite(s.sd),
    ciLow: finite(s.ci?.low),
    ciHigh: finite(s.ci?.high),
    halfWidth: finite(hw),
    relativeHalfWidth: relativeHalfWidth(hw, s.mean),
    p5: finite(s.p5),
    p50: finite(s.p50),
    p95: finite(s.p95),
    min: finite(s.min),
    max: finite(s.max),
  };
}

function relativeHalfWidth(hw: number | null, mean: number): number | null {
  if (hw === null || !Number.isFinite(hw)) return null;
  if (hw === 0) return 0;
  return mean === 0 ? null : hw / Math.abs(mean);
}

/** Records of each variant for replications 0 … n − 1, sorted by replication. */
export function groupRecords(
  records: readonly ReplicationRecord[],
  variants: readonly VariantSpec[],
  n: number,
): Map<string, ReplicationRecord[]> {
  const groups = new Map<string, ReplicationRecord[]>(variants.map((v) => [v.name, []]));
  for (const r of sortRecords(
    records,
    variants.map((v) => v.name),
  )) {
    if (r.replication < n) groups.get(r.variant)?.push(r);
  }
  return groups;
}

/** Metric names in the order the lowest replication lists them, then any others as first seen. */
export function metricOrder(records: readonly ReplicationRecord[]): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    for (const name of Object.keys(r.metrics)) {
      if (!seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    }
  }
  return names;
}

export function metricValues(records: readonly ReplicationRecord[], metric: string): number[] {
  const values: number[] = [];
  for (const r of records) {
    const v = r.metrics[metric];
    if (typeof v === "number") values.push(v);
  }
  return values;
}

/** One variant's figures over replications 0 … n − 1. */
export function summariseVariant(table: RecordTable, spec: VariantSpec, n: number): VariantSummary {
  const metrics: Record<string, MetricStats> = {};
  const replications = table.count(spec.name, n);
  if (replications > 0) {
    for (const name of table.metricNames(spec.name) ?? []) {
      metrics[name] = metricStats(table.values(spec.name, name, n));
    }
  }
  return {
    name: spec.name,
    base: spec.base,
    point: spec.point ?? null,
    replications,
    incomplete: table.incomplete(spec.name, n),
    stability: combineStability(table.stabilities(spec.name, n)),
    warnings: table.warnings(spec.name, n),
    metrics,
  };
}

export function summariseBatch(
  manifest: BatchManifest,
  records: RecordSource,
  n: number,
  precision: PrecisionOutcome | null,
): BatchSummary {
  const table = asTable(manifest.variants, records);
  return {
    format: SUMMARY_FORMAT,
    careflow: manifest.careflow,
    scenario: { name: manifest.scenario.name, sha256: manifest.scenario.sha256 },
    seed: manifest.seed,
    confidence: CONFIDENCE,
    replications: n,
    precision,
    sweep: manifest.sweep,
    variants: manifest.variants.map((v) => summariseVariant(table, v, n)),
  };
}

function interval(d: { ci: { low: number; high: number; halfWidth: number } | null; df: number | null }) {
  if (d.ci === null || d.df === null) return null;
  if (![d.ci.low, d.ci.high, d.ci.halfWidth, d.df].every(Number.isFinite)) return null;
  return { low: d.ci.low, high: d.ci.high, halfWidth: d.ci.halfWidth, df: d.df };
}

export function compareMetric(
  table: RecordTable,
  variant: string,
  baseline: string,
  metric: string,
  n: number,
): MetricComparison {
  const { v, b } = table.pairs(variant, baseline, metric, n);
  const paired = pairedDifference(v, b);
  const variantValues = table.values(variant, metric, n);
  const baselineValues = table.values(baseline, metric, n);
  const welch = welchDifference(variantValues, baselineValues);
  const baselineMean = finite(mean(baselineValues));
  const meanDifference = finite(paired.meanDifference);
  return {
    pairs: v.length,
    baselineMean,
    variantMean: finite(mean(variantValues)),
    meanDifference,
    relativeDifference:
      meanDifference !== null && baselineMean !== null && baselineMean !== 0
        ? meanDifference / Math.abs(baselineMean)
        : null,
    paired: interval(paired),
    welch: interval(welch),
  };
}

/** The metrics of both variants, the variant's first (those with records, over 0 … n − 1). */
function comparedMetrics(table: RecordTable, variant: string, baseline: string, n: number): string[] {
  const names = new Set<string>();
  for (const name of [variant, baseline]) {
    if (table.count(name, n) > 0) for (const m of table.metricNames(name) ?? []) names.add(m);
  }
  return [...names];
}

/** Every variant against the first, metric by metric; undefined with fewer than two variants. */
export function compareBatch(
  manifest: BatchManifest,
  records: RecordSource,
  n: number,
): BatchComparison | undefined {
  if (manifest.variants.length < 2) return undefined;
  const table = asTable(manifest.variants, records);
  const [first, ...others] = manifest.variants;
  const baseline = first!.name;
  return {
    format: COMPARISON_FORMAT,
    baseline,
    confidence: CONFIDENCE,
    replications: n,
    comparisons: others.map((spec) => {
      const metrics: Record<string, MetricComparison> = {};
      for (const name of comparedMetrics(table, spec.name, baseline, n)) {
        metrics[name] = compareMetric(table, spec.name, baseline, name, n);
      }
      const permission = comparisonPermission(
        { name: baseline, stability: combineStability(table.stabilities(baseline, n)) },
        { name: spec.name, stability: combineStability(table.stabilities(spec.name, n)) },
      );
      const wording = permission.allowed
        ? { allowed: true, reasons: [], caveats: permission.caveats }
        : { allowed: false, reasons: permission.reasons, caveats: [] };
      return { variant: spec.name, baseline, wording, metrics };
    }),
  };
}

/** One row per sweep point: its values, then mean and CI bounds of each chosen metric. */
export function sweepTable(summary: BatchSummary, metrics: readonly string[]): SweepRow[] {
  const axes = summary.sweep ?? [];
  const bases = new Set(summary.variants.map((v) => v.base));
  return summary.variants.map((v) => {
    const row: SweepRow = {};
    if (bases.size > 1) row.variant = v.base;
    for (const axis of axes) row[axis.path] = v.point?.[axis.path] ?? null;
    row.replications = v.replications;
    for (const m of metrics) {
      const s = v.metrics[m];
      row[`${m}.mean`] = s?.mean ?? null;
      row[`${m}.ci_low`] = s?.ciLow ?? null;
      row[`${m}.ci_high`] = s?.ciHigh ?? null;
    }
    return row;
  });
}
