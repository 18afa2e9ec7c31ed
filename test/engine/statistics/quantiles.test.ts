import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QuantileSketch, type QuantileSketchOptions } from "../../../src/engine/statistics/index.js";
import { lognormals, mulberry32, relativeError, sortedCopy, type7 } from "./helpers.js";

function sketchOf(values: ArrayLike<number>, options?: QuantileSketchOptions): QuantileSketch {
  const s = new QuantileSketch(options);
  for (let i = 0; i < values.length; i++) s.add(values[i]!);
  return s;
}

function concat(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

const PROBES = [0, 0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

describe("QuantileSketch, exact regime", () => {
  it("reproduces R's type-7 values", () => {
    // R: quantile(c(1, 3, 7, 15), c(0, .25, .5, .9, 1)) = 1, 2.5, 5, 12.6, 15
    const s = sketchOf([15, 1, 7, 3]);
    expect(s.quantile(0)).toBe(1);
    expect(s.quantile(0.25)).toBe(2.5);
    expect(s.quantile(0.5)).toBe(5);
    expect(s.quantile(0.9)).toBeCloseTo(12.6, 12);
    expect(s.quantile(1)).toBe(15);
    expect(s.isExact).toBe(true);
  });

  it("matches sorted-array type-7 quantiles below the cap", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true }), {
          minLength: 1,
          maxLength: 300,
        }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, q) => {
          const s = sketchOf(values);
          const sorted = sortedCopy(values);
          const expected = type7(sorted, q);
          // The two interpolation formulas differ by rounding only.
          const scale = Math.max(Math.abs(sorted[0]!), Math.abs(sorted[sorted.length - 1]!));
          expect(Math.abs(s.quantile(q) - expected)).toBeLessThanOrEqual(1e-12 * scale);
          expect(s.count).toBe(values.length);
          expect(s.min).toBe(sorted[0]);
          expect(s.max).toBe(sorted[sorted.length - 1]);
        },
      ),
    );
  });

  it("re-sorts after values arrive between queries", () => {
    const s = sketchOf([5, 1, 3]);
    expect(s.quantile(0.5)).toBe(3);
    s.add(0);
    s.add(-10);
    expect(s.quantile(0.5)).toBe(1);
    expect(s.quantile(0)).toBe(-10);
  });

  it("stays exact up to the cap and switches after it", () => {
    const values = lognormals(11, 101);
    const s = sketchOf(values.subarray(0, 100), { sampleCap: 100 });
    expect(s.isExact).toBe(true);
    expect(s.bucketCount).toBe(0);
    expect(s.quantile(0.37)).toBeCloseTo(type7(sortedCopy(values.subarray(0, 100)), 0.37), 12);
    s.add(values[100]!);
    expect(s.isExact).toBe(false);
    expect(s.bucketCount).toBeGreaterThan(0);
  });

  it("returns NaN when empty and rejects bad input", () => {
    const s = new QuantileSketch();
    expect(s.quantile(0.5)).toBeNaN();
    expect(s.min).toBeNaN();
    expect(() => s.add(Number.NaN)).toThrow(RangeError);
    expect(() => s.add(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(s.count).toBe(0);
    s.add(1);
    expect(() => s.quantile(-0.1)).toThrow(RangeError);
    expect(() => s.quantile(1.1)).toThrow(RangeError);
    expect(() => new QuantileSketch({ alpha: 0 })).toThrow(RangeError);
    expect(() => s.merge(new QuantileSketch({ alpha: 0.02 }))).toThrow(RangeError);
  });
});

