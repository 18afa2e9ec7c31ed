/**
 * mergeBatches: combines the folders of a sharded batch (each with its batch.json and
 * replications.jsonl) into one folder holding exactly what a single run would have written.
 * Refuses folders of different batches, duplicated and missing replications (see
 * src/batch/merge.ts), naming them, rather than summarising a partial batch.
 *
 * Streaming: each shard's replications.jsonl is read a chunk at a time into one RecordTable
 * (src/batch/table.ts) and the merged file is written from that table in (variant,
 * replication) order, so memory grows with replications × metrics as doubles, never with the
 * records' text or objects.
 */
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";
import type { BatchComparison, BatchSummary, SweepRow } from "../batch/aggregate.js";
import type { BatchFan } from "../batch/fan.js";
import { BatchInputError } from "../batch/input-error.js";
import { type BatchManifest, MANIFEST_FILE, manifestDifferences, recordLayout } from "../batch/manifest.js";
import { type MergedRecords, type ShardHeader, ShardMerger } from "../batch/merge.js";
import type { RunInfo } from "../batch/outputs.js";
import { compactLine, RECORDS_FILE } from "../batch/records.js";
import { finishBatch } from "../batch/run.js";
import { clearBatchResults, writeBatchResults } from "./batch.js";
import type { BatchReportOutcome } from "./batch-report.js";
import { writeFileAtomicPieces } from "./files.js";
import { readManifest, writeManifest } from "./manifest-file.js";
import { scanRecordsFile } from "./records-file.js";

export interface MergeOptions {
  inputs: string[];
  /** Default: a folder "merged" beside the first input. */
  outDir?: string;
  /** Write the HTML report before summary.json; default: no report. */
  report?: boolean;
}

export interface MergeResult {
  outDir: string;
  manifest: BatchManifest;
  summary: BatchSummary;
  comparison?: BatchComparison;
  sweep?: SweepRow[];
  fan?: BatchFan;
  replications: number;
  runInfo: RunInfo;
  files: string[];
  report?: BatchReportOutcome;
}

function readHeader(dir: string): ShardHeader {
  const manifest = readManifest(dir);
  if (manifest === undefined) {
    throw new BatchInputError(`${dir} is not a batch folder (it has no ${MANIFEST_FILE})`);
  }
  return { dir, manifest };
}

/** Reads the shards one after another, each a chunk at a time, into one table. */
export function mergeShardFolders(dirs: readonly string[]): MergedRecords {
  const merger = new ShardMerger(dirs.map(readHeader));
  const layout = recordLayout(merger.manifest);
  dirs.forEach((dir, source) => {
    const scanned = scanRecordsFile(join(dir, RECORDS_FILE), layout, (r) => merger.add(source, r));
    if (scanned.tornLine) merger.tornLine(source);
  });
  return merger.finish();
}

/** The merged records' lines, in (variant order, replication) order, generated from the table. */
function* mergedLines({ manifest, table, n }: MergedRecords): Generator<string> {
  const { inputKeys } = recordLayout(manifest);
  for (const v of manifest.variants) {
    for (let r = 0; r < n; r++) {
      const record = table.compact(v.name, r, manifest.seed);
      if (record !== undefined) yield compactLine(record, inputKeys);
    }
  }
}

export async function mergeBatches(options: MergeOptions): Promise<MergeResult> {
  const startedAt = new Date();
  const started = performance.now();
  if (options.inputs.length === 0) throw new BatchInputError("merge needs at least one batch folder");
  const outDir = options.outDir ?? join(dirname(resolve(options.inputs[0]!)), "merged");
  if (options.inputs.some((d) => resolve(d) === resolve(outDir))) {
    throw new BatchInputError(`--out ${outDir} is one of the folders being merged; choose another`);
  }
  const merged = mergeShardFolders(options.inputs);
  const { manifest, table, n, precision } = merged;
  const previous = readManifest(outDir);
  if (previous !== undefined && manifestDifferences(previous, manifest).length > 0) {
    throw new BatchInputError(`${outDir} already holds a different batch; choose another --out`);
  }
  clearBatchResults(outDir);
  writeManifest(outDir, manifest);
  writeFileAtomicPieces(join(outDir, RECORDS_FILE), mergedLines(merged));
  const result = finishBatch(manifest, table, n, precision);
  const wallSeconds = (performance.now() - started) / 1000;
  const runInfo: RunInfo = {
    command: "merge",
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    wallSeconds,
    workers: 0,
    mode: "merge",
    ran: 0,
    reused: n * manifest.variants.length,
    replicationsPerSecond: null,
    host: hostname(),
    node: process.version,
    careflow: manifest.careflow,
    shard: null,
    inputs: options.inputs.map((d) => resolve(d)),
  };
  const finished = await writeBatchResults(outDir, result.files, runInfo, options.report ? {} : undefined);
  const files = [join(outDir, MANIFEST_FILE), join(outDir, RECORDS_FILE), ...finished.files];
  return {
    outDir,
    manifest,
    replications: n,
    runInfo,
    ...result,
    files,
    ...(finished.report ? { report: finished.report } : {}),
  };
}
