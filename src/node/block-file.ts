/**
 * A file written in blocks of a megabyte, for the event logs. A log line is written straight
 * into one reused buffer as bytes — numbers digit by digit, repeated text (a ward, a group, an
 * event's columns, the day's date) copied from bytes encoded once — so a line allocates nothing.
 * Building each line as a string and appending it to a pending string cost more than the
 * simulation itself: a megabyte string built line by line is a rope of tens of thousands of
 * pieces that outlives the young generation, then is flattened and encoded again to be written.
 */
import { closeSync, openSync, writeSync } from "node:fs";

const BLOCK_BYTES = 1 << 20;
const ZERO = 48;
const encoder = new TextEncoder();

/** Text as UTF-8 bytes, for pieces written many times. */
export const utf8 = (text: string): Uint8Array => encoder.encode(text);

export class BlockFile {
  readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(BLOCK_BYTES);
  private used = 0;

  constructor(path: string, flags = "w") {
    this.fd = openSync(path, flags);
  }

  /** Room for `bytes` more (a line's longest): writes out the block when it would not fit. */
  reserve(bytes: number): void {
    if (this.used + bytes > BLOCK_BYTES) this.flush();
  }

  /** Copies pre-encoded bytes; call reserve first. */
  bytes(piece: Uint8Array): void {
    const length = piece.length;
    if (length > 16) {
      this.buffer.set(piece, this.used);
      this.used += length;
      return;
    }
    // A short piece: a loop beats set()'s call overhead.
    const buffer = this.buffer;
    let at = this.used;
    for (let i = 0; i < length; i++) buffer[at++] = piece[i]!;
    this.used = at;
  }

  /** A whole number ≥ 0 in decimal; call reserve first. */
  integer(n: number): void {
    const buffer = this.buffer;
    let digits = 1;
    for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    let at = this.used + digits;
    this.used = at;
    let rest = n;
    do {
      const next = Math.floor(rest / 10);
      buffer[--at] = ZERO + rest - next * 10;
      rest = next;
    } while (rest > 0);
  }

  /** Two digits, 00–99; call reserve first. */
  twoDigits(n: number): void {
    const tens = Math.floor(n / 10);
    this.buffer[this.used++] = ZERO + tens;
    this.buffer[this.used++] = ZERO + n - tens * 10;
  }

  /** Any text, encoded into the block now (no copy of its own): one-off pieces, such as a patient's object. */
  text(text: string): void {
    // UTF-8 takes at most 3 bytes a UTF-16 unit.
    if (3 * text.length > BLOCK_BYTES) {
      this.flush();
      writeSync(this.fd, text);
      return;
    }
    this.reserve(3 * text.length);
    this.used += this.buffer.write(text, this.used, "utf8");
  }

  flush(): void {
    if (this.used === 0) return;
    writeSync(this.fd, this.buffer, 0, this.used);
    this.used = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
