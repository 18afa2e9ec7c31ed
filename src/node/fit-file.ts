/**
 * Streams an extract file into the fit (src/node/csv-file.ts reads it), so an extract larger than
 * memory can be fitted. Malformed records are skipped and counted like any other bad row.
 */
import { basename } from "node:path";
import type { Field } from "../fit/columns.js";
import { type FitOutput, startFit } from "../fit/index.js";
import type { ReduceOptions } from "../fit/reduce.js";
import { InputError } from "../scenario/problems.js";
import { csvRows } from "./csv-file.js";

export async function fitExtractFile(
  file: string,
  mapping: Partial<Record<Field, string>>,
  options: ReduceOptions,
): Promise<FitOutput> {
  const csv = csvRows(file, "the extract is empty");
  let fit: ReturnType<typeof startFit> | undefined;
  csv.onMalformed((line) => fit?.addUnreadableRow(line, "malformed CSV record"));
  for await (const { record, info } of csv.rows) {
    if (!fit) fit = startFit(record, mapping, options, basename(file));
    else fit.addRow(record, info.lines);
  }
  if (!fit) throw new InputError(`${file}: the extract is empty (no header row)`);
  return fit.finish();
}
