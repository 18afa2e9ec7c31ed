/** A batch's result files: JSON for programs, long-format CSV for spreadsheets. */
import { toCsv } from "../output/csv.js";
import type { BatchComparison, BatchSummary, SweepRow } from "./aggregate.js";
import { type BatchFan, fanJson } from "./fan.js";

export const SUMMARY_JSON = "summary.json";
export const SUMMARY_CSV = "summary.csv";
export const COMPARISON_JSON = "comparison.json";
export const COMPARISON_CSV = "comparison.csv";
export const SWEEP_CSV = "sweep.csv";
export const FAN_JSON = "fan.json";
export const RUN_INFO = "run-info.json";
/** The report's entry point; its charts/ folder is tidied by the report writer itself. */
export const REPORT_HTML = "index.html";
export const RESULT_FILES = [
  SUMMARY_JSON,
  SUMMARY_CSV,
  COMPARISON_JSON,
  COMPARISON_CSV,
  SWEEP_CSV,
  FAN_JSON,
  RUN_INFO,
  REPORT_HTML,
];

/** Wall-clock facts about one session: kept apart so summary.json stays reproducible. */
export interface RunInfo {
  command: "batch" | "merge";
  startedAt: string;
  finishedAt: string;
  wallSeconds: number;
  workers: number;
  mode: string;
  /** Replications run in this session, and found already done. */
  ran: number;
  reused: number;
  replicationsPerSecond: number | null;
  host: string;
  node: string;
  careflow: string;
  shard: { index: number; count: number } | null;
  inputs?: string[];
}

export function summaryCsv(summary: BatchSummary): string {
  const rows = summary.variants.flatMap((v) =>
    Object.entries(v.metrics).map(([metric, s]) => ({
      variant: v.name,
      metric,
      n: s.n,
      mean: s.mean,
      sd: s.sd,
      ci_low: s.ciLow,
      ci_high: s.ciHigh,
      half_width: s.halfWidth,
      p5: s.p5,
      p50: s.p50,
      p95: s.p95,
      min: s.min,
      max: s.max,
    })),
  );
  return toCsv(rows, [
    "variant",
    "metric",
    "n",
    "mean",
    "sd",
    "ci_low",
    "ci_high",
    "half_width",
    "p5",
    "p50",
    "p95",
    "min",
    "max",
  ]);
}

export function comparisonCsv(comparison: BatchComparison): string {
  const rows = comparison.comparisons.flatMap((c) =>
    Object.entries(c.metrics).map(([metric, m]) => ({
      variant: c.variant,
      baseline: c.baseline,
      metric,
      pairs: m.pairs,
      baseline_mean: m.baselineMean,
      variant_mean: m.variantMean,
      difference: m.meanDifference,
      relative_difference: m.relativeDifference,
      paired_low: m.paired?.low,
      paired_high: m.paired?.high,
      paired_half_width: m.paired?.halfWidth,
      welch_low: m.welch?.low,
      welch_high: m.welch?.high,
      welch_half_width: m.welch?.halfWidth,
      welch_df: m.welch?.df,
    })),
  );
  return toCsv(rows, [
    "variant",
    "baseline",
    "metric",
    "pairs",
    "baseline_mean",
    "variant_mean",
    "difference",
    "relative_difference",
    "paired_low",
    "paired_high",
    "paired_half_width",
    "welch_low",
    "welch_high",
    "welch_half_width",
    "welch_df",
  ]);
}

/** Summary, comparison, sweep and fan files as (name, content), in the order they are written. */
export function batchResultFiles(
  summary: BatchSummary,
  comparison: BatchComparison | undefined,
  sweep: SweepRow[] | undefined,
  fan?: BatchFan,
): [string, string][] {
  const files: [string, string][] = [
    [SUMMARY_JSON, `${JSON.stringify(summary, null, 2)}\n`],
    [SUMMARY_CSV, summaryCsv(summary)],
  ];
  if (comparison !== undefined) {
    files.push([COMPARISON_JSON, `${JSON.stringify(comparison, null, 2)}\n`]);
    files.push([COMPARISON_CSV, comparisonCsv(comparison)]);
  }
  if (sweep !== undefined && sweep.length > 0) files.push([SWEEP_CSV, toCsv(sweep)]);
  if (fan !== undefined) files.push([FAN_JSON, fanJson(fan)]);
  return files;
}
