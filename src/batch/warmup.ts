/**
 * Choosing a warm-up length. The model starts empty (or from a stated initial state), so its
 * first weeks are not typical; a warm-up discards them. Two standard aids, on a daily series
 * (occupancy or admissions) run with no warm-up:
 *
 * - Welch's method (Law, "Simulation Modeling and Analysis", §9.5.1): average the series across
 *   replications day by day, then smooth with a centred moving average of half-width w
 *   (shorter, symmetric windows near the start). The eye picks where the curve flattens.
 * - MSER-5 (White 1997; Franklin & White 2008): group the averaged series into batch means of 5
 *   days, and choose the truncation d that minimises
 *     MSER(d) = Σ_{i>d} (Z_i − Z̄_d)² / (k − d)²
 *   i.e. the squared standard error of the mean of what is kept. With few batches left the
 *   statistic is erratic (two batches that happen to agree give almost zero), so, as is usual,
 *   only truncations up to half the series are searched; a minimum on that boundary means the
 *   series may not have settled, and is reported as such rather than as an answer.
 */

import type { DailyRow } from "../model/summary.js";
import { toCsv } from "../output/csv.js";
import { type Executor, runWindowed, type WorkerRequest } from "./executor.js";
import { BatchInputError } from "./input-error.js";
import type { VariantSpec } from "./plan.js";
import type { ProgressListener } from "./progress.js";
import { type DailySeries, loadVariant, type ScenarioSource } from "./replication.js";

export const MSER_BATCH = 5;

/** Welch's moving average of `series` with half-width w (Law's definition, 0-based). */
export function welchMovingAverage(series: readonly number[], w: number): number[] {
  const m = series.length;
  const out: number[] = [];
  for (let i = 0; i < m - w; i++) {
    // Near the start the window is the largest symmetric one that fits: i days either side.
    const half = Math.min(i, w);
    let total = 0;
    for (let s = i - half; s <= i + half; s++) total += series[s]!;
    out.push(total / (2 * half + 1));
  }
  return out;
}

export function batchMeans(series: readonly number[], size: number): number[] {
  const k = Math.floor(series.length / size);
  const out: number[] = [];
  for (let b = 0; b < k; b++) {
    let total = 0;
    for (let j = 0; j < size; j++) total += series[b * size + j]!;
    out.push(total / size);
  }
  return out;
}

export interface MserResult {
  /** Suggested truncation in observations (days): batches dropped × batch size. */
  truncation: number;
  /** Batches dropped. */
  batches: number;
  /** MSER statistic for each truncation searched, d = 0 … ⌊k/2⌋. */
  statistic: number[];
  /** False when the minimum is on the edge of the search (the series may still be drifting). */
  reliable: boolean;
}

/** MSER on batch means of `size` (MSER-5 by default). */
export function mser(series: readonly number[], size = MSER_BATCH): MserResult {
  const z = batchMeans(series, size);
  const k = z.length;
  if (k < 4) return { truncation: 0, batches: 0, statistic: [], reliable: false };
  const statistic: number[] = [];
  // Suffix sums give each candidate in O(1).
  let sum = 0;
  let sumSq = 0;
  const suffix: { sum: number; sumSq: number }[] = new Array(k);
  for (let i = k - 1; i >= 0; i--) {
    sum += z[i]!;
    sumSq += z[i]! * z[i]!;
    suffix[i] = { sum, sumSq };
  }
  let best = 0;
  const last = Math.floor(k / 2);
  for (let d = 0; d <= last; d++) {
    const kept = k - d;
    const s = suffix[d]!;
    const ss = Math.max(0, s.sumSq - (s.sum * s.sum) / kept);
    const value = ss / (kept * kept);
    statistic.push(value);
    if (value < statistic[best]!) best = d;
  }
  return { truncation: best * size, batches: best, statistic, reliable: best < last };
}

export type WarmupMetric = "occupancy" | "admissions" | "discharges" | `occupancy_${string}`;

export function parseWarmupMetric(text: string, wards: readonly string[]): WarmupMetric {
  if (text === "occupancy" || text === "admissions" || text === "discharges") return text;
  const ward = text.startsWith("occupancy_") ? text.slice("occupancy_".length) : text;
  if (wards.includes(ward)) return `occupancy_${ward}`;
  throw new BatchInputError(
    `--metric must be occupancy, admissions, discharges or occupancy_<ward> (wards: ${wards.join(", ")}); got "${text}"`,
  );
}

export function dailyValue(row: DailyRow, metric: WarmupMetric, wards: readonly string[]): number {
  if (metric === "admissions") return row.admissions;
  if (metric === "discharges") return row.discharges;
  if (metric === "occupancy") {
    let total = 0;
    for (const w of wards) total += row[`occupancy_${w}`] ?? 0;
    return total;
  }
  return row[metric] ?? 0;
}

