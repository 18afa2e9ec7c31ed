/** `careflow run`: simulate a scenario's variants, write their files, print a side-by-side table. */
import { join } from "node:path";
import { simulateScenario } from "../model/run.js";
import type { RunResult } from "../model/summary.js";
import { CsvEventLog } from "../node/event-log.js";
import { writeRunFiles } from "../node/run-files.js";
import { readScenarioFile } from "../node/scenario-file.js";
import { formatSummaryTable } from "../output/table.js";
import { scenarioSlug, validateParsed } from "../scenario/parse.js";
import { UsageError } from "./usage-error.js";

export interface RunCommandOptions {
  variant?: string;
  seed?: string;
  out?: string;
  json?: boolean;
  report?: boolean;
  events?: string;
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

export async function runCommand(file: string, options: RunCommandOptions): Promise<void> {
  const seed = parseSeed(options.seed);
  const parsed = readScenarioFile(file);
  const defined = Object.keys((parsed.raw.variants ?? {}) as object);
  const names = variantNames(options.variant, defined);
  // Validate every variant before simulating any, so all problems come out together.
  const loaded = names.map((name) => validateParsed(parsed, name === "baseline" ? undefined : name));
  const slug = scenarioSlug(file);
  const results: RunResult[] = [];
  const written: string[] = [];
  const outDirs: string[] = [];
  const runSeconds: number[] = [];
  const eventLog = options.events === undefined ? undefined : new CsvEventLog(options.events);
  for (const scenario of loaded) {
    const started = performance.now();
    const result = simulateScenario(scenario.scenario, {
      ...(seed !== undefined ? { seed } : {}),
      ...(eventLog
        ? { patientEvents: eventLog.sinkFor(scenario.variant, 0, scenario.scenario.run.start) }
        : {}),
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
  eventLog?.close();
  if (eventLog) written.push(`${options.events} (${eventLog.written} patient events)`);
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
    if (results.length > 1) {
      // Several variants: a comparison report beside their folders.
      const comparisonDir = options.out ?? join("reports", slug);
      await writeReport(comparisonDir, {
        results,
        scenario: loaded[0]!.scenario,
        scenarioFile: file,
        runSeconds: runSeconds.reduce((a, b) => a + b, 0),
        environment,
      });
      written.push(join(comparisonDir, "index.html"));
    }
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
