/**
 * `careflow capacity`: queue-theory capacity matching for a scenario, beside a short batch of
 * simulations. Writes capacity.json, wards.csv, beds-by-hour.csv, staff-by-hour.csv, the
 * charts' Vega-Lite specs and capacity.html (the charts on one offline page) to the output
 * folder, and prints a table (or the JSON).
 */
import { join } from "node:path";
import { UsageError } from "../cli/usage-error.js";
import { toCsv } from "../output/csv.js";
import { writeFileAtomic, writeJson } from "../output/files.js";
import { buildCapacityCharts } from "../report/capacity-charts.js";
import { renderNamedChartsHtml } from "../report/named-charts-html.js";
import { loadScenario, scenarioSlug } from "../scenario/load.js";
import { analyseCapacity } from "./analyse.js";
import { formatCapacityReport, staffHourRows, unitRows, wardHourRows } from "./format.js";
import type { CapacityReport } from "./types.js";

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

/** Writes every output file; returns the paths. */
export function writeCapacityFiles(outDir: string, report: CapacityReport): string[] {
  const written: string[] = [];
  const write = (name: string, content: string) => {
    const path = join(outDir, name);
    writeFileAtomic(path, content);
    written.push(path);
  };
  write("wards.csv", toCsv(unitRows(report)));
  write("beds-by-hour.csv", toCsv(wardHourRows(report)));
  if (report.staff !== null) write("staff-by-hour.csv", toCsv(staffHourRows(report.staff)));
  const charts = buildCapacityCharts(report);
  for (const chart of charts) {
    write(join("charts", `${chart.name}.vl.json`), `${JSON.stringify(chart.spec, null, 2)}\n`);
  }
  write("capacity.html", capacityHtml(report, charts));
  // capacity.json last: once it exists, the files it summarises exist too.
  const jsonPath = join(outDir, "capacity.json");
  writeJson(jsonPath, report);
  written.push(jsonPath);
  return written;
}

const percent = (x: number): string => `${Math.round(1000 * x) / 10}%`;

function capacityHtml(report: CapacityReport, charts: ReturnType<typeof buildCapacityCharts>): string {
  const { targets } = report;
  return renderNamedChartsHtml({
    title: report.scenario,
    kind: "careflow capacity report",
    facts: [
      [
        "Variant",
        `${report.variant} (${report.policy === "d2a" ? "Discharge to Assess" : "standard discharge"})`,
      ],
      [
        "Targets",
        `blocking ≤ ${percent(targets.blocking)}, occupancy ≤ ${percent(targets.occupancy)}, delay ≤ ${percent(targets.delay)}`,
      ],
      ["Simulated replications", `${report.replications} (seed ${report.seed})`],
    ],
    charts,
    notes: [
      report.method.stationary,
      report.method.timeVarying,
      report.method.staffing,
      ...report.method.survival,
      ...report.method.notes,
    ].filter((n) => n.trim() !== ""),
  });
}

export function capacityCommand(file: string, options: CapacityCommandOptions): void {
  const targets = {
    blocking: parseShare(options.targetBlocking ?? "5%", "--target-blocking"),
    occupancy: parseShare(options.targetOccupancy ?? "85%", "--target-occupancy"),
    delay: parseShare(options.targetDelay ?? "20%", "--target-delay"),
  };
  const replications = parseCount(options.replications, "--replications", 10);
  const seed = parseSeedOption(options.seed);
  const loaded = loadScenario(file, options.variant);
  const report = analyseCapacity(loaded.scenario, {
    targets,
    replications,
    ...(seed !== undefined ? { seed } : {}),
    variant: loaded.variant,
  });
  const slug = scenarioSlug({ file, scenario: loaded.scenario });
  const outDir =
    options.out ??
    join("reports", slug, loaded.variant === "baseline" ? "capacity" : `capacity-${loaded.variant}`);
  const written = writeCapacityFiles(outDir, report);
  if (options.json) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(formatCapacityReport(report));
    console.log(`\nWritten to ${outDir}: ${written.map((p) => p.slice(outDir.length + 1)).join(", ")}`);
  }
}
