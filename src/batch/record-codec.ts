/**
 * The numbers of a replication record as one short base64 string (careflow-batch/3), exact to
 * the bit: a metric value written as decimal text took ≈ 17 characters, here a double takes 9
 * bytes (12 base64 characters) and the many whole counts, zeros and nulls 1–4 bytes.
 *
 * Each value is a tag byte, then its payload:
 *   0 null (a metric with no value; NaN reads as null, as JSON wrote it)
 *   1 a double, 8 bytes little-endian (anything below does not fit exactly)
 *   2 a whole number 0 … 2^53 − 1, as an unsigned LEB128 varint
 *   3 a negative whole number, its magnitude as a varint
 *   4 the same double as value k earlier in the list, k as a varint
 *   5 hundredths: k / 100 for a varint k (per-day series are rounded to 2 decimals)
 *   6 negative hundredths: −k / 100
 * A value takes the first form that gives back exactly the same double (−0 is a double).
 * Written without Buffer or btoa, so the browser studio and Node write the same bytes.
 */

const NULL = 0;
const DOUBLE = 1;
const WHOLE = 2;
const NEGATIVE_WHOLE = 3;
const REPEAT = 4;
const HUNDREDTHS = 5;
const NEGATIVE_HUNDREDTHS = 6;

class ByteWriter {
  private bytes = new Uint8Array(256);
  private length = 0;
  private readonly scratch = new DataView(new ArrayBuffer(8));

  byte(b: number): void {
    if (this.length === this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes);
      this.bytes = grown;
    }
    this.bytes[this.length++] = b;
  }

  /** A whole number 0 … 2^53 − 1, seven bits a byte, low first (arithmetic: beyond 32 bits). */
  varint(n: number): void {
    let rest = n;
    while (rest >= 128) {
      this.byte((rest % 128) + 128);
      rest = Math.floor(rest / 128);
    }
    this.byte(rest);
  }

  double(x: number): void {
    this.scratch.setFloat64(0, x, true);
    for (let i = 0; i < 8; i++) this.byte(this.scratch.getUint8(i));
  }

  get written(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

class ByteReader {
  private at = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  byte(): number | undefined {
    return this.at < this.bytes.length ? this.bytes[this.at++] : undefined;
  }

  varint(): number | undefined {
    let value = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      if (b === undefined || scale > 2 ** 49) return undefined;
      value += (b % 128) * scale;
      if (b < 128) return Number.isSafeInteger(value) ? value : undefined;
      scale *= 128;
    }
  }

  double(): number | undefined {
    if (this.at + 8 > this.bytes.length) return undefined;
    const x = this.view.getFloat64(this.at, true);
    this.at += 8;
    return x;
  }
}

const isWhole = (x: number): boolean => Number.isSafeInteger(x) && !Object.is(x, -0);

/** Hundredths k with k / 100 exactly x, or undefined. */
function hundredths(x: number): number | undefined {
  const k = Math.round(Math.abs(x) * 100);
  return Number.isSafeInteger(k) && k / 100 === Math.abs(x) && !Object.is(x, -0) ? k : undefined;
}

function writeValue(out: ByteWriter, x: number | null, earlier: Map<number, number>, index: number): void {
  if (x === null || Number.isNaN(x)) {
    out.byte(NULL);
    return;
  }
  if (isWhole(x)) {
    out.byte(x >= 0 ? WHOLE : NEGATIVE_WHOLE);
    out.varint(Math.abs(x));
    return;
  }
  const k = hundredths(x);
  if (k !== undefined) {
    out.byte(x >= 0 ? HUNDREDTHS : NEGATIVE_HUNDREDTHS);
    out.varint(k);
    return;
  }
  // A Map takes −0 and 0 for one key (SameValueZero), so −0 is always written out in full.
  const seen = Object.is(x, -0) ? undefined : earlier.get(x);
  if (seen !== undefined) {
    out.byte(REPEAT);
    out.varint(seen);
    return;
  }
  if (!Object.is(x, -0)) earlier.set(x, index);
  out.byte(DOUBLE);
  out.double(x);
}

/** The values as base64 text (NaN written as null). */
export function encodeValues(values: readonly (number | null)[]): string {
  const out = new ByteWriter();
  const earlier = new Map<number, number>();
  for (let i = 0; i < values.length; i++) writeValue(out, values[i]!, earlier, i);
  return toBase64(out.written);
}

/** The values of `encodeValues`' text, or undefined when it is not such text. */
export function decodeValues(text: string): (number | null)[] | undefined {
  const bytes = fromBase64(text);
  if (bytes === undefined) return undefined;
  const input = new ByteReader(bytes);
  const values: (number | null)[] = [];
  while (!input.done) {
    const tag = input.byte();
    let x: number | null | undefined;
    if (tag === NULL) x = null;
    else if (tag === DOUBLE) x = input.double();
    else if (tag === WHOLE) x = input.varint();
    else if (tag === NEGATIVE_WHOLE) {
      const k = input.varint();
      x = k === undefined || k === 0 ? undefined : -k;
    } else if (tag === REPEAT) {
      const k = input.varint();
      x = k !== undefined && k < values.length ? values[k] : undefined;
    } else if (tag === HUNDREDTHS || tag === NEGATIVE_HUNDREDTHS) {
      const k = input.varint();
      x = k === undefined ? undefined : (tag === HUNDREDTHS ? k : -k) / 100;
    }
    if (x === undefined) return undefined;
    values.push(x);
  }
  return values;
}

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const DIGIT = new Map([...ALPHABET].map((c, i) => [c, i]));

/** Base64 (RFC 4648, with padding). */
export function toBase64(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = bytes[i + 1];
    const c = bytes[i + 2];
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0);
    text += ALPHABET[(n >> 18) & 63]! + ALPHABET[(n >> 12) & 63]!;
    text += b === undefined ? "==" : ALPHABET[(n >> 6) & 63]! + (c === undefined ? "=" : ALPHABET[n & 63]!);
  }
  return text;
}

/** The bytes of canonical base64 text, or undefined for anything else. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let at = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = text[i + j]!;
      const last = i + 4 === text.length;
      const d = c === "=" && last && j >= 4 - padding ? 0 : DIGIT.get(c);
      if (d === undefined) return undefined;
      n = n * 64 + d;
    }
    for (const b of [(n >> 16) & 255, (n >> 8) & 255, n & 255]) if (at < out.length) out[at++] = b;
  }
  // Only canonical text (unused bits zero), so each list of values has one text.
  return toBase64(out) === text ? out : undefined;
}
