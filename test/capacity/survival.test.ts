/**
 * Survival functions of the scenario's duration distributions: exact forms against identities
 * and the distributions' own means (∫ S(u) du = E[S]), the empirical fallback marked as such.
 */
import { describe, expect, it } from "vitest";
import { maxOfSurvivals, regularizedGammaQ, survivalOf } from "../../src/capacity/survival.js";
import type { DistributionSpec } from "../../src/engine/distributions.js";

/** ∫₀^∞ S(u) du by the trapezoid rule out to where S is negligible. */
function integral(at: (u: number) => number, scale: number): number {
  const h = scale / 2000;
  let total = 0;
  let previous = at(0);
  for (let u = h; u < 400 * scale; u += h) {
    const value = at(u);
    total += (h * (previous + value)) / 2;
    previous = value;
    if (value < 1e-13 && u > scale) break;
  }
  return total;
}

describe("survival functions", () => {
  it("regularized incomplete gamma Q(a, x) meets its closed forms", () => {
    for (const x of [0.1, 1, 3.5, 12, 40]) {
      expect(regularizedGammaQ(1, x)).toBeCloseTo(Math.exp(-x), 14);
      // Integer shape: Q(k, x) = e^{−x} Σ_{i<k} x^i/i! (Erlang survival).
      let term = 1;
      let sum = 1;
      for (let i = 1; i < 4; i++) {
        term *= x / i;
        sum += term;
      }
      expect(regularizedGammaQ(4, x) / (Math.exp(-x) * sum)).toBeCloseTo(1, 12);
    }
    // Q(½, x) = erfc(√x); erfc(1) = 0.157299207050285…
    expect(regularizedGammaQ(0.5, 1)).toBeCloseTo(0.157299207050285, 13);
  });

  const cases: [string, DistributionSpec][] = [
    ["exponential", { dist: "exponential", mean: 600 }],
    ["lognormal (sd)", { dist: "lognormal", mean: 2880, sd: 2000 }],
    ["lognormal (median)", { dist: "lognormal", mean: 2880, median: 2000 }],
    ["gamma", { dist: "gamma", mean: 1000, cv: 0.7 }],
    ["erlang", { dist: "erlang", mean: 1000, k: 3 }],
    ["weibull", { dist: "weibull", shape: 1.5, mean: 800 }],
    ["uniform", { dist: "uniform", min: 100, max: 500 }],
    ["triangular", { dist: "triangular", min: 100, mode: 150, max: 700 }],
    ["truncnormal", { dist: "truncnormal", mean: 300, sd: 200, min: 0 }],
    ["discrete", { dist: "discrete", values: [60, 120, 600], weights: [1, 2, 1] }],
    ["empirical", { dist: "empirical", points: [30, 60, 60, 90, 400] }],
  ];
  it.each(cases)("%s: exact, and integrates to its mean", (_, spec) => {
    const s = survivalOf(spec);
    expect(s.method).toBe("exact");
    expect(s.at(-1)).toBe(1);
    expect(integral(s.at, s.mean) / s.mean).toBeCloseTo(1, 4);
  });

  it("falls back to a fixed-seed empirical CDF for PERT, and says so", () => {
    const s = survivalOf({ dist: "pert", min: 60, mode: 90, max: 300 });
    expect(s.method).toBe("empirical");
    expect(s.how).toMatch(/empirical CDF of 20000 draws from a fixed seed/);
    expect(integral(s.at, s.mean) / s.mean).toBeCloseTo(1, 2);
    // Repeatable: the same spec gives the same function.
    const again = survivalOf({ dist: "pert", min: 60, mode: 90, max: 300 });
    expect(again.at(120)).toBe(s.at(120));
  });

  it("takes the longest of tasks started together", () => {
    const a = survivalOf({ dist: "exponential", mean: 60 });
    const longest = maxOfSurvivals([a, a]);
    // Max of two exponentials with rate μ: mean 1.5/μ.
    expect(longest.mean).toBeCloseTo(90, 3);
    expect(longest.at(60)).toBeCloseTo(1 - (1 - Math.exp(-1)) ** 2, 12);
  });
});
