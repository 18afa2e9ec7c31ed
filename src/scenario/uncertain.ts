/**
 * Uncertain inputs: any numeric parameter of a scenario may be written as
 * `{ uncertain: { dist: triangular, min: 12h, mode: 1d, max: 3d }, source: assumed }` — a
 * distribution over what the value might be, with where that belief comes from.
 *
 * The zod schema stays the one source of truth for what a scenario may hold: a pre-pass over the
 * raw data finds every `uncertain` node, records it with its path, and replaces it by a plain value
 * (its central value, or a value drawn for one replication) before validation. Variants are
 * applied after the pre-pass, so a variant that sets an uncertain input to a plain value fixes it.
 *
 * The central value is the value the author would otherwise have written: the mode of a
 * triangular or PERT, the midpoint of a uniform, the median of a normal (its mean) or lognormal.
 * A draw is one inverse-CDF uniform from the input's own stream, seeded from (seed, replication,
 * "inputs/" + path), so replication i draws the same inputs in every variant, worker and shard.
 */

import { normalQuantile } from "../engine/distributions.js";
import * as engineMath from "../engine/math.js";
import { RandomStream, streamSeedKey } from "../engine/random.js";
import { DurationError, parseDuration } from "../engine/time.js";
import type { Problem } from "./cross-check.js";

export type UncertainDistribution =
  | { dist: "uniform"; min: number; max: number }
  | { dist: "triangular"; min: number; mode: number; max: number }
  | { dist: "pert"; min: number; mode: number; max: number; lambda?: number }
  | { dist: "normal"; mean: number; sd: number }
  | { dist: "lognormal"; mean: number; sd?: number; median?: number };

export interface UncertainInput {
  /** Dotted path, list items by id where they have one ("wards.medicine.beds"). */
  key: string;
  /** The path into the raw scenario data. */
  path: (string | number)[];
  /** Durations are drawn in minutes and written back with a unit. */
  unit: "duration" | "number";
  distribution: UncertainDistribution;
  /** Where the belief comes from, or "assumed". */
  source: string;
  /** Draws rounded to whole numbers (bed counts, capacities). */
  round: boolean;
  central: number;
}

/** Drawn or chosen values of uncertain inputs, by key, in model units (minutes for durations). */
export type InputValues = Record<string, number>;

const DISTRIBUTIONS = ["uniform", "triangular", "pert", "normal", "lognormal"] as const;
const PARAMETERS: Record<(typeof DISTRIBUTIONS)[number], { required: string[]; optional: string[] }> = {
  uniform: { required: ["min", "max"], optional: [] },
  triangular: { required: ["min", "mode", "max"], optional: [] },
  pert: { required: ["min", "mode", "max"], optional: ["lambda"] },
  normal: { required: ["mean", "sd"], optional: [] },
  lognormal: { required: ["mean"], optional: ["sd", "median"] },
};

const isObject = (x: unknown): x is Record<string, unknown> =>
  x !== null && typeof x === "object" && !Array.isArray(x);

function segmentName(list: unknown[], index: number): string | number {
  const item = list[index];
  const id = isObject(item) ? item.id : undefined;
  return typeof id === "string" && /^[^.[\]]+$/.test(id) ? id : index;
}

export interface ExtractedInputs {
  inputs: UncertainInput[];
  problems: Problem[];
}

/** Finds every uncertain node (outside `variants`) and checks its specification. */
export function findUncertainInputs(raw: Record<string, unknown>): ExtractedInputs {
  const inputs: UncertainInput[] = [];
  const problems: Problem[] = [];
  const visit = (node: unknown, path: (string | number)[], key: (string | number)[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        visit(item, [...path, i], [...key, segmentName(node, i)]);
      });
      return;
    }
    if (!isObject(node)) return;
    if ("uncertain" in node) {
      const parsed = parseUncertain(node, path, key.join("."));
      if (typeof parsed === "string") problems.push({ path, message: parsed });
      else if (Array.isArray(parsed)) problems.push(...parsed);
      else inputs.push(parsed);
      return;
    }
    for (const [name, value] of Object.entries(node)) {
      if (path.length === 0 && name === "variants") {
        uncertainInVariants(value, problems);
        continue;
      }
      visit(value, [...path, name], [...key, name]);
    }
  };
  visit(raw, [], []);
  return { inputs, problems };
}

