/**
 * A batch's logic, platform-free: plan the manifest, run the replications still missing through
 * an Executor (precision rounds included), and summarise a complete set of records. Where the
 * records are kept and how the executor runs is the adapter's business (src/node/batch.ts writes
 * them to a folder; a browser keeps them in memory). See the module comments of records.ts
 * (crash safety), manifest.ts (resume and merge identity), aggregate.ts (determinism) and
 * precision.ts (the stopping rule).
 */

import { ScenarioError } from "../scenario/problems.js";
import { formatInputValue, hasSpread, inputQuantile, type UncertainInput } from "../scenario/uncertain.js";
import { CAREFLOW_VERSION } from "../version.js";
import {
  type BatchComparison,
  type BatchSummary,
  compareBatch,
  type PrecisionOutcome,
  type RecordSource,
  type SweepRow,
  summariseBatch,
  sweepTable,
} from "./aggregate.js";
import { type Executor, runWindowed, type WorkerRequest } from "./executor.js";
import { type BatchFan, fanTable } from "./fan.js";
import { BatchInputError } from "./input-error.js";
import { type BatchManifest, MANIFEST_FORMAT, metricNameSets, recordLayout } from "./manifest.js";
import {
  DEFAULT_KEY_METRICS,
  DEFAULT_PRECISION_METRICS,
  ED_KEY_METRICS,
  metricNames,
  scenarioShape,
} from "./metrics.js";
import { batchResultFiles } from "./outputs.js";
import {
  inShard,
  planVariants,
  type Shard,
  type SweepAxis,
  type SweepValue,
  type VariantSpec,
} from "./plan.js";
import { replayPrecision } from "./precision.js";
import type { ProgressListener } from "./progress.js";
import { compactRecord, type ReplicationRecord } from "./records.js";
import { loadVariant, type ReplicationTask, type ScenarioSource } from "./replication.js";
import type { RecordTable } from "./table.js";
import { addInputUncertainty, centralManifest, describeInputs, withDrawnTwins } from "./uncertainty.js";

export const DEFAULT_REPLICATIONS = 100;
export const DEFAULT_PRECISION_INITIAL = 10;
export const DEFAULT_MAX_REPLICATIONS = 1000;

export interface BatchPlanOptions {
  /**
   * With uncertain inputs, also run each variant's drawn twin for the interval over inputs and
   * noise (default true); false runs the central values only, at half the cost.
   */
  drawInputs?: boolean;
  /** Named variants of the file, in order; the first is the comparison baseline. Default: baseline. */
  variants?: string[];
  /** Replications per variant (default 100); with `precision`, the first round (default 10). */
  replications?: number;
  /** Worker threads: a number or "auto" (one per core; the default). 1 runs in the main thread. */
  workers?: WorkerRequest;
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
  /** Keep each replication's per-day occupancy series (≈ 3 kB a simulated year), for the fan chart. */
  series?: boolean;
  onProgress?: ProgressListener;
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new BatchInputError(`${what} must be a whole number ≥ 1, got ${value}`);
  }
  return value;
}

