/**
 * replications.jsonl on disk. Each line is written with a single write(2) on a file opened for
 * appending (the kernel has it once the call returns, whatever happens to the process) and the
 * file is fsync'd every few seconds and at the end, for power cuts.
 *
 * Reading streams the file in chunks (scanRecordsFile), one line at a time into the caller's
 * hands: a gigabyte of records never becomes one string.
 */
import { closeSync, existsSync, fdatasyncSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import {
  type CompactRecord,
  compactLine,
  expandRecord,
  type ReadRecords,
  type RecordLayout,
  RecordScanner,
  type RecordsScanned,
  type ReplicationRecord,
  recordKey,
  recordLine,
} from "../batch/records.js";
import { wroteFile } from "./files.js";

const CHUNK_BYTES = 1 << 22;
const NEWLINE = 0x0a;

/**
 * Reads a records file line by line; `keep` gets each record (return false for a duplicate).
 * A missing file reads as empty.
 */
export function scanRecordsFile(
  path: string,
  layout: RecordLayout,
  keep: (record: CompactRecord) => boolean,
  chunkBytes = CHUNK_BYTES,
): RecordsScanned {
  const scanner = new RecordScanner(path, layout, keep);
  if (!existsSync(path)) return scanner.end("");
  const fd = openSync(path, "r");
  try {
    let carry: Buffer = Buffer.alloc(0);
    const chunk = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      const read = readSync(fd, chunk, 0, chunkBytes, null);
      if (read === 0) break;
      const buffer =
        carry.length === 0 ? chunk.subarray(0, read) : Buffer.concat([carry, chunk.subarray(0, read)]);
      let start = 0;
      for (let end = buffer.indexOf(NEWLINE, start); end >= 0; end = buffer.indexOf(NEWLINE, start)) {
        // A newline byte never occurs inside a multi-byte UTF-8 sequence, so each line decodes whole.
        scanner.line(buffer.toString("utf8", start, end), end - start + 1);
        start = end + 1;
      }
      carry = Buffer.from(buffer.subarray(start));
    }
    return scanner.end(carry.toString("utf8"));
  } finally {
    closeSync(fd);
  }
}

/** Reads a whole records file into objects (small batches and tests). */
export function readRecords(path: string, layout: RecordLayout): ReadRecords {
  const records: ReplicationRecord[] = [];
  const seen = new Set<string>();
  const { records: _count, ...scanned } = scanRecordsFile(path, layout, (r) => {
    const key = recordKey(r.variant, r.replication);
    if (seen.has(key)) return false;
    seen.add(key);
    records.push(expandRecord(r, layout.get(r.variant) ?? []));
    return true;
  });
  return { records, ...scanned };
}

/** Appends records to replications.jsonl, one write per line. */
export class RecordWriter {
  private readonly fd: number;
  private lastSync = Date.now();

  /** Opens for appending, first cutting the file back to `intactBytes` (dropping a torn line). */
  constructor(
    readonly path: string,
    intactBytes: number,
    private readonly layout: RecordLayout,
  ) {
    this.fd = openSync(path, "a");
    ftruncateSync(this.fd, intactBytes);
  }

  append(record: ReplicationRecord): void {
    const names = this.layout.get(record.variant);
    if (names === undefined) throw new Error(`no metric names for variant ${record.variant}`);
    this.appendLine(recordLine(record, names, this.layout.inputKeys));
  }

  appendCompact(record: CompactRecord): void {
    this.appendLine(compactLine(record, this.layout.inputKeys));
  }

  private appendLine(line: string): void {
    writeSync(this.fd, line);
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
