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
 * all. The price, from `npm run bench` and before/after rounds in one process: an M/M/10 patient
 * (two logs) takes 1.14× as long, a year of acute-medical 1.10×; the studio's bundles grow 38 kB.
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

export const exp: (x: number) => number = stdlibExp;
/** The natural logarithm. */
export const log: (x: number) => number = stdlibLn;
export const log1p: (x: number) => number = stdlibLog1p;
export const expm1: (x: number) => number = stdlibExpm1;
export const log10: (x: number) => number = stdlibLog10;
export const pow: (base: number, exponent: number) => number = stdlibPow;
export const cbrt: (x: number) => number = stdlibCbrt;
export const sin: (x: number) => number = stdlibSin;
export const cos: (x: number) => number = stdlibCos;
export const tan: (x: number) => number = stdlibTan;
export const atan2: (y: number, x: number) => number = stdlibAtan2;