/** A small text chart: the series as dots, the moving average as stars, the cut as a bar. */
export function textPlot(
  mean: readonly number[],
  smoothed: readonly number[],
  cut: number,
  options: { width?: number; height?: number } = {},
): string {
  const width = Math.min(options.width ?? 64, Math.max(1, mean.length));
  const height = options.height ?? 12;
  const values = [...mean, ...smoothed];
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const span = hi - lo || 1;
  const days = mean.length;
  const grid = Array.from({ length: height }, () => Array.from({ length: width }, () => " "));
  const column = (day: number): number => Math.min(width - 1, Math.floor((day / days) * width));
  const row = (v: number): number => height - 1 - Math.round(((v - lo) / span) * (height - 1));
  const cutColumn = column(cut);
  for (let r = 0; r < height; r++) grid[r]![cutColumn] = "|";
  mean.forEach((v, day) => {
    grid[row(v)]![column(day)] = "·";
  });
  smoothed.forEach((v, day) => {
    grid[row(v)]![column(day)] = "*";
  });
  const label = (v: number): string => v.toFixed(span < 10 ? 1 : 0).padStart(8);
  const lines = grid.map((cells, r) => {
    const axis = r === 0 ? label(hi) : r === height - 1 ? label(lo) : " ".repeat(8);
    return `${axis} ┤${cells.join("")}`;
  });
  lines.push(`${" ".repeat(9)}└${"─".repeat(width)}`);
  lines.push(`${" ".repeat(10)}day 0${" ".repeat(Math.max(1, width - 10 - String(days).length))}day ${days}`);
  return lines.join("\n");
}

export interface WarmupOptions {
  variant?: string;
  replications?: number;
  metric?: string;
  /** Welch window half-width in days (default 7: smooths the weekly cycle). */
  window?: number;
  seed?: number;
  workers?: WorkerRequest;
  /** Simulated days (default: the scenario's horizon). */
  horizon?: string;
  onProgress?: ProgressListener;
}

export interface WarmupResult {
  metric: WarmupMetric;
  replications: number;
  days: number;
  dates: string[];
  series: number[][];
  mean: number[];
  smoothed: number[];
  window: number;
  mser: MserResult;
  /** Suggested warm-up in days. */
  suggestedDays: number;
  /** MSER-5 truncation of each replication on its own (a sense of the spread). */
  perReplication: number[];
  /** The averaged and per-replication series, a row a day. */
  csv: string;
}

/** The daily series of replications 0 … n − 1, in replication order. */
async function simulateDaily(
  plan: { source: ScenarioSource; variant: VariantSpec; seed: number; replications: number },
  executor: Executor,
  onProgress: ProgressListener | undefined,
): Promise<DailySeries[]> {
  const n = plan.replications;
  const results: DailySeries[] = [];
  const start = performance.now();
  const tasks = Array.from({ length: n }, (_, r) => ({
    kind: "daily" as const,
    source: plan.source,
    variant: plan.variant,
    seed: plan.seed,
    replication: r,
  }));
  try {
    await runWindowed(
      tasks,
      executor.threads * 2,
      (t) => executor.daily(t),
      (result) => {
        results.push(result);
        onProgress?.({
          done: results.length,
          total: n,
          ran: results.length,
          elapsedSeconds: (performance.now() - start) / 1000,
        });
      },
    );
  } finally {
    await executor.close();
  }
  return results.sort((a, b) => a.replication - b.replication);
}

export function checkWarmupOptions(options: WarmupOptions): { n: number; window: number } {
  const n = options.replications ?? 10;
  if (!Number.isSafeInteger(n) || n < 1) throw new BatchInputError(`-n must be a whole number ≥ 1, got ${n}`);
  const window = options.window ?? 7;
  if (!Number.isSafeInteger(window) || window < 1) {
    throw new BatchInputError(`--window must be a whole number of days ≥ 1, got ${options.window}`);
  }
  return { n, window };
}

/** Runs replications from empty and suggests a warm-up; `createExecutor` gets the lanes wanted. */
export async function computeWarmup(
  source: ScenarioSource,
  options: WarmupOptions,
  createExecutor: (workers: WorkerRequest, tasks: number) => Executor,
): Promise<WarmupResult> {
  const { n, window } = checkWarmupOptions(options);
  const base = options.variant ?? "baseline";
  const overrides: Record<string, string> = { "run.warmup": "0d" };
  if (options.horizon !== undefined) overrides["run.horizon"] = options.horizon;
  const variant: VariantSpec = { name: base, base, overrides };
  const loaded = loadVariant(source, variant);
  const wards = loaded.scenario.wards.map((w) => w.id);
  const metric = parseWarmupMetric(options.metric ?? "occupancy", wards);
  const seed = options.seed ?? loaded.scenario.seed;

  const results = await simulateDaily(
    { source, variant, seed, replications: n },
    createExecutor(options.workers ?? "auto", n),
    options.onProgress,
  );

  const days = Math.min(...results.map((r) => r.rows.length));
  const series = results.map((r) => r.rows.slice(0, days).map((row) => dailyValue(row, metric, wards)));
  const mean = Array.from({ length: days }, (_, d) => series.reduce((acc, s) => acc + s[d]!, 0) / n);
  const w = Math.min(window, Math.max(1, Math.floor((days - 1) / 4)));
  const smoothed = welchMovingAverage(mean, w);
  const m = mser(mean);
  const rows = mean.map((v, d) => {
    const row: Record<string, string | number | null> = {
      day: d,
      date: results[0]!.rows[d]!.date,
      mean: v,
      welch_moving_average: smoothed[d] ?? null,
    };
    series.forEach((s, r) => {
      row[`replication_${r}`] = s[d]!;
    });
    return row;
  });
  return {
    metric,
    replications: n,
    days,
    dates: results[0]!.rows.slice(0, days).map((r) => r.date),
    series,
    mean,
    smoothed,
    window: w,
    mser: m,
    suggestedDays: m.truncation,
    perReplication: series.map((s) => mser(s).truncation),
    csv: toCsv(rows),
  };
}
