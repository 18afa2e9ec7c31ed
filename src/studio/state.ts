/**
 * What the studio holds: the scenario text as loaded, the variants as named sets of dotted-path
 * overrides (exactly the `variants:` of a scenario file), and the run settings. The file the
 * studio runs is the file it downloads (studioYaml), so `careflow run` on the download
 * reproduces the browser's figures. Plain data and pure functions; storage.ts keeps it across refreshes.
 */
import { parseDocument } from "yaml";
import {
  type LocatedProblem,
  type ParsedFile,
  parseScenarioText,
  ScenarioError,
  validateParsed,
} from "./pipeline-parts.js";

export const MAX_VARIANTS = 6;
export const DEFAULT_REPLICATIONS = 10;

export interface StudioVariant {
  name: string;
  overrides: Record<string, unknown>;
}

export interface StudioState {
  scenarioFile: string;
  scenarioText: string;
  variants: StudioVariant[];
  replications: number;
  /** run.horizon for every variant ("30d"), or null for the file's own. */
  horizon: string | null;
  /** null: the file's seed. */
  seed: number | null;
}

/** The state for a freshly loaded file: its named variants (or one unchanged copy) as columns. */
export function initialState(scenarioFile: string, scenarioText: string, parsed: ParsedFile): StudioState {
  const fileVariants = Object.entries((parsed.raw.variants ?? {}) as Record<string, unknown>)
    .filter(([name]) => VARIANT_NAME.test(name) && name !== "baseline")
    .slice(0, MAX_VARIANTS)
    .map(([name, overrides]) => ({
      name,
      overrides:
        overrides !== null && typeof overrides === "object" && !Array.isArray(overrides)
          ? { ...(overrides as Record<string, unknown>) }
          : {},
    }));
  return {
    scenarioFile,
    scenarioText,
    variants: fileVariants.length > 0 ? fileVariants : [{ name: "today", overrides: {} }],
    replications: DEFAULT_REPLICATIONS,
    horizon: null,
    seed: null,
  };
}

export const VARIANT_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Why a variant's name cannot be used, or undefined. */
export function nameProblem(name: string, others: readonly string[]): string | undefined {
  if (name === "") return "a variant needs a name";
  if (!VARIANT_NAME.test(name))
    return 'names use letters, digits, "-" and "_" (no spaces), e.g. "d2a-more-beds"';
  if (name === "baseline") return '"baseline" means the file without any variant; choose another name';
  if (others.includes(name)) return `another variant is already called "${name}"`;
  return undefined;
}

/** A new name for a copy of `name`: name-2, name-3, ... */
export function copyName(name: string, taken: readonly string[]): string {
  const stem = name.replace(/-\d+$/, "");
  for (let i = 2; ; i++) {
    const candidate = `${stem}-${i}`;
    if (!taken.includes(candidate)) return candidate;
  }
}

/**
 * The scenario file with the studio's variants and run settings, comments and layout of the
 * rest kept: what the studio runs and what it downloads.
 */
export function studioYaml(state: StudioState): string {
  const document = parseDocument(state.scenarioText, { uniqueKeys: true, schema: "core", merge: false });
  if (state.horizon !== null) document.setIn(["run", "horizon"], state.horizon);
  if (state.seed !== null) document.set("seed", state.seed);
  const variants: Record<string, Record<string, unknown>> = {};
  for (const v of state.variants) variants[v.name] = v.overrides;
  document.set("variants", document.createNode(variants));
  return document.toString({ lineWidth: 0 });
}

/** The run-wide settings as overrides, checked with each variant's. */
function runOverrides(state: StudioState): Record<string, unknown> {
  return {
    ...(state.horizon === null ? {} : { "run.horizon": state.horizon }),
    ...(state.seed === null ? {} : { seed: state.seed }),
  };
}

/** The problems `careflow validate` would report for this variant, in its words. */
export function variantProblems(
  parsed: ParsedFile,
  state: StudioState,
  variant: StudioVariant,
): LocatedProblem[] {
  try {
    validateParsed(parsed, undefined, { ...runOverrides(state), ...variant.overrides });
    return [];
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems;
    return [{ path: "(the whole file)", message: error instanceof Error ? error.message : String(error) }];
  }
}

/** Reads and checks a scenario's text: the parsed file, or the problems as `careflow validate` words them. */
export function readScenario(
  file: string,
  text: string,
): { parsed: ParsedFile } | { problems: LocatedProblem[]; message: string } {
  try {
    const parsed = parseScenarioText(text, file);
    validateParsed(parsed);
    return { parsed };
  } catch (error) {
    if (error instanceof ScenarioError) return { problems: error.problems, message: error.message };
    return { problems: [], message: error instanceof Error ? error.message : String(error) };
  }
}
