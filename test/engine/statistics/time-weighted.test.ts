import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LevelDistribution, TimeWeighted } from "../../../src/engine/statistics/index.js";

/** A step path: level `level` holds for `dt` time units, one step after another from time 0. */
type Step = { dt: number; level: number };

const integerPath = fc.array(
  fc.record({ dt: fc.integer({ min: 0, max: 20 }), level: fc.integer({ min: 0, max: 12 }) }),
  { minLength: 1, maxLength: 30 },
);

/** Feeds a path from time 0; the first step's level replaces the initial level at once. */
function drive(target: { update(time: number, level: number): void }, steps: readonly Step[]): number {
  let time = 0;
  for (const step of steps) {
    target.update(time, step.level);
    time += step.dt;
  }
  return time;
}

/** One sample per unit of time, valid for integer step lengths: the path's occupation measure. */
function perUnitSamples(steps: readonly Step[]): number[] {
  const out: number[] = [];
  for (const step of steps) for (let k = 0; k < step.dt; k++) out.push(step.level);
  return out;
}

describe("TimeWeighted", () => {
  it("integrates a hand-computed step path", () => {
    const tw = new TimeWeighted(0, 0);
    tw.update(2, 3);
    tw.update(5, 1);
    tw.update(9, 4);
    // 0·2 + 3·3 + 1·4 + 4·1 = 17 over 10 time units.
    expect(tw.integral(10)).toBe(17);
    expect(tw.mean(10)).toBeCloseTo(1.7, 12);
    // Without atTime the window closes at the last update: (9 + 4) / 9.
    expect(tw.mean()).toBeCloseTo(13 / 9, 12);
    expect(tw.max).toBe(4);
    expect(tw.min).toBe(0);
    expect(tw.level).toBe(4);
  });

  it("restarts the window on reset, keeping the current level", () => {
    const tw = new TimeWeighted(0, 0);
    tw.update(2, 3);
    tw.update(5, 1);
    tw.reset(5);
    tw.update(9, 4);
    // (1·4 + 4·1) / 5
    expect(tw.mean(10)).toBeCloseTo(1.6, 12);
    expect(tw.startTime).toBe(5);
    expect(tw.max).toBe(4);
    expect(tw.min).toBe(1);
  });

  it("counts the open interval since the last change", () => {
    const tw = new TimeWeighted(100, 7);
    expect(tw.mean(100)).toBeNaN();
    expect(tw.mean(130)).toBe(7);
    tw.update(110, 1);
    expect(tw.mean(130)).toBeCloseTo((7 * 10 + 1 * 20) / 30, 12);
  });

  it("rejects time going backwards", () => {
    const tw = new TimeWeighted(0, 0);
    tw.update(5, 2);
    expect(() => tw.update(4, 1)).toThrow(RangeError);
    expect(() => tw.update(Number.NaN, 1)).toThrow(RangeError);
    expect(() => tw.mean(3)).toThrow(RangeError);
    expect(() => tw.reset(1)).toThrow(RangeError);
    tw.update(5, 3);
    expect(tw.level).toBe(3);
  });

  it("matches the sum of rectangles on random real-valued paths", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dt: fc.integer({ min: 0, max: 100_000 }).map((i) => i / 1000),
            level: fc.integer({ min: -5000, max: 5000 }).map((i) => i / 100),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.integer({ min: 0, max: 100_000 }).map((i) => i / 1000),
        (steps, tail) => {
          const tw = new TimeWeighted(0, 0);
          const end = drive(tw, steps);
          let area = 0;
          let scale = 0;
          for (const s of steps) {
            area += s.level * s.dt;
            scale += Math.abs(s.level) * s.dt;
          }
          const last = steps[steps.length - 1]!.level;
          area += last * tail;
          scale += Math.abs(last) * tail;
          expect(Math.abs(tw.integral(end + tail) - area)).toBeLessThanOrEqual(1e-9 * scale);
          const duration = end + tail;
          if (duration > 0) {
            expect(Math.abs(tw.mean(duration) - area / duration)).toBeLessThanOrEqual(
              (1e-9 * scale) / duration,
            );
          }
          expect(tw.max).toBe(Math.max(0, ...steps.map((s) => s.level)));
        },
      ),
    );
  });
});

