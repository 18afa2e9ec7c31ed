/**
 * The suite's tolerances are only as good as the quantiles behind them, so the Student t
 * quantile is checked against the cases that have closed forms, and the Wilson–Hilferty
 * chi-square quantile against its known direction of error.
 */
import { describe, expect, it } from "vitest";
import { normalQuantile } from "../../src/engine/distributions.js";
import { chiSquareQuantile, estimate, studentTQuantile } from "./helpers.js";

describe("validation helpers", () => {
  it("Student t quantiles match the closed forms for 1 and 2 degrees of freedom", () => {
    for (const p of [0.9, 0.975, 0.995, 0.9995]) {
      // ν = 1 is the Cauchy distribution: t_p = tan(π(p − ½)).
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 6);
      // ν = 2: F(t) = ½ + t/(2√(2 + t²)), so t_p = (2p − 1)·√(2 / (4p(1 − p))).
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) * Math.sqrt(2 / (4 * p * (1 - p))), 8);
    }
  });

  it("Student t quantiles approach the normal quantile for many degrees of freedom", () => {
    // Cornish–Fisher: t_p ≈ z + (z³ + z)/(4ν), so at ν = 10 000 the gap is about 1e-3 at z ≈ 3.3.
    const z = normalQuantile(0.9995);
    expect(studentTQuantile(0.9995, 10_000) - z).toBeCloseTo((z ** 3 + z) / (4 * 10_000), 5);
  });

  it("half-width is t·sd/√n", () => {
    const e = estimate([1, 2, 3, 4], 0.95);
    expect(e.mean).toBe(2.5);
    expect(e.halfWidth).toBeCloseTo((studentTQuantile(0.975, 3) * Math.sqrt(5 / 3)) / 2, 12);
  });

  it("Wilson–Hilferty chi-square quantiles bracket the mean k and widen with confidence", () => {
    for (const k of [22, 154, 1999]) {
      expect(chiSquareQuantile(0.0005, k)).toBeLessThan(k);
      expect(chiSquareQuantile(0.9995, k)).toBeGreaterThan(k);
      expect(chiSquareQuantile(0.9995, k)).toBeGreaterThan(chiSquareQuantile(0.975, k));
    }
  });
});
