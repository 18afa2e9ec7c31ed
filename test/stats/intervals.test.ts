import { describe, expect, it } from "vitest";
import { metricStats } from "../../src/batch/aggregate.js";
import {
  pairedDifference,
  quantileSorted,
  summariseSample,
  welchDifference,
} from "../../src/stats/intervals.js";

describe("sample summaries", () => {
  it("gives the mean, sd, t interval and type-7 percentiles", () => {
    const s = summariseSample([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    expect(s.sd).toBeCloseTo(Math.sqrt(32 / 7), 14);
    // t(0.975, 7) = 2.364624251592785
    expect(s.ci!.halfWidth).toBeCloseTo((2.364624251592785 * Math.sqrt(32 / 7)) / Math.sqrt(8), 12);
    expect(s.p50).toBe(4.5);
    expect(quantileSorted([1, 2, 3, 4], 0.05)).toBeCloseTo(1.15, 14);
    expect(s.p95).toBeCloseTo(8.3, 12);
  });

  it("has no sd or interval for a single replication, and JSON-safe nulls", () => {
    const one = metricStats([3]);
    expect(one).toMatchObject({ n: 1, mean: 3, sd: null, ciLow: null, halfWidth: null, p50: 3 });
    expect(metricStats([]).mean).toBeNull();
    expect(metricStats([0, 0, 0]).relativeHalfWidth).toBe(0);
  });
});

describe("differences", () => {
  it("pairs replications and uses Welch–Satterthwaite unpaired", () => {
    const base = [10, 12, 14, 16, 18];
    const variant = [9, 11.2, 13.1, 14.9, 17.2];
    const paired = pairedDifference(variant, base);
    expect(paired.meanDifference).toBeCloseTo(-0.92, 12);
    expect(paired.df).toBe(4);
    const welch = welchDifference(variant, base);
    expect(welch.meanDifference).toBeCloseTo(-0.92, 12);
    // Equal n: df = (a + b)² / ((a² + b²)/(n − 1)).
    const a = 9.607 / 5;
    const b = 10 / 5;
    expect(welch.df).toBeCloseTo((a + b) ** 2 / ((a * a + b * b) / 4), 2);
    expect(paired.ci!.halfWidth).toBeLessThan(welch.ci!.halfWidth);
  });
});
