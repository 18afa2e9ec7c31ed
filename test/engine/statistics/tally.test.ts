import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Tally } from "../../../src/engine/statistics/index.js";

function tallyOf(values: readonly number[]): Tally {
  const t = new Tally();
  for (const x of values) t.add(x);
  return t;
}

/** Naive two-pass reference: mean first, then squared deviations from it. */
function twoPass(values: readonly number[]): { mean: number; variance: number } {
  let sum = 0;
  for (const x of values) sum += x;
  const mean = sum / values.length;
  let squares = 0;
  for (const x of values) squares += (x - mean) * (x - mean);
  return { mean, variance: values.length < 2 ? Number.NaN : squares / (values.length - 1) };
}

/**
 * Rounding differs between algorithms by a few ulps of the data's magnitude, so tolerances are
 * relative to the largest |x| (and x² for variances) rather than to a result that may be ≈ 0.
 */
function scaleOf(values: readonly number[]): number {
  let m = 0;
  for (const x of values) m = Math.max(m, Math.abs(x));
  return m;
}

const finite = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
const samples = fc.array(finite, { minLength: 1, maxLength: 200 });

function expectAgreesWithReference(t: Tally, values: readonly number[]): void {
  const ref = twoPass(values);
  const scale = scaleOf(values);
  expect(t.count).toBe(values.length);
  expect(Math.abs(t.mean - ref.mean)).toBeLessThanOrEqual(1e-9 * scale + 1e-300);
  if (values.length < 2) {
    expect(t.variance).toBeNaN();
  } else {
    expect(Math.abs(t.variance - ref.variance)).toBeLessThanOrEqual(1e-9 * scale * scale + 1e-300);
  }
  expect(t.min).toBe(Math.min(...values));
  expect(t.max).toBe(Math.max(...values));
}

describe("Tally", () => {
  it("agrees with a two-pass computation on random samples", () => {
    fc.assert(
      fc.property(samples, (values) => {
        const t = tallyOf(values);
        expectAgreesWithReference(t, values);
        expect(Math.abs(t.sum - values.reduce((a, b) => a + b, 0))).toBeLessThanOrEqual(
          1e-9 * scaleOf(values) * values.length,
        );
        expect(t.sd).toBe(Math.sqrt(t.variance));
      }),
    );
  });

  it("uses the sample variance (n − 1 divisor)", () => {
    // Population variance of this classic set is 4; the sample variance is 32/7.
    const t = tallyOf([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(t.mean).toBe(5);
    expect(t.variance).toBeCloseTo(32 / 7, 12);
  });

  it("stays accurate for a large mean and small spread", () => {
    // Σx² − (Σx)²/n loses every digit here; deviations 4, 7, 13, 16 around 10 give variance 30.
    const t = tallyOf([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]);
    expect(t.variance).toBeCloseTo(30, 6);
  });

  it("reports NaN rather than zero when undefined", () => {
    const empty = new Tally();
    expect(empty.count).toBe(0);
    expect(empty.mean).toBeNaN();
    expect(empty.variance).toBeNaN();
    expect(empty.min).toBeNaN();
    expect(empty.max).toBeNaN();
    const one = tallyOf([3]);
    expect(one.mean).toBe(3);
    expect(one.variance).toBeNaN();
    expect(one.sd).toBeNaN();
  });

  it("merges to the tally of the concatenation", () => {
    fc.assert(
      fc.property(fc.array(finite, { maxLength: 100 }), fc.array(finite, { maxLength: 100 }), (a, b) => {
        const all = [...a, ...b];
        const merged = tallyOf(a).merge(tallyOf(b));
        const direct = tallyOf(all);
        expect(merged.count).toBe(all.length);
        if (all.length === 0) {
          expect(merged.mean).toBeNaN();
          return;
        }
        const scale = scaleOf(all);
        expect(Math.abs(merged.mean - direct.mean)).toBeLessThanOrEqual(1e-9 * scale + 1e-300);
        if (all.length >= 2) {
          expect(Math.abs(merged.variance - direct.variance)).toBeLessThanOrEqual(
            1e-9 * scale * scale + 1e-300,
          );
        }
        expect(merged.min).toBe(direct.min);
        expect(merged.max).toBe(direct.max);
        expectAgreesWithReference(merged, all);
      }),
    );
  });

  it("merges relatively exactly on well-scaled data", () => {
    const a = [10.5, 12.25, 9.75, 11];
    const b = [30, 28.5, 31.5];
    const merged = tallyOf(a).merge(tallyOf(b));
    const ref = twoPass([...a, ...b]);
    expect(Math.abs(merged.mean - ref.mean) / ref.mean).toBeLessThan(1e-9);
    expect(Math.abs(merged.variance - ref.variance) / ref.variance).toBeLessThan(1e-9);
    expect(merged.sum).toBe(133.5);
  });

  it("resets to an empty tally", () => {
    const t = tallyOf([5, 6, 100]);
    t.reset();
    expect(t.count).toBe(0);
    expect(t.sum).toBe(0);
    expect(t.max).toBeNaN();
    t.add(2);
    t.add(4);
    expect(t.mean).toBe(3);
    expect(t.variance).toBe(2);
    expect(t.min).toBe(2);
    expect(t.max).toBe(4);
  });

  it("serialises its summary", () => {
    expect(tallyOf([1, 2, 3]).toJSON()).toEqual({ count: 3, mean: 2, sd: 1, min: 1, max: 3 });
    expect(JSON.parse(JSON.stringify(new Tally()))).toEqual({
      count: 0,
      mean: null,
      sd: null,
      min: null,
      max: null,
    });
  });
});
