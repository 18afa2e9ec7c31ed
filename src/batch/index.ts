/**
 * Monte Carlo batches: replications in parallel, summaries with confidence intervals, variant
 * comparison with common random numbers, precision-driven replication counts, parameter sweeps,
 * sharding across machines with a merge, and warm-up analysis. Everything returned is plain JSON.
 */
export type {
  BatchComparison,
  BatchSummary,
  DifferenceInterval,
  MetricComparison,
  MetricStats,
  PrecisionOutcome,
  SweepRow,
  VariantComparison,
  VariantSummary,
} from "./aggregate.js";
export { compareBatch, summariseBatch, sweepTable } from "./aggregate.js";
export { BatchInputError } from "./errors.js";
export { createExecutor, resolveWorkers, type WorkerRequest, workerScript } from "./executor.js";
export { type BatchFan, FAN_QUANTILES, type FanVariant, fanTable } from "./fan.js";
export { type BatchManifest, type PrecisionRule, readManifest } from "./manifest.js";
export { type MergeOptions, type MergeResult, mergeBatches } from "./merge.js";
export {
  DEFAULT_KEY_METRICS,
  DEFAULT_PRECISION_METRICS,
  flattenSummary,
  metricDefinitions,
  metricNames,
  scenarioShape,
} from "./metrics.js";
export type { RunInfo } from "./outputs.js";
export {
  parseShard,
  parseSweep,
  planVariants,
  type Shard,
  type SweepAxis,
  type VariantSpec,
} from "./plan.js";
export type { ProgressEvent, ProgressListener } from "./progress.js";
export { type DailyFigures, RECORDS_FILE, type ReplicationRecord, readRecords } from "./records.js";
export {
  type BatchReportOptions,
  type BatchReportOutcome,
  readBatchReportInput,
  writeBatchFolderReport,
} from "./report.js";
export { batchReport, comparisonSentence } from "./report-text.js";
export { type BatchOptions, type BatchResult, prepareBatch, runBatch } from "./run.js";
export {
  CONFIDENCE,
  pairedDifference,
  quantileSorted,
  summariseSample,
  tInterval,
  welchDifference,
} from "./stats.js";
export { regularizedIncompleteBeta, studentTCdf, studentTQuantile } from "./student-t.js";
export { mser, runWarmup, type WarmupOptions, type WarmupResult, welchMovingAverage } from "./warmup.js";
