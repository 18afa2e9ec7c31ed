import { describe, expect, it } from "vitest";
import { regularizedIncompleteBeta, studentTCdf, studentTQuantile } from "../../src/stats/student-t.js";

/**
 * Upper quantiles t(p, ν). The first column of values is the printed table every statistics
 * text carries (3 decimals); the precise values are SciPy 1.17's stdtrit, which agree with it.
 */
const TABLE: [p: number, df: number, printed: number, precise: number][] = [
  [0.975, 1, 12.706, 12.706204736174694],
  [0.975, 2, 4.303, 4.302652729749462],
  [0.975, 3, 3.182, 3.1824463052837078],
  [0.975, 4, 2.776, 2.7764451051977934],
  [0.975, 5, 2.571, 2.5705818356363146],
  [0.975, 9, 2.262, 2.262157162798205],
  [0.975, 10, 2.228, 2.228138851986274],
  [0.975, 19, 2.093, 2.0930240544083087],
  [0.975, 29, 2.045, 2.045229642132703],
  [0.975, 30, 2.042, 2.0422724563012378],
  [0.975, 100, 1.984, 1.9839715185235518],
  [0.975, 1000, 1.962, 1.9623390808264083],
  [0.95, 9, 1.833, 1.833112932656237],
  [0.995, 4, 4.604, 4.604094871349992],
  [0.999, 10, 4.144, 4.143700494046589],
  [0.9995, 3, 12.924, 12.923978636687961],
];

describe("Student t quantile", () => {
  it.each(TABLE)("t(%f, %d) matches the table", (p, df, printed, precise) => {
    const t = studentTQuantile(p, df);
    expect(t).toBeCloseTo(printed, 3);
    expect(Math.abs(t - precise) / precise).toBeLessThan(1e-12);
  });

  it("handles fractional degrees of freedom (Welch) and the far tails", () => {
    expect(studentTQuantile(0.975, 2.5)).toBeCloseTo(3.5746548420036817, 12);
    expect(studentTQuantile(0.975, 7.3)).toBeCloseTo(2.345066736547703, 12);
    expect(studentTQuantile(0.975, 0.5)).toBeCloseTo(164.55767348048818, 9);
    expect(studentTQuantile(1e-10, 3) / -2225.769284683093).toBeCloseTo(1, 12);
    expect(studentTQuantile(0.6, 5)).toBeCloseTo(0.2671808657041451, 14);
  });

  it("is symmetric, tends to the normal, and has the right edges", () => {
    expect(studentTQuantile(0.025, 7)).toBeCloseTo(-studentTQuantile(0.975, 7), 13);
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959966, 6);
    expect(studentTQuantile(0.975, Number.POSITIVE_INFINITY)).toBeCloseTo(1.959964, 6);
    expect(studentTQuantile(0, 5)).toBe(Number.NEGATIVE_INFINITY);
    expect(studentTQuantile(1, 5)).toBe(Number.POSITIVE_INFINITY);
    expect(studentTQuantile(0.5, 0)).toBeNaN();
  });

  it("inverts the distribution function", () => {
    for (const df of [1, 1.5, 3, 8, 25, 200, 5000]) {
      for (const p of [1e-6, 0.001, 0.05, 0.3, 0.7, 0.975, 0.999999]) {
        expect(studentTCdf(studentTQuantile(p, df), df)).toBeCloseTo(p, 12);
      }
    }
  });
});

describe("regularized incomplete beta", () => {
  it("matches closed forms", () => {
    expect(regularizedIncompleteBeta(0.5, 2, 3)).toBeCloseTo(0.6875, 14);
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(regularizedIncompleteBeta(0.4, 3, 1)).toBeCloseTo(0.4 ** 3, 14);
    expect(regularizedIncompleteBeta(0.4, 1, 3)).toBeCloseTo(1 - 0.6 ** 3, 14);
    expect(regularizedIncompleteBeta(0, 2, 2)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 2)).toBe(1);
  });
});
