/** Writes one run's files (summary.json last: its presence says the folder is complete). */
import type { RunResult } from "../model/summary.js";
import { runFiles } from "../output/run-files.js";
import { writeFiles } from "./files.js";

export function writeRunFiles(outDir: string, result: RunResult): string[] {
  return writeFiles(outDir, runFiles(result));
}