describe("QuantileSketch, sketch regime", () => {
  it("keeps relative error within alpha on 100,000 lognormal values", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const values = lognormals(seed, 100_000, 4, 1.2);
        const s = sketchOf(values);
        expect(s.isExact).toBe(false);
        const sorted = sortedCopy(values);
        for (const q of PROBES) {
          // A hair above alpha for the rounding of log and exp at bucket edges.
          expect(relativeError(s.quantile(q), type7(sorted, q))).toBeLessThanOrEqual(0.01 * (1 + 1e-9));
        }
      }),
      { numRuns: 3 },
    );
  });

  it("honours a coarser alpha and no tighter", () => {
    const values = lognormals(5, 50_000);
    const sorted = sortedCopy(values);
    const s = sketchOf(values, { alpha: 0.05, sampleCap: 0 });
    let worst = 0;
    for (let k = 0; k <= 100; k++)
      worst = Math.max(worst, relativeError(s.quantile(k / 100), type7(sorted, k / 100)));
    expect(worst).toBeLessThanOrEqual(0.05 * (1 + 1e-9));
    // Buckets are genuinely coarse: some quantile is off by more than the default 1 %.
    expect(worst).toBeGreaterThan(0.01);
  });

  it("mirrors buckets for negative values and counts zeros apart", () => {
    const next = mulberry32(99);
    const mags = lognormals(7, 30_000, 2, 1);
    // Negatives, zeros and positives in ratio 3 : 4 : 3.
    const values = mags.map((m) => {
      const u = next();
      return u < 0.3 ? -m : u < 0.7 ? 0 : m;
    });
    const sorted = sortedCopy(values);
    const s = sketchOf(values, { sampleCap: 50 });
    for (let k = 0; k <= 200; k++) {
      const q = k / 200;
      const pos = (values.length - 1) * q;
      const a = sorted[Math.floor(pos)]!;
      const b = sorted[Math.min(Math.floor(pos) + 1, sorted.length - 1)]!;
      const expected = type7(sorted, q);
      if (a === 0 && b === 0) expect(s.quantile(q)).toBe(0);
      else if (Math.sign(a) === Math.sign(b)) {
        expect(relativeError(s.quantile(q), expected)).toBeLessThanOrEqual(0.01 * (1 + 1e-9));
      }
    }
    expect(s.quantile(0)).toBe(sorted[0]);
    expect(s.quantile(1)).toBe(sorted[sorted.length - 1]);
  });

  it("keeps buckets within the cap after 1,000,000 values over 600 decades", () => {
    const next = mulberry32(2024);
    const values = new Float64Array(1_000_000);
    for (let i = 0; i < values.length; i++) values[i] = 10 ** (600 * next() - 300);
    const s = sketchOf(values);
    expect(s.count).toBe(1_000_000);
    expect(s.bucketCount).toBeLessThanOrEqual(2048);
    // Collapsing took the smallest magnitudes; the upper tail keeps the guarantee.
    const sorted = sortedCopy(values);
    for (const q of [0.99, 0.995, 0.999, 1]) {
      expect(relativeError(s.quantile(q), type7(sorted, q))).toBeLessThanOrEqual(0.01 * (1 + 1e-9));
    }
  });

  it("bounds buckets per sign with a small cap", () => {
    const next = mulberry32(3);
    const s = new QuantileSketch({ maxBuckets: 64, sampleCap: 16 });
    for (let i = 0; i < 100_000; i++) {
      const m = 10 ** (40 * next() - 20);
      s.add(next() < 0.5 ? -m : m);
    }
    expect(s.bucketCount).toBeLessThanOrEqual(128);
    expect(s.bucketCount).toBeGreaterThan(64);
    expect(s.count).toBe(100_000);
  });
});

describe("QuantileSketch merging and serialisation", () => {
  it("merges to exactly the sketch of the concatenation", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 7000 }),
        fc.integer({ min: 0, max: 7000 }),
        fc.integer({ min: 1, max: 1000 }),
        (na, nb, seed) => {
          const a = lognormals(seed, na);
          // Zeros and negatives exercise every part of the sketch's state.
          const b = lognormals(seed + 1, nb, 1, 2).map((x, i) => (i % 7 === 0 ? 0 : i % 5 === 0 ? -x : x));
          const merged = sketchOf(a).merge(sketchOf(b));
          const direct = sketchOf(concat(a, b));
          expect(merged.isExact).toBe(na + nb <= 4096);
          expect(merged.toJSON()).toEqual(direct.toJSON());
          for (const q of PROBES) expect(merged.quantile(q)).toBe(direct.quantile(q));
        },
      ),
      { numRuns: 25 },
    );
  });

  it("stays exact when the merged count reaches the cap exactly", () => {
    const a = lognormals(8, 2048);
    const b = lognormals(9, 2048);
    const merged = sketchOf(a).merge(sketchOf(b));
    expect(merged.isExact).toBe(true);
    expect(merged.toJSON()).toEqual(sketchOf(concat(a, b)).toJSON());
    merged.merge(sketchOf([1]));
    expect(merged.isExact).toBe(false);
  });

  it("merges deterministically, including a sketch into itself", () => {
    const a = lognormals(1, 6000);
    const b = lognormals(2, 3000);
    const first = sketchOf(a).merge(sketchOf(b)).toJSON();
    const second = sketchOf(a).merge(sketchOf(b)).toJSON();
    expect(JSON.stringify(first)).toBe(JSON.stringify(second));

    const doubled = sketchOf(b);
    doubled.merge(doubled);
    expect(doubled.toJSON()).toEqual(sketchOf(concat(b, b)).toJSON());
  });

  it("round-trips through JSON in both regimes", () => {
    for (const n of [0, 10, 4096, 20_000]) {
      const values = lognormals(n + 3, n);
      const original = sketchOf(values);
      const copy = QuantileSketch.fromJSON(JSON.parse(JSON.stringify(original.toJSON())));
      expect(copy.toJSON()).toEqual(original.toJSON());
      expect(copy.count).toBe(n);
      for (const q of PROBES) {
        if (n === 0) expect(copy.quantile(q)).toBeNaN();
        else expect(copy.quantile(q)).toBe(original.quantile(q));
      }
      // The restored sketch keeps working as the original would.
      const more = lognormals(n + 4, 500, 3);
      for (const x of more) {
        original.add(x);
        copy.add(x);
      }
      expect(copy.toJSON()).toEqual(original.toJSON());
    }
  });
});
