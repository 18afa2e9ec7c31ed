/**
 * Streams an extract file into the fit: read in chunks by csv-parse, never whole, so an extract
 * larger than memory can be fitted. A byte-order mark is dropped, and the delimiter (comma,
 * semicolon or tab) is chosen from the header line. Malformed records are skipped and counted like
 * any other bad row.
 */
import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { basename } from "node:path";
import { parse } from "csv-parse";
import type { Field } from "../fit/columns.js";
import { type FitOutput, startFit } from "../fit/index.js";
import type { ReduceOptions } from "../fit/reduce.js";
import { InputError } from "../scenario/problems.js";

export function firstLine(file: string): string {
  const fd = openSync(file, "r");
  try {
    const buffer = new Uint8Array(64 * 1024);
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    const text = new TextDecoder().decode(buffer.subarray(0, read)).replace(/^\uFEFF/, "");
    return text.split(/\r?\n/)[0] ?? "";
  } finally {
    closeSync(fd);
  }
}

export function detectDelimiter(headerLine: string): string {
  const counts = [",", ";", "\t"].map((d) => [d, headerLine.split(d).length - 1] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

export async function fitExtractFile(
  file: string,
  mapping: Partial<Record<Field, string>>,
  options: ReduceOptions,
): Promise<FitOutput> {
  const header = firstLine(file);
  if (header.trim() === "") throw new InputError(`${file}: the extract is empty (no header row)`);
  const parser = createReadStream(file).pipe(
    parse({
      bom: true,
      delimiter: detectDelimiter(header),
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      // A stray quote inside a field is kept as a character; a field that opens a quote and never
      // closes it still runs to the end of the file, and is skipped as one malformed record.
      relax_quotes: true,
      info: true,
    }),
  );
  let fit: ReturnType<typeof startFit> | undefined;
  parser.on("skip", (error: { lines?: number }) =>
    fit?.addUnreadableRow(error.lines ?? 0, "malformed CSV record"),
  );
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    if (!fit) fit = startFit(record, mapping, options, basename(file));
    else fit.addRow(record, info.lines);
  }
  if (!fit) throw new InputError(`${file}: the extract is empty (no header row)`);
  return fit.finish();
}
