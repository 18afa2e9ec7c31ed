/** Checks every chart spec must pass, shared by the run report's and the batch report's tests. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv } from "ajv";
import { logger, Warn } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

const require = createRequire(import.meta.url);

/** Vega-Lite's own JSON schema (draft-07). Its string formats are checked loosely: not our concern. */
export function schemaValidator() {
  const schema: unknown = JSON.parse(
    readFileSync(require.resolve("vega-lite/vega-lite-schema.json"), "utf8"),
  );
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    formats: { uri: true, "uri-reference": true, "color-hex": /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i },
  });
  return ajv.compile(schema as object);
}

export function compileWarnings(spec: TopLevelSpec): string[] {
  const messages: string[] = [];
  const capture = logger(Warn, undefined, (_method, level, args) => {
    messages.push(`${level} ${args.map(String).join(" ")}`);
  });
  compile(spec, { logger: capture });
  return messages;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Quantitative and temporal x/y encodings that draw an axis must name their unit in brackets.
 * Layers after the first share the first layer's axis, so only first layers are checked.
 */
export function axisTitleProblems(node: Json, primary = true, path = "$"): string[] {
  if (Array.isArray(node))
    return node.flatMap((child, i) => axisTitleProblems(child, primary, `${path}[${i}]`));
  if (node === null || typeof node !== "object") return [];
  const problems: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "config" || key === "data") continue;
    if (key === "layer" && Array.isArray(value)) {
      value.forEach((child, i) => {
        problems.push(...axisTitleProblems(child, primary && i === 0, `${path}.layer[${i}]`));
      });
    } else if (
      key === "encoding" &&
      value !== null &&
      typeof value === "object" &&
      !Array.isArray(value) &&
      primary
    ) {
      for (const channel of ["x", "y"]) {
        const def = value[channel];
        if (def === null || typeof def !== "object" || Array.isArray(def)) continue;
        if (def.type !== "quantitative" && def.type !== "temporal") continue;
        if (def.axis === null) continue;
        const title = def.title;
        if (typeof title !== "string" || !/\(.+\)/.test(title)) {
          problems.push(`${path}.encoding.${channel}: title ${JSON.stringify(title)} has no unit`);
        }
      }
    } else {
      problems.push(...axisTitleProblems(value, primary, `${path}.${key}`));
    }
  }
  return problems;
}

/** Erlang B by its recursion, written apart from the capacity code so the two can disagree. */
function erlangB(servers: number, load: number): number {
  let b = 1;
  for (let c = 1; c <= servers; c++) b = (load * b) / (c + load * b);
  return b;
}

/**
 * The capacity page's demand-by-hour chart must say something true about its targets: in every
 * ward-hour, the full-ward line is the fewest beds whose Erlang B at that hour's load is within the
 * target (so it is not the load itself unless the formula says so), the occupancy line is the load
 * over the occupancy target rounded up, and the subtitle's "N–M above the load" is the data's.
 */
export function capacityTargetProblems(
  spec: TopLevelSpec,
  targets: { blocking: number; occupancy: number },
): string[] {
  const problems: string[] = [];
  const values = (
    spec as unknown as { data: { values: { ward: string; hour: number; series: string; value: number }[] } }
  ).data.values;
  const at = (series: string) =>
    new Map(values.filter((v) => v.series.startsWith(series)).map((v) => [`${v.ward}@${v.hour}`, v.value]));
  const load = at("Offered load");
  const full = at(`Beds for ≤ ${Math.round(1000 * targets.blocking) / 10}% full`);
  const occupancy = at(`Beds for ${Math.round(1000 * targets.occupancy) / 10}% occupancy`);
  if (full.size === 0 || full.size !== load.size)
    problems.push("no full-ward target line for every ward-hour");
  if (occupancy.size !== load.size) problems.push("no occupancy target line for every ward-hour");
  const gaps: number[] = [];
  for (const [key, a] of load) {
    const c = full.get(key);
    if (c === undefined) continue;
    // Loads are rounded to 0.01 in the chart: allow that much either side of the target.
    const within = (x: number) => erlangB(c, x) <= targets.blocking + 1e-12;
    const oneFewerWithin = (x: number) => c > 0 && erlangB(c - 1, x) <= targets.blocking + 1e-12;
    if (!within(a - 0.005) || oneFewerWithin(a + 0.005))
      problems.push(`${key}: ${c} beds is not the fewest within ${targets.blocking} at load ${a}`);
    const o = occupancy.get(key);
    if (o !== undefined && Math.abs(o - Math.ceil(a / targets.occupancy)) > 1)
      problems.push(`${key}: ${o} beds for occupancy, expected about ${Math.ceil(a / targets.occupancy)}`);
    gaps.push(c - a);
  }
  const subtitle = JSON.stringify((spec as { title?: unknown }).title ?? "");
  const range = `${Math.round(Math.min(...gaps))}–${Math.round(Math.max(...gaps))} above the load`;
  if (gaps.length > 0 && !subtitle.includes(range)) problems.push(`subtitle does not say "${range}"`);
  return problems;
}
