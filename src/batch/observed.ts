/**
 * `careflow check --observed`: the face-validity check a model needs before a board sees it.
 * Replications of one variant give, for each simulated day, the 5th–95th percentile of each
 * daily series across replications (the simulated 90% band) and its median; each observed day
 * is set beside the simulated day of the same date (dates from run.start, after warm-up), and
 * the check reports coverage (the share of observed days inside the band) and the mean absolute
 * percentage error against the median.
 *
 * What a right model should show: if the hospital's day were one more replication, it would fall
 * inside the band of n replications with probability (h95 − h5)/(n + 1), h the type-7 quantile
 * positions (exactly 0.9(n − 1)/(n + 1) when 0.05(n − 1) is whole: 86% for n = 41), a little
 * under 90% because the band is estimated. Days are not independent (a full ward stays full), so
 * coverage over a few weeks varies more than a binomial count would.
 */
import { quantileSorted } from "../stats/intervals.js";
import { type Executor, runWindowed } from "./executor.js";
import { BatchInputError } from "./input-error.js";
import { type ObservedInput, type SkippedRow, seriesLabel } from "./observed-input.js";
import type { VariantSpec } from "./plan.js";
import type { ProgressListener } from "./progress.js";
import { type DailySeries, loadVariant, type ScenarioSource } from "./replication.js";
import { dailyValue, type WarmupMetric } from "./warmup.js";

export const OBSERVED_FORMAT = "careflow-check/1";
export const DEFAULT_CHECK_REPLICATIONS = 40;
const BAND = { low: 0.05, high: 0.95 } as const;

export interface ComparedDay {
  date: string;
  observed: number;
  p5: number;
  median: number;
  p95: number;
  inside: boolean;
}

export interface SeriesCheck {
  key: WarmupMetric;
  label: string;
  ward: string | null;
  /** Observed days with a simulated day of the same date. */
  compared: number;
  inside: number;
  above: number;
  below: number;
  /** inside / compared; null when no day was compared. */
  coverage: number | null;
  /** Mean of |observed − median| / observed over compared days with observed > 0, as a fraction. */
  mape: number | null;
  /** Compared days left out of the MAPE because the observed value is 0. */
  zeroDays: number;
  /** Observed days before or after the simulated dates, not compared. */
  outside: { count: number; first: string | null; last: string | null };
  days: ComparedDay[];
}

export interface ObservedCheckResult {
  format: typeof OBSERVED_FORMAT;
  scenario: string;
  variant: string;
  seed: number;
  replications: number;
  /** The coverage a right model would show with this many replications (see the file's comment). */
  expectedCoverage: number;
  simulated: { first: string; last: string; days: number };
  observed: {
    file: string;
    layout: "wide" | "long";
    rows: number;
    used: number;
    skipped: number;
    skippedRows: SkippedRow[];
    notes: string[];
  };
  series: SeriesCheck[];
  /** The simulated band over the simulated dates, per series, for the chart and CSV. */
  bands: { key: WarmupMetric; dates: string[]; p5: number[]; median: number[]; p95: number[] }[];
}

export interface ObservedCheckOptions {
  variant?: string;
  replications?: number;
  seed?: number;
  onProgress?: ProgressListener;
}

const DAY_MS = 86_400_000;
const dayNumber = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isoOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);
const round2 = (x: number): number => Math.round(x * 100) / 100;

/** P(one more replication lies within the type-7 band) for n replications, by linear interpolation. */
export function expectedCoverage(n: number): number {
  // Position h (0-based) of a quantile; a new value falls below X_(k) (1-based) with probability k/(n+1).
  const below = (q: number): number => {
    const h = (n - 1) * q;
    const k = Math.floor(h);
    return (k + 1 + (h - k)) / (n + 1);
  };
  return n < 2 ? 0 : below(BAND.high) - below(BAND.low);
}

/** Checks the options before anything runs. */
export function checkObservedOptions(options: ObservedCheckOptions): number {
  const n = options.replications ?? DEFAULT_CHECK_REPLICATIONS;
  if (!Number.isSafeInteger(n) || n < 2 || n > 100_000) {
    throw new BatchInputError(
      `-n must be a whole number from 2 to 100000 (a band needs replications), got ${n}`,
    );
  }
  return n;
}

