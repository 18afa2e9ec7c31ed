/**
 * Reading scenario text safely: YAML or JSON (JSON is read by the same YAML parser, so line
 * numbers come for free), size-limited, alias-limited (a "billion laughs" file is refused), no
 * custom tags (no code runs). Text in, values out: reading the file is the platform adapter's job
 * (src/node/scenario-file.ts), so the same code runs in a browser.
 *
 * A named variant is applied to the raw data with immer before validation, so its mistakes are
 * reported like any other, at the variant's own line.
 */
import { type Document, isMap, isNode, isScalar, LineCounter, parseDocument } from "yaml";
import { type DistributionSpec, fromSpec } from "../engine/distributions.js";
import { attachCensus, type CensusData } from "./census-schema.js";
import { crossCheck, type Problem } from "./cross-check.js";
import { pathNameProblem } from "./names.js";
import { formatPath, fromZodIssues, type LocatedProblem, ScenarioError } from "./problems.js";
import { type Scenario, scenarioSchema } from "./schema.js";
import { findUncertainInputs, type InputValues, replaceUncertain, type UncertainInput } from "./uncertain.js";
import { applyOverrides, parseOverridePath, type RawScenario } from "./variants.js";

export const MAX_SCENARIO_BYTES = 1024 * 1024;

export interface LoadedScenario {
  file: string;
  /** The variant applied ("baseline" when none). */
  variant: string;
  scenario: Scenario;
  /** The raw data after the variant, before validation (for building further variants). */
  raw: RawScenario;
  variantNames: string[];
  /** The file's uncertain inputs (see uncertain.ts); the scenario holds their given or central values. */
  inputs: UncertainInput[];
}

export interface ParsedFile {
  file: string;
  raw: RawScenario;
  document: Document.Parsed | undefined;
  lineCounter: LineCounter;
  /** Rows of the census files the scenario names, read beside it by the platform's file reader. */
  census?: CensusData;
}

export function parseScenarioText(text: string, file = "scenario.yaml"): ParsedFile {
  if (utf8Length(text) > MAX_SCENARIO_BYTES) {
    throw new ScenarioError(file, [
      { path: "(the whole file)", message: "is too large for a scenario file" },
    ]);
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    schema: "core",
    merge: false,
  });
  const syntax = [...document.errors].map((error) => {
    const pos = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
    return {
      path: "(syntax)",
      line: pos?.line,
      column: pos?.col,
      message: error.message.split("\n")[0] ?? "is not valid YAML or JSON",
    } satisfies LocatedProblem;
  });
  if (syntax.length > 0) throw new ScenarioError(file, syntax);
  let raw: unknown;
  try {
    raw = document.toJS({ maxAliasCount: 50 });
  } catch (error) {
    throw new ScenarioError(file, [
      {
        path: "(the whole file)",
        message: `is refused: ${(error as Error).message} (too many YAML aliases)`,
      },
    ]);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new ScenarioError(file, [
      { path: "(the whole file)", message: "must be a group of fields (name, run, wards, ...)" },
    ]);
  }
  return { file, raw: raw as RawScenario, document, lineCounter };
}

export function loadScenarioText(text: string, file = "scenario.yaml", variant?: string): LoadedScenario {
  return validateParsed(parseScenarioText(text, file), variant);
}

export function validateParsed(
  parsed: ParsedFile,
  variant?: string,
  extra?: Record<string, unknown>,
  inputValues?: InputValues,
): LoadedScenario {
  const { file } = parsed;
  const variants = (parsed.raw.variants ?? {}) as Record<string, Record<string, unknown>>;
  const variantNames = typeof variants === "object" && variants !== null ? Object.keys(variants) : [];
  const uncertain = findUncertainInputs(parsed.raw);
  if (uncertain.problems.length > 0) {
    throw new ScenarioError(
      file,
      uncertain.problems.map((p) => locate(parsed, p.path, formatPath(p.path), p.message)),
    );
  }
  // Before the variant, so a variant that sets an uncertain input to a plain value fixes it.
  let raw = replaceUncertain(parsed.raw, uncertain.inputs, inputValues);
  const overridden: { path: (string | number)[]; source: (string | number)[] }[] = [];
  const overrideProblems: LocatedProblem[] = variantNameProblems(parsed, variantNames);

  const applySet = (overrides: Record<string, unknown>, sourcePrefix: (string | number)[] | undefined) => {
    const result = applyOverrides(raw, overrides);
    raw = result.scenario;
    for (const problem of result.problems) {
      const source = sourcePrefix ? [...sourcePrefix, problem.key] : undefined;
      overrideProblems.push(
        locate(parsed, source ?? [], `${sourcePrefix ? formatPath(source!) : problem.key}`, problem.message),
      );
    }
    for (const applied of result.applied) {
      overridden.push({ path: applied.path, source: sourcePrefix ? [...sourcePrefix, applied.key] : [] });
    }
  };

  if (variant !== undefined && variant !== "baseline") {
    // A variant written with nothing under it (`empty:`) changes nothing.
    const overrides = variants[variant] === null ? {} : variants[variant];
    if (overrides === undefined) {
      const known = variantNames.length > 0 ? variantNames.join(", ") : "none";
      throw new ScenarioError(file, [
        locate(
          parsed,
          ["variants"],
          "variants",
          `has no variant "${variant}"; the file defines: baseline, ${known}`,
        ),
      ]);
    }
    if (typeof overrides !== "object" || Array.isArray(overrides)) {
      throw new ScenarioError(file, [
        locate(
          parsed,
          ["variants", variant],
          formatPath(["variants", variant]),
          "must be a group of overrides such as { discharge.policy: d2a }, or empty",
        ),
      ]);
    }
    applySet(overrides, ["variants", variant]);
  }
  if (extra !== undefined) applySet(extra, undefined);

  const problems: Problem[] = [];
  const withCensus = attachCensus(raw, parsed.census);
  problems.push(...withCensus.problems);
  raw = withCensus.raw;
  const result = scenarioSchema.safeParse(raw);
  if (!result.success) problems.push(...fromZodIssues(result.error.issues, raw));
  else problems.push(...distributionProblems(result.data));
  problems.push(...crossCheck(raw));

  const located = [...overrideProblems, ...dedupe(problems).map((p) => locateProblem(parsed, p, overridden))];
  if (located.length > 0 || !result.success) throw new ScenarioError(file, located);
  return {
    file,
    variant: variant ?? "baseline",
    scenario: result.data,
    raw,
    variantNames,
    inputs: uncertain.inputs,
  };
}

