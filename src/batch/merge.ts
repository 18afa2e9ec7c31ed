/**
 * mergeBatches: combines the folders of a sharded batch (each with its batch.json and
 * replications.jsonl) into one folder holding exactly what a single run would have written:
 * the summary is computed from the same records in the same sorted order, so summary.json is
 * byte-identical to an unsharded run's.
 *
 * Refuses folders of different batches (see manifest.ts for what must agree), duplicated
 * replications (the same shard given twice, overlapping shard schemes) and missing ones (a
 * shard not given or not finished), naming them, rather than summarising a partial batch.
 */
import { hostname } from "node:os";
import { dirname, join, resolve } from "node:path";
import { writeFileAtomic } from "../output/files.js";
import type { BatchComparison, BatchSummary, PrecisionOutcome, SweepRow } from "./aggregate.js";
import { BatchInputError } from "./errors.js";
import type { BatchFan } from "./fan.js";
import { type BatchManifest, MANIFEST_FILE, manifestDifferences, readManifest } from "./manifest.js";
import { type RunInfo, writeRunInfo } from "./outputs.js";
import { replayPrecision } from "./precision.js";
import {
  RECORDS_FILE,
  type ReplicationRecord,
  readRecords,
  recordKey,
  recordLine,
  sortRecords,
} from "./records.js";
import { finishBatch, writeManifest } from "./run.js";

export interface MergeOptions {
  inputs: string[];
  /** Default: a folder "merged" beside the first input. */
  outDir?: string;
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
}

interface Input {
  dir: string;
  manifest: BatchManifest;
  records: ReplicationRecord[];
}

function readInput(dir: string): Input {
  const manifest = readManifest(dir);
  if (manifest === undefined) {
    throw new BatchInputError(`${dir} is not a batch folder (it has no ${MANIFEST_FILE})`);
  }
  return { dir, manifest, records: readRecords(join(dir, RECORDS_FILE)).records };
}

function checkSameBatch(inputs: readonly Input[]): void {
  const first = inputs[0]!;
  for (const other of inputs.slice(1)) {
    const differences = manifestDifferences(first.manifest, other.manifest);
    if (differences.length > 0) {
      throw new BatchInputError(
        `${other.dir} and ${first.dir} hold different batches (they differ in ${differences.join(", ")}); ` +
          "only shards of one batch can be merged",
      );
    }
  }
}

const listSome = (items: readonly string[], max = 8): string =>
  items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")} and ${items.length - max} more`;

/** Shards that the manifests say exist but no input is. */
function missingShards(inputs: readonly Input[]): number[] {
  const count = inputs[0]!.manifest.shard?.count;
  if (count === undefined) return [];
  const given = new Set(inputs.map((i) => i.manifest.shard?.index));
  return Array.from({ length: count }, (_, k) => k).filter((k) => !given.has(k));
}

function combine(inputs: readonly Input[]): ReplicationRecord[] {
  const from = new Map<string, string>();
  const duplicates: string[] = [];
  const records: ReplicationRecord[] = [];
  for (const input of inputs) {
    for (const r of input.records) {
      const key = recordKey(r.variant, r.replication);
      const earlier = from.get(key);
      if (earlier !== undefined) {
        duplicates.push(`${r.variant} #${r.replication} (in ${earlier} and ${input.dir})`);
        continue;
      }
      from.set(key, input.dir);
      records.push(r);
    }
  }
  if (duplicates.length > 0) {
    throw new BatchInputError(
      `${duplicates.length} replications appear twice: ${listSome(duplicates, 4)}; ` +
        "was a folder given twice, or were shards of different splits mixed?",
    );
  }
  return records;
}

function settle(manifest: BatchManifest, records: readonly ReplicationRecord[]) {
  if (manifest.precision === null) return { n: manifest.replications!, precision: null };
  const state = replayPrecision(records, manifest.variants, manifest.precision);
  if (state.kind === "run") {
    throw new BatchInputError(
      `the batch is unfinished: its precision rule still needs ${state.replications} replications a variant; ` +
        "complete it with careflow batch --resume",
    );
  }
  return { n: state.outcome.replications, precision: state.outcome as PrecisionOutcome };
}

function checkCoverage(
  inputs: readonly Input[],
  manifest: BatchManifest,
  records: readonly ReplicationRecord[],
  n: number,
): void {
  const present = new Set(records.map((r) => recordKey(r.variant, r.replication)));
  const names = new Set(manifest.variants.map((v) => v.name));
  const stray = records.find((r) => !names.has(r.variant) || r.replication >= n);
  if (stray !== undefined) {
    throw new BatchInputError(
      `replication ${stray.replication} of "${stray.variant}" is not part of this batch`,
    );
  }
  const missing: string[] = [];
  for (const v of manifest.variants) {
    for (let r = 0; r < n; r++) if (!present.has(recordKey(v.name, r))) missing.push(`${v.name} #${r}`);
  }
  if (missing.length > 0) {
    const shards = missingShards(inputs);
    const hint =
      shards.length > 0
        ? `; shards not given: ${listSome(shards.map(String), 12)} of ${inputs[0]!.manifest.shard?.count}`
        : "; some shard is unfinished (complete it with careflow batch --resume)";
    throw new BatchInputError(`missing ${missing.length} replications: ${listSome(missing)}${hint}`);
  }
}

export function mergeBatches(options: MergeOptions): MergeResult {
  const startedAt = new Date();
  const started = performance.now();
  if (options.inputs.length === 0) throw new BatchInputError("merge needs at least one batch folder");
  const outDir = options.outDir ?? join(dirname(resolve(options.inputs[0]!)), "merged");
  if (options.inputs.some((d) => resolve(d) === resolve(outDir))) {
    throw new BatchInputError(`--out ${outDir} is one of the folders being merged; choose another`);
  }
  const inputs = options.inputs.map(readInput);
  checkSameBatch(inputs);
  const records = combine(inputs);
  const manifest: BatchManifest = { ...inputs[0]!.manifest, shard: null };
  const { n, precision } = settle(manifest, records);
  checkCoverage(inputs, manifest, records, n);

  const previous = readManifest(outDir);
  if (previous !== undefined && manifestDifferences(previous, manifest).length > 0) {
    throw new BatchInputError(`${outDir} already holds a different batch; choose another --out`);
  }
  const sorted = sortRecords(
    records,
    manifest.variants.map((v) => v.name),
  );
  writeManifest(outDir, manifest);
  writeFileAtomic(join(outDir, RECORDS_FILE), sorted.map(recordLine).join(""));
  const result = finishBatch(outDir, manifest, sorted, n, precision);
  const wallSeconds = (performance.now() - started) / 1000;
  const runInfo: RunInfo = {
    command: "merge",
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    wallSeconds,
    workers: 0,
    mode: "merge",
    ran: 0,
    reused: sorted.length,
    replicationsPerSecond: null,
    host: hostname(),
    node: process.version,
    careflow: manifest.careflow,
    shard: null,
    inputs: options.inputs.map((d) => resolve(d)),
  };
  const files = [
    join(outDir, MANIFEST_FILE),
    join(outDir, RECORDS_FILE),
    ...result.files,
    writeRunInfo(outDir, runInfo),
  ];
  return { outDir, manifest, replications: n, runInfo, ...result, files };
}
