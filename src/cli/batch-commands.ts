/** The batch, merge and warmup commands: option parsing and what the terminal shows. */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, join } from "node:path";
import type { BatchSummary } from "../batch/aggregate.js";
import type { WorkerRequest } from "../batch/executor.js";
import { BatchInputError } from "../batch/input-error.js";
import { parseShard, parseSweep } from "../batch/plan.js";
import { progressReporter } from "../batch/progress.js";
import { RECORDS_FILE } from "../batch/records.js";
import type { ScenarioSource } from "../batch/replication.js";
import { batchReport } from "../batch/report-text.js";
import { inputUncertaintyLines } from "../batch/uncertainty-text.js";
import { textPlot } from "../batch/warmup.js";
import { runBatch, scenarioSource } from "../node/batch.js";
import type { BatchReportOutcome } from "../node/batch-report.js";
import { mergeBatches } from "../node/merge.js";
import { defaultOutputFolder } from "../node/safe-path.js";
import { readScenarioFile } from "../node/scenario-file.js";
import { runWarmup } from "../node/warmup.js";
import { headlineContextFor } from "../report/batch-input.js";
import { batchComparisonBar, batchHeadline, headlineText } from "../report/headline.js";
import { batchJson } from "../report/json.js";
import { variantNames } from "./run-command.js";

export interface BatchCommandOptions {
  variants?: string;
  replications?: string;
  workers?: string;
  out?: string;
  seed?: string;
  shard?: string;
  resume?: boolean;
  overwrite?: boolean;
  precision?: string;
  metrics?: string;
  maxReplications?: string;
  sweep?: string[];
  series?: boolean;
  json?: boolean;
  progress?: boolean;
  /** False with --no-report. */
  report?: boolean;
}

export function parseCount(text: string | undefined, what: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new BatchInputError(`${what} must be a whole number ≥ 1, got "${text}"`);
  return n;
}

/**
 * A number of worker threads, capped at the cores available: more threads than cores only
 * share them, at the cost of memory and time, so the cap comes with a warning, not an error.
 */
export function parseWorkers(
  text: string | undefined,
  cores = availableParallelism(),
): WorkerRequest | undefined {
  if (text === undefined || text === "auto") return text === undefined ? undefined : "auto";
  const n = parseCount(text, "--workers")!;
  if (n <= cores) return n;
  process.stderr.write(
    `careflow: --workers ${n}: this machine has ${cores} core${cores === 1 ? "" : "s"}; using ${cores}\n`,
  );
  return cores;
}

/** "5%" or a fraction such as 0.05. */
export function parsePrecision(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  const percent = trimmed.endsWith("%");
  const value = Number(percent ? trimmed.slice(0, -1) : trimmed);
  const fraction = percent ? value / 100 : value;
  if (!Number.isFinite(value) || !(fraction > 0 && fraction < 1) || (!percent && value >= 1)) {
    throw new BatchInputError(
      `--precision must be a percentage such as 5% (or a fraction such as 0.05), got "${text}"`,
    );
  }
  return fraction;
}

export function parseSeedOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new BatchInputError(`--seed must be a whole number, got "${text}"`);
  return seed;
}

function parseList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (items.length === 0) throw new BatchInputError("--metrics needs at least one name");
  return items;
}

/** A note on stderr when the report was asked for but could not be made. */
function noteSkippedReport(outcome: BatchReportOutcome | undefined): void {
  if (outcome !== undefined && "skipped" in outcome) {
    process.stderr.write(`careflow: no HTML report: ${outcome.skipped}.\n`);
  }
}

/** "summary.json, …, index.html, charts/": the report's many chart files as their folder. */
function writtenList(files: readonly string[]): string {
  const names = files.map((f) => (basename(join(f, "..")) === "charts" ? "charts/" : basename(f)));
  return [...new Set(names)].join(", ");
}

/** Ctrl-C: say what is kept and how to go on; finished replications are already on disk. */
function onInterrupt(outDir: string, finish: () => void): () => void {
  const handler = (): void => {
    finish();
    process.stderr.write(
      `\ncareflow: interrupted; finished replications are kept in ${join(outDir, RECORDS_FILE)}. ` +
        "Run the same command with --resume to complete the batch.\n",
    );
    process.exit(130);
  };
  process.once("SIGINT", handler);
  return () => process.off("SIGINT", handler);
}

