/**
 * The HTML report of a finished batch folder, built from the files in it (batch.json,
 * summary.json, comparison.json, fan.json, replications.jsonl, run-info.json) and the scenario
 * file the manifest names, so any finished folder can be reported on, whoever wrote it:
 * `careflow batch`, `--resume` or `careflow merge`.
 *
 * The scenario must be the file the batch ran (same SHA-256): the report's method section lists
 * its inputs, and describing an edited file as the one simulated would be wrong.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BatchComparison, BatchSummary } from "../batch/aggregate.js";
import type { BatchFan } from "../batch/fan.js";
import { BatchInputError } from "../batch/input-error.js";
import { type BatchManifest, MANIFEST_FILE, recordLayout } from "../batch/manifest.js";
import { COMPARISON_JSON, FAN_JSON, RUN_INFO, type RunInfo, SUMMARY_JSON } from "../batch/outputs.js";
import { RECORDS_FILE } from "../batch/records.js";
import type { ScenarioSource } from "../batch/replication.js";
import { tableFor } from "../batch/table.js";
import type { BatchReportInput, ShardRunTimes } from "../report/batch-html.js";
import { batchReportInput } from "../report/batch-input.js";
import { ScenarioError } from "../scenario/problems.js";
import { readManifest, sha256 } from "./manifest-file.js";
import { scanRecordsFile } from "./records-file.js";
import { nodeReportEnvironment } from "./report-environment.js";
import { readScenarioText } from "./scenario-file.js";

export type BatchReportOutcome = { written: string[] } | { skipped: string };

export interface BatchReportOptions {
  /** The scenario path as the user gave it, shown in the report (default: the manifest's). */
  scenarioFile?: string;
  /**
   * The summary, when it is not on disk yet: a finishing batch writes summary.json after its
   * report, so that its presence means the folder is complete.
   */
  summary?: BatchSummary;
}

function readJson<T>(path: string): T | undefined {
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

/** The scenario the batch ran, or why it cannot be had. */
function scenarioSource(manifest: BatchManifest): ScenarioSource | string {
  const file = manifest.scenario.file;
  if (!existsSync(file)) return `the scenario file ${file} is not there`;
  let text: string;
  try {
    text = readScenarioText(file);
  } catch (error) {
    if (error instanceof ScenarioError) return `the scenario file ${file} cannot be read`;
    throw error;
  }
  const source = { file, text, sha256: sha256(text) };
  if (source.sha256 !== manifest.scenario.sha256)
    return `the scenario file ${file} has changed since the batch ran`;
  return source;
}

/** A merged batch's shards: their run-info.json files, summed when every one is found. */
function shardRunTimes(info: RunInfo | undefined): ShardRunTimes | undefined {
  if (info?.command !== "merge" || info.inputs === undefined) return undefined;
  const shards = info.inputs.map((dir) => readJson<RunInfo>(join(dir, RUN_INFO)));
  const found = shards.filter((s) => s !== undefined);
  return {
    count: info.inputs.length,
    wallSeconds: found.length === shards.length ? found.reduce((a, s) => a + s.wallSeconds, 0) : null,
    ran: found.reduce((a, s) => a + s.ran, 0),
  };
}

/** The folder's records, streamed into a table. */
function readTable(manifest: BatchManifest, path: string) {
  const table = tableFor(manifest);
  scanRecordsFile(path, recordLayout(manifest), (r) => table.add(r));
  return table;
}

/** Everything the report needs from a finished batch folder, or why it cannot be reported on. */
export function readBatchReportInput(
  dir: string,
  options: BatchReportOptions = {},
): BatchReportInput | { skipped: string } {
  const manifest = readManifest(dir);
  if (manifest === undefined)
    throw new BatchInputError(`${dir} is not a batch folder (it has no ${MANIFEST_FILE})`);
  const summary = options.summary ?? readJson<BatchSummary>(join(dir, SUMMARY_JSON));
  if (summary === undefined)
    return { skipped: `${dir} has no ${SUMMARY_JSON} (an unfinished batch or a shard)` };
  const source = scenarioSource(manifest);
  if (typeof source === "string") return { skipped: source };
  const runInfo = readJson<RunInfo>(join(dir, RUN_INFO));
  const shards = shardRunTimes(runInfo);
  return batchReportInput({
    manifest,
    summary,
    comparison: readJson<BatchComparison>(join(dir, COMPARISON_JSON)),
    fan: readJson<BatchFan>(join(dir, FAN_JSON)),
    records: readTable(manifest, join(dir, RECORDS_FILE)),
    runInfo,
    ...(shards === undefined ? {} : { shards }),
    source,
    scenarioFile: options.scenarioFile ?? manifest.scenario.file,
    environment: nodeReportEnvironment(),
  });
}

/** Writes index.html and charts/ into a finished batch folder. */
export async function writeBatchFolderReport(
  dir: string,
  options: BatchReportOptions = {},
): Promise<BatchReportOutcome> {
  const input = readBatchReportInput(dir, options);
  if ("skipped" in input) return input;
  // Loaded only when a report is wanted: vega and vega-lite take half a second to import.
  const { writeBatchReport } = await import("./report-files.js");
  return { written: await writeBatchReport(dir, input) };
}
