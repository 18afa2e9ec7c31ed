/**
 * Replication records: one JSON line per finished replication (replications.jsonl), written the
 * moment it finishes by the platform's appender (src/node/records-file.ts), so a crash or Ctrl-C
 * loses nothing already finished.
 *
 * Compact form (careflow-batch/2): a line holds the metric values as an array, in the order of
 * the variant's metric names, which the manifest lists once (manifest.ts). With ~100 metrics a
 * line is ≈ 1.2 kB where named metrics took ≈ 4 kB; the per-day occupancy series (another
 * ≈ 3 kB a simulated year) is written only when the batch asks for it (`--series`).
 *
 * Reading tolerates a torn last line (a write cut short by a power cut or a full disk): it is
 * dropped, and an appender truncates it away before writing, so the next line starts clean.
 * Duplicates (variant, replication) keep the first; anything else malformed is an error.
 * Reading is line by line (RecordScanner), so a caller can keep each record in a compact table
 * (table.ts) without ever holding the file or every record as objects.
 */
import type { Stability } from "../model/stability.js";
import { BatchInputError } from "./input-error.js";

export const RECORDS_FILE = "replications.jsonl";

export interface ReplicationRecord {
  variant: string;
  replication: number;
  seed: number;
  /** False when the run stopped early (event limit, overload guard). */
  complete: boolean;
  /** The run's stability verdict; absent in records written before careflow kept it. */
  stability?: Stability;
  /** The run's warnings (unstable loads, growing queues, …), as the terminal prints them. */
  warnings?: string[];
  metrics: Record<string, number | null>;
  /** Day-by-day figures for charts over time; only in batches run with `--series`. */
  daily?: DailyFigures;
}

export interface DailyFigures {
  /** Date of the first observed day (after warm-up), YYYY-MM-DD. */
  start: string;
  /** Occupied beds summed over the wards, each day's mean, rounded to 2 decimals. */
  occupiedBeds: number[];
}

/** A record as a line holds it: the values in the order of its variant's metric names. */
export interface CompactRecord {
  variant: string;
  replication: number;
  seed: number;
  complete: boolean;
  /** The run's stability verdict and warnings (absent in records of older releases). */
  stability?: Stability;
  warnings?: string[];
  values: (number | null)[];
  daily?: DailyFigures;
}

/** Each variant's metric names: what a line's values mean. */
export type RecordLayout = ReadonlyMap<string, readonly string[]>;

/** A record's stability and warnings, when it has them, as fields to spread. */
export function notesOf(record: { stability?: Stability; warnings?: string[] }): {
  stability?: Stability;
  warnings?: string[];
} {
  return {
    ...(record.stability === undefined
      ? {}
      : { stability: { verdict: record.stability.verdict, evidence: record.stability.evidence } }),
    ...(record.warnings === undefined ? {} : { warnings: record.warnings }),
  };
}

export function compactRecord(record: ReplicationRecord, names: readonly string[]): CompactRecord {
  const keys = Object.keys(record.metrics);
  if (keys.length !== names.length || names.some((name) => !(name in record.metrics))) {
    throw new Error(
      `replication ${record.replication} of ${record.variant} has other metrics than its layout`,
    );
  }
  return {
    variant: record.variant,
    replication: record.replication,
    seed: record.seed,
    complete: record.complete,
    ...notesOf(record),
    values: names.map((name) => record.metrics[name] ?? null),
    ...(record.daily === undefined ? {} : { daily: record.daily }),
  };
}

export function expandRecord(record: CompactRecord, names: readonly string[]): ReplicationRecord {
  const metrics: Record<string, number | null> = {};
  names.forEach((name, i) => {
    metrics[name] = record.values[i] ?? null;
  });
  return {
    variant: record.variant,
    replication: record.replication,
    seed: record.seed,
    complete: record.complete,
    ...notesOf(record),
    metrics,
    ...(record.daily === undefined ? {} : { daily: record.daily }),
  };
}

export function compactLine(record: CompactRecord): string {
  // Fixed key order, so a line's text depends only on its content.
  return `${JSON.stringify({
    variant: record.variant,
    replication: record.replication,
    seed: record.seed,
    complete: record.complete,
    ...notesOf(record),
    values: record.values,
    ...(record.daily === undefined
      ? {}
      : { daily: { start: record.daily.start, occupiedBeds: record.daily.occupiedBeds } }),
  })}\n`;
}

export function recordLine(record: ReplicationRecord, names: readonly string[]): string {
  return compactLine(compactRecord(record, names));
}

