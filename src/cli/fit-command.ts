/** `careflow fit`: a scenario and a fit report from a patient-level extract. */
import { parseColumnMapping, parseExtractDate } from "../fit/index.js";
import { shown } from "../fit/scenario-yaml.js";
import { writeFileAtomic, writeFiles } from "../node/files.js";
import { fitExtractFile } from "../node/fit-file.js";
import { loadScenarioText } from "../scenario/parse.js";
import { UsageError } from "./usage-error.js";

export interface FitCommandOptions {
  out: string;
  report?: string;
  map?: string;
  extractDate?: string;
  maxStay?: string;
}

export async function fitCommand(file: string, options: FitCommandOptions): Promise<void> {
  const mapping = parseColumnMapping(options.map);
  let extractTime: number | undefined;
  if (options.extractDate !== undefined) {
    const when = parseExtractDate(options.extractDate);
    if (!when) throw new UsageError(`--extract-date must be a date, e.g. 2026-03-31 or 31/03/2026 23:59`);
    // A date alone means the end of that day: every stay open at midnight is still open.
    extractTime = when.hasTime ? when.minutes : when.minutes + 24 * 60;
  }
  const maxStayDays = options.maxStay === undefined ? undefined : Number(options.maxStay);
  if (maxStayDays !== undefined && !(maxStayDays > 0))
    throw new UsageError(`--max-stay must be a number of days above 0`);
  const output = await fitExtractFile(file, mapping, { extractTime, maxStayDays });
  // The fit writes only what validate accepts; a failure here is a bug, reported as one.
  loadScenarioText(output.scenario, options.out);
  writeFileAtomic(options.out, output.scenario);
  if (options.report) writeFiles(options.report, output.reportFiles);
  const red = output.fitted.reduced;
  const skipped = red.rowsRead - red.rowsUsed;
  console.log(
    `${options.out}: ${output.fitted.groups.length} groups from ${shown(red.rowsUsed)} of ${shown(red.rowsRead)} rows${skipped > 0 ? ` (${shown(skipped)} skipped: see the report)` : ""}`,
  );
  for (const [reason, count] of red.skippedByReason) console.log(`  skipped, ${reason}: ${shown(count)}`);
  if (options.report) console.log(`report: ${options.report}/fit-report.md`);
}