function uncertainInVariants(variants: unknown, problems: Problem[]): void {
  const visit = (node: unknown, path: (string | number)[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        visit(item, [...path, i]);
      });
    } else if (isObject(node)) {
      if ("uncertain" in node) {
        problems.push({
          path,
          message:
            "cannot be uncertain inside a variant: mark the input uncertain in the scenario itself (every variant then draws the same value)",
        });
        return;
      }
      for (const [name, value] of Object.entries(node)) visit(value, [...path, name]);
    }
  };
  visit(variants, ["variants"]);
}

function parseUncertain(
  node: Record<string, unknown>,
  path: (string | number)[],
  key: string,
): UncertainInput | string | Problem[] {
  const extra = Object.keys(node).filter((k) => !["uncertain", "source", "round"].includes(k));
  if (extra.length > 0) {
    return `has unknown field "${extra[0]}": an uncertain input holds uncertain, source and (optionally) round`;
  }
  if (typeof node.source !== "string" || node.source.trim() === "") {
    return 'needs a source: where the range comes from (a citation), or "assumed"';
  }
  if (node.round !== undefined && typeof node.round !== "boolean") {
    return "round must be true or false";
  }
  const spec = node.uncertain;
  const at = [...path, "uncertain"];
  if (!isObject(spec) || typeof spec.dist !== "string") {
    return [
      {
        path: at,
        message: "must be a distribution, e.g. { dist: triangular, min: 12h, mode: 1d, max: 3d }",
      },
    ];
  }
  const name = spec.dist as (typeof DISTRIBUTIONS)[number];
  if (!DISTRIBUTIONS.includes(name)) {
    return [
      {
        path: [...at, "dist"],
        message: `"${spec.dist}" cannot describe an uncertain input: use ${DISTRIBUTIONS.join(", ")}`,
      },
    ];
  }
  const { required, optional } = PARAMETERS[name];
  const fields = Object.keys(spec).filter((k) => k !== "dist");
  const unknown = fields.find((f) => !required.includes(f) && !optional.includes(f));
  if (unknown !== undefined) {
    return [
      {
        path: [...at, unknown],
        message: `is not a parameter of ${name} (it takes ${[...required, ...optional].join(", ")})`,
      },
    ];
  }
  const missing = required.find((f) => spec[f] === undefined);
  if (missing !== undefined)
    return [{ path: at, message: `${name} needs ${required.join(", ")}; ${missing} is missing` }];
  const durations = fields.filter((f) => f !== "lambda" && typeof spec[f] === "string");
  const unit = durations.length > 0 ? "duration" : "number";
  const values: Record<string, number> = {};
  for (const field of fields) {
    const value = spec[field];
    if (field !== "lambda" && unit === "duration") {
      if (typeof value !== "string") {
        return [
          { path: [...at, field], message: 'must be a duration with a unit like the others, e.g. "12h"' },
        ];
      }
      try {
        values[field] = parseDuration(value);
      } catch (error) {
        if (error instanceof DurationError) return [{ path: [...at, field], message: error.message }];
        throw error;
      }
    } else if (typeof value === "number" && Number.isFinite(value)) {
      values[field] = value;
    } else {
      return [{ path: [...at, field], message: "must be a number" }];
    }
  }
  const distribution = { dist: name, ...values } as UncertainDistribution;
  const wrong = checkDistribution(distribution);
  if (wrong !== undefined) return [{ path: at, message: wrong }];
  return {
    key,
    path,
    unit,
    distribution,
    source: node.source.trim(),
    round: node.round === true,
    central: centralValue(distribution, node.round === true),
  };
}

