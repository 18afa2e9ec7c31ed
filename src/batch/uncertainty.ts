/**
 * Two kinds of interval, said apart. When a scenario has uncertain inputs, each variant of a batch
 * runs twice per replication index r, with the same simulation streams:
 *
 * - at the inputs' central values: today's records, summary and comparison, whose confidence
 *   intervals cover simulation noise only ("how well the replications pin down the model's answer
 *   at the central inputs");
 * - as its drawn twin, "<variant> (inputs drawn)", where replication r first draws every uncertain
 *   input once from the input's own stream: the spread of these replications' values (their 2.5th
 *   to 97.5th percentiles) covers the uncertainty in the inputs and the simulation noise together
 *   ("where the answer may lie, given what we do not know about the inputs").
 *
 * The twin's draws for replication r are the same in every variant, so the differences between
 * variants are paired by input draw as well as by the simulation streams. Running the central set
 * separately (rather than reading a noise-only interval off a nested design) costs one extra
 * replication per draw, and keeps the central results exactly what they were before any input was
 * marked uncertain.
 */

import {
  describeInput,
  formatInputValue,
  hasSpread,
  inputQuantile,
  type UncertainInput,
} from "../scenario/uncertain.js";
import { quantileSorted } from "../stats/intervals.js";
import type { BatchComparison, BatchSummary, RecordSource } from "./aggregate.js";
import { groupRecords, metricOrder, metricValues } from "./aggregate.js";
import type { BatchManifest } from "./manifest.js";
import type { VariantSpec } from "./plan.js";
import { expandRecord, type ReplicationRecord } from "./records.js";
import { RecordTable } from "./table.js";
import type { DifferenceInputUncertainty, InputDescription, InputInterval } from "./uncertainty-types.js";

export type {
  DifferenceInputUncertainty,
  InputDescription,
  InputInterval,
  VariantInputUncertainty,
} from "./uncertainty-types.js";

/** Share of draws the interval over inputs and noise covers. */
export const INPUT_COVERAGE = 0.95;

export const INPUT_INTERVAL_DESCRIPTION =
  "Each replication drew every uncertain input once; low and high are the 2.5th and 97.5th " +
  "percentiles (type 7) of those replications' values, so they cover the uncertainty in the " +
  "inputs and the simulation noise together. mean is the mean over the draws. The ciLow/ciHigh " +
  "intervals elsewhere cover simulation noise only, at the inputs' central values.";

export const DRAWN_SUFFIX = " (inputs drawn)";
export const drawnTwinName = (name: string): string => `${name}${DRAWN_SUFFIX}`;

export function describeInputs(inputs: readonly UncertainInput[]): InputDescription[] {
  return inputs.filter(hasSpread).map((input) => {
    const p10 = inputQuantile(input.distribution, 0.1);
    const p90 = inputQuantile(input.distribution, 0.9);
    return {
      key: input.key,
      unit: input.unit,
      distribution: describeInput(input),
      source: input.source,
      central: input.central,
      p10,
      p90,
      shown: {
        central: formatInputValue(input, input.central),
        p10: formatInputValue(input, p10),
        p90: formatInputValue(input, p90),
      },
    };
  });
}

/** Each variant, then (when some input can vary) each variant's drawn twin. */
export function withDrawnTwins(variants: readonly VariantSpec[], uncertain: boolean): VariantSpec[] {
  if (!uncertain) return [...variants];
  return [
    ...variants,
    ...variants.map((v) => ({ ...v, name: drawnTwinName(v.name), inputs: "drawn" as const })),
  ];
}

/** The manifest as it was before inputs could be drawn: the central variants only. */
export function centralManifest(manifest: BatchManifest): BatchManifest {
  if (manifest.variants.every((v) => v.inputs === undefined)) return manifest;
  return { ...manifest, variants: manifest.variants.filter((v) => v.inputs === undefined) };
}

function finite(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

function spread(values: readonly number[]): InputInterval {
  if (values.length === 0) return { mean: null, low: null, high: null };
  const sorted = [...values].sort((a, b) => a - b);
  let total = 0;
  for (const v of values) total += v;
  const tail = (1 - INPUT_COVERAGE) / 2;
  return {
    mean: finite(total / values.length),
    low: finite(quantileSorted(sorted, tail)),
    high: finite(quantileSorted(sorted, 1 - tail)),
  };
}

/**
 * Adds the interval over inputs and noise to each variant of the summary and each comparison,
 * from the drawn twins' records. Does nothing when the batch has no twins.
 */
/** The drawn twins' records as objects: few metrics' worth, whatever kept them. */
function twinRecords(
  source: RecordSource,
  twins: readonly VariantSpec[],
  n: number,
  seed: number,
): ReplicationRecord[] {
  if (!(source instanceof RecordTable)) return source.filter((r) => twins.some((t) => t.name === r.variant));
  const out: ReplicationRecord[] = [];
  for (const t of twins) {
    const names = source.metricNames(t.name) ?? [];
    for (let r = 0; r < n; r++) {
      const compact = source.compact(t.name, r, seed);
      if (compact !== undefined) out.push(expandRecord(compact, names));
    }
  }
  return out;
}

export function addInputUncertainty(
  manifest: BatchManifest,
  source: RecordSource,
  n: number,
  summary: BatchSummary,
  comparison: BatchComparison | undefined,
): void {
  const twins = manifest.variants.filter((v) => v.inputs === "drawn");
  if (twins.length === 0) return;
  const records = twinRecords(source, twins, n, manifest.seed);
  const groups = groupRecords(records, twins, n);
  const drawnOf = (name: string) => groups.get(drawnTwinName(name)) ?? [];
  summary.inputs = manifest.uncertainInputs ?? [];
  summary.inputIntervalDescription = INPUT_INTERVAL_DESCRIPTION;
  for (const variant of summary.variants) {
    const drawn = drawnOf(variant.name);
    const metrics: Record<string, InputInterval> = {};
    for (const name of metricOrder(drawn)) metrics[name] = spread(metricValues(drawn, name));
    variant.inputUncertainty = {
      variant: drawnTwinName(variant.name),
      replications: drawn.length,
      notStable: drawn.filter((r) => r.stability?.verdict === "not-stable").length,
      coverage: INPUT_COVERAGE,
      metrics,
    };
  }
  for (const c of comparison?.comparisons ?? []) {
    c.inputUncertainty = pairedSpread(drawnOf(c.variant), drawnOf(c.baseline), c.variant, c.baseline);
  }
}

function pairedSpread(
  variant: readonly ReplicationRecord[],
  baseline: readonly ReplicationRecord[],
  variantName: string,
  baselineName: string,
): DifferenceInputUncertainty {
  const byReplication = new Map(baseline.map((r) => [r.replication, r]));
  const metrics: DifferenceInputUncertainty["metrics"] = {};
  let pairs = 0;
  for (const name of metricOrder([...variant, ...baseline])) {
    const differences: number[] = [];
    for (const r of variant) {
      const x = r.metrics[name];
      const y = byReplication.get(r.replication)?.metrics[name];
      if (typeof x === "number" && typeof y === "number") differences.push(x - y);
    }
    pairs = Math.max(pairs, differences.length);
    const s = spread(differences);
    metrics[name] = { meanDifference: s.mean, low: s.low, high: s.high };
  }
  return { variant: variantName, baseline: baselineName, pairs, coverage: INPUT_COVERAGE, metrics };
}
