/**
 * Replication records: one JSON line per finished replication (replications.jsonl), written the
 * moment it finishes by the platform's appender (src/node/records-file.ts), so a crash or Ctrl-C
 * loses nothing already finished.
 *
 * Compact form (careflow-batch/3): a line holds the metric values, in the order of the
 * variant's metric names, which the manifest lists once (manifest.ts), as one base64 string exact
 * to the bit (record-codec.ts); drawn inputs likewise in the manifest's order of input keys, and
 * evidence that repeats a warning as a reference to it. An acute-medical line is ≈ 1.3 kB (a
 * format 2 line, values as decimal text, ≈ 2 kB); the per-day occupancy series (another ≈ 2 kB a
 * simulated year) is written only when the batch asks for it (`--series`). Format 2 lines are
 * still read, so older folders resume and merge.
 *
 * Reading tolerates a torn last line (a write cut short by a power cut or a full disk): it is
 * dropped, and an appender truncates it away before writing, so the next line starts clean.
 * Duplicates (variant, replication) keep the first; anything else malformed is an error.
 * Reading is line by line (RecordScanner), so a caller can keep each record in a compact table
 * (table.ts) without ever holding the file or every record as objects.
 */
import type { Stability } from "../model/stability.js";
import { BatchInputError } from "./input-error.js";
import { decodeValues, encodeValues } from "./record-codec.js";

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
  /** The uncertain inputs this replication drew (a drawn twin's records only), by key. */
  inputs?: Record<string, number>;
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
  /** The uncertain inputs this replication drew (a drawn twin's records only), by key. */
  inputs?: Record<string, number>;
  daily?: DailyFigures;
}

/** Each variant's metric names: what a line's values mean. */
export type RecordLayout = ReadonlyMap<string, readonly string[]> & {
  /** The uncertain inputs' keys (the manifest lists them): drawn inputs are written as values in this order. */
  inputKeys?: readonly string[];
};

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
    ...(record.inputs === undefined ? {} : { inputs: record.inputs }),
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
    ...(record.inputs === undefined ? {} : { inputs: record.inputs }),
  };
}

/** Drawn inputs as base64 values when they are exactly `inputKeys`, in order; else by key. */
function encodeInputs(
  inputs: Record<string, number>,
  inputKeys: readonly string[] | undefined,
): Record<string, number> | string {
  const keys = Object.keys(inputs);
  const same =
    inputKeys !== undefined && keys.length === inputKeys.length && keys.every((k, i) => k === inputKeys[i]);
  return same ? encodeValues(keys.map((k) => inputs[k]!)) : inputs;
}

function decodeInputs(
  value: unknown,
  inputKeys: readonly string[] | undefined,
): Record<string, number> | undefined {
  if (typeof value !== "string") return isNumbers(value) ? (value as Record<string, number>) : undefined;
  const numbers = decodeValues(value);
  if (inputKeys === undefined || numbers === undefined || numbers.length !== inputKeys.length)
    return undefined;
  const inputs: Record<string, number> = {};
  for (let i = 0; i < numbers.length; i++) {
    const x = numbers[i];
    if (typeof x !== "number" || !Number.isFinite(x)) return undefined;
    inputs[inputKeys[i]!] = x;
  }
  return inputs;
}

/** A record's line; `inputKeys` (the layout's) lets drawn inputs be written without their keys. */
export function compactLine(record: CompactRecord, inputKeys?: readonly string[]): string {
  // Fixed key order, so a line's text depends only on its content.
  return `${JSON.stringify({
    variant: record.variant,
    replication: record.replication,
    seed: record.seed,
    complete: record.complete,
    ...(record.stability === undefined
      ? {}
      : {
          stability: {
            verdict: record.stability.verdict,
            evidence: encodeEvidence(record.stability.evidence, record.warnings ?? []),
          },
        }),
    ...(record.warnings === undefined ? {} : { warnings: record.warnings }),
    values: encodeValues(record.values),
    ...(record.daily === undefined
      ? {}
      : { daily: { start: record.daily.start, occupiedBeds: encodeValues(record.daily.occupiedBeds) } }),
    ...(record.inputs === undefined ? {} : { inputs: encodeInputs(record.inputs, inputKeys) }),
  })}\n`;
}

export function recordLine(
  record: ReplicationRecord,
  names: readonly string[],
  inputKeys?: readonly string[],
): string {
  return compactLine(compactRecord(record, names), inputKeys);
}

/**
 * Evidence repeats the warnings it comes from ("growing: X; demand may exceed …" gives "X"), so a
 * line names the warning instead: `i` for the part of warning i after its "kind: " and before
 * its first ";", `[i, rest]` for that part followed by `rest`. Anything else stays text.
 */
const excerpt = (warning: string | undefined): string | undefined => {
  const colon = warning?.indexOf(": ") ?? -1;
  return colon < 0 ? undefined : warning!.slice(colon + 2).split(";")[0]!;
};