describe("LevelDistribution", () => {
  /** 0 for 10, 2 for 20, 5 for 10, then 3 until time 100 (60 more). */
  function handPath(): LevelDistribution {
    const d = new LevelDistribution(0, 0);
    d.update(10, 2);
    d.update(30, 5);
    d.update(40, 3);
    return d;
  }

  it("gives quantiles of the time spent at each level", () => {
    const d = handPath();
    // Cumulative fractions: ≤0: 0.1, ≤2: 0.3, ≤3: 0.9, ≤5: 1.
    expect(d.quantile(0, 100)).toBe(0);
    expect(d.quantile(0.05, 100)).toBe(0);
    expect(d.quantile(0.1, 100)).toBe(0);
    expect(d.quantile(0.11, 100)).toBe(2);
    expect(d.quantile(0.3, 100)).toBe(2);
    expect(d.quantile(0.5, 100)).toBe(3);
    expect(d.quantile(0.9, 100)).toBe(3);
    expect(d.quantile(0.95, 100)).toBe(5);
    expect(d.quantile(1, 100)).toBe(5);
  });

  it("gives the fraction of time at or above a level", () => {
    const d = handPath();
    expect(d.fractionAtLeast(0, 100)).toBe(1);
    expect(d.fractionAtLeast(1, 100)).toBeCloseTo(0.9, 12);
    expect(d.fractionAtLeast(3, 100)).toBeCloseTo(0.7, 12);
    expect(d.fractionAtLeast(4, 100)).toBeCloseTo(0.1, 12);
    expect(d.fractionAtLeast(5, 100)).toBeCloseTo(0.1, 12);
    expect(d.fractionAtLeast(6, 100)).toBe(0);
    // A fractional threshold means the next whole level: "at least 2.5 beds" is "at least 3".
    expect(d.fractionAtLeast(2.5, 100)).toBeCloseTo(0.7, 12);
  });

  it("gives the time-weighted mean and variance", () => {
    const d = handPath();
    // mean (0·10 + 2·20 + 5·10 + 3·60)/100 = 2.7; E[L²] = (4·20 + 25·10 + 9·60)/100 = 8.7.
    expect(d.mean(100)).toBeCloseTo(2.7, 12);
    expect(d.variance(100)).toBeCloseTo(8.7 - 2.7 * 2.7, 12);
    const f = d.fractions(100);
    expect(Array.from(f)).toEqual([0.1, 0, 0.2, 0.6, 0, 0.1]);
  });

  it("forgets the warm-up on reset", () => {
    const d = handPath();
    d.reset(40);
    d.update(70, 1);
    // From 40: 3 for 30, then 1 for 30.
    expect(d.quantile(0.5, 100)).toBe(1);
    expect(d.quantile(0.51, 100)).toBe(3);
    expect(d.fractionAtLeast(2, 100)).toBeCloseTo(0.5, 12);
    expect(d.mean(100)).toBeCloseTo(2, 12);
    expect(d.max).toBe(3);
  });

  it("accepts only non-negative integer levels and forward time", () => {
    const d = new LevelDistribution();
    expect(() => d.update(1, 2.5)).toThrow(RangeError);
    expect(() => d.update(1, -1)).toThrow(RangeError);
    expect(() => new LevelDistribution(0, -3)).toThrow(RangeError);
    d.update(5, 1);
    expect(() => d.update(4, 1)).toThrow(RangeError);
    expect(() => d.quantile(1.5, 10)).toThrow(RangeError);
    // The rejected calls left the state untouched: 0 for 5 then 1 for 5.
    expect(d.fractionAtLeast(1, 10)).toBeCloseTo(0.5, 12);
  });

  it("agrees with per-unit samples on random integer paths", () => {
    fc.assert(
      fc.property(integerPath, fc.double({ min: 0, max: 1, noNaN: true }), (steps, q) => {
        const d = new LevelDistribution(0, 0);
        const end = drive(d, steps);
        const samples = perUnitSamples(steps);
        if (samples.length === 0) {
          expect(d.quantile(q, end)).toBeNaN();
          return;
        }
        const n = samples.length;
        const sorted = [...samples].sort((a, b) => a - b);
        // Smallest sampled level whose empirical CDF reaches q.
        let expected = sorted[n - 1]!;
        for (const level of new Set(sorted)) {
          if (sorted.filter((x) => x <= level).length / n >= q) {
            expected = level;
            break;
          }
        }
        expect(d.quantile(q, end)).toBe(expected);
        for (let level = 0; level <= 13; level++) {
          expect(d.fractionAtLeast(level, end)).toBeCloseTo(samples.filter((x) => x >= level).length / n, 12);
        }
        const mean = samples.reduce((a, b) => a + b, 0) / n;
        const variance = samples.reduce((a, x) => a + (x - mean) ** 2, 0) / n;
        expect(d.mean(end)).toBeCloseTo(mean, 9);
        expect(d.variance(end)).toBeCloseTo(variance, 9);
      }),
    );
  });
});
