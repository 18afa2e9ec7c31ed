/**
 * What a batch runs: its variants (named variants of the scenario file, each possibly crossed
 * with the points of a sweep) and which replications belong to which shard.
 *
 * A sweep point is applied as extra overrides after the named variant (validateParsed's third
 * argument), so it is validated, and its mistakes reported, like any variant in the file.
 */
import { BatchInputError } from "./input-error.js";

export type SweepValue = number | string | boolean;

export interface SweepAxis {
  /** Dotted override path, e.g. "wards.medicine.beds". */
  path: string;
  values: SweepValue[];
}

export interface VariantSpec {
  /** Unique label used in every output ("d2a", "wards.medicine.beds=280"). */
  name: string;
  /** The named variant of the scenario file it starts from ("baseline" for none). */
  base: string;
  /** Overrides applied after the named variant (sweep point and batch-wide overrides). */
  overrides: Record<string, SweepValue>;
  /** The sweep point, when the variant comes from a sweep. */
  point?: Record<string, SweepValue>;
  /**
   * The scenario's uncertain inputs: "drawn" anew for each replication (the twin of a variant that
   * gives the interval over inputs and noise), or held at the given values, the others central
   * (sensitivity). Absent: every input at its central value.
   */
  inputs?: "drawn" | Record<string, number>;
}

export interface Shard {
  /** 0-based. */
  index: number;
  count: number;
}

const MAX_AXIS_POINTS = 1000;
const MAX_GRID_POINTS = 10_000;

function decimals(x: number): number {
  const text = String(x);
  if (text.includes("e-")) return Number(text.split("e-")[1]);
  const dot = text.indexOf(".");
  return dot < 0 ? 0 : text.length - dot - 1;
}

function parseValue(text: string): SweepValue {
  const trimmed = text.trim();
  if (trimmed === "true") return true;
  if (trimmed === "false") return false;
  const n = Number(trimmed);
  return trimmed !== "" && Number.isFinite(n) ? n : trimmed;
}

/** "path=from:to:step" (inclusive range) or "path=a,b,c" (a list). */
export function parseSweep(spec: string): SweepAxis {
  const eq = spec.indexOf("=");
  if (eq <= 0) {
    throw new BatchInputError(
      `--sweep "${spec}" must be path=from:to:step or path=a,b,c (e.g. wards.medicine.beds=260:340:10)`,
    );
  }
  const path = spec.slice(0, eq).trim();
  const body = spec.slice(eq + 1).trim();
  if (/^[^:,]+:[^:,]+:[^:,]+$/.test(body)) return { path, values: parseRange(spec, body) };
  const values = body
    .split(",")
    .filter((s) => s.trim() !== "")
    .map(parseValue);
  if (values.length === 0) throw new BatchInputError(`--sweep "${spec}" lists no values`);
  if (values.length > MAX_AXIS_POINTS) {
    throw new BatchInputError(`--sweep "${spec}" has ${values.length} points; at most ${MAX_AXIS_POINTS}`);
  }
  return { path, values };
}

function parseRange(spec: string, body: string): number[] {
  const [from, to, step] = body.split(":").map((s) => Number(s.trim())) as [number, number, number];
  if (![from, to, step].every(Number.isFinite)) {
    throw new BatchInputError(`--sweep "${spec}": from, to and step must be numbers`);
  }
  if (step === 0 || Math.sign(to - from) * Math.sign(step) < 0) {
    throw new BatchInputError(`--sweep "${spec}": step ${step} never gets from ${from} to ${to}`);
  }
  // A small tolerance so 0.1:0.3:0.1 includes 0.3 despite binary fractions.
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  if (count > MAX_AXIS_POINTS) {
    throw new BatchInputError(`--sweep "${spec}" has ${count} points; at most ${MAX_AXIS_POINTS}`);
  }
  const places = Math.min(15, Math.max(decimals(from), decimals(step)));
  return Array.from({ length: count }, (_, i) => Number((from + i * step).toFixed(places)));
}

function pointLabel(point: Record<string, SweepValue>): string {
  return Object.entries(point)
    .map(([path, value]) => `${path}=${value}`)
    .join(",");
}

/** Every point of the grid, first axis slowest. */
export function sweepPoints(axes: readonly SweepAxis[]): Record<string, SweepValue>[] {
  let points: Record<string, SweepValue>[] = [{}];
  for (const axis of axes) {
    points = points.flatMap((p) => axis.values.map((v) => ({ ...p, [axis.path]: v })));
  }
  return points;
}

/**
 * The variants of a batch: each named variant, or with a sweep each (named variant × point).
 * Sweep points are named by their values; the base variant's name is prefixed only when there
 * are several bases.
 */
export function planVariants(
  bases: readonly string[],
  sweep: readonly SweepAxis[],
  overrides: Record<string, SweepValue> = {},
): VariantSpec[] {
  const duplicate = bases.find((b, i) => bases.indexOf(b) !== i);
  if (duplicate !== undefined) throw new BatchInputError(`variant "${duplicate}" is listed twice`);
  const paths = sweep.map((a) => a.path);
  const repeated = paths.find((p, i) => paths.indexOf(p) !== i);
  if (repeated !== undefined) throw new BatchInputError(`--sweep sets "${repeated}" twice`);
  if (sweep.length === 0) return bases.map((base) => ({ name: base, base, overrides: { ...overrides } }));
  const points = sweepPoints(sweep);
  if (points.length * bases.length > MAX_GRID_POINTS) {
    throw new BatchInputError(
      `the sweep has ${points.length * bases.length} points; at most ${MAX_GRID_POINTS} in one batch`,
    );
  }
  return bases.flatMap((base) =>
    points.map((point) => ({
      name: bases.length > 1 ? `${base}/${pointLabel(point)}` : pointLabel(point),
      base,
      overrides: { ...overrides, ...point },
      point,
    })),
  );
}

/** "K/N" with 0 ≤ K < N. */
export function parseShard(text: string): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || !(count >= 1) || !(index < count)) {
    throw new BatchInputError(`--shard must be K/N with 0 ≤ K < N (e.g. 3/100), got "${text}"`);
  }
  return { index, count };
}

/**
 * Replication r belongs to shard r mod N ("round robin"): every shard gets a near-equal share
 * and the same mix of early and late indices, and all variants of replication r (a CRN pair)
 * stay together in one shard.
 */
export function inShard(replication: number, shard: Shard | null): boolean {
  return shard === null || replication % shard.count === shard.index;
}
