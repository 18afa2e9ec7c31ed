/** `careflow run`: simulate a scenario's variants, write their files, print a side-by-side table. */
import { join } from "node:path";
import { simulateScenario } from "../model/run.js";
import { stabilityWarnings } from "../model/stability.js";
import type { RunResult } from "../model/summary.js";
import { removeFiles } from "../node/files.js";
import { clearRunFolders, RUN_REPORT_FILES, writeRunFolder } from "../node/run-files.js";
import { defaultOutputFolder, pathInside } from "../node/safe-path.js";
import { readScenarioFile } from "../node/scenario-file.js";
import { formatSummaryTable } from "../output/table.js";
import { validateParsed } from "../scenario/parse.js";
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

export function variantNames(requested: string | undefined, defined: string[]): string[] {
  if (requested === undefined) return ["baseline"];
  // "all": the file's own baseline (unless it names a variant "baseline" itself) and every variant.
  if (requested === "all") return defined.includes("baseline") ? defined : ["baseline", ...defined];
  const names = requested
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (names.length === 0) throw new UsageError("--variant needs at least one name");
  return [...new Set(names)];
}

/**
 * Where each variant's files go: `--out` itself for one variant, a folder per variant inside it
 * for several; by default reports/<scenario>/<variant>/. Names from the file are checked to make
 * one plain folder name each, so nothing is written outside the folder named.
 */
function outputFolders(file: string, variants: readonly string[], out: string | undefined): string[] {
  return variants.map((variant) =>
    out === undefined
      ? defaultOutputFolder(file, { what: "variant", name: variant })
      : variants.length > 1
        ? pathInside(out, [{ what: "variant", name: variant }])
        : out,
  );
}

export async function runCommand(file: string, options: RunCommandOptions): Promise<void> {
  const seed = parseSeed(options.seed);
  const parsed = readScenarioFile(file);
  const defined = Object.keys((parsed.raw.variants ?? {}) as object);
  const names = variantNames(options.variant, defined);
  // Validate every variant before simulating any, so all problems come out together.
  const loaded = names.map((name) => validateParsed(parsed, name === "baseline" ? undefined : name));
  // Said before the run too: an overloaded run may stop early, and the user should know why first.
  for (const { variant, scenario } of loaded) {
    for (const warning of stabilityWarnings(scenario)) console.error(`warning (${variant}): ${warning}`);
  }
  const outDirs = outputFolders(
    file,
    loaded.map((l) => l.variant),
    options.out,
  );
  const comparisonDir = loaded.length > 1 ? (options.out ?? defaultOutputFolder(file)) : undefined;
  // An earlier run's summaries go first, so a run stopped part-way never leaves one beside new files.
  clearRunFolders(outDirs);
  if (comparisonDir !== undefined) removeFiles(comparisonDir, RUN_REPORT_FILES);
  const report =
    options.report === false
      ? undefined
      : // Loaded only when a report is wanted: vega and vega-lite take half a second to import.
        {
          ...(await import("../node/report-files.js")),
          environment: (await import("../node/report-environment.js")).nodeReportEnvironment(),
        };
  const results: RunResult[] = [];
  const runSeconds: number[] = [];
  for (const [i, scenario] of loaded.entries()) {
    const started = performance.now();
    const result = simulateScenario(scenario.scenario, {
      ...(seed !== undefined ? { seed } : {}),
      variant: scenario.variant,
      scenarioName: scenario.scenario.name,
    });
    runSeconds.push((performance.now() - started) / 1000);
    results.push(result);
    await writeRunFolder(
      outDirs[i]!,
      result,
      report &&
        ((dir) =>
          report.writeReport(dir, {
            results: [result],
            scenario: scenario.scenario,
            scenarioFile: file,
            runSeconds: runSeconds[i]!,
            environment: report.environment,
          })),
    );
  }
  const written = [...outDirs];
  if (report !== undefined && comparisonDir !== undefined) {
    // Several variants: a comparison report beside their folders.
    await report.writeReport(comparisonDir, {
      results,
      scenario: loaded[0]!.scenario,
      scenarioFile: file,
      runSeconds: runSeconds.reduce((a, b) => a + b, 0),
      environment: report.environment,
    });
    written.push(join(comparisonDir, "index.html"));
  }
  if (options.json) {
    console.log(
      JSON.stringify(results.length === 1 ? results[0]!.summary : results.map((r) => r.summary), null, 2),
    );
  } else {
    console.log(formatSummaryTable(results.map((r) => r.summary)));
    console.log(`\nWritten: ${written.join(", ")}`);
  }
}
