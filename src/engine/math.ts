/**
 * The transcendental functions of the pipeline, the same to the last bit in every JavaScript
 * engine: "same seed ⇒ identical output anywhere, Node or browser".
 *
 * ECMAScript leaves Math.exp, Math.log, Math.sin, `**` and the rest "implementation-approximated",
 * and engines do differ. Measured on 100 000 arguments each (typical ranges of the simulator),
 * Chromium 156 against Node 20.20 gave a different last bit for exp 10.0 %, pow 9.0 %,
 * cbrt 8.7 %, tan 4.0 %, cos 3.5 %, log 3.4 %, sin 3.1 %, log10 0.7 %, expm1 0.2 %, log1p 0.1 %
 * and atan2 24 % of them, and `10 ** k` for 4 of the integers k in −20…22 (negative k). One
 * different bit in one log of an exponential draw moves an event time, and a replication that
 * matched Node's in every count differed in the 15th digit of its means.
 *
 * So these are pure JavaScript: @stdlib's ports of FreeBSD's msun (fdlibm), which use only
 * IEEE 754 arithmetic (exact in every engine: no fused multiply-add in JavaScript) and the
 * correctly rounded Math.sqrt/abs/floor. Math.sqrt, abs, floor, ceil, round, trunc, min, max and
 * fround are exact by IEEE 754 and ECMAScript and stay as they are. `**` is Math.pow: use `pow`
 * unless the exponent is an integer literal (x ** 2 gave x * x in both engines, 2 ** k is exact).
 *
 * Node 20's V8 computes exp, log, log1p, expm1, tan and cbrt with fdlibm too: on the same 100 000
 * arguments these give Node's bits exactly (sin 0.8 %, cos 1.0 %, log10 3.9 %, pow 4.9 % and
 * atan2 19 % differ in the last bit), and acute-medical's batch records in Node did not change at
 * all. The price, from `npm run bench` and before/after rounds in one process: with @stdlib's own
 * log an M/M/10 patient (two logs) took 1.10–1.14× as long as with Math.log, a year of
 * acute-medical 1.10×; with log and exp as written below, 1.03× for the M/M/10 patient (CPU time,
 * median of 7 rounds, load average 20 on 2 cores). The studio's bundles grow 38 kB.
 * test/architecture/imports.test.ts keeps the rest of the pipeline off the Math versions.
 */
import stdlibAtan2 from "@stdlib/math-base-special-atan2";
import stdlibCbrt from "@stdlib/math-base-special-cbrt";
import stdlibCos from "@stdlib/math-base-special-cos";
import stdlibExp from "@stdlib/math-base-special-exp";
import stdlibExpm1 from "@stdlib/math-base-special-expm1";
import stdlibLn from "@stdlib/math-base-special-ln";
import stdlibLog1p from "@stdlib/math-base-special-log1p";
import stdlibLog10 from "@stdlib/math-base-special-log10";
import stdlibPow from "@stdlib/math-base-special-pow";
import stdlibSin from "@stdlib/math-base-special-sin";
import stdlibTan from "@stdlib/math-base-special-tan";

export const log1p: (x: number) => number = stdlibLog1p;
export const expm1: (x: number) => number = stdlibExpm1;
export const log10: (x: number) => number = stdlibLog10;
export const pow: (base: number, exponent: number) => number = stdlibPow;
export const cbrt: (x: number) => number = stdlibCbrt;
export const sin: (x: number) => number = stdlibSin;
export const cos: (x: number) => number = stdlibCos;
export const tan: (x: number) => number = stdlibTan;
export const atan2: (y: number, x: number) => number = stdlibAtan2;

// =============================================================================================
// log and exp: the simulator's hot pair (every exponential draw is a log, every lognormal an exp)

/*
 * Both are fdlibm's e_log.c and e_exp.c as @stdlib ports them, operation for operation, for
 * their common arguments, and @stdlib's functions themselves for the rest, so the bits are
 * @stdlib's (test/engine/math.test.ts compares them on over a million arguments). Two things
 * differ. The exponent: @stdlib writes a new exponent word into a double through a typed-array
 * view (a store the CPU cannot forward to the load after it) and calls a general ldexp; here the
 * same exact scaling is a multiplication by a power of two, exact whenever the result is a normal
 * number, as it is on these paths. And size: each is kept under V8's inlining limit (460 bytes of
 * bytecode), so that a draw compiles into its caller; a call that is not inlined returns its
 * double boxed, an allocation per draw. Hence literal constants (a module constant costs a
 * context load and a hole check) and the rare cases handed to @stdlib. Measured: an exponential
 * draw 41 → 24 ns in a loop; `npm run bench -- engine` in src/engine/simulation.ts.
 */