/** Shorter references than this save too little to be worth a reader's puzzlement. */
const MIN_EXCERPT = 16;

type EvidenceItem = string | number | [number, string];

function encodeEvidence(evidence: readonly string[], warnings: readonly string[]): EvidenceItem[] {
  const excerpts = warnings.map(excerpt);
  return evidence.map((e) => {
    const i = excerpts.findIndex((x) => x !== undefined && x.length >= MIN_EXCERPT && e.startsWith(x));
    if (i < 0) return e;
    const rest = e.slice(excerpts[i]!.length);
    return rest === "" ? i : [i, rest];
  });
}

function decodeEvidence(items: readonly unknown[], warnings: readonly string[]): string[] | undefined {
  const out: string[] = [];
  for (const item of items) {
    if (typeof item === "string") {
      out.push(item);
      continue;
    }
    const [i, rest] = Array.isArray(item) && item.length === 2 ? item : [item, ""];
    const x = Number.isInteger(i) ? excerpt(warnings[i as number]) : undefined;
    if (x === undefined || typeof rest !== "string") return undefined;
    out.push(x + rest);
  }
  return out;
}

/**
 * A parsed line as a record, or undefined when it is not one. Reads both careflow-batch/3 lines
 * (values as base64, evidence by reference) and careflow-batch/2 lines (values as a JSON array),
 * so a folder of either format resumes and merges with the other.
 */
function asCompactRecord(value: unknown, layout: RecordLayout): CompactRecord | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const r = value as Record<string, unknown>;
  if (typeof r.variant !== "string") return undefined;
  if (!Number.isSafeInteger(r.replication) || (r.replication as number) < 0) return undefined;
  if (!Number.isSafeInteger(r.seed) || typeof r.complete !== "boolean") return undefined;
  const values = numbersOf(r.values);
  if (values === undefined) return undefined;
  const names = layout.get(r.variant);
  // A variant the batch does not have is the caller's to report, with the names it knows.
  if (names !== undefined && values.length !== names.length) return undefined;
  if (
    r.warnings !== undefined &&
    !(Array.isArray(r.warnings) && r.warnings.every((w) => typeof w === "string"))
  )
    return undefined;
  const warnings = r.warnings as string[] | undefined;
  let stability: Stability | undefined;
  if (r.stability !== undefined) {
    stability = asStability(r.stability, warnings ?? []);
    if (stability === undefined) return undefined;
  }
  const inputs = r.inputs === undefined ? undefined : decodeInputs(r.inputs, layout.inputKeys);
  if (r.inputs !== undefined && inputs === undefined) return undefined;
  let daily: DailyFigures | undefined;
  if (r.daily !== undefined) {
    daily = asDailyFigures(r.daily);
    if (daily === undefined) return undefined;
  }
  return {
    variant: r.variant,
    replication: r.replication as number,
    seed: r.seed as number,
    complete: r.complete,
    ...(stability === undefined ? {} : { stability }),
    ...(warnings === undefined ? {} : { warnings }),
    values,
    ...(inputs === undefined ? {} : { inputs }),
    ...(daily === undefined ? {} : { daily }),
  };
}

/** Base64 values (format 3) or a JSON array of numbers and nulls (format 2). */
function numbersOf(value: unknown): (number | null)[] | undefined {
  if (typeof value === "string") return decodeValues(value);
  if (!Array.isArray(value)) return undefined;
  return value.every((v) => v === null || typeof v === "number") ? (value as (number | null)[]) : undefined;
}

function isNumbers(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.values(value).every((x) => typeof x === "number" && Number.isFinite(x))
  );
}

function asStability(value: unknown, warnings: readonly string[]): Stability | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  if (!(v.verdict === "stable" || v.verdict === "near-edge" || v.verdict === "not-stable")) return undefined;
  if (!Array.isArray(v.evidence)) return undefined;
  const evidence = decodeEvidence(v.evidence, warnings);
  return evidence === undefined ? undefined : { verdict: v.verdict, evidence };
}

function asDailyFigures(value: unknown): DailyFigures | undefined {
  if (value === null || typeof value !== "object") return undefined;
  const d = value as Record<string, unknown>;
  const occupiedBeds = numbersOf(d.occupiedBeds);
  if (typeof d.start !== "string" || occupiedBeds === undefined) return undefined;
  if (!occupiedBeds.every((x) => typeof x === "number" && Number.isFinite(x))) return undefined;
  return { start: d.start, occupiedBeds: occupiedBeds as number[] };
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
    const record = asCompactRecord(parsed, this.layout);
    if (record === undefined) {
      this.pendingBad = this.lineNumber;
      return;
    }
    if (!this.layout.has(record.variant)) {
      throw new BatchInputError(
        `${this.path}, line ${this.lineNumber}: replication ${record.replication} of "${record.variant}", a variant this batch does not have`,
      );
    }
    this.scanned.intactBytes += bytes;
    if (this.keep(record)) this.scanned.records++;
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
