/**
 * fan.json: day-by-day quantiles of total occupied beds across replications, for the report's
 * fan chart. Quantiles, not the raw series, so the file and the chart stay small however many
 * replications there are (a day costs seven numbers a variant, never n).
 *
 * Determinism as in aggregate.ts: records come sorted by (variant, replication), each day's
 * values are sorted before taking quantiles and summed in replication order, so any worker
 * count or shard split gives the same bytes.
 */

import { quantileSorted } from "../stats/intervals.js";
import { asTable, type RecordSource } from "./aggregate.js";
import type { BatchManifest } from "./manifest.js";
import type { ReplicationRecord } from "./records.js";
import type { DailySeriesSet } from "./table.js";

export const FAN_FORMAT = "careflow-batch-fan/1";

/** The 50 % band (p25–p75) and the 90 % band (p5–p95) around the median. */
export const FAN_QUANTILES = { p5: 0.05, p25: 0.25, p50: 0.5, p75: 0.75, p95: 0.95 } as const;
export type FanQuantile = keyof typeof FAN_QUANTILES;

export interface FanVariant {
  name: string;
  /** Date of day 0, the first observed day. */
  start: string;
  replications: number;
  /** Replications that reached each day (fewer only when some stopped at the event limit). */
  n: number[];
  mean: number[];
  quantiles: Record<FanQuantile, number[]>;
}

export interface BatchFan {
  format: typeof FAN_FORMAT;
  series: "occupiedBeds";
  unit: "beds";
  description: string;
  variants: FanVariant[];
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * One variant's fan, or undefined when any of its records lacks the daily series (a batch run
 * without --series, or records from an older careflow): a fan over some replications only
 * would pass for the whole batch.
 */
export function fanVariant(name: string, records: readonly ReplicationRecord[]): FanVariant | undefined {
  const series: number[][] = [];
  let start: string | undefined;
  for (const r of [...records].sort((a, b) => a.replication - b.replication)) {
    if (r.daily === undefined) return undefined;
    start ??= r.daily.start;
    if (r.daily.start !== start) return undefined;
    series.push(r.daily.occupiedBeds);
  }
  if (start === undefined) return undefined;
  return fanOf(name, {
    start,
    count: series.length,
    length: (i) => series[i]!.length,
    value: (i, day) => series[i]![day]!,
  });
}

/** The fan of some replications' series, given in replication order. */
export function fanOf(name: string, set: DailySeriesSet): FanVariant {
  let days = 0;
  for (let i = 0; i < set.count; i++) days = Math.max(days, set.length(i));
  const fan: FanVariant = {
    name,
    start: set.start,
    replications: set.count,
    n: [],
    mean: [],
    quantiles: { p5: [], p25: [], p50: [], p75: [], p95: [] },
  };
  const keys = Object.keys(FAN_QUANTILES) as FanQuantile[];
  for (let day = 0; day < days; day++) {
    const values: number[] = [];
    for (let i = 0; i < set.count; i++) if (day < set.length(i)) values.push(set.value(i, day));
    let total = 0;
    for (const v of values) total += v;
    values.sort((a, b) => a - b);
    fan.n.push(values.length);
    fan.mean.push(round2(total / values.length));
    for (const key of keys) fan.quantiles[key].push(round2(quantileSorted(values, FAN_QUANTILES[key])));
  }
  return fan;
}

/** The fan of every variant that has daily series; undefined when none has. */
export function fanTable(manifest: BatchManifest, records: RecordSource, n: number): BatchFan | undefined {
  const table = asTable(manifest.variants, records);
  const variants = manifest.variants.flatMap((v) => {
    const set = table.dailySeries(v.name, n);
    return set === undefined ? [] : [fanOf(v.name, set)];
  });
  if (variants.length === 0) return undefined;
  return {
    format: FAN_FORMAT,
    series: "occupiedBeds",
    unit: "beds",
    description:
      "Occupied beds over all wards (the sum of each ward's daily mean), by day after warm-up: " +
      "mean and quantiles across replications (type 7)",
    variants,
  };
}

/** JSON with each array of numbers on one line: a year of days stays readable and diffable. */
export function fanJson(fan: BatchFan): string {
  return `${JSON.stringify(fan, null, 2).replace(/\[\s*([-\d.e+,\s]*?)\s*\]/g, (_, inner: string) =>
    inner.trim() === "" ? "[]" : `[${inner.trim().split(/,\s*/).join(", ")}]`,
  )}\n`;
}
