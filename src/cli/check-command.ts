/**
 * `careflow check scenario.yaml --observed occupancy.csv`: the simulated 90% band beside what the
 * hospital saw, coverage and mean absolute percentage error in plain words; writes observed.csv,
 * band.csv, observed.svg, the chart's Vega-Lite spec, index.html and check.json (last).
 */

import { observedLines } from "../batch/observed.js";
import { progressReporter } from "../batch/progress.js";
import { removeFiles, writeFiles } from "../node/files.js";
import { checkObservedFile } from "../node/observed-file.js";
import { nodeReportEnvironment } from "../node/report-environment.js";
import { checkOutputFolder, defaultOutputFolder } from "../node/safe-path.js";
import { CHECK_JSON, observedFiles } from "../report/observed-page.js";
import { parseCount, parseSeedOption, parseWorkers } from "./batch-commands.js";

export interface CheckCommandOptions {
  observed: string;
  variant?: string;
  replications?: string;
  seed?: string;
  workers?: string;
  out?: string;
  progress?: boolean;
}

const OUTPUTS = ["observed.csv", "band.csv", "observed.svg", "charts/observed.vl.json", "index.html"];

export async function checkCommand(file: string, o: CheckCommandOptions): Promise<void> {
  const replications = parseCount(o.replications, "-n");
  const seed = parseSeedOption(o.seed);
  const workers = parseWorkers(o.workers);
  const outDir = o.out ?? defaultOutputFolder(file, { what: "the check folder", name: "check" });
  checkOutputFolder(outDir);
  const reporter = progressReporter(process.stderr, { label: "check" });
  let result: Awaited<ReturnType<typeof checkObservedFile>>;
  try {
    result = await checkObservedFile({
      scenario: file,
      observed: o.observed,
      ...(o.variant ? { variant: o.variant } : {}),
      ...(replications !== undefined ? { replications } : {}),
      ...(seed !== undefined ? { seed } : {}),
      ...(workers !== undefined ? { workers } : {}),
      ...(o.progress === false ? {} : { onProgress: reporter.listener }),
    });
  } finally {
    reporter.finish();
  }
  // An earlier check's files go first, check.json before the rest: a folder with one is complete.
  removeFiles(outDir, [CHECK_JSON]);
  removeFiles(outDir, OUTPUTS);
  const written = writeFiles(outDir, await observedFiles(result, nodeReportEnvironment()));
  console.log(observedLines(result).join("\n"));
  console.log(`\nWritten to ${outDir}: ${written.join(", ")}`);
}
