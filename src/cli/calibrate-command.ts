/**
 * `careflow calibrate`: the scenario's calibration targets against the model, from replications
 * anyone can rerun; prints the table and writes calibration.csv and calibration.json.
 */
import { join } from "node:path";
import { calibrationCsv, calibrationText, runCalibration } from "../batch/calibration.js";
import { writeFiles } from "../node/files.js";
import { readScenarioFile } from "../node/scenario-file.js";
import { scenarioSlug } from "../scenario/parse.js";
import { parseSeed } from "./run-command.js";
import { UsageError } from "./usage-error.js";

export interface CalibrateCommandOptions {
  replications?: string;
  seed?: string;
  out?: string;
  json?: boolean;
  progress?: boolean;
}

function parseReplications(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = /^\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 2) throw new UsageError(`-n must be a whole number ≥ 2, got "${text}"`);
  return n;
}

export async function calibrateCommand(file: string, options: CalibrateCommandOptions): Promise<void> {
  const replications = parseReplications(options.replications);
  const seed = parseSeed(options.seed);
  const parsed = readScenarioFile(file);
  const showProgress = options.progress !== false && process.stderr.isTTY === true;
  const result = runCalibration(parsed, {
    ...(replications === undefined ? {} : { replications }),
    ...(seed === undefined ? {} : { seed }),
    onReplication: (variant, r) => {
      if (showProgress) process.stderr.write(`\r${variant}: replication ${r + 1}   `);
    },
  });
  if (showProgress) process.stderr.write("\n");
  const out = options.out ?? join("reports", scenarioSlug(file), "calibration");
  const written = writeFiles(out, [
    ["calibration.csv", calibrationCsv(result.rows)],
    ["calibration.json", `${JSON.stringify(result, null, 2)}\n`],
  ]);
  if (options.json) console.log(JSON.stringify(result, null, 2));
  else {
    console.log(`${result.scenario} — calibration (seed ${result.seed})\n`);
    console.log(calibrationText(result.rows));
    console.log(`\nWrote ${written.join(", ")}`);
  }
}