function checkOptions(o: BatchPlanOptions): void {
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

/**
 * Validates every variant before any replication runs, and builds the manifest. `scenarioPath`
 * is the file as the manifest records it (absolute, under Node).
 */
export function planBatch(
  options: BatchPlanOptions,
  source: ScenarioSource,
  scenarioPath: string,
): BatchManifest {
  checkOptions(options);
  const bases = options.variants ?? ["baseline"];
  const variants = planVariants(bases, options.sweep ?? [], options.overrides ?? {});
  const loaded = variants.map((v) => ({ spec: v, loaded: loadVariant(source, v) }));
  const first = loaded[0]!.loaded.scenario;
  const everyHasEd = loaded.every((l) => l.loaded.scenario.ed !== undefined);
  const keyMetrics = options.metrics ?? [...DEFAULT_KEY_METRICS, ...(everyHasEd ? ED_KEY_METRICS : [])];
  const precisionMetrics = options.metrics ?? [...DEFAULT_PRECISION_METRICS];
  const names = loaded.map((l) => ({
    name: l.spec.name,
    names: metricNames(scenarioShape(l.loaded.scenario)),
  }));
  checkMetrics([...new Set([...keyMetrics, ...precisionMetrics])], names);
  const p = options.precision;
  // Inputs are the file's, not the variant's: every variant draws the same ones.
  const uncertainInputs = describeInputs(loaded[0]!.loaded.inputs);
  for (const v of variants) checkInputExtremes(source, v, loaded[0]!.loaded.inputs);
  const drawing = uncertainInputs.length > 0 && options.drawInputs !== false;
  const planned = withDrawnTwins(variants, drawing);
  // A drawn twin's records have its variant's metrics: the same scenario, other input values.
  const twinOf = (v: VariantSpec): number =>
    variants.findIndex(
      (o) =>
        o.base === v.base &&
        JSON.stringify(o.overrides) === JSON.stringify(v.overrides) &&
        JSON.stringify(o.point ?? null) === JSON.stringify(v.point ?? null),
    );
  const manifest: BatchManifest = {
    format: MANIFEST_FORMAT,
    careflow: CAREFLOW_VERSION,
    scenario: { file: scenarioPath, sha256: source.sha256, name: first.name },
    seed: options.seed ?? first.seed,
    variants: planned,
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
    series: options.series ?? false,
    metricNames: metricNameSets(planned.map((v) => names[twinOf(v)]!.names)),
    ...(drawing ? { uncertainInputs } : {}),
  };
  return manifest;
}

/**
 * Validates each variant with every uncertain input at the far ends of its range (0.1st and
 * 99.9th percentiles), so a range the scenario cannot take fails now, with its path, and not in
 * replication 80 of 100.
 */
function checkInputExtremes(source: ScenarioSource, variant: VariantSpec, inputs: readonly UncertainInput[]) {
  for (const input of inputs.filter(hasSpread)) {
    for (const p of [0.001, 0.999]) {
      const raw = inputQuantile(input.distribution, p);
      const value = input.round ? Math.round(raw) : raw;
      try {
        loadVariant(source, variant, { [input.key]: value });
      } catch (error) {
        if (!(error instanceof ScenarioError)) throw error;
        const when = `when ${input.key} is drawn at its ${p < 0.5 ? "0.1st" : "99.9th"} percentile, ${formatInputValue(input, value)}`;
        const hint = input.round ? "" : "; add round: true if it must be a whole number";
        throw new ScenarioError(
          error.file,
          error.problems.map((problem) => ({ ...problem, message: `${problem.message} (${when}${hint})` })),
        );
      }
    }
  }
}

function tasksFor(
  manifest: BatchManifest,
  source: ScenarioSource,
  upTo: number,
  done: RecordTable,
): ReplicationTask[] {
  const tasks: ReplicationTask[] = [];
  // Replication-major, so that an interrupted batch holds whole CRN pairs, not one variant.
  for (let r = 0; r < upTo; r++) {
    if (!inShard(r, manifest.shard)) continue;
    for (const variant of manifest.variants) {
      if (done.has(variant.name, r)) continue;
      tasks.push({
        kind: "replication",
        source,
        variant,
        seed: manifest.seed,
        replication: r,
        series: manifest.series,
      });
    }
  }
  return tasks;
}

function shardCount(n: number, shard: BatchManifest["shard"]): number {
  if (shard === null) return n;
  return n > shard.index ? Math.floor((n - 1 - shard.index) / shard.count) + 1 : 0;
}

/**
 * The records of a batch as they accumulate (in a table: memory does not grow with objects per
 * replication), and where each new one goes.
 */
export interface BatchSession {
  table: RecordTable;
  /** Keeps a finished record (appends it to a file, say) before the session counts it. */
  keep: (record: ReplicationRecord) => void;
  workers: number;
  /** Started on first need: resuming a finished batch should not spin up threads. */
  createExecutor: (workers: number) => Executor;
  executor: Executor | undefined;
  startedRunning: number;
  ran: number;
  onProgress: ProgressListener | undefined;
}

export function startSession(
  existing: RecordTable,
  workers: number,
  keep: (record: ReplicationRecord) => void,
  createExecutor: (workers: number) => Executor,
  onProgress?: ProgressListener,
): BatchSession {
  return {
    table: existing,
    keep,
    workers,
    createExecutor,
    executor: undefined,
    startedRunning: performance.now(),
    ran: 0,
    onProgress,
  };
}

async function runUpTo(session: BatchSession, manifest: BatchManifest, source: ScenarioSource, n: number) {
  const tasks = tasksFor(manifest, source, n, session.table);
  const layout = recordLayout(manifest);
  const total = shardCount(n, manifest.shard) * manifest.variants.length;
  if (tasks.length === 0) return;
  session.executor ??= session.createExecutor(session.workers);
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
      session.keep(record);
      session.table.add(compactRecord(record, layout.get(record.variant) ?? []));
      session.ran++;
      doneNow++;
      report();
    },
  );
}

/**
 * Runs every replication the manifest asks for that the session lacks; with a precision rule,
 * round after round until it is met. Returns the replications a variant and the rule's outcome.
 */
export async function runReplications(
  session: BatchSession,
  manifest: BatchManifest,
  source: ScenarioSource,
): Promise<{ n: number; precision: PrecisionOutcome | null }> {
  if (manifest.precision === null) {
    const n = manifest.replications!;
    await runUpTo(session, manifest, source, n);
    return { n, precision: null };
  }
  for (;;) {
    const state = replayPrecision(session.table, manifest.variants, manifest.precision);
    if (state.kind === "done") return { n: state.outcome.replications, precision: state.outcome };
    await runUpTo(session, manifest, source, state.replications);
  }
}

export interface FinishedBatch {
  summary: BatchSummary;
  comparison?: BatchComparison;
  sweep?: SweepRow[];
  fan?: BatchFan;
  /** The result files, (name, content), in the order to write them. */
  files: [string, string][];
}

/** Summary, comparison, sweep and fan from a complete set of records, and their files. */
export function finishBatch(
  manifest: BatchManifest,
  records: RecordSource,
  n: number,
  precision: PrecisionOutcome | null,
): FinishedBatch {
  const central = centralManifest(manifest);
  const summary = summariseBatch(central, records, n, precision);
  const comparison = compareBatch(central, records, n);
  addInputUncertainty(manifest, records, n, summary, comparison);
  const fan = fanTable(central, records, n);
  const sweep =
    manifest.sweep === null
      ? undefined
      : sweepTable(summary, [
          ...new Set([
            ...Object.keys(summary.variants[0]?.metrics ?? {}).filter((m) => m.startsWith("headline.")),
            ...manifest.keyMetrics,
          ]),
        ]);
  const files = batchResultFiles(summary, comparison, sweep, fan);
  return {
    summary,
    ...(comparison ? { comparison } : {}),
    ...(sweep ? { sweep } : {}),
    ...(fan ? { fan } : {}),
    files,
  };
}
