/**
 * RecordTable: a batch's replication records kept as columns of doubles, so that 100,000
 * replications of ~100 metrics cost ~80 MB a variant rather than gigabytes of objects, and
 * records can be added one at a time as a file is read or a replication finishes.
 *
 * Each record lands at its replication's row, so the order records arrive in (completion order,
 * shard after shard) never matters: every figure is then taken in replication order, exactly as
 * from records sorted by (variant order, replication), which keeps summaries byte-identical
 * however the batch was run, resumed or split.
 */

import type { Stability } from "../model/stability.js";
import { type BatchManifest, recordLayout } from "./manifest.js";
import type { VariantSpec } from "./plan.js";
import { type CompactRecord, type DailyFigures, notesOf, type ReplicationRecord } from "./records.js";

interface Columns {
  name: string;
  metrics: readonly string[];
  metricIndex: Map<string, number>;
  capacity: number;
  /** Row-major: row r holds replication r's values; NaN stands for null. */
  values: Float64Array;
  /** 0: no record; k + 1: the record came from source k (a shard, in merge's messages). */
  source: Int32Array;
  complete: Uint8Array;
  /** Each row's stability verdict and warnings (short strings; absent in older records). */
  notes: ({ stability?: Stability; warnings?: string[] } | undefined)[];
  /** The per-day series, in hundredths when exactly so (they are rounded to 2 decimals). */
  daily: (Int32Array | Float64Array | undefined)[];
  dailyStart: (string | undefined)[];
}

const INITIAL_ROWS = 64;

/** Some replications' per-day series, read one value at a time (no copy of them all). */
export interface DailySeriesSet {
  start: string;
  count: number;
  length: (i: number) => number;
  value: (i: number, day: number) => number;
}

function centi(values: readonly number[]): Int32Array | Float64Array {
  const out = new Int32Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const k = Math.round(values[i]! * 100);
    if (k / 100 !== values[i] || Math.abs(k) > 2 ** 31 - 1) return Float64Array.from(values);
    out[i] = k;
  }
  return out;
}

function fromCenti(series: Int32Array | Float64Array): number[] {
  const out = new Array<number>(series.length);
  const scale = series instanceof Int32Array ? 100 : 1;
  for (let i = 0; i < series.length; i++) out[i] = series[i]! / scale;
  return out;
}

export class RecordTable {
  private readonly columns: Columns[];
  private readonly byName: Map<string, Columns>;
  /** A shard's table keeps only its replications r = offset + k·stride, at row k. */
  private readonly offset: number;
  private readonly stride: number;

  /**
   * `variants` in the batch's order, each with its metric names in its records' order; `rows`,
   * when known, the replications to make room for at once (growing by doubling would briefly
   * hold one and a half times the columns); `shard`, when the table is one shard's, which
   * replications it holds (so a shard of a 100,000-replication batch keeps only its own rows).
   */
  constructor(
    variants: readonly { name: string; metrics: readonly string[] }[],
    rows = 0,
    shard?: { index: number; count: number },
  ) {
    this.offset = shard?.index ?? 0;
    this.stride = shard?.count ?? 1;
    this.columns = variants.map((v) => ({
      name: v.name,
      metrics: v.metrics,
      metricIndex: new Map(v.metrics.map((m, i) => [m, i])),
      capacity: 0,
      values: new Float64Array(0),
      source: new Int32Array(0),
      complete: new Uint8Array(0),
      notes: [],
      daily: [],
      dailyStart: [],
    }));
    this.byName = new Map(this.columns.map((c) => [c.name, c]));
    const ownRows = this.rowLimit(rows);
    if (ownRows > 0) for (const c of this.columns) this.ensure(c, ownRows);
  }

  /** The row of replication r, or −1 when this (shard's) table cannot hold it. */
  private row(replication: number): number {
    const k = replication - this.offset;
    return k >= 0 && k % this.stride === 0 ? k / this.stride : -1;
  }

  /** Rows of replications 0 … n − 1. */
  private rowLimit(n: number): number {
    return n <= this.offset ? 0 : Math.ceil((n - this.offset) / this.stride);
  }

  /**
   * A table of records given as objects (tests, small callers). Each variant's metrics are
   * those of its records, in the order the lowest replication lists them, then any others.
   */
  static fromRecords(variants: readonly VariantSpec[], records: readonly ReplicationRecord[]): RecordTable {
    const sorted = [...records].sort((a, b) => a.replication - b.replication);
    const names = variants.map((v) => {
      const seen = new Set<string>();
      for (const r of sorted) if (r.variant === v.name) for (const m of Object.keys(r.metrics)) seen.add(m);
      return { name: v.name, metrics: [...seen] };
    });
    const table = new RecordTable(names);
    for (const r of records) {
      const metrics = table.metricNames(r.variant);
      if (metrics === undefined || table.has(r.variant, r.replication)) continue;
      table.add({
        variant: r.variant,
        replication: r.replication,
        seed: r.seed,
        complete: r.complete,
        ...notesOf(r),
        values: metrics.map((m) => (typeof r.metrics[m] === "number" ? r.metrics[m] : null)),
        ...(r.daily === undefined ? {} : { daily: r.daily }),
      });
    }
    return table;
  }

