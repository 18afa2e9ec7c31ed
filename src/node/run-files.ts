/**
 * One run's folder, complete or visibly not: an earlier run's files are removed first
 * (summary.json before anything else), then the CSVs, the report, and summary.json truly last,
 * so a folder with a summary.json holds exactly that run's files.
 */
import type { RunResult } from "../model/summary.js";
import { RUN_FILE_NAMES, runFiles } from "../output/run-files.js";
import { CHARTS } from "../report/charts.js";
import { removeFiles, writeFiles } from "./files.js";

const SUMMARY = "summary.json";

/** The report's files by name (index.html first: it marks a report folder complete). */
export const RUN_REPORT_FILES = [
  "index.html",
  ...CHARTS.flatMap(({ name }) => [`charts/${name}.vl.json`, `charts/${name}.svg`]),
];

/** Removes what an earlier run left in these folders: every summary.json first, then the rest. */
export function clearRunFolders(dirs: readonly string[]): void {
  for (const dir of dirs) removeFiles(dir, [SUMMARY]);
  for (const dir of dirs) removeFiles(dir, [...RUN_FILE_NAMES, ...RUN_REPORT_FILES]);
}

/** Writes the CSVs, then the report (when given), then summary.json. */
export async function writeRunFolder(
  outDir: string,
  result: RunResult,
  report?: (outDir: string) => Promise<unknown>,
): Promise<void> {
  const files = runFiles(result);
  writeFiles(
    outDir,
    files.filter(([name]) => name !== SUMMARY),
  );
  if (report !== undefined) await report(outDir);
  writeFiles(
    outDir,
    files.filter(([name]) => name === SUMMARY),
  );
}

/** Writes one run's files at once, without a report (summary.json last). */
export function writeRunFiles(outDir: string, result: RunResult): string[] {
  clearRunFolders([outDir]);
  return writeFiles(outDir, runFiles(result));
}
