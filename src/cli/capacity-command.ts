/**
 * `careflow capacity`: queue-theory capacity matching for a scenario, beside a short batch of
 * simulations. Writes capacity.json, wards.csv, beds-by-hour.csv, staff-by-hour.csv, the
 * charts' Vega-Lite specs and SVGs and index.html (headline, tables, reasons and charts on one
 * offline page) to the output folder, and prints the headline and tables (or the JSON).
 */
import { join } from "node:path";
import { analyseCapacity } from "../capacity/analyse.js";
import { formatCapacityReport } from "../capacity/format.js";
import type { CapacityReport } from "../capacity/types.js";
import { removeFiles, writeFiles } from "../node/files.js";
import { nodeReportEnvironment } from "../node/report-environment.js";
import { checkOutputFolder, defaultOutputFolder } from "../node/safe-path.js";
import { loadScenario } from "../node/scenario-file.js";
import { CAPACITY_CHART_FILES } from "../report/capacity-charts.js";
import { capacityFiles } from "../report/capacity-page.js";
import { capacityHeadline, headlineText } from "../report/headline.js";
import { UsageError } from "./usage-error.js";

export interface CapacityCommandOptions {
  variant?: string;
  targetBlocking?: string;
  targetOccupancy?: string;
  targetDelay?: string;
  replications?: string;
  seed?: string;
  json?: boolean;
  out?: string;
}

/** "5%" or a fraction such as 0.05, strictly between 0 and 1. */
export function parseShare(text: string, option: string): number {
  const trimmed = text.trim();
  const percent = /^(\d+(?:\.\d+)?|\.\d+)\s*%$/.exec(trimmed);
  const value = percent
    ? Number(percent[1]) / 100
    : /^(\d+(?:\.\d+)?|\.\d+)$/.test(trimmed)
      ? Number(trimmed)
      : Number.NaN;
  if (!(value > 0 && value < 1)) {
    throw new UsageError(
      `${option} must be a percentage such as "5%" or a fraction between 0 and 1, got "${text}"`,
    );
  }
  return value;
}

function parseCount(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!(Number.isSafeInteger(n) && n >= 0 && n <= 10_000)) {
    throw new UsageError(`${option} must be a whole number from 0 to 10000, got "${text}"`);
  }
  return n;
}

function parseSeedOption(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seed = Number(text);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a whole number, got "${text}"`);
  return seed;
}

/**
 * Writes every output file (capacity.json last); returns the paths. An earlier run's files go
 * first, capacity.json before the rest, so a folder with a capacity.json is one run's.
 */
export async function writeCapacityFiles(outDir: string, report: CapacityReport): Promise<string[]> {
  removeFiles(outDir, ["capacity.json"]);
  removeFiles(outDir, [
    "wards.csv",
    "beds-by-hour.csv",
    "staff-by-hour.csv",
    "capacity.html",
    "index.html",
    ...CAPACITY_CHART_FILES,
  ]);
  const files = await capacityFiles(report, nodeReportEnvironment());
  return writeFiles(outDir, files).map((name) => join(outDir, name));
}

export async function capacityCommand(file: string, options: CapacityCommandOptions): Promise<void> {
  const targets = {
    blocking: parseShare(options.targetBlocking ?? "5%", "--target-blocking"),
    occupancy: parseShare(options.targetOccupancy ?? "85%", "--target-occupancy"),
    delay: parseShare(options.targetDelay ?? "20%", "--target-delay"),
  };
  const replications = parseCount(options.replications, "--replications", 10);
  const seed = parseSeedOption(options.seed);
  const loaded = loadScenario(file, options.variant);
  const outDir =
    options.out ??
    defaultOutputFolder(file, {
      what: "the variant's capacity folder",
      name: loaded.variant === "baseline" ? "capacity" : `capacity-${loaded.variant}`,
    });
  checkOutputFolder(outDir);
  const report = analyseCapacity(loaded.scenario, {
    targets,
    replications,
    ...(seed !== undefined ? { seed } : {}),
    variant: loaded.variant,
  });
  const written = await writeCapacityFiles(outDir, report);
  const headline = headlineText(capacityHeadline(report));
  if (options.json) {
    console.log(JSON.stringify({ ...report, headline }, null, 2));
  } else {
    console.log(`${headline.join("\n")}\n`);
    console.log(formatCapacityReport(report));
    console.log(`\nWritten to ${outDir}: ${written.map((p) => p.slice(outDir.length + 1)).join(", ")}`);
  }
}
