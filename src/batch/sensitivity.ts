/**
 * Which assumption decides the answer. For one headline metric of one variant, or for the paired
 * difference between two variants, `careflow sensitivity` runs the same replications 0 … n − 1
 * (the same random streams, so every comparison is paired by common random numbers) with:
 *
 * - every uncertain input at its central value;
 * - one input at a time at its 10th and then its 90th percentile, the others central (one-way
 *   sensitivity: the tornado chart's bars, ranked by the swing from low to high);
 * - every input drawn, as in a batch's drawn twin: each input's share of the outcome's variance
 *   is its standardised regression coefficient squared (SRC², from a least-squares fit of the
 *   outcome on all inputs). SRC² sum to R² when the inputs are independent, as drawn here, and
 *   are a variance decomposition when R² is near 1 (the outcome close to linear in the inputs);
 *   R² is reported so a reader can see when it is not.
 *
 * Each share has a 95% interval from a pairs bootstrap over the drawn replications (see
 * `shareIntervals`): rows of (inputs, outcome) resampled with replacement, the regression refitted,
 * the percentile interval of each signed SRC squared. Resampling rows, not residuals, fits how the
 * inputs were made (drawn, not fixed by design), and carries the sampling error of the standard
 * deviations that standardise the coefficients, which a textbook standard error leaves out; with
 * tens of replications a normal interval on a squared quantity would be poor. Squaring the signed
 * interval (rather than taking percentiles of SRC² itself) lets an input the model ignores get an
 * interval that reaches 0. The bootstrap draws from its own named stream, seeded from the run's
 * seed, so the intervals are reproducible and no simulation draw moves.
 */

import { RandomStream, streamSeedKey } from "../engine/random.js";
import {
  describeInput,
  formatInputValue,
  hasSpread,
  type InputValues,
  inputQuantile,
  type UncertainInput,
} from "../scenario/uncertain.js";
import { pairedDifference, quantileSorted, summariseSample } from "../stats/intervals.js";
import { type Executor, runWindowed } from "./executor.js";
import { BatchInputError } from "./input-error.js";
import { metricNames, scenarioShape } from "./metrics.js";
import type { VariantSpec } from "./plan.js";
import type { ReplicationRecord } from "./records.js";
import { loadVariant, type ReplicationTask, type ScenarioSource } from "./replication.js";

export const SENSITIVITY_FORMAT = "careflow-sensitivity/1";
export const LOW_PERCENTILE = 0.1;
export const HIGH_PERCENTILE = 0.9;

export interface SensitivityOptions {
  /** One variant, or two: the outcome is then the second minus the first, paired. */
  variants: string[];
  metric: string;
  replications: number;
  seed?: number;
}