function checkDistribution(d: UncertainDistribution): string | undefined {
  switch (d.dist) {
    case "uniform":
      return d.max < d.min ? `uniform max must be ≥ min` : undefined;
    case "triangular":
    case "pert":
      if (d.max < d.min) return `${d.dist} max must be ≥ min`;
      if (d.mode < d.min || d.mode > d.max) return `${d.dist} mode must lie between min and max`;
      if (d.dist === "pert" && d.lambda !== undefined && !(d.lambda >= 0)) return "pert lambda must be ≥ 0";
      return undefined;
    case "normal":
      return d.sd < 0 ? "normal sd must be ≥ 0" : undefined;
    case "lognormal":
      if (!(d.mean > 0)) return "lognormal mean must be greater than zero";
      if ((d.sd === undefined) === (d.median === undefined))
        return "lognormal needs exactly one of sd or median";
      if (d.sd !== undefined && d.sd < 0) return "lognormal sd must be ≥ 0";
      if (d.median !== undefined && !(d.median > 0 && d.median <= d.mean)) {
        return "lognormal median must be greater than zero and at most the mean";
      }
      return undefined;
  }
}

/** The value at cumulative probability p (0 < p < 1); exact except PERT (numerical, ~1e-9). */
export function inputQuantile(d: UncertainDistribution, p: number): number {
  switch (d.dist) {
    case "uniform":
      return d.min + p * (d.max - d.min);
    case "triangular": {
      const range = d.max - d.min;
      if (range === 0) return d.min;
      const split = (d.mode - d.min) / range;
      return p <= split
        ? d.min + Math.sqrt(p * range * (d.mode - d.min))
        : d.max - Math.sqrt((1 - p) * range * (d.max - d.mode));
    }
    case "pert":
      return pertQuantile(d.min, d.mode, d.max, d.lambda ?? 4, p);
    case "normal":
      return d.mean + d.sd * normalQuantile(p);
    case "lognormal": {
      const { mu, sigma } = lognormalParameters(d);
      return engineMath.exp(mu + sigma * normalQuantile(p));
    }
  }
}

function lognormalParameters(d: { mean: number; sd?: number; median?: number }) {
  if (d.median !== undefined) {
    const mu = engineMath.log(d.median);
    return { mu, sigma: Math.sqrt(2 * Math.max(0, engineMath.log(d.mean) - mu)) };
  }
  const s2 = engineMath.log(1 + (d.sd! / d.mean) ** 2);
  return { mu: engineMath.log(d.mean) - s2 / 2, sigma: Math.sqrt(s2) };
}

/** Central value: the mode the author wrote (triangular, PERT), else the median. */
export function centralValue(d: UncertainDistribution, round = false): number {
  const value = d.dist === "triangular" || d.dist === "pert" ? d.mode : inputQuantile(d, 0.5);
  return round ? Math.round(value) : value;
}

/** Whether the input can take more than one value. */
export function hasSpread(input: UncertainInput): boolean {
  return inputQuantile(input.distribution, 0.001) !== inputQuantile(input.distribution, 0.999);
}

const PERT_GRID = 4096;
const pertTables = new Map<string, Float64Array>();

/**
 * PERT is a beta on [min, max] with α, β ≥ 1, so its density is bounded: the CDF is tabulated once
 * by Simpson's rule on each grid cell and inverted by linear interpolation within a cell.
 */