/** Each replication's warnings, once per variant with how many replications gave them, on stderr. */
function printWarnings(summary: BatchSummary): void {
  for (const v of summary.variants) {
    for (const w of v.warnings) {
      process.stderr.write(
        `careflow: ${v.name} (${w.replications} of ${v.replications} replications): ${w.text}\n`,
      );
    }
  }
}

export async function batchCommand(file: string, o: BatchCommandOptions): Promise<void> {
  const shard = o.shard === undefined ? undefined : parseShard(o.shard);
  const precision = parsePrecision(o.precision);
  const maxReplications = parseCount(o.maxReplications, "--max-replications");
  if (maxReplications !== undefined && precision === undefined) {
    throw new BatchInputError(
      "--max-replications caps the --precision rule; give --precision too, or use -n",
    );
  }
  // "all" needs the file's variant names; the batch reads and validates the file properly later.
  const defined =
    o.variants === "all" ? Object.keys((readScenarioFile(file).raw.variants ?? {}) as object) : [];
  const variants = o.variants === undefined ? undefined : variantNames(o.variants, defined);
  const outDir =
    o.out ??
    (shard
      ? defaultOutputFolder(
          file,
          { what: "batch", name: "batch" },
          { what: "shard", name: `shard-${shard.index}-of-${shard.count}` },
        )
      : defaultOutputFolder(file, { what: "batch", name: "batch" }));
  const metrics = parseList(o.metrics);
  const replications = parseCount(o.replications, "-n");
  const seed = parseSeedOption(o.seed);
  const workers = parseWorkers(o.workers);
  const sweep = (o.sweep ?? []).map(parseSweep);

  const reporter = o.progress === false ? undefined : progressReporter(process.stderr, { label: "batch" });
  const release = onInterrupt(outDir, reporter?.finish ?? (() => {}));
  let result: Awaited<ReturnType<typeof runBatch>>;
  try {
    result = await runBatch({
      scenario: file,
      outDir,
      ...(variants ? { variants } : {}),
      ...(replications !== undefined ? { replications } : {}),
      ...(workers !== undefined ? { workers } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(shard ? { shard } : {}),
      ...(o.resume ? { resume: true } : {}),
      ...(o.overwrite ? { overwrite: true } : {}),
      ...(precision !== undefined
        ? { precision: { target: precision, ...(maxReplications ? { maxReplications } : {}) } }
        : {}),
      ...(metrics ? { metrics } : {}),
      ...(sweep.length > 0 ? { sweep } : {}),
      ...(o.series ? { series: true } : {}),
      ...(reporter ? { onProgress: reporter.listener } : {}),
      report: o.report !== false,
      scenarioFile: file,
    });
  } finally {
    reporter?.finish();
    release();
  }
  const info = result.runInfo;
  const where = info.mode === "main thread" ? "in the main thread" : `on ${info.workers} worker threads`;
  const reused = info.reused > 0 ? ` (${info.reused} found already done)` : "";
  const session = `${info.ran} run${reused} ${where} in ${info.wallSeconds.toFixed(1)} s`;
  if (result.summary === undefined) {
    const m = result.manifest;
    console.log(
      `Shard ${m.shard!.index}/${m.shard!.count} of ${m.replications} replications a variant ` +
        `(replication r belongs to shard r mod ${m.shard!.count}): ${session}.\n` +
        `Written: ${outDir}. When every shard is done: careflow merge <shard folders...> --out <folder>`,
    );
    return;
  }
  printWarnings(result.summary);
  noteSkippedReport(result.report);
  const context = headlineContextFor(scenarioSource(file), result.manifest);
  if (o.json) {
    console.log(
      JSON.stringify({ ...batchJson(result.summary, result.comparison, context), outDir }, null, 2),
    );
    return;
  }
  console.log(`${headlineText(batchHeadline(result.summary, result.comparison, context)).join("\n")}\n`);
  const bar = batchComparisonBar(result.summary, context);
  console.log(batchReport(result.summary, result.comparison, result.manifest.keyMetrics, bar));
  printInputUncertainty(result.summary, result.comparison, result.manifest.keyMetrics);
  console.log(`\nReplications: ${session}.`);
  console.log(`Written: ${outDir} (${writtenList(result.files)})`);
}

function sourceIfThere(file: string): ScenarioSource | undefined {
  return existsSync(file) ? scenarioSource(file) : undefined;
}

export async function mergeCommand(
  dirs: string[],
  o: { out?: string; report?: boolean; json?: boolean },
): Promise<void> {
  const result = await mergeBatches({
    inputs: dirs,
    ...(o.out ? { outDir: o.out } : {}),
    report: o.report !== false,
  });
  printWarnings(result.summary);
  noteSkippedReport(result.report);
  const context = headlineContextFor(sourceIfThere(result.manifest.scenario.file), result.manifest);
  if (o.json) {
    const json = batchJson(result.summary, result.comparison, context);
    console.log(JSON.stringify({ ...json, outDir: result.outDir }, null, 2));
    return;
  }
  console.log(`${headlineText(batchHeadline(result.summary, result.comparison, context)).join("\n")}\n`);
  const bar = batchComparisonBar(result.summary, context);
  console.log(batchReport(result.summary, result.comparison, result.manifest.keyMetrics, bar));
  printInputUncertainty(result.summary, result.comparison, result.manifest.keyMetrics);
  console.log(`\nMerged ${dirs.length} folders, ${result.replications} replications a variant.`);
  console.log(`Written: ${result.outDir} (${writtenList(result.files)})`);
}

export interface WarmupCommandOptions {
  variant?: string;
  replications?: string;
  metric?: string;
  window?: string;
  seed?: string;
  workers?: string;
  horizon?: string;
  out?: string;
}

export async function warmupCommand(file: string, o: WarmupCommandOptions): Promise<void> {
  const replications = parseCount(o.replications, "-n");
  const window = parseCount(o.window, "--window");
  const seed = parseSeedOption(o.seed);
  const workers = parseWorkers(o.workers);
  const reporter = progressReporter(process.stderr, { label: "warmup" });
  let result: Awaited<ReturnType<typeof runWarmup>>;
  try {
    result = await runWarmup({
      scenario: file,
      ...(o.variant ? { variant: o.variant } : {}),
      ...(replications !== undefined ? { replications } : {}),
      ...(o.metric ? { metric: o.metric } : {}),
      ...(window !== undefined ? { window } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(workers !== undefined ? { workers } : {}),
      ...(o.horizon ? { horizon: o.horizon } : {}),
      ...(o.out ? { outDir: o.out } : {}),
      onProgress: reporter.listener,
    });
  } finally {
    reporter.finish();
  }
  const what = result.metric === "occupancy" ? "occupied beds (all wards)" : result.metric;
  const perRep = [...result.perReplication].sort((a, b) => a - b);
  const median = perRep[Math.floor((perRep.length - 1) / 2)] ?? 0;
  console.log(
    `Warm-up: daily ${what}, ${result.replications} replications of ${result.days} days from empty (run.warmup 0), ` +
      `mean across replications (·) and Welch moving average, window ±${result.window} days (*); | marks the suggestion.\n`,
  );
  console.log(textPlot(result.mean, result.smoothed, result.suggestedDays));
  console.log("");
  if (result.mser.reliable) {
    console.log(
      `MSER-5 suggests a warm-up of ${result.suggestedDays} days ` +
        `(each replication on its own: median ${median}, range ${perRep[0]}–${perRep[perRep.length - 1]} days).`,
    );
  } else {
    console.log(
      `MSER-5 finds no settled level in the first half of the run (the best cut is its edge, day ${result.suggestedDays}): ` +
        "the run may be too short or still drifting; try a longer --horizon.",
    );
  }
  console.log(`Written: ${result.files.join(", ")}`);
}

/** With uncertain inputs, the interval over inputs and noise, after the noise-only table. */
function printInputUncertainty(...args: Parameters<typeof inputUncertaintyLines>): void {
  const lines = inputUncertaintyLines(...args);
  if (lines.length > 0) console.log(lines.join("\n"));
}
