/**
 * Monte Carlo batches, platform-free: planning, replications through an Executor, summaries with
 * confidence intervals, variant comparison with common random numbers, precision-driven
 * replication counts, parameter sweeps, shard merging and warm-up analysis. Everything returned is
 * plain JSON. Folders, files and worker threads are src/node/'s (see src/node/batch-index.ts).
 */

export {
  CONFIDENCE,
  pairedDifference,
  quantileSorted,
  summariseSample,
  tInterval,
  welchDifference,
} from "../stats/intervals.js";
export { regularizedIncompleteBeta, studentTCdf, studentTQuantile } from "../stats/student-t.js";
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
export {
  type Executor,
  mainThreadExecutor,
  resolveWorkers,
  runWindowed,
  type WorkerRequest,
} from "./executor.js";
export { type BatchFan, FAN_QUANTILES, type FanVariant, fanTable } from "./fan.js";
export { BatchInputError } from "./input-error.js";
export { asManifest, type BatchManifest, type PrecisionRule, recordLayout } from "./manifest.js";
export { type MergedRecords, mergeShards, type ShardHeader, type ShardInput, ShardMerger } from "./merge.js";
export {
  DEFAULT_KEY_METRICS,
  DEFAULT_PRECISION_METRICS,
  flattenSummary,
  metricDefinitions,
  metricNames,
  scenarioShape,
} from "./metrics.js";
export {
  checkObserved,
  expectedCoverage,
  type ObservedCheckResult,
  observedLines,
  type SeriesCheck,
} from "./observed.js";
export { type ObservedInput, ObservedReader, type ObservedSeries } from "./observed-input.js";
export { batchResultFiles, type RunInfo } from "./outputs.js";
export {
  parseShard,
  parseSweep,
  planVariants,
  type Shard,
  type SweepAxis,
  type VariantSpec,
} from "./plan.js";
export type { ProgressEvent, ProgressListener } from "./progress.js";
export {
  type CompactRecord,
  compactLine,
  type DailyFigures,
  parseRecords,
  RECORDS_FILE,
  type RecordLayout,
  RecordScanner,
  type ReplicationRecord,
  recordLine,
} from "./records.js";
export { runReplication, type ScenarioSource } from "./replication.js";
export { batchReport, comparisonSentence } from "./report-text.js";
export {
  type BatchPlanOptions,
  type BatchSession,
  type FinishedBatch,
  finishBatch,
  planBatch,
  runReplications,
  startSession,
} from "./run.js";
export { RecordTable, tableFor } from "./table.js";
export {
  computeWarmup,
  mser,
  type WarmupOptions,
  type WarmupResult,
  welchMovingAverage,
} from "./warmup.js";
