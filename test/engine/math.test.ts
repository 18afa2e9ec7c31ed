/**
 * src/engine/math.ts writes fdlibm's log and exp itself (for speed): they must give @stdlib's
 * bits, which are the same in every JavaScript engine, on every argument we can think of.
 */
import stdlibExp from "@stdlib/math-base-special-exp";
import stdlibLn from "@stdlib/math-base-special-ln";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { exp, log } from "../../src/engine/math.js";

/** A double from its 64 bits, given as two 32-bit words. */
function fromWords(high: number, low: number): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setUint32(0, high >>> 0);
  view.setUint32(4, low >>> 0);
  return view.getFloat64(0);
}

/** The first argument where `ours` and `reference` differ in any bit (Object.is), or undefined. */
function firstDifference(
  args: Iterable<number>,
  ours: (x: number) => number,
  reference: (x: number) => number,
): { x: number; ours: number; reference: number } | undefined {
  for (const x of args) {
    const a = ours(x);
    const b = reference(x);
    if (!Object.is(a, b)) return { x, ours: a, reference: b };
  }
  return undefined;
}

/** A small deterministic generator (xorshift32) so the million arguments are the same every run. */
function* randomWords(count: number, seed: number): Generator<[number, number]> {
  let s = seed;
  const next = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return s >>> 0;
  };
  for (let i = 0; i < count; i++) yield [next(), next()];
}

const SPECIAL = [
  0,
  -0,
  1,
  -1,
  2,
  0.5,
  Math.E,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  Number.MIN_VALUE,
  Number.MAX_VALUE,
  2.2250738585072014e-308, // smallest normal
  2.225073858507201e-308, // largest subnormal
  1 + Number.EPSILON,
  1 - Number.EPSILON / 2,
  Math.SQRT2,
  Math.SQRT1_2,
];

describe("log", () => {
  it("gives @stdlib's bits on every double pattern drawn, all exponents and signs", () => {
    const args = Array.from(randomWords(500_000, 12345), ([h, l]) => fromWords(h, l));
    expect(firstDifference(args, log, stdlibLn)).toBeUndefined();
  });

  it("gives @stdlib's bits on special values and on the subnormals", () => {
    const subnormals = Array.from(randomWords(20_000, 777), ([h, l]) => fromWords(h & 0x000fffff, l));
    expect(firstDifference([...SPECIAL, ...subnormals], log, stdlibLn)).toBeUndefined();
  });

  it("gives @stdlib's bits on the arguments of exponential draws, 1 − u with u a multiple of 2^−32", () => {
    // Every 4099th of the 2^32 grid points, plus both ends and the neighbourhood of 1, where
    // e_log.c switches between its branches.
    const args: number[] = [];
    for (let k = 0; k < 2 ** 32; k += 4099) args.push(1 - k * 2 ** -32);
    for (let k = 1; k < 5000; k++)
      args.push(1 - k * 2 ** -32, 1 - (2 ** 32 - k) * 2 ** -32, 1 + k * 2 ** -40);
    expect(firstDifference(args, log, stdlibLn)).toBeUndefined();
  });

  it("gives @stdlib's bits on any double (fast-check)", () => {
    fc.assert(
      fc.property(fc.double(), (x) => Object.is(log(x), stdlibLn(x))),
      { numRuns: 20_000 },
    );
  });
});

describe("exp", () => {
  it("gives @stdlib's bits across the whole range that neither overflows nor underflows", () => {
    const args: number[] = [];
    for (const [h, l] of randomWords(400_000, 4242)) args.push((h / 2 ** 32 - 0.5) * 1500 + l / 2 ** 52);
    expect(firstDifference(args, exp, stdlibExp)).toBeUndefined();
  });

  it("gives @stdlib's bits near overflow, underflow, the subnormal results and zero", () => {
    const args: number[] = [...SPECIAL, -SPECIAL[6]!, 709.782712893384, -745.1332191019411, -708.4];
    for (let i = -20_000; i <= 20_000; i++) {
      args.push(709.78 + i * 1e-6, -745.13 + i * 1e-6, -708.39 + i * 1e-4, i * 2 ** -40, -707 - i * 1e-3);
    }
    expect(firstDifference(args, exp, stdlibExp)).toBeUndefined();
  });

  it("gives @stdlib's bits on any double pattern drawn, and any double (fast-check)", () => {
    const args = Array.from(randomWords(200_000, 99), ([h, l]) => fromWords(h, l));
    expect(firstDifference(args, exp, stdlibExp)).toBeUndefined();
    fc.assert(
      fc.property(fc.double(), (x) => Object.is(exp(x), stdlibExp(x))),
      { numRuns: 20_000 },
    );
  });
});