  get variantNames(): string[] {
    return this.columns.map((c) => c.name);
  }

  knows(variant: string): boolean {
    return this.byName.has(variant);
  }

  metricNames(variant: string): readonly string[] | undefined {
    return this.byName.get(variant)?.metrics;
  }

  has(variant: string, replication: number): boolean {
    const c = this.byName.get(variant);
    const row = this.row(replication);
    return c !== undefined && row >= 0 && row < c.capacity && c.source[row] !== 0;
  }

  /** The source an already present record came from, or undefined when absent. */
  sourceOf(variant: string, replication: number): number | undefined {
    const c = this.byName.get(variant);
    const row = this.row(replication);
    if (c === undefined || row < 0 || row >= c.capacity || c.source[row] === 0) return undefined;
    return c.source[row]! - 1;
  }

  /**
   * Keeps a record (its variant must be known, its values as many as the variant's metrics);
   * returns false, keeping the first, when that replication is already there.
   */
  add(record: CompactRecord, source = 0): boolean {
    const c = this.byName.get(record.variant);
    if (c === undefined) throw new Error(`no variant ${record.variant} in this table`);
    if (record.values.length !== c.metrics.length) {
      throw new Error(
        `replication ${record.replication} of ${record.variant}: ${record.values.length} values`,
      );
    }
    const r = this.row(record.replication);
    if (r < 0) throw new Error(`replication ${record.replication} is not this shard's`);
    this.ensure(c, r + 1);
    if (c.source[r] !== 0) return false;
    c.source[r] = source + 1;
    c.complete[r] = record.complete ? 1 : 0;
    if (record.stability !== undefined || record.warnings !== undefined) c.notes[r] = notesOf(record);
    const m = c.metrics.length;
    for (let k = 0; k < m; k++) c.values[r * m + k] = record.values[k] ?? Number.NaN;
    if (record.daily !== undefined) {
      c.daily[r] = centi(record.daily.occupiedBeds);
      c.dailyStart[r] = record.daily.start;
    }
    return true;
  }

  private ensure(c: Columns, rows: number): void {
    if (rows <= c.capacity) return;
    const capacity = c.capacity === 0 ? rows : Math.max(rows, INITIAL_ROWS, c.capacity * 2);
    const values = new Float64Array(capacity * c.metrics.length);
    values.set(c.values);
    const source = new Int32Array(capacity);
    source.set(c.source);
    const complete = new Uint8Array(capacity);
    complete.set(c.complete);
    Object.assign(c, { capacity, values, source, complete });
  }

  /** Records of `variant` among replications 0 … n − 1. */
  count(variant: string, n: number): number {
    const c = this.byName.get(variant);
    if (c === undefined) return 0;
    let count = 0;
    for (let r = 0; r < Math.min(this.rowLimit(n), c.capacity); r++) if (c.source[r] !== 0) count++;
    return count;
  }

  /** Records of `variant` among replications 0 … n − 1 that stopped at the event limit. */
  incomplete(variant: string, n: number): number {
    const c = this.byName.get(variant);
    if (c === undefined) return 0;
    let count = 0;
    const rows = Math.min(this.rowLimit(n), c.capacity);
    for (let r = 0; r < rows; r++) if (c.source[r] !== 0 && c.complete[r] === 0) count++;
    return count;
  }

  /**
   * Each present replication's verdict among 0 … n − 1, in replication order; records from before
   * careflow kept one are judged by whether they finished.
   */
  stabilities(variant: string, n: number): Stability[] {
    const c = this.byName.get(variant);
    if (c === undefined) return [];
    const out: Stability[] = [];
    const rows = Math.min(this.rowLimit(n), c.capacity);
    for (let r = 0; r < rows; r++) {
      if (c.source[r] === 0) continue;
      const own = c.notes[r]?.stability;
      out.push(
        own ??
          (c.complete[r] === 1
            ? { verdict: "stable", evidence: [] }
            : {
                verdict: "not-stable",
                evidence: ["the run stopped early; its figures cover only the part simulated"],
              }),
      );
    }
    return out;
  }

