/**
 * runBatch: Monte Carlo replications of a scenario's variants, in parallel, resumable, written
 * as they finish. See the module comments of records.ts (crash safety), manifest.ts (resume and
 * merge identity), aggregate.ts (determinism) and precision.ts (the stopping rule).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { hostname } from "node:os";
import { join, resolve } from "node:path";
import { writeJson } from "../output/files.js";
import { readScenarioFile } from "../scenario/load.js";
import {
  type BatchComparison,
  type BatchSummary,
  compareBatch,
  type PrecisionOutcome,
  type SweepRow,
  summariseBatch,
  sweepTable,
} from "./aggregate.js";
import { BatchInputError } from "./errors.js";
import {
  createExecutor,
  type Executor,
  resolveWorkers,
  runWindowed,
  type WorkerRequest,
} from "./executor.js";
import { type BatchFan, fanTable } from "./fan.js";
import {
  type BatchManifest,
  careflowVersion,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  manifestDifferences,
  readManifest,
  sha256,
} from "./manifest.js";
import { DEFAULT_KEY_METRICS, DEFAULT_PRECISION_METRICS, metricNames, scenarioShape } from "./metrics.js";
import { RESULT_FILES, type RunInfo, writeResults, writeRunInfo } from "./outputs.js";
import { inShard, planVariants, type Shard, type SweepAxis, type SweepValue } from "./plan.js";
import { replayPrecision } from "./precision.js";
import type { ProgressListener } from "./progress.js";
import { RECORDS_FILE, RecordWriter, type ReplicationRecord, readRecords, recordKey } from "./records.js";
import { loadVariant, type ReplicationTask, type ScenarioSource } from "./replication.js";

export const DEFAULT_REPLICATIONS = 100;
export const DEFAULT_PRECISION_INITIAL = 10;
export const DEFAULT_MAX_REPLICATIONS = 1000;

export interface BatchOptions {
  /** Scenario file (.yaml or .json). */
  scenario: string;
  /** Named variants of the file, in order; the first is the comparison baseline. Default: baseline. */
  variants?: string[];
  /** Replications per variant (default 100); with `precision`, the first round (default 10). */
  replications?: number;
  /** Worker threads: a number or "auto" (one per core; the default). 1 runs in the main thread. */
  workers?: WorkerRequest;
  outDir: string;
  /** Default: the scenario's seed. */
  seed?: number;
  /** Run only replications r with r mod count = index. */
  shard?: Shard;
  /** Complete the batch already in outDir instead of refusing to touch it. */
  resume?: boolean;
  /** Replace a batch already in outDir. */
  overwrite?: boolean;
  /** Keep adding replications until the CI half-widths are within `target` (0.05 = 5 %) of the means. */
  precision?: { target: number; maxReplications?: number };
  /** Key metrics: printed in sentences, and watched by the precision rule. */
  metrics?: string[];
  sweep?: SweepAxis[];
  /** Overrides applied to every variant, e.g. { "run.horizon": "120d" }. */
  overrides?: Record<string, SweepValue>;
  onProgress?: ProgressListener;
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
}

interface Prepared {
  manifest: BatchManifest;
  source: ScenarioSource;
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new BatchInputError(`${what} must be a whole number ≥ 1, got ${value}`);
  }
  return value;
}

function checkOptions(o: BatchOptions): void {
  if (o.replications !== undefined) positiveInteger(o.replications, "the number of replications");
  if (o.workers !== undefined && o.workers !== "auto") positiveInteger(o.workers, "--workers");
  if (o.seed !== undefined && !Number.isSafeInteger(o.seed)) {
    throw new BatchInputError(`--seed must be a whole number, got ${o.seed}`);
  }
  if (o.resume && o.overwrite) throw new BatchInputError("--resume and --overwrite contradict each other");
  const p = o.precision;
  if (p !== undefined) {
    if (!(p.target > 0 && p.target < 1)) {
      throw new BatchInputError(
        `--precision must be a percentage between 0% and 100%, got ${p.target * 100}%`,
      );
    }
    if (o.shard !== undefined) {
      throw new BatchInputError(
        "--precision decides the number of replications as it goes, which shards cannot share; give shards a fixed -n",
      );
    }
    if (p.maxReplications !== undefined) positiveInteger(p.maxReplications, "--max-replications");
    if (o.replications !== undefined && o.replications < 3) {
      throw new BatchInputError("with --precision, -n (the first round) must be at least 3");
    }
  }
}

