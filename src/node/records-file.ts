/**
 * replications.jsonl on disk. Each line is written with a single write(2) on a file opened for
 * appending (the kernel has it once the call returns, whatever happens to the process) and the
 * file is fsync'd every few seconds and at the end, for power cuts.
 */
import {
  closeSync,
  existsSync,
  fdatasyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  writeSync,
} from "node:fs";
import { parseRecords, type ReadRecords, type ReplicationRecord, recordLine } from "../batch/records.js";
import { wroteFile } from "./files.js";

export function readRecords(path: string): ReadRecords {
  if (!existsSync(path)) return { records: [], intactBytes: 0, tornLine: false, duplicates: 0 };
  return parseRecords(readFileSync(path, "utf8"), path);
}

/** Appends records to replications.jsonl, one write per line. */
export class RecordWriter {
  private readonly fd: number;
  private lastSync = Date.now();

  /** Opens for appending, first cutting the file back to `intactBytes` (dropping a torn line). */
  constructor(
    readonly path: string,
    intactBytes: number,
  ) {
    this.fd = openSync(path, "a");
    ftruncateSync(this.fd, intactBytes);
  }

  append(record: ReplicationRecord): void {
    writeSync(this.fd, recordLine(record));
    wroteFile();
    if (Date.now() - this.lastSync > 5000) this.sync();
  }

  sync(): void {
    fdatasyncSync(this.fd);
    this.lastSync = Date.now();
  }

  close(): void {
    this.sync();
    closeSync(this.fd);
  }
}
