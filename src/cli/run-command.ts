/** `careflow run`: simulate a scenario's variants, write their files, print a side-by-side table. */
import { join } from "node:path";
import { simulateScenario } from "../model/run.js";
import type { RunResult } from "../model/summary.js";
import { writeRunFiles } from "../node/run-files.js";
import { readScenarioFile } from "../node/scenario-file.js";
import { formatSummaryTable } from "../output/table.js";
import { headlineText, runsHeadline } from "../report/headline.js";
import { runJson } from "../report/json.js";
import { scenarioSlug, validateParsed } from "../scenario/parse.js";
import { UsageError } from "./usage-error.js";

export interface RunCommandOptions {
  variant?: string;
  seed?: string;
  out?: string;
  json?: boolean;
  report?: boolean;
}

export function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seed = /^[+-]?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a whole number, got "${text}"`);
  return seed;
}

/**
 * The variants to run. "all": every variant of the file, after the file's own baseline unless a
 * variant already is the baseline (named "baseline", or with no overrides at all: running it
 * twice would only hide one line behind the other).
 */
export function variantNames(
  requested: string | undefined,
  defined: string[],
  /** Variants with no overrides (the baseline under another name). */
  plain: readonly string[] = [],
): string[] {
  if (requested === undefined) return ["baseline"];
  if (requested === "all") {
    return defined.includes("baseline") || plain.some((p) => defined.includes(p))
      ? defined
      : ["baseline", ...defined];
  }
  const names = requested
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (names.length === 0) throw new UsageError("--variant needs at least one name");
  return [...new Set(names)];
}

/** Variants whose overrides are empty: the baseline under another name. */
export function plainVariants(variants: unknown): string[] {
  if (variants === null || typeof variants !== "object") return [];
  return Object.entries(variants as Record<string, unknown>)
    .filter(
      ([, overrides]) =>
        overrides === null ||
        (typeof overrides === "object" && Object.keys(overrides as object).length === 0),
    )
    .map(([name]) => name);
}

/**
 * Results grouped by run length (horizon and warm-up), first group first: totals over different
 * lengths are never set side by side as if they were comparable.
 */
export function byRunLength(results: readonly RunResult[]): RunResult[][] {
  const groups = new Map<string, RunResult[]>();
  for (const r of results) {
    const key = `${r.summary.horizonDays}/${r.summary.warmupDays}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()];
}

export async function runCommand(file: string, options: RunCommandOptions): Promise<void> {
  const seed = parseSeed(options.seed);
  const parsed = readScenarioFile(file);
  const defined = Object.keys((parsed.raw.variants ?? {}) as object);
  const names = variantNames(options.variant, defined, plainVariants(parsed.raw.variants));
  // Validate every variant before simulating any, so all problems come out together.
  const loaded = names.map((name) => validateParsed(parsed, name === "baseline" ? undefined : name));
  const slug = scenarioSlug(file);
  const results: RunResult[] = [];
  const written: string[] = [];
  const outDirs: string[] = [];
  const runSeconds: number[] = [];
  for (const scenario of loaded) {
    const started = performance.now();
    const result = simulateScenario(scenario.scenario, {
      ...(seed !== undefined ? { seed } : {}),
      variant: scenario.variant,
      scenarioName: scenario.scenario.name,
    });
    const outDir =
      options.out === undefined
        ? join("reports", slug, scenario.variant)
        : names.length > 1
          ? join(options.out, scenario.variant)
          : options.out;
    runSeconds.push((performance.now() - started) / 1000);
    writeRunFiles(outDir, result);
    written.push(outDir);
    outDirs.push(outDir);
    results.push(result);
  }
  if (options.report !== false) {
    // Loaded only when a report is wanted: vega and vega-lite take half a second to import.
    const { writeReport } = await import("../node/report-files.js");
    const { nodeReportEnvironment } = await import("../node/report-environment.js");
    const environment = nodeReportEnvironment();
    for (let i = 0; i < results.length; i++) {
      await writeReport(outDirs[i]!, {
        results: [results[i]!],
        scenario: loaded[i]!.scenario,
        scenarioFile: file,
        runSeconds: runSeconds[i]!,
        environment,
      });
    }
    const comparable = byRunLength(results)[0]!;
    if (comparable.length > 1) {
      // Several variants: a comparison report beside their folders, of those run as long as the
      // first (any others have their own pages; the report says which and why).
      const comparisonDir = options.out ?? join("reports", slug);
      await writeReport(comparisonDir, {
        results: comparable,
        scenario: loaded[0]!.scenario,
        scenarioFile: file,
        runSeconds: runSeconds.reduce((a, b) => a + b, 0),
        environment,
        otherLengths: results.filter((r) => !comparable.includes(r)).map((r) => r.summary),
      });
      written.push(join(comparisonDir, "index.html"));
    }
  }
  const summaries = results.map((r) => r.summary);
  if (options.json) {
    console.log(JSON.stringify(runJson(summaries), null, 2));
  } else {
    console.log(`${headlineText(runsHeadline(summaries)).join("\n")}\n`);
    const width = process.stdout.columns ?? 100;
    console.log(
      byRunLength(results)
        .map((group) =>
          formatSummaryTable(
            group.map((r) => r.summary),
            { width },
          ),
        )
        .join("\n\n"),
    );
    console.log(`\nWritten: ${written.join(", ")}`);
  }
}