/** Runs the replications and compares; `createExecutor` gets the number of tasks. */
export async function checkObserved(
  source: ScenarioSource,
  observed: ObservedInput,
  options: ObservedCheckOptions,
  executor: Executor,
): Promise<ObservedCheckResult> {
  const n = checkObservedOptions(options);
  const name = options.variant ?? "baseline";
  const variant: VariantSpec = { name, base: name, overrides: {} };
  const loaded = loadVariant(source, variant);
  const wards = loaded.scenario.wards.map((w) => w.id);
  const seed = options.seed ?? loaded.scenario.seed;
  const keys = observed.series.map((s) => s.key);
  // Each replication's daily series, kept as numbers only: n × days × series values.
  const bySeries: Float64Array[][] = keys.map(() => new Array<Float64Array>(n));
  let first: string | undefined;
  const started = performance.now();
  let done = 0;
  const tasks = Array.from({ length: n }, (_, r) => ({
    kind: "daily" as const,
    source,
    variant,
    seed,
    replication: r,
  }));
  try {
    await runWindowed(
      tasks,
      executor.threads * 2,
      (task) => executor.daily(task),
      (result: DailySeries) => {
        first ??= result.rows[0]?.date;
        keys.forEach((key, i) => {
          bySeries[i]![result.replication] = Float64Array.from(result.rows, (row) =>
            dailyValue(row, key, wards),
          );
        });
        done++;
        options.onProgress?.({
          done,
          total: n,
          ran: done,
          elapsedSeconds: (performance.now() - started) / 1000,
        });
      },
    );
  } finally {
    await executor.close();
  }
  if (first === undefined) {
    throw new BatchInputError(`${loaded.scenario.name}: the run has no day after warm-up to compare`);
  }
  const firstDay = dayNumber(first);
  const bands = keys.map((key, i) => bandOf(key, bySeries[i]!, firstDay));
  const days = Math.max(...bands.map((b) => b.dates.length));
  const series = observed.series.map((s, i) => compareSeries(s, bands[i]!, firstDay));
  if (series.every((s) => s.compared === 0)) {
    const all = observed.series.flatMap((s) => [...s.values.keys()]);
    throw new BatchInputError(
      `${observed.file}: its dates (${isoOf(Math.min(...all))} to ${isoOf(Math.max(...all))}) lie outside the simulated ` +
        `${first} to ${isoOf(firstDay + days - 1)}; set run.start (and run.warmup, run.horizon) so the simulation covers them`,
    );
  }
  return {
    format: OBSERVED_FORMAT,
    scenario: loaded.scenario.name,
    variant: name,
    seed,
    replications: n,
    expectedCoverage: expectedCoverage(n),
    simulated: { first, last: isoOf(firstDay + days - 1), days },
    observed: {
      file: observed.file,
      layout: observed.layout,
      rows: observed.rows,
      used: observed.rows - observed.skipped,
      skipped: observed.skipped,
      skippedRows: observed.skippedRows,
      notes: observed.notes,
    },
    series,
    bands,
  };
}

type Band = ObservedCheckResult["bands"][number];

/** Each day's 5th, 50th and 95th percentile across the replications that reached it. */
export function bandOf(key: WarmupMetric, replications: readonly Float64Array[], firstDay: number): Band {
  let days = 0;
  for (const r of replications) days = Math.max(days, r.length);
  const band: Band = { key, dates: [], p5: [], median: [], p95: [] };
  const values: number[] = [];
  for (let day = 0; day < days; day++) {
    values.length = 0;
    for (const r of replications) if (day < r.length) values.push(r[day]!);
    values.sort((a, b) => a - b);
    band.dates.push(isoOf(firstDay + day));
    band.p5.push(quantileSorted(values, BAND.low));
    band.median.push(quantileSorted(values, 0.5));
    band.p95.push(quantileSorted(values, BAND.high));
  }
  return band;
}

