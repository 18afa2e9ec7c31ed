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
