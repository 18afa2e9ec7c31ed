/**
 * Monte Carlo batches for Node library users: the platform-free pipeline (src/batch) together
 * with its Node adapter — batch folders, resume, shard merging, worker threads.
 */
export * from "../batch/index.js";
export { type BatchOptions, type BatchResult, prepareBatch, runBatch, scenarioSource } from "./batch.js";
export {
  type BatchReportOptions,
  type BatchReportOutcome,
  readBatchReportInput,
  writeBatchFolderReport,
} from "./batch-report.js";
export { createExecutor, resolveWorkers, workerScript } from "./executor.js";
export { readManifest, sha256 } from "./manifest-file.js";
export { type MergeOptions, type MergeResult, mergeBatches } from "./merge.js";
export { RecordWriter, readRecords, scanRecordsFile } from "./records-file.js";
export { runWarmup, type WarmupFileOptions } from "./warmup.js";