function pertQuantile(min: number, mode: number, max: number, lambda: number, p: number): number {
  const range = max - min;
  if (range === 0) return min;
  const alpha = 1 + (lambda * (mode - min)) / range;
  const beta = 1 + (lambda * (max - mode)) / range;
  const id = `${alpha}:${beta}`;
  let cdf = pertTables.get(id);
  if (cdf === undefined) {
    const density = (x: number) => engineMath.pow(x, alpha - 1) * engineMath.pow(1 - x, beta - 1);
    cdf = new Float64Array(PERT_GRID + 1);
    const h = 1 / PERT_GRID;
    for (let i = 0; i < PERT_GRID; i++) {
      const a = i * h;
      cdf[i + 1] = cdf[i]! + (h / 6) * (density(a) + 4 * density(a + h / 2) + density(a + h));
    }
    const total = cdf[PERT_GRID]!;
    for (let i = 0; i <= PERT_GRID; i++) cdf[i] = cdf[i]! / total;
    pertTables.set(id, cdf);
  }
  let lo = 0;
  let hi = PERT_GRID;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! <= p) lo = mid;
    else hi = mid;
  }
  const width = cdf[hi]! - cdf[lo]!;
  const x = (lo + (width > 0 ? (p - cdf[lo]!) / width : 0)) / PERT_GRID;
  return min + range * x;
}

export const inputStreamName = (key: string): string => `inputs/${key}`;

/** Replication r's draw of every input: one uniform from each input's own stream. */
export function drawInputs(
  inputs: readonly UncertainInput[],
  seed: number,
  replication: number,
): InputValues {
  const values: InputValues = {};
  for (const input of inputs) {
    const name = inputStreamName(input.key);
    const u = new RandomStream(streamSeedKey(seed, replication, name), name).uniform();
    const value = inputQuantile(input.distribution, u);
    values[input.key] = input.round ? Math.round(value) : value;
  }
  return values;
}

/** Every input at its central value, except those given. */
export function centralInputs(inputs: readonly UncertainInput[], given: InputValues = {}): InputValues {
  const values: InputValues = {};
  for (const input of inputs) values[input.key] = given[input.key] ?? input.central;
  return values;
}

/** A value as the raw scenario holds it: durations as text in minutes (exact for any double). */
export function rawValue(input: UncertainInput, value: number): number | string {
  if (input.unit === "number") return value;
  const text = String(value);
  return `${/e/i.test(text) ? value.toFixed(12) : text}min`;
}

/** The raw data with each uncertain node replaced by its value (central unless given). */
export function replaceUncertain(
  raw: Record<string, unknown>,
  inputs: readonly UncertainInput[],
  values: InputValues = {},
): Record<string, unknown> {
  if (inputs.length === 0) return raw;
  const copy = structuredClone(raw);
  for (const input of inputs) {
    let node: unknown = copy;
    for (const segment of input.path.slice(0, -1)) node = (node as Record<string | number, unknown>)[segment];
    const last = input.path[input.path.length - 1]!;
    (node as Record<string | number, unknown>)[last] = rawValue(input, values[input.key] ?? input.central);
  }
  return copy;
}

/** "triangular(min 12h, mode 1d, max 3d)" in the units the file used. */
export function describeInput(input: UncertainInput): string {
  const show = (x: number) =>
    input.unit === "duration" ? formatMinutes(x) : String(Number(x.toPrecision(6)));
  const d = input.distribution as unknown as Record<string, number | string>;
  const parts = Object.entries(d)
    .filter(([k]) => k !== "dist")
    .map(([k, v]) => `${k} ${k === "lambda" ? v : show(v as number)}`);
  return `${d.dist}(${parts.join(", ")})`;
}

export function formatInputValue(input: UncertainInput, value: number): string {
  return input.unit === "duration" ? formatMinutes(value) : String(Number(value.toPrecision(6)));
}

function formatMinutes(minutes: number): string {
  const round = (x: number) => String(Number(x.toPrecision(4)));
  if (Math.abs(minutes) >= 1440) return `${round(minutes / 1440)}d`;
  if (Math.abs(minutes) >= 60) return `${round(minutes / 60)}h`;
  return `${round(minutes)}min`;
}