export interface Estimate {
  mean: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface TornadoBar {
  key: string;
  distribution: string;
  source: string;
  low: { value: number; shown: string; outcome: Estimate };
  high: { value: number; shown: string; outcome: Estimate };
  /** Outcome at the high value minus at the low value, paired replication by replication. */
  swing: Estimate;
}

export interface VarianceShare {
  key: string;
  /** Standardised regression coefficient: the outcome's change in sd per sd of the input. */
  src: number | null;
  /** SRC²: the input's share of the outcome's variance. */
  share: number | null;
  /** 95% bootstrap interval of the share (percentiles of the signed SRC, squared). */
  shareCiLow: number | null;
  shareCiHigh: number | null;
}

export interface SensitivityResult {
  format: typeof SENSITIVITY_FORMAT;
  scenario: string;
  metric: string;
  /** "d2a − standard" or the variant's name. */
  outcome: string;
  variants: string[];
  seed: number;
  replications: number;
  confidence: number;
  percentiles: { low: number; high: number };
  central: Estimate;
  /** Ranked by the size of the swing, largest first. */
  bars: TornadoBar[];
  variance: {
    method: string;
    replications: number;
    rSquared: number | null;
    /** How the shares' intervals were found: resamples, and the named stream they drew from. */
    interval: { method: string; resamples: number; stream: string };
    shares: VarianceShare[];
  };
  description: string;
}

interface Setting {
  id: string;
  inputs: "drawn" | InputValues;
}

export interface SensitivityPlan {
  source: ScenarioSource;
  options: SensitivityOptions;
  seed: number;
  scenarioName: string;
  inputs: UncertainInput[];
  settings: Setting[];
  variants: VariantSpec[];
}

/** Checks the request against the file: its variants, its metric, and that some input can vary. */
export function planSensitivity(source: ScenarioSource, options: SensitivityOptions): SensitivityPlan {
  if (options.variants.length < 1 || options.variants.length > 2) {
    throw new BatchInputError("--variants takes one variant, or two to study their difference");
  }
  if (!Number.isSafeInteger(options.replications) || options.replications < 2) {
    throw new BatchInputError(`-n must be a whole number ≥ 2, got ${options.replications}`);
  }
  const variants: VariantSpec[] = options.variants.map((name) => ({ name, base: name, overrides: {} }));
  const loaded = variants.map((v) => loadVariant(source, v));
  const first = loaded[0]!;
  for (const [i, l] of loaded.entries()) {
    const names = metricNames(scenarioShape(l.scenario));
    if (!names.includes(options.metric)) {
      throw new BatchInputError(
        `--metric: no metric "${options.metric}" in variant ${variants[i]!.name}; metrics are named like headline.occupiedBedsMean, headline.totalCost`,
      );
    }
  }
  const inputs = first.inputs.filter(hasSpread);
  if (inputs.length === 0) {
    throw new BatchInputError(
      `${source.file} has no uncertain inputs that can vary: mark one as { uncertain: { dist: triangular, min: …, mode: …, max: … }, source: … }`,
    );
  }
  const settings: Setting[] = [{ id: "central", inputs: {} }];
  for (const input of inputs) {
    for (const [level, p] of [
      ["low", LOW_PERCENTILE],
      ["high", HIGH_PERCENTILE],
    ] as const) {
      const raw = inputQuantile(input.distribution, p);
      settings.push({
        id: `${input.key}=${level}`,
        inputs: { [input.key]: input.round ? Math.round(raw) : raw },
      });
    }
  }
  settings.push({ id: "drawn", inputs: "drawn" });
  return {
    source,
    options,
    seed: options.seed ?? first.scenario.seed,
    scenarioName: first.scenario.name,
    inputs,
    settings,
    variants,
  };
}

export function sensitivityTasks(plan: SensitivityPlan): ReplicationTask[] {
  const tasks: ReplicationTask[] = [];
  for (let r = 0; r < plan.options.replications; r++) {
    for (const setting of plan.settings) {
      for (const v of plan.variants) {
        tasks.push({
          kind: "replication",
          series: false,
          source: plan.source,
          variant: { ...v, name: `${v.name} @ ${setting.id}`, inputs: setting.inputs },
          seed: plan.seed,
          replication: r,
        });
      }
    }
  }
  return tasks;
}

/** Runs every task through the executor and summarises. */
export async function runSensitivity(
  plan: SensitivityPlan,
  executor: Executor,
  onProgress?: (done: number, total: number) => void,
): Promise<SensitivityResult> {
  const tasks = sensitivityTasks(plan);
  const records: ReplicationRecord[] = [];
  await runWindowed(
    tasks,
    executor.threads * 2,
    (task) => executor.replication(task),
    (record) => {
      records.push(record);
      onProgress?.(records.length, tasks.length);
    },
  );
  return summariseSensitivity(plan, records);
}

/** The outcome of each replication under one setting, in replication order. */
function outcomes(plan: SensitivityPlan, records: readonly ReplicationRecord[], setting: string): number[] {
  const value = (variant: string, r: number): number | undefined => {
    const record = records.find((x) => x.variant === `${variant} @ ${setting}` && x.replication === r);
    const v = record?.metrics[plan.options.metric];
    return typeof v === "number" ? v : undefined;
  };
  const out: number[] = [];
  for (let r = 0; r < plan.options.replications; r++) {
    const [a, b] = plan.variants.map((v) => value(v.name, r));
    if (plan.variants.length === 1) {
      if (a === undefined)
        throw new BatchInputError(`replication ${r} (${setting}) has no ${plan.options.metric}`);
      out.push(a);
    } else {
      if (a === undefined || b === undefined) {
        throw new BatchInputError(`replication ${r} (${setting}) has no ${plan.options.metric}`);
      }
      out.push(b - a);
    }
  }
  return out;
}

const finite = (x: number | null | undefined): number | null =>
  x !== null && x !== undefined && Number.isFinite(x) ? x : null;

function estimate(values: readonly number[]): Estimate {
  const s = summariseSample(values);
  return { mean: finite(s.mean), ciLow: finite(s.ci?.low), ciHigh: finite(s.ci?.high) };
}

export function summariseSensitivity(
  plan: SensitivityPlan,
  records: readonly ReplicationRecord[],
): SensitivityResult {
  const bars: TornadoBar[] = plan.inputs.map((input) => {
    const lowSetting = plan.settings.find((s) => s.id === `${input.key}=low`)!;
    const highSetting = plan.settings.find((s) => s.id === `${input.key}=high`)!;
    const lowValues = outcomes(plan, records, lowSetting.id);
    const highValues = outcomes(plan, records, highSetting.id);
    const lowValue = (lowSetting.inputs as InputValues)[input.key]!;
    const highValue = (highSetting.inputs as InputValues)[input.key]!;
    const swing = pairedDifference(highValues, lowValues);
    return {
      key: input.key,
      distribution: describeInput(input),
      source: input.source,
      low: { value: lowValue, shown: formatInputValue(input, lowValue), outcome: estimate(lowValues) },
      high: { value: highValue, shown: formatInputValue(input, highValue), outcome: estimate(highValues) },
      swing: {
        mean: finite(swing.meanDifference),
        ciLow: finite(swing.ci?.low),
        ciHigh: finite(swing.ci?.high),
      },
    };
  });
  // Stable sort: ties (two ignored inputs, both 0) keep the file's order.
  bars.sort((a, b) => Math.abs(b.swing.mean ?? 0) - Math.abs(a.swing.mean ?? 0));
  const drawn = outcomes(plan, records, "drawn");
  const draws = plan.inputs.map((input) =>
    Array.from({ length: plan.options.replications }, (_, r) => {
      const record = records.find(
        (x) => x.variant === `${plan.variants[0]!.name} @ drawn` && x.replication === r,
      );
      return record?.inputs?.[input.key] ?? Number.NaN;
    }),
  );
  const regression = standardisedRegression(draws, drawn);
  const intervals = shareIntervals(draws, drawn, plan.seed);
  const [a, b] = plan.options.variants;
  return {
    format: SENSITIVITY_FORMAT,
    scenario: plan.scenarioName,
    metric: plan.options.metric,
    outcome: b === undefined ? a! : `${b} − ${a}`,
    variants: plan.options.variants,
    seed: plan.seed,
    replications: plan.options.replications,
    confidence: 0.95,
    percentiles: { low: LOW_PERCENTILE, high: HIGH_PERCENTILE },
    central: estimate(outcomes(plan, records, "central")),
    bars,
    variance: {
      method:
        "standardised regression coefficients squared (SRC²) from a least-squares fit of the outcome on every input, over replications that drew every input",
      replications: drawn.length,
      rSquared: regression.rSquared,
      interval: {
        method:
          "pairs bootstrap over the drawn replications: rows resampled with replacement, the regression refitted, the 2.5th and 97.5th percentiles of each signed SRC squared (0 when they straddle 0)",
        resamples: BOOTSTRAP_RESAMPLES,
        stream: BOOTSTRAP_STREAM,
      },
      shares: plan.inputs.map((input, i) => ({
        key: input.key,
        src: regression.src[i] ?? null,
        share: regression.src[i] === null || regression.src[i] === undefined ? null : regression.src[i]! ** 2,
        shareCiLow: intervals[i]?.low ?? null,
        shareCiHigh: intervals[i]?.high ?? null,
      })),
    },
    description:
      `One-way sensitivity: each input at its ${100 * LOW_PERCENTILE}th and ${100 * HIGH_PERCENTILE}th percentile with the others at their central values, ` +
      "over the same replications (common random numbers), so each swing is a paired difference with a 95% CI.",
  };
}

export const BOOTSTRAP_RESAMPLES = 1000;
export const BOOTSTRAP_STREAM = "sensitivity/variance-share-bootstrap";
/** Fewer usable resamples than this share (a column that did not vary), and no interval is given. */
const MIN_USABLE_SHARE = 0.9;

/**
 * The 95% interval of each input's share of variance by a pairs bootstrap (see the file's
 * comment): the percentile interval [a, b] of the signed SRC, squared — [min(a², b²), max(a², b²)],
 * or [0, max(a², b²)] when it straddles 0. Null for an input with no usable interval.
 */
export function shareIntervals(
  x: readonly (readonly number[])[],
  y: readonly number[],
  seed: number,
  resamples = BOOTSTRAP_RESAMPLES,
): ({ low: number; high: number } | null)[] {
  const n = y.length;
  const stream = new RandomStream(streamSeedKey(seed, 0, BOOTSTRAP_STREAM), BOOTSTRAP_STREAM);
  const samples: number[][] = x.map(() => []);
  const rows = new Array<number>(n);
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < n; i++) rows[i] = stream.integer(n);
    const fit = standardisedRegression(
      x.map((column) => rows.map((r) => column[r]!)),
      rows.map((r) => y[r]!),
    );
    fit.src.forEach((src, i) => {
      if (src !== null && Number.isFinite(src)) samples[i]!.push(src);
    });
  }
  return samples.map((values) => {
    if (values.length < MIN_USABLE_SHARE * resamples) return null;
    const sorted = values.sort((a, b) => a - b);
    const a = quantileSorted(sorted, 0.025);
    const b = quantileSorted(sorted, 0.975);
    const high = Math.max(a * a, b * b);
    return a <= 0 && b >= 0 ? { low: 0, high } : { low: Math.min(a * a, b * b), high };
  });
}