function similar(name: string, known: readonly string[]): string {
  const leaf = name.split(".").pop()?.toLowerCase() ?? name;
  const hits = known.filter((k) => k.toLowerCase().includes(leaf)).slice(0, 6);
  return hits.length > 0 ? ` (did you mean ${hits.join(", ")}?)` : "";
}

function checkMetrics(
  metrics: readonly string[],
  variants: readonly { name: string; names: string[] }[],
): void {
  for (const v of variants) {
    const unknown = metrics.filter((m) => !v.names.includes(m));
    if (unknown.length > 0) {
      const first = unknown[0]!;
      throw new BatchInputError(
        `--metrics: no metric "${first}" in variant ${v.name}${similar(first, v.names)}; ` +
          `metrics are named like headline.occupiedBedsMean, wards.<ward>.occupancyMean, costs.total`,
      );
    }
  }
}

/** Reads and validates everything before any replication runs, and builds the manifest. */
export function prepareBatch(options: BatchOptions): Prepared {
  checkOptions(options);
  const file = options.scenario;
  readScenarioFile(file); // size and syntax checks, with the loader's own messages
  const text = readFileSync(file, "utf8");
  const source: ScenarioSource = { file, text, sha256: sha256(text) };
  const bases = options.variants ?? ["baseline"];
  const variants = planVariants(bases, options.sweep ?? [], options.overrides ?? {});
  const loaded = variants.map((v) => ({ spec: v, loaded: loadVariant(source, v) }));
  const first = loaded[0]!.loaded.scenario;
  const keyMetrics = options.metrics ?? [...DEFAULT_KEY_METRICS];
  const precisionMetrics = options.metrics ?? [...DEFAULT_PRECISION_METRICS];
  checkMetrics(
    [...new Set([...keyMetrics, ...precisionMetrics])],
    loaded.map((l) => ({ name: l.spec.name, names: metricNames(scenarioShape(l.loaded.scenario)) })),
  );
  const p = options.precision;
  const manifest: BatchManifest = {
    format: MANIFEST_FORMAT,
    careflow: careflowVersion(),
    scenario: { file: resolve(file), sha256: source.sha256, name: first.name },
    seed: options.seed ?? first.seed,
    variants,
    replications: p === undefined ? (options.replications ?? DEFAULT_REPLICATIONS) : null,
    precision:
      p === undefined
        ? null
        : {
            target: p.target,
            metrics: precisionMetrics,
            initial: options.replications ?? DEFAULT_PRECISION_INITIAL,
            max: p.maxReplications ?? DEFAULT_MAX_REPLICATIONS,
          },
    sweep: options.sweep && options.sweep.length > 0 ? options.sweep : null,
    keyMetrics,
    shard: options.shard ? { ...options.shard, scheme: "modulo" } : null,
  };
  return { manifest, source };
}

function describeFolder(dir: string): string {
  return JSON.stringify(dir);
}

/** Checks the folder against the manifest; returns the records already there (on resume). */
function openFolder(options: BatchOptions, manifest: BatchManifest): ReturnType<typeof readRecords> {
  const dir = options.outDir;
  const recordsPath = join(dir, RECORDS_FILE);
  const existing = readManifest(dir);
  const hasRecords = existsSync(recordsPath) && statSync(recordsPath).size > 0;
  const empty = { records: [], intactBytes: 0, tornLine: false, duplicates: 0 };
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
  const read = readRecords(recordsPath);
  const names = new Set(manifest.variants.map((v) => v.name));
  const stray = read.records.find(
    (r) => !names.has(r.variant) || !inShard(r.replication, manifest.shard) || r.seed !== manifest.seed,
  );
  if (stray !== undefined) {
    throw new BatchInputError(
      `${recordsPath} holds replication ${stray.replication} of "${stray.variant}", which is not part of this batch`,
    );
  }
  return read;
}

function tasksFor(
  manifest: BatchManifest,
  source: ScenarioSource,
  upTo: number,
  done: ReadonlySet<string>,
): ReplicationTask[] {
  const tasks: ReplicationTask[] = [];
  // Replication-major, so that an interrupted batch holds whole CRN pairs, not one variant.
  for (let r = 0; r < upTo; r++) {
    if (!inShard(r, manifest.shard)) continue;
    for (const variant of manifest.variants) {
      if (done.has(recordKey(variant.name, r))) continue;
      tasks.push({ kind: "replication", source, variant, seed: manifest.seed, replication: r });
    }
  }
  return tasks;
}