/**
 * Builds every distribution in the validated scenario once, so that parameters the schema lets
 * through but the engine cannot use (a Weibull shape so small its mean overflows, say) are
 * reported here with their path, not as a crash mid-run.
 */
function distributionProblems(scenario: unknown): Problem[] {
  const problems: Problem[] = [];
  const visit = (node: unknown, path: (string | number)[]): void => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => {
        visit(item, [...path, i]);
      });
    } else if (node !== null && typeof node === "object") {
      const record = node as Record<string, unknown>;
      if (typeof record.dist === "string") {
        try {
          const d = fromSpec(record as DistributionSpec);
          if (!Number.isFinite(d.mean)) throw new RangeError("its mean is not finite");
        } catch (error) {
          problems.push({ path, message: `is not a usable distribution: ${(error as Error).message}` });
        }
        return;
      }
      for (const [key, value] of Object.entries(record)) {
        // Variants hold raw overrides (durations still as text); each is checked when applied.
        if (path.length === 0 && key === "variants") continue;
        visit(value, [...path, key]);
      }
    }
  };
  visit(scenario, []);
  return problems;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${formatPath(p.path)}\u0000${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function locateProblem(
  parsed: ParsedFile,
  problem: Problem,
  overridden: { path: (string | number)[]; source: (string | number)[] }[],
): LocatedProblem {
  const override = overridden.find((o) => startsWith(problem.path, o.path));
  if (override !== undefined && override.source.length > 0) {
    const located = locate(parsed, override.source, formatPath(problem.path), problem.message);
    return { ...located, message: `${problem.message} (set by ${formatPath(override.source)})` };
  }
  return locate(parsed, problem.path, formatPath(problem.path), problem.message);
}

function startsWith(path: (string | number)[], prefix: (string | number)[]): boolean {
  return prefix.length <= path.length && prefix.every((k, i) => path[i] === k);
}

/** Variant names become folder names (`run --variant all`), so they follow the path-name rule. */
function variantNameProblems(parsed: ParsedFile, names: readonly string[]): LocatedProblem[] {
  const variants = parsed.document?.get("variants", true);
  return names.flatMap((name) => {
    const problem = pathNameProblem(name);
    if (problem === undefined) return [];
    const message = `cannot be a variant name (it becomes a folder name): it ${problem}`;
    const key = isMap(variants)
      ? variants.items.find((pair) => isScalar(pair.key) && String(pair.key.value) === name)?.key
      : undefined;
    const at = isNode(key) && key.range ? parsed.lineCounter.linePos(key.range[0]) : undefined;
    return [
      {
        path: `variants[${JSON.stringify(name)}]`,
        ...(at ? { line: at.line, column: at.col } : {}),
        message,
      },
    ];
  });
}

/** Finds the line of the deepest node along `path` that exists in the file. */
function locate(
  parsed: ParsedFile,
  path: (string | number)[],
  shown: string,
  message: string,
): LocatedProblem {
  const document = parsed.document;
  if (document === undefined) return { path: shown, message };
  for (let depth = path.length; depth >= 0; depth--) {
    const node = document.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      const pos = parsed.lineCounter.linePos(node.range[0]);
      return { path: shown, line: pos.line, column: pos.col, message };
    }
    // A missing key's parent map: point at the key's line if the key exists but its value is empty.
  }
  return { path: shown, message };
}

/** A file's name without folder or extension: "reports/<slug>/" by default. */
export function scenarioSlug(file: string): string {
  const name = file.split(/[\\/]/).pop() ?? file;
  const dot = name.lastIndexOf(".");
  return dot > 0 ? name.slice(0, dot) : name;
}

/** UTF-8 byte length without Node's Buffer; a string of n UTF-16 units takes at most 3n bytes. */
function utf8Length(text: string): number {
  if (text.length * 3 <= MAX_SCENARIO_BYTES) return text.length;
  return new TextEncoder().encode(text).length;
}

export { parseOverridePath };