const WORD_VIEW = new Float64Array(1);
const WORDS = new Int32Array(WORD_VIEW.buffer);
/** Index of the high (sign, exponent) word of a double in WORDS: 1 on little-endian machines. */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;
/** POWERS_OF_TWO[n] = 2^(1023 − n), for n = 0 … 2047 (the last is subnormal, and exact). */
const POWERS_OF_TWO = Float64Array.from({ length: 2048 }, (_, n) => 2 ** (1023 - n));

/**
 * The natural logarithm (fdlibm's e_log.c). Its common case (a positive normal number whose
 * significand is not within 2^−20 of a power of two) is kept under V8's inlining limit of 460
 * bytes of bytecode, so that an exponential draw compiles into its caller: a call that is not
 * inlined returns its double boxed, an allocation per draw. Hence the literal constants (a module
 * constant costs a context load and a hole check in bytecode) and the branches for k = 0 left
 * out: with k = 0 the general expressions give the same bits (0 − y and −y agree for every y ≠ 0,
 * and f ≠ 0 here). The other arguments (zero, negative, subnormal, infinite, NaN, or near a power
 * of two) go to @stdlib's ln itself.
 */
export function log(x: number): number {
  WORD_VIEW[0] = x;
  const high = WORDS[HIGH]!;
  const hx = high & 0x000fffff;
  if (high < 0x00100000 || high >= 0x7ff00000 || (0x000fffff & (2 + hx)) < 3) return stdlibLn(x);
  const i = (hx + 0x95f64) & 0x100000;
  const biasedExponent = (high >> 20) + (i >> 20);
  // x scaled into [√2/2, √2) (e_log.c sets the exponent word to 1023, or 1022 when i is set).
  return logReduced(x * POWERS_OF_TWO[biasedExponent]! - 1, biasedExponent - 1023, hx);
}

/** e_log.c's main case: log(1 + f) + k·ln 2, with hx the significand's high bits. */
function logReduced(f: number, k: number, hx: number): number {
  const s = f / (2 + f);
  const z = s * s;
  const w = z * z;
  const r =
    z * (0.6666666666666735 + w * (0.2857142874366239 + w * (0.1818357216161805 + w * 0.14798198605116586))) +
    w * (0.3999999999940942 + w * (0.22222198432149784 + w * 0.15313837699209373));
  if (((hx - 0x6147a) | (0x6b851 - hx)) > 0) {
    const hfsq = 0.5 * f * f;
    return k * 0.6931471803691238 - (hfsq - (s * (hfsq + r) + k * 1.9082149292705877e-10) - f);
  }
  return k * 0.6931471803691238 - (s * (f - r) - k * 1.9082149292705877e-10 - f);
}

/**
 * e^x (fdlibm's e_exp.c), written out for 2^−28 ≤ |x| < 707, where the result is a normal
 * number; the rest (near zero, overflow, underflow, subnormal results, NaN) goes to @stdlib's
 * exp itself. Small enough to inline, as log() is.
 */
export function exp(x: number): number {
  const size = Math.abs(x);
  if (!(size < 707 && size > 3.725290298461914e-9)) return stdlibExp(x);
  const k = x < 0 ? Math.ceil(Math.LOG2E * x - 0.5) : Math.floor(Math.LOG2E * x + 0.5);
  const hi = x - k * 0.6931471803691238;
  const lo = k * 1.9082149292705877e-10;
  const r = hi - lo;
  const t = r * r;
  const c =
    r -
    t *
      (0.16666666666666602 +
        t *
          (-0.0027777777777015593 +
            t * (0.00006613756321437934 + t * (-0.0000016533902205465252 + t * 4.1381367970572385e-8))));
  // y lies in [√2/2, √2] and |k| ≤ 1020: y·2^k is a normal number, so the product is exact (as
  // @stdlib's ldexp is).
  return (1 - (lo - (r * c) / (2 - c) - hi)) * POWERS_OF_TWO[1023 - k]!;
}
