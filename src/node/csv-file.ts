/**
 * A patient-level or daily CSV file streamed by csv-parse, never read whole, so a file larger than
 * memory still goes through. A byte-order mark is dropped and the delimiter (comma, semicolon or
 * tab) is chosen from the header line. Malformed records are handed to `onMalformed` with their
 * line, so each reader skips and counts them like any other bad row.
 */
import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { parse } from "csv-parse";
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

export interface CsvRows {
  /** Each record with the line it ends on, the header first. */
  rows: AsyncIterable<{ record: string[]; info: { lines: number } }>;
  onMalformed(skip: (line: number) => void): void;
}

/** Opens `file` as CSV; `empty` words the error when it has no header row (what the file is). */
export function csvRows(file: string, empty: string): CsvRows {
  const header = firstLine(file);
  if (header.trim() === "") throw new InputError(`${file}: ${empty} (no header row)`);
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
  return {
    rows: parser as AsyncIterable<{ record: string[]; info: { lines: number } }>,
    onMalformed: (skip) => parser.on("skip", (error: { lines?: number }) => skip(error.lines ?? 0)),
  };
}
