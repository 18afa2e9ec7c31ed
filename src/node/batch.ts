/**
 * runBatch under Node: a batch in a folder. Replications are appended to replications.jsonl as
 * they finish (records-file.ts), so a crash or Ctrl-C loses nothing finished and `--resume`
 * completes the batch; batch.json (the manifest) says which batch the folder holds, so a resume
 * never mixes two. The batch's logic itself is src/batch/run.ts.
 */

import { existsSync, mkdirSync, statSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import type { BatchComparison, BatchSummary, SweepRow } from "../batch/aggregate.js";
import type { BatchFan } from "../batch/fan.js";
import { BatchInputError } from "../batch/input-error.js";
import { type BatchManifest, MANIFEST_FILE, manifestDifferences, recordLayout } from "../batch/manifest.js";
import { RESULT_FILES, RUN_INFO, type RunInfo, SUMMARY_JSON } from "../batch/outputs.js";
import { inShard } from "../batch/plan.js";
import { RECORDS_FILE, type RecordsScanned } from "../batch/records.js";
import type { ScenarioSource } from "../batch/replication.js";
import {
  type BatchPlanOptions,
  finishBatch,
  planBatch,
  runReplications,
  startSession,
} from "../batch/run.js";
import { type RecordTable, tableFor } from "../batch/table.js";
import { BATCH_CHARTS } from "../report/batch-charts.js";
import { parseScenarioText } from "../scenario/parse.js";
import { type BatchReportOptions, type BatchReportOutcome, writeBatchFolderReport } from "./batch-report.js";
import { readCensusFiles } from "./census-file.js";
import { createExecutor, resolveWorkers } from "./executor.js";
import { removeFiles, writeFiles, writeJson } from "./files.js";
import { readManifest, sha256, writeManifest } from "./manifest-file.js";
import { RecordWriter, scanRecordsFile } from "./records-file.js";
import { checkOutputFolder } from "./safe-path.js";
import { readScenarioText } from "./scenario-file.js";

export interface BatchOptions extends BatchPlanOptions {
  /** Scenario file (.yaml or .json). */
  scenario: string;
  outDir: string;
  /** Write the HTML report (index.html and charts/) before summary.json; default: no report. */
  report?: boolean;
  /** The scenario path as the user gave it, shown in the report. */
  scenarioFile?: string;
}

export interface BatchResult {
  outDir: string;
  manifest: BatchManifest;
  /** Absent for a shard: shards are combined with mergeBatches. */
  summary?: BatchSummary;
  comparison?: BatchComparison;
  sweep?: SweepRow[];
  fan?: BatchFan;
  runInfo: RunInfo;
  files: string[];
  /** The report's files, or why there is none; absent when no report was asked for. */
  report?: BatchReportOutcome;
}

/** The scenario file's text, read once: workers never read a file edited mid-run. */
export function scenarioSource(file: string): ScenarioSource {
  const text = readScenarioText(file);
  const parsed = parseScenarioText(text, file); // syntax checks, with the loader's own messages
  const census = readCensusFiles(file, parsed.raw);
  if (census === undefined) return { file, text, sha256: sha256(text) };
  return { file, text, census, sha256: sha256(`${text}\u0000${JSON.stringify(census)}`) };
}

/** Reads and validates everything before any replication runs, and builds the manifest. */
export function prepareBatch(options: BatchOptions): { manifest: BatchManifest; source: ScenarioSource } {
  const source = scenarioSource(options.scenario);
  return { manifest: planBatch(options, source, resolve(options.scenario)), source };
}

function describeFolder(dir: string): string {
  return JSON.stringify(dir);
}

interface ExistingRecords {
  table: RecordTable;
  /** Bytes of the file to keep (a torn last line is cut off before appending). */
  intactBytes: number;
  records: number;
}

/** Checks the folder against the manifest; returns the records already there (on resume). */
function openFolder(options: BatchOptions, manifest: BatchManifest): ExistingRecords {
  const dir = options.outDir;
  const recordsPath = join(dir, RECORDS_FILE);
  const existing = readManifest(dir);
  const hasRecords = existsSync(recordsPath) && statSync(recordsPath).size > 0;
  const empty = { table: tableFor(manifest), intactBytes: 0, records: 0 };
  if (options.overwrite) return empty;
  if (!options.resume) {
    if (existing !== undefined || hasRecords) {
      throw new BatchInputError(
        `${describeFolder(dir)} already holds a batch; add --resume to complete it, or --overwrite to start again`,
      );
    }
    return empty;
  }
  if (existing === undefined) {
    if (hasRecords) {
      throw new BatchInputError(
        `${describeFolder(dir)} has replications but no ${MANIFEST_FILE}; cannot resume`,
      );
    }
    return empty;
  }
  const differences = manifestDifferences(existing, manifest);
  const shardOf = (m: BatchManifest) => JSON.stringify(m.shard);
  if (shardOf(existing) !== shardOf(manifest)) differences.push("shard");
  if (differences.length > 0) {
    throw new BatchInputError(
      `${describeFolder(dir)} holds a different batch (it differs in ${differences.join(", ")}); ` +
        "resume it with the options it was started with, or choose another --out",
    );
  }
  return readExisting(recordsPath, manifest);
}

/** Streams the records already in the folder into a table, refusing any not of this batch. */
function readExisting(recordsPath: string, manifest: BatchManifest): ExistingRecords {
  const table = tableFor(manifest);
  const scanned: RecordsScanned = scanRecordsFile(recordsPath, recordLayout(manifest), (r) => {
    if (!inShard(r.replication, manifest.shard) || r.seed !== manifest.seed) {
      throw new BatchInputError(
        `${recordsPath} holds replication ${r.replication} of "${r.variant}", which is not part of this batch`,
      );
    }
    return table.add(r);
  });
  return { table, intactBytes: scanned.intactBytes, records: scanned.records };
}

export async function runBatch(options: BatchOptions): Promise<BatchResult> {
  const { manifest, source } = prepareBatch(options);
  const dir = options.outDir;
  checkOutputFolder(dir);
  const existing = openFolder(options, manifest);
  mkdirSync(dir, { recursive: true });
  // Results of an earlier batch must not sit beside the replications of this one.
  clearBatchResults(dir);
  // Overwriting: the earlier batch's replications go before the new manifest could vouch for them.
  if (options.overwrite) removeFiles(dir, [RECORDS_FILE]);
  writeManifest(dir, manifest);

  const startedAt = new Date();
  const started = performance.now();
  const reused = existing.records;
  const maxNeeded = manifest.replications ?? manifest.precision?.max ?? 1;
  const workers = resolveWorkers(options.workers ?? "auto", maxNeeded * manifest.variants.length);
  const writer = new RecordWriter(join(dir, RECORDS_FILE), existing.intactBytes, recordLayout(manifest));
  const session = startSession(
    existing.table,
    workers,
    (record) => writer.append(record),
    createExecutor,
    options.onProgress,
  );
  let outcome: Awaited<ReturnType<typeof runReplications>>;
  try {
    outcome = await runReplications(session, manifest, source);
  } finally {
    writer.close();
    await session.executor?.close();
  }

  const wallSeconds = (performance.now() - started) / 1000;
  const runInfo: RunInfo = {
    command: "batch",
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    wallSeconds,
    workers: session.executor?.threads ?? 0,
    mode: session.executor?.mode ?? "nothing to run",
    ran: session.ran,
    reused,
    replicationsPerSecond: session.ran > 0 ? session.ran / wallSeconds : null,
    host: hostname(),
    node: process.version,
    careflow: manifest.careflow,
    shard: manifest.shard ? { index: manifest.shard.index, count: manifest.shard.count } : null,
  };
  const files = [join(dir, MANIFEST_FILE), join(dir, RECORDS_FILE)];
  if (manifest.shard !== null) {
    files.push(writeRunInfo(dir, runInfo));
    return { outDir: dir, manifest, runInfo, files };
  }
  const result = finishBatch(manifest, session.table, outcome.n, outcome.precision);
  const finished = await writeBatchResults(
    dir,
    result.files,
    runInfo,
    options.report ? { scenarioFile: options.scenarioFile ?? options.scenario } : undefined,
  );
  files.push(...finished.files);
  return {
    outDir: dir,
    manifest,
    runInfo,
    ...result,
    files,
    ...(finished.report ? { report: finished.report } : {}),
  };
}

/**
 * Removes an earlier batch's results (summary.json first, so a batch stopped part-way never
 * leaves one beside new files) and its report; batch.json and replications.jsonl stay for
 * --resume.
 */
export function clearBatchResults(dir: string): void {
  removeFiles(dir, RESULT_FILES);
  removeFiles(
    dir,
    BATCH_CHARTS.flatMap(({ name }) => [`charts/${name}.vl.json`, `charts/${name}.svg`]),
  );
}

/**
 * Writes a finished batch's results: the result files, run-info.json, the report (when asked
 * for), and summary.json truly last — its presence says the folder is complete. Returns the
 * paths written, in that order, and the report's outcome.
 */
export async function writeBatchResults(
  dir: string,
  results: readonly (readonly [string, string])[],
  runInfo: RunInfo,
  report: BatchReportOptions | undefined,
): Promise<{ files: string[]; report?: BatchReportOutcome }> {
  const summary = results.filter(([name]) => name === SUMMARY_JSON);
  const files = writeFiles(
    dir,
    results.filter(([name]) => name !== SUMMARY_JSON),
  ).map((name) => join(dir, name));
  files.push(writeRunInfo(dir, runInfo));
  let outcome: BatchReportOutcome | undefined;
  if (report !== undefined) {
    try {
      outcome = await writeBatchFolderReport(dir, {
        ...report,
        summary: JSON.parse(summary[0]![1]) as BatchSummary,
      });
    } catch (error) {
      // The results stand without their report: finish the folder, then say what failed.
      writeFiles(dir, summary);
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`the batch's results are written to ${dir}, but its HTML report failed: ${message}`);
    }
  }
  if (outcome !== undefined && "written" in outcome) files.push(...outcome.written);
  files.push(...writeFiles(dir, summary).map((name) => join(dir, name)));
  return { files, ...(outcome ? { report: outcome } : {}) };
}

export function writeRunInfo(dir: string, info: RunInfo): string {
  const path = join(dir, RUN_INFO);
  writeJson(path, info);
  return path;
}
