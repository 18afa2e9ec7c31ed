/**
 * Replication records: one JSON line per finished replication (replications.jsonl), written the
 * moment it finishes by the platform's appender (src/node/records-file.ts), so a crash or Ctrl-C
 * loses nothing already finished.
 *
 * Reading tolerates a torn last line (a write cut short by a power cut or a full disk): it is
 * dropped, and an appender truncates it away before writing, so the next line starts clean.
 * Duplicates (variant, replication) keep the first; anything else malformed is an error.
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
  /**
   * Day-by-day figures for charts over time. Absent in records written before careflow kept
   * them; readers then simply have no fan chart.
   */
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

export function recordLine(record: ReplicationRecord): string {
  // Fixed key order, so a line's text depends only on its content.
  return `${JSON.stringify({
    variant: record.variant,
    replication: record.replication,
    seed: record.seed,
    complete: record.complete,
    ...(record.stability === undefined
      ? {}
      : { stability: { verdict: record.stability.verdict, evidence: record.stability.evidence } }),
    ...(record.warnings === undefined ? {} : { warnings: record.warnings }),
    metrics: record.metrics,
    ...(record.daily === undefined
      ? {}
      : { daily: { start: record.daily.start, occupiedBeds: record.daily.occupiedBeds } }),
    ...(record.inputs === undefined ? {} : { inputs: record.inputs }),
  })}\n`;
}

function isRecord(value: unknown): value is ReplicationRecord {
  if (value === null || typeof value !== "object") return false;
  const r = value as Record<string, unknown>;
  if (typeof r.variant !== "string") return false;
  if (!Number.isSafeInteger(r.replication) || (r.replication as number) < 0) return false;
  if (!Number.isSafeInteger(r.seed) || typeof r.complete !== "boolean") return false;
  const metrics = r.metrics;
  if (metrics === null || typeof metrics !== "object" || Array.isArray(metrics)) return false;
  if (!Object.values(metrics).every((v) => v === null || typeof v === "number")) return false;
  if (r.stability !== undefined && !isStability(r.stability)) return false;
  if (
    r.warnings !== undefined &&
    !(Array.isArray(r.warnings) && r.warnings.every((w) => typeof w === "string"))
  )
    return false;
  if (r.inputs !== undefined && !isNumbers(r.inputs)) return false;
  return r.daily === undefined || isDailyFigures(r.daily);
}

function isNumbers(value: unknown): boolean {
  return (
    value !== null &&
    typeof value === "object" &&
    !Array.isArray(value) &&
    Object.values(value).every((x) => typeof x === "number" && Number.isFinite(x))
  );
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

export interface ReadRecords {
  records: ReplicationRecord[];
  /** Byte length of the intact part of the file (before any torn last line). */
  intactBytes: number;
  tornLine: boolean;
  duplicates: number;
}

export const recordKey = (variant: string, replication: number): string => `${variant}\u0000${replication}`;

const utf8 = new TextEncoder();

/** Parses the text of a records file; `path` names it in messages. */
export function parseRecords(text: string, path: string): ReadRecords {
  const lines = text.split("\n");
  const records: ReplicationRecord[] = [];
  const seen = new Set<string>();
  let duplicates = 0;
  let tornLine = false;
  let intactBytes = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const last = i === lines.length - 1;
    // The text after the final newline: empty for an intact file, else a torn line.
    if (last) {
      tornLine = line.trim() !== "";
      break;
    }
    const lineBytes = utf8.encode(line).length + 1;
    if (line.trim() === "") {
      intactBytes += lineBytes;
      continue;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      parsed = undefined;
    }
    if (!isRecord(parsed)) {
      // A bad line followed only by an empty remainder is a torn write that happened to end in
      // a newline's place; anywhere else it is damage we must not paper over.
      if (i === lines.length - 2 && lines[i + 1] === "") {
        tornLine = true;
        break;
      }
      throw new BatchInputError(`${path}, line ${i + 1}: not a replication record`);
    }
    intactBytes += lineBytes;
    const key = recordKey(parsed.variant, parsed.replication);
    if (seen.has(key)) {
      duplicates++;
      continue;
    }
    seen.add(key);
    records.push(parsed);
  }
  return { records, intactBytes, tornLine, duplicates };
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
