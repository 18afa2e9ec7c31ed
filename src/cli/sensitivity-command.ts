/**
 * `careflow sensitivity`: which uncertain input decides a headline (or the difference between two
 * variants). Writes tornado.svg, tornado.csv, variance-shares.csv, the chart's Vega-Lite spec,
 * sensitivity.html and sensitivity.json to the output folder, and prints the ranking.
 */
import { join } from "node:path";
import { BatchInputError } from "../batch/input-error.js";
import { planSensitivity, runSensitivity } from "../batch/sensitivity.js";
import { scenarioSource } from "../node/batch.js";
import { createExecutor, resolveWorkers } from "../node/executor.js";
import { writeFiles } from "../node/files.js";
import { nodeReportEnvironment } from "../node/report-environment.js";
import { sensitivityFiles, sensitivityLines, tornadoChart } from "../report/sensitivity-page.js";
import { renderSvg } from "../report/svg.js";
import { scenarioSlug } from "../scenario/parse.js";
import { parseCount, parseWorkers } from "./batch-commands.js";

export interface SensitivityCommandOptions {
  variants?: string;
  metric?: string;
  replications?: string;
  seed?: string;
  workers?: string;
  out?: string;
  progress?: boolean;
}

export const DEFAULT_SENSITIVITY_REPLICATIONS = 20;

export async function sensitivityCommand(file: string, options: SensitivityCommandOptions): Promise<void> {
  const source = scenarioSource(file);
  const seed = options.seed === undefined ? undefined : Number(options.seed);
  if (seed !== undefined && !Number.isSafeInteger(seed)) {
    throw new BatchInputError(`--seed must be a whole number, got "${options.seed}"`);
  }
  const variants = (options.variants ?? "baseline")
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");
  const plan = planSensitivity(source, {
    variants,
    metric: options.metric ?? "headline.occupiedBedsMean",
    replications: parseCount(options.replications, "-n") ?? DEFAULT_SENSITIVITY_REPLICATIONS,
    ...(seed === undefined ? {} : { seed }),
  });
  const total = plan.settings.length * plan.variants.length * plan.options.replications;
  const executor = createExecutor(resolveWorkers(parseWorkers(options.workers) ?? "auto", total));
  const showProgress = options.progress !== false && process.stderr.isTTY;
  let result: Awaited<ReturnType<typeof runSensitivity>>;
  try {
    result = await runSensitivity(plan, executor, (done) => {
      if (showProgress) process.stderr.write(`\rcareflow sensitivity: ${done} of ${total} replications`);
    });
  } finally {
    await executor.close();
    if (showProgress) process.stderr.write("\n");
  }
  const outDir = options.out ?? join("reports", scenarioSlug(file), "sensitivity");
  const svg = await renderSvg(tornadoChart(result));
  const written = writeFiles(outDir, sensitivityFiles(result, nodeReportEnvironment(), svg));
  console.log(sensitivityLines(result).join("\n"));
  console.log(`\nWritten to ${outDir}: ${written.join(", ")}`);
}