/**
 * Least squares of y on the columns of x, every variable standardised: the coefficients are the
 * SRCs. Null where an input did not vary or the fit is singular.
 */
export function standardisedRegression(
  x: readonly (readonly number[])[],
  y: readonly number[],
): { src: (number | null)[]; rSquared: number | null } {
  const n = y.length;
  const standardise = (v: readonly number[]) => {
    const m = v.reduce((s, a) => s + a, 0) / n;
    const sd = Math.sqrt(v.reduce((s, a) => s + (a - m) ** 2, 0) / (n - 1));
    return sd > 0 && Number.isFinite(sd) ? v.map((a) => (a - m) / sd) : null;
  };
  const zy = standardise(y);
  const columns = x.map(standardise);
  const used = columns.flatMap((c, i) => (c === null ? [] : [i]));
  if (zy === null || n <= used.length + 1) return { src: x.map(() => null), rSquared: null };
  const k = used.length;
  // Normal equations (ZᵀZ) β = Zᵀy, solved by Gaussian elimination with partial pivoting.
  const m = used.map((i) => [...used.map((j) => dot(columns[i]!, columns[j]!)), dot(columns[i]!, zy)]);
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let row = col + 1; row < k; row++)
      if (Math.abs(m[row]![col]!) > Math.abs(m[pivot]![col]!)) pivot = row;
    if (Math.abs(m[pivot]![col]!) < 1e-12 * n) return { src: x.map(() => null), rSquared: null };
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let row = 0; row < k; row++) {
      if (row === col) continue;
      const f = m[row]![col]! / m[col]![col]!;
      for (let c = col; c <= k; c++) m[row]![c]! -= f * m[col]![c]!;
    }
  }
  const beta = m.map((row, i) => row[k]! / row[i]!);
  let residual = 0;
  for (let r = 0; r < n; r++) {
    let fit = 0;
    for (let i = 0; i < k; i++) fit += beta[i]! * columns[used[i]!]![r]!;
    residual += (zy[r]! - fit) ** 2;
  }
  const src: (number | null)[] = x.map(() => null);
  used.forEach((i, position) => {
    src[i] = beta[position]!;
  });
  return { src, rSquared: 1 - residual / (n - 1) };
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}