/** One observed series against its band. */
export function compareSeries(
  observed: ObservedInput["series"][number],
  band: Band,
  firstDay: number,
): SeriesCheck {
  const check: SeriesCheck = {
    key: observed.key,
    label: seriesLabel(observed),
    ward: observed.ward,
    compared: 0,
    inside: 0,
    above: 0,
    below: 0,
    coverage: null,
    mape: null,
    zeroDays: 0,
    outside: { count: 0, first: null, last: null },
    days: [],
  };
  let errorSum = 0;
  let errorDays = 0;
  let outsideFirst = Number.POSITIVE_INFINITY;
  let outsideLast = Number.NEGATIVE_INFINITY;
  const days = [...observed.values.keys()].sort((a, b) => a - b);
  for (const day of days) {
    const value = observed.values.get(day)!;
    const index = day - firstDay;
    if (index < 0 || index >= band.dates.length) {
      check.outside.count++;
      outsideFirst = Math.min(outsideFirst, day);
      outsideLast = Math.max(outsideLast, day);
      continue;
    }
    const p5 = band.p5[index]!;
    const p95 = band.p95[index]!;
    const median = band.median[index]!;
    const inside = value >= p5 && value <= p95;
    check.compared++;
    if (inside) check.inside++;
    else if (value > p95) check.above++;
    else check.below++;
    if (value > 0) {
      errorSum += Math.abs(value - median) / value;
      errorDays++;
    } else check.zeroDays++;
    check.days.push({
      date: band.dates[index]!,
      observed: value,
      p5: round2(p5),
      median: round2(median),
      p95: round2(p95),
      inside,
    });
  }
  if (check.compared > 0) check.coverage = check.inside / check.compared;
  if (errorDays > 0) check.mape = errorSum / errorDays;
  if (check.outside.count > 0) {
    check.outside.first = isoOf(outsideFirst);
    check.outside.last = isoOf(outsideLast);
  }
  return check;
}

const percent = (x: number): string => `${(100 * x).toFixed(x >= 0.995 || x < 0.1 ? 1 : 0)}%`;

/** What the terminal prints: each series' coverage and error in plain words, then the input's problems. */
export function observedLines(result: ObservedCheckResult): string[] {
  const lines = [
    `${result.scenario} (variant ${result.variant}) against ${result.observed.file}: ${result.replications} replications, seed ${result.seed}, ` +
      `simulated ${result.simulated.first} to ${result.simulated.last}.`,
    `A model that matched the hospital would have about ${percent(result.expectedCoverage)} of observed days inside its 90% band ` +
      `with ${result.replications} replications.`,
    "",
  ];
  for (const s of result.series) {
    if (s.coverage === null) {
      lines.push(`${capital(s.label)}: no observed day falls within the simulated dates.`);
    } else {
      const mape =
        s.mape === null
          ? "no error figure (every observed day is 0)"
          : `on average the simulated median is ${percent(s.mape)} off the observed value (mean absolute percentage error)`;
      lines.push(
        `${capital(s.label)}: ${s.inside} of ${s.compared} observed days (${percent(s.coverage)}) inside the simulated 90% band` +
          ` (${s.above} above, ${s.below} below); ${mape}.`,
      );
    }
    if (s.zeroDays > 0) {
      lines.push(`  ${days(s.zeroDays)} observed as 0 left out of the error figure.`);
    }
    if (s.outside.count > 0) {
      const span =
        s.outside.first === s.outside.last ? s.outside.first : `${s.outside.first} to ${s.outside.last}`;
      lines.push(`  ${days(s.outside.count)} observed (${span}) outside the simulated dates, not compared.`);
    }
  }
  const o = result.observed;
  lines.push("", `Observed file: ${o.rows} rows read, ${o.used} used, ${o.skipped} skipped.`);
  for (const row of o.skippedRows) lines.push(`  line ${row.line}: ${row.reason}`);
  if (o.skipped > o.skippedRows.length) lines.push(`  … and ${o.skipped - o.skippedRows.length} more.`);
  for (const note of o.notes) lines.push(`  note: ${note}`);
  return lines;
}

const days = (count: number): string => `${count} day${count === 1 ? "" : "s"}`;
const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);
