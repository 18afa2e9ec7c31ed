/**
 * `careflow fit` without the platform: rows in (from any reader), a scenario and a report out.
 * The Node adapter (src/node/fit-file.ts) streams a file through `startFit`.
 */
import { InputError } from "../scenario/problems.js";
import type { Field } from "./columns.js";
import { type FittedExtract, fitExtract } from "./fit.js";
import { ExtractReducer, type ReduceOptions } from "./reduce.js";
import { fitReportFiles } from "./report.js";
import { scenarioYaml, shown } from "./scenario-yaml.js";

export { parseColumnMapping } from "./columns.js";
export { parseExtractDate } from "./dates.js";

export interface FitOutput {
  fitted: FittedExtract;
  scenario: string;
  reportFiles: [string, string][];
}

/** Reduces rows as they come; `finish` fits and writes. Throws InputError when nothing is usable. */
export function startFit(
  header: readonly string[],
  mapping: Partial<Record<Field, string>>,
  options: ReduceOptions,
  sourceName: string,
): {
  addRow(fields: readonly string[], row: number): void;
  addUnreadableRow(row: number, reason: string): void;
  finish(): FitOutput;
} {
  const reducer = new ExtractReducer(header, mapping, options);
  return {
    addRow: (fields, row) => reducer.addRow(fields, row),
    addUnreadableRow: (row, reason) => reducer.addUnreadableRow(row, reason),
    finish: () => {
      const fitted = fitExtract(reducer.finish());
      if (fitted.groups.length === 0) throw new InputError(nothingUsable(fitted));
      return {
        fitted,
        scenario: scenarioYaml(fitted, sourceName),
        reportFiles: fitReportFiles(fitted, sourceName),
      };
    },
  };
}

function nothingUsable(fitted: FittedExtract): string {
  const red = fitted.reduced;
  const reasons = [...red.skippedByReason].map(([reason, n]) => `${reason}: ${shown(n)}`);
  const rows = red.skippedRows.slice(0, 10).map((s) => `row ${s.row}: ${s.reason}`);
  return [
    `no usable rows in the extract (${shown(red.rowsRead)} read${fitted.rowsInSmallGroups > 0 ? "; groups under 5 spells are not modelled" : ""})`,
    ...reasons.map((r) => `  ${r}`),
    ...rows.map((r) => `  ${r}`),
  ].join("\n");
}