function shardCount(n: number, shard: BatchManifest["shard"]): number {
  if (shard === null) return n;
  return n > shard.index ? Math.floor((n - 1 - shard.index) / shard.count) + 1 : 0;
}

interface Session {
  records: ReplicationRecord[];
  done: Set<string>;
  writer: RecordWriter;
  workers: number;
  /** Started on first need: resuming a finished batch should not spin up threads. */
  executor: Executor | undefined;
  startedRunning: number;
  ran: number;
  onProgress: ProgressListener | undefined;
}

async function runUpTo(session: Session, manifest: BatchManifest, source: ScenarioSource, n: number) {
  const tasks = tasksFor(manifest, source, n, session.done);
  const total = shardCount(n, manifest.shard) * manifest.variants.length;
  if (tasks.length === 0) return;
  session.executor ??= createExecutor(session.workers);
  const executor = session.executor;
  let doneNow = 0;
  const report = (): void =>
    session.onProgress?.({
      done: total - tasks.length + doneNow,
      total,
      ran: session.ran,
      elapsedSeconds: (performance.now() - session.startedRunning) / 1000,
    });
  report();
  await runWindowed(
    tasks,
    session.workers * 2,
    (task) => executor.replication(task),
    (record) => {
      session.writer.append(record);
      session.records.push(record);
      session.done.add(recordKey(record.variant, record.replication));
      session.ran++;
      doneNow++;
      report();
    },
  );
}

export async function runBatch(options: BatchOptions): Promise<BatchResult> {
  const { manifest, source } = prepareBatch(options);
  const dir = options.outDir;
  const existing = openFolder(options, manifest);
  mkdirSync(dir, { recursive: true });
  // Results of an earlier batch must not sit beside the replications of this one.
  removeResults(dir);
  writeManifest(dir, manifest);

  const startedAt = new Date();
  const started = performance.now();
  const reused = existing.records.length;
  const maxNeeded = manifest.replications ?? manifest.precision?.max ?? 1;
  const workers = resolveWorkers(options.workers ?? "auto", maxNeeded * manifest.variants.length);
  const session: Session = {
    records: [...existing.records],
    done: new Set(existing.records.map((r) => recordKey(r.variant, r.replication))),
    writer: new RecordWriter(join(dir, RECORDS_FILE), existing.intactBytes),
    workers,
    executor: undefined,
    startedRunning: performance.now(),
    ran: 0,
    onProgress: options.onProgress,
  };

  let n: number;
  let precision: PrecisionOutcome | null = null;
  try {
    if (manifest.precision === null) {
      n = manifest.replications!;
      await runUpTo(session, manifest, source, n);
    } else {
      for (;;) {
        const state = replayPrecision(session.records, manifest.variants, manifest.precision);
        if (state.kind === "done") {
          precision = state.outcome;
          n = state.outcome.replications;
          break;
        }
        await runUpTo(session, manifest, source, state.replications);
      }
    }
  } finally {
    session.writer.close();
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
  const result = finishBatch(dir, manifest, session.records, n, precision);
  files.push(...result.files, writeRunInfo(dir, runInfo));
  return { outDir: dir, manifest, runInfo, ...result, files };
}

function removeResults(dir: string): void {
  for (const name of RESULT_FILES) rmSync(join(dir, name), { force: true });
}

export function writeManifest(dir: string, manifest: BatchManifest): void {
  writeJson(join(dir, MANIFEST_FILE), manifest);
}

/** Summary, comparison, sweep and fan from a complete set of records; writes them to `dir`. */
export function finishBatch(
  dir: string,
  manifest: BatchManifest,
  records: readonly ReplicationRecord[],
  n: number,
  precision: PrecisionOutcome | null,
): {
  summary: BatchSummary;
  comparison?: BatchComparison;
  sweep?: SweepRow[];
  fan?: BatchFan;
  files: string[];
} {
  const summary = summariseBatch(manifest, records, n, precision);
  const comparison = compareBatch(manifest, records, n);
  const fan = fanTable(manifest, records, n);
  const sweep =
    manifest.sweep === null
      ? undefined
      : sweepTable(summary, [
          ...new Set([
            ...Object.keys(summary.variants[0]?.metrics ?? {}).filter((m) => m.startsWith("headline.")),
            ...manifest.keyMetrics,
          ]),
        ]);
  const files = writeResults(dir, summary, comparison, sweep, fan);
  return {
    summary,
    ...(comparison ? { comparison } : {}),
    ...(sweep ? { sweep } : {}),
    ...(fan ? { fan } : {}),
    files,
  };
}
