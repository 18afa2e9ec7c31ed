/** `careflow run`: simulate a scenario's variants, write their files, print a side-by-side table. */
import { join } from "node:path";
import { simulateScenario } from "../model/run.js";
import { stabilityWarnings } from "../model/stability.js";
import type { RunResult } from "../model/summary.js";
import { eventLogFormat, openEventLog } from "../node/event-logs.js";
import { removeFiles } from "../node/files.js";
import { clearRunFolders, RUN_REPORT_FILES, writeRunFolder } from "../node/run-files.js";
import { defaultOutputFolder, pathInside } from "../node/safe-path.js";
import { readScenarioFile } from "../node/scenario-file.js";
import { formatSummaryTable } from "../output/table.js";
import { headlineText, runsHeadline } from "../report/headline.js";
import { runJson } from "../report/json.js";
import { validateParsed } from "../scenario/parse.js";
import { UsageError } from "./usage-error.js";

export interface RunCommandOptions {
  variant?: string;
  seed?: string;
  out?: string;
  json?: boolean;
  report?: boolean;
  events?: string;
  eventsFormat?: string;
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
  const eventsFormat = eventLogFormat(options.events ?? "", options.eventsFormat);
  if (eventsFormat === undefined) {
    throw new UsageError(`--events-format must be csv or ocel, got "${options.eventsFormat}"`);
  }
  const parsed = readScenarioFile(file);
  const defined = Object.keys((parsed.raw.variants ?? {}) as object);
  const names = variantNames(options.variant, defined, plainVariants(parsed.raw.variants));
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
  const eventLog = options.events === undefined ? undefined : openEventLog(options.events, eventsFormat);
  for (const [i, scenario] of loaded.entries()) {
    const started = performance.now();
    const result = simulateScenario(scenario.scenario, {
      ...(seed !== undefined ? { seed } : {}),
      ...(eventLog
        ? {
            patientEvents: eventLog.sinkFor(scenario.variant, 0, scenario.scenario.run.start, {
              wards: scenario.scenario.wards.map((w) => w.id),
              services: scenario.scenario.community.map((c) => c.id),
            }),
          }
        : {}),
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
  eventLog?.close();
  const written = [...outDirs];
  if (eventLog) written.push(`${options.events} (${eventLog.written} patient events)`);
  const comparable = byRunLength(results)[0]!;
  if (report !== undefined && comparisonDir !== undefined && comparable.length > 1) {
    // Several variants: a comparison report beside their folders, of those run as long as the
    // first (any others have their own pages; the report says which and why).
    await report.writeReport(comparisonDir, {
      results: comparable,
      scenario: loaded[0]!.scenario,
      scenarioFile: file,
      runSeconds: runSeconds.reduce((a, b) => a + b, 0),
      environment: report.environment,
      otherLengths: results.filter((r) => !comparable.includes(r)).map((r) => r.summary),
    });
    written.push(join(comparisonDir, "index.html"));
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