function isCompactRecord(value: unknown, layout: RecordLayout): value is CompactRecord {
  if (value === null || typeof value !== "object") return false;
  const r = value as Record<string, unknown>;
  if (typeof r.variant !== "string") return false;
  if (!Number.isSafeInteger(r.replication) || (r.replication as number) < 0) return false;
  if (!Number.isSafeInteger(r.seed) || typeof r.complete !== "boolean") return false;
  const values = r.values;
  if (!Array.isArray(values)) return false;
  const names = layout.get(r.variant);
  // A variant the batch does not have is the caller's to report, with the names it knows.
  if (names !== undefined && values.length !== names.length) return false;
  for (const v of values) if (v !== null && typeof v !== "number") return false;
  if (r.stability !== undefined && !isStability(r.stability)) return false;
  if (
    r.warnings !== undefined &&
    !(Array.isArray(r.warnings) && r.warnings.every((w) => typeof w === "string"))
  )
    return false;
  return r.daily === undefined || isDailyFigures(r.daily);
}

function isStability(value: unknown): value is Stability {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return (
    (v.verdict === "stable" || v.verdict === "near-edge" || v.verdict === "not-stable") &&
    Array.isArray(v.evidence) &&
    v.evidence.every((x) => typeof x === "string")
  );
}

function isDailyFigures(value: unknown): value is DailyFigures {
  if (value === null || typeof value !== "object") return false;
  const d = value as Record<string, unknown>;
  return (
    typeof d.start === "string" &&
    Array.isArray(d.occupiedBeds) &&
    d.occupiedBeds.every((x) => typeof x === "number" && Number.isFinite(x))
  );
}

/** What was read of a records file, beside the records themselves. */
export interface RecordsScanned {
  /** Byte length of the intact part of the file (before any torn last line). */
  intactBytes: number;
  tornLine: boolean;
  duplicates: number;
  /** Records kept (first of each key). */
  records: number;
}

export interface ReadRecords extends Omit<RecordsScanned, "records"> {
  records: ReplicationRecord[];
}

export const recordKey = (variant: string, replication: number): string => `${variant}\u0000${replication}`;

/**
 * Reads a records file line by line, as its bytes arrive: `line` for each newline-terminated
 * line, `end` with whatever follows the last newline. `keep` decides about each parsed record
 * (false: a duplicate). A bad line is an error unless it is the very last line of the file and
 * nothing follows it: a torn write that happened to end where a newline would be.
 */
export class RecordScanner {
  private lineNumber = 0;
  private pendingBad: number | undefined;
  private readonly scanned: RecordsScanned = { intactBytes: 0, tornLine: false, duplicates: 0, records: 0 };

  constructor(
    private readonly path: string,
    private readonly layout: RecordLayout,
    private readonly keep: (record: CompactRecord) => boolean,
  ) {}

  /** One line without its newline; `bytes` its length in bytes, newline included. */
  line(text: string, bytes: number): void {
    this.lineNumber++;
    this.refusePendingBad();
    if (text.trim() === "") {
      this.scanned.intactBytes += bytes;
      return;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    if (!isCompactRecord(parsed, this.layout)) {
      this.pendingBad = this.lineNumber;
      return;
    }
    if (!this.layout.has(parsed.variant)) {
      throw new BatchInputError(
        `${this.path}, line ${this.lineNumber}: replication ${parsed.replication} of "${parsed.variant}", a variant this batch does not have`,
      );
    }
    this.scanned.intactBytes += bytes;
    if (this.keep(parsed)) this.scanned.records++;
    else this.scanned.duplicates++;
  }

  /** The text after the last newline: empty for an intact file, else a torn line. */
  end(remainder: string): RecordsScanned {
    if (this.pendingBad !== undefined && remainder.trim() === "") {
      this.scanned.tornLine = true;
      return this.scanned;
    }
    this.refusePendingBad();
    this.scanned.tornLine = remainder.trim() !== "";
    return this.scanned;
  }

  private refusePendingBad(): void {
    if (this.pendingBad !== undefined) {
      throw new BatchInputError(`${this.path}, line ${this.pendingBad}: not a replication record`);
    }
  }
}

/** Parses the text of a records file into objects (small files); `path` names it in messages. */
export function parseRecords(text: string, path: string, layout: RecordLayout): ReadRecords {
  const records: ReplicationRecord[] = [];
  const seen = new Set<string>();
  const scanner = new RecordScanner(path, layout, (r) => {
    const key = recordKey(r.variant, r.replication);
    if (seen.has(key)) return false;
    seen.add(key);
    records.push(expandRecord(r, layout.get(r.variant) ?? []));
    return true;
  });
  const utf8 = new TextEncoder();
  const lines = text.split("\n");
  for (let i = 0; i < lines.length - 1; i++) scanner.line(lines[i]!, utf8.encode(lines[i]!).length + 1);
  const { records: _count, ...scanned } = scanner.end(lines[lines.length - 1]!);
  return { records, ...scanned };
}

/** Sorts by (variant order, replication): the one order every summary is computed in. */
export function sortRecords(
  records: readonly ReplicationRecord[],
  variantOrder: readonly string[],
): ReplicationRecord[] {
  const rank = new Map(variantOrder.map((name, i) => [name, i]));
  return [...records].sort(
    (a, b) =>
      (rank.get(a.variant) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b.variant) ?? Number.MAX_SAFE_INTEGER) ||
      a.replication - b.replication,
  );
}