  /** Each distinct warning among replications 0 … n − 1, first seen first, with how many gave it. */
  warnings(variant: string, n: number): { text: string; replications: number }[] {
    const c = this.byName.get(variant);
    if (c === undefined) return [];
    const counts = new Map<string, number>();
    const rows = Math.min(this.rowLimit(n), c.capacity);
    for (let r = 0; r < rows; r++) {
      if (c.source[r] === 0) continue;
      for (const w of new Set(c.notes[r]?.warnings ?? [])) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
    return [...counts].map(([text, replications]) => ({ text, replications }));
  }

  /** Every (variant, replication) the table holds, as [variant, replication] pairs, in order. */
  *keys(): Generator<[string, number]> {
    for (const c of this.columns) {
      for (let r = 0; r < c.capacity; r++)
        if (c.source[r] !== 0) yield [c.name, this.offset + r * this.stride];
    }
  }

  /** Bytes of the typed arrays holding the records (the per-day series not counted). */
  get columnBytes(): number {
    let total = 0;
    for (const c of this.columns) total += c.values.byteLength + c.source.byteLength + c.complete.byteLength;
    return total;
  }

  get size(): number {
    let total = 0;
    for (const c of this.columns) for (let r = 0; r < c.capacity; r++) if (c.source[r] !== 0) total++;
    return total;
  }

  /** A metric's non-null values over replications 0 … n − 1, in replication order. */
  values(variant: string, metric: string, n: number): number[] {
    const c = this.byName.get(variant);
    const k = c?.metricIndex.get(metric);
    if (c === undefined || k === undefined) return [];
    const m = c.metrics.length;
    const out: number[] = [];
    for (let r = 0; r < Math.min(this.rowLimit(n), c.capacity); r++) {
      if (c.source[r] === 0) continue;
      const v = c.values[r * m + k]!;
      if (!Number.isNaN(v)) out.push(v);
    }
    return out;
  }

  /**
   * A metric's values in the replications both variants have non-null, paired by replication
   * (common random numbers), over replications 0 … n − 1.
   */
  pairs(variant: string, baseline: string, metric: string, n: number): { v: number[]; b: number[] } {
    const out = { v: [] as number[], b: [] as number[] };
    const cv = this.byName.get(variant);
    const cb = this.byName.get(baseline);
    const kv = cv?.metricIndex.get(metric);
    const kb = cb?.metricIndex.get(metric);
    if (cv === undefined || cb === undefined || kv === undefined || kb === undefined) return out;
    const mv = cv.metrics.length;
    const mb = cb.metrics.length;
    for (let r = 0; r < Math.min(this.rowLimit(n), cv.capacity, cb.capacity); r++) {
      if (cv.source[r] === 0 || cb.source[r] === 0) continue;
      const x = cv.values[r * mv + kv]!;
      const y = cb.values[r * mb + kb]!;
      if (!Number.isNaN(x) && !Number.isNaN(y)) {
        out.v.push(x);
        out.b.push(y);
      }
    }
    return out;
  }

  /**
   * The per-day series of replications 0 … n − 1 in replication order, or undefined when any of
   * them lacks one or they start on different days: a fan over some replications only would
   * pass for the whole batch.
   */
  dailySeries(variant: string, n: number): DailySeriesSet | undefined {
    const c = this.byName.get(variant);
    if (c === undefined) return undefined;
    let start: string | undefined;
    const series: (Int32Array | Float64Array)[] = [];
    for (let r = 0; r < Math.min(this.rowLimit(n), c.capacity); r++) {
      if (c.source[r] === 0) continue;
      const s = c.daily[r];
      if (s === undefined) return undefined;
      start ??= c.dailyStart[r];
      if (c.dailyStart[r] !== start) return undefined;
      series.push(s);
    }
    if (start === undefined) return undefined;
    return {
      start,
      count: series.length,
      length: (i) => series[i]!.length,
      value: (i, day) => {
        const s = series[i]!;
        return s instanceof Int32Array ? s[day]! / 100 : s[day]!;
      },
    };
  }

  /** Replication r of `variant` as a line holds it, or undefined when absent. */
  compact(variant: string, replication: number, seed: number): CompactRecord | undefined {
    const c = this.byName.get(variant);
    const row = this.row(replication);
    if (c === undefined || row < 0 || row >= c.capacity || c.source[row] === 0) return undefined;
    const m = c.metrics.length;
    const values: (number | null)[] = new Array(m);
    for (let k = 0; k < m; k++) {
      const v = c.values[row * m + k]!;
      values[k] = Number.isNaN(v) ? null : v;
    }
    const series = c.daily[row];
    const daily: DailyFigures | undefined =
      series === undefined ? undefined : { start: c.dailyStart[row]!, occupiedBeds: fromCenti(series) };
    return {
      variant,
      replication,
      seed,
      complete: c.complete[row] === 1,
      ...notesOf(c.notes[row] ?? {}),
      values,
      ...(daily === undefined ? {} : { daily }),
    };
  }
}

/** An empty table for the manifest's variants and their metrics. */
export function tableFor(manifest: BatchManifest): RecordTable {
  const layout = recordLayout(manifest);
  return new RecordTable(
    manifest.variants.map((v) => ({ name: v.name, metrics: layout.get(v.name) ?? [] })),
    manifest.replications ?? 0,
    manifest.shard ?? undefined,
  );
}
