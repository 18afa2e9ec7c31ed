/**
 * Length-of-stay fits. Tolerances are four standard errors of the maximum-likelihood estimate,
 * derived from the lognormal's Fisher information (delta method), with n the number of finished
 * stays (open stays add information, so this overstates the error a little): a correct fit fails
 * by chance about once in 15,000 runs, and the seeds are fixed.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fromSpec } from "../../src/engine/distributions.js";
import { RandomStream } from "../../src/engine/random.js";
import { fitStays, kaplanMeier, ksDistance } from "../../src/fit/los.js";

/** Standard errors of log(mean) and log(sd) of a lognormal fitted to n stays (σ² = ln(1 + cv²)). */
function lognormalLogErrors(mean: number, sd: number, n: number): { mean: number; sd: number } {
  const s2 = Math.log(1 + (sd / mean) ** 2);
  // log mean = μ + σ²/2; log sd = log mean + ½ log(e^{σ²} − 1); Var μ̂ = σ²/n, Var σ̂² = 2σ⁴/n.
  const dSdDs2 = 0.5 + (0.5 * Math.exp(s2)) / Math.expm1(s2);
  return {
    mean: Math.sqrt((s2 + 0.25 * 2 * s2 * s2) / n),
    sd: Math.sqrt((s2 + dSdDs2 ** 2 * 2 * s2 * s2) / n),
  };
}

function draw(spec: Parameters<typeof fromSpec>[0], n: number, seed: string): Float64Array {
  const rng = new RandomStream(seed, "stay");
  const d = fromSpec(spec);
  return Float64Array.from({ length: n }, () => d.sample(rng));
}

describe("length-of-stay fits", () => {
  it("recovers a lognormal's mean and sd from 50,000 stays, and picks it by AIC", () => {
    const n = 50_000;
    const fit = fitStays(draw({ dist: "lognormal", mean: 6, sd: 5 }, n, "lognormal"), new Float64Array());
    const best = fit.candidates[0]!;
    expect(best.family).toBe("lognormal");
    const se = lognormalLogErrors(6, 5, n);
    // 4 SE: ±1.5% on the mean and ±2.6% on the sd, inside the 3%.
    expect(Math.abs(Math.log(best.mean / 6))).toBeLessThan(4 * se.mean);
    expect(Math.abs(Math.log(best.sd / 5))).toBeLessThan(4 * se.sd);
    expect(fit.fits).toBe(true);
  });

  it("counts open stays as censored: the mean is right where dropping them would bias it", () => {
    const n = 50_000;
    const stays = draw({ dist: "lognormal", mean: 6, sd: 5 }, n, "censoring");
    // Each patient was admitted uniformly in the 15 days before the extract: many long stays are still open.
    const rng = new RandomStream("censoring", "admitted");
    const finished: number[] = [];
    const open: number[] = [];
    for (const stay of stays) {
      const sinceAdmission = 15 * rng.uniform();
      if (stay <= sinceAdmission) finished.push(stay);
      else open.push(sinceAdmission);
    }
    const dropped = finished.reduce((a, b) => a + b, 0) / finished.length;
    const fit = fitStays(Float64Array.from(finished), Float64Array.from(open));
    const best = fit.candidates.find((c) => c.family === "lognormal")!;
    const se = lognormalLogErrors(6, 5, finished.length);
    expect(open.length).toBeGreaterThan(0.3 * n);
    // Dropping the open stays loses the long ones: far more than 4 SE low …
    expect(Math.log(6 / dropped)).toBeGreaterThan(10 * se.mean);
    // … while the censored fit is within 4 SE.
    expect(Math.abs(Math.log(best.mean / 6))).toBeLessThan(4 * se.mean);
    expect(Math.abs(Math.log(best.sd / 5))).toBeLessThan(4 * se.sd);
  });

  it("recovers gamma and Weibull parameters, each chosen by AIC when it is the truth", () => {
    const gamma = fitStays(draw({ dist: "gamma", mean: 8, shape: 2.5 }, 20_000, "gamma"), new Float64Array());
    expect(gamma.candidates[0]!.family).toBe("gamma");
    // Shape MLE sd ≈ √(1 / (n (ψ'(k) − 1/k))) ≈ 0.024 for k = 2.5, n = 20,000: 4 SE ≈ 0.1.
    expect(Math.abs(gamma.candidates[0]!.parameters.shape! - 2.5)).toBeLessThan(0.1);
    const weibull = fitStays(
      draw({ dist: "weibull", shape: 1.5, scale: 7 }, 20_000, "weibull"),
      new Float64Array(),
    );
    expect(weibull.candidates[0]!.family).toBe("weibull");
    // Weibull shape MLE sd ≈ 0.78 k / √n = 0.0083: 4 SE ≈ 0.033; scale sd ≈ 1.05 λ / (k √n) = 0.035: 4 SE ≈ 0.14.
    expect(Math.abs(weibull.candidates[0]!.parameters.shape! - 1.5)).toBeLessThan(0.033);
    expect(Math.abs(weibull.candidates[0]!.parameters.scale! - 7)).toBeLessThan(0.14);
  });

  it("with a mixture no candidate is right: the AIC choice is shown with a poor KS and the empirical offered", () => {
    const rng = new RandomStream("mixture", "pick");
    const short = draw({ dist: "lognormal", mean: 1, sd: 0.5 }, 20_000, "short");
    const long = draw({ dist: "gamma", mean: 20, shape: 3 }, 20_000, "long");
    const stays = Float64Array.from(short, (s, i) => (rng.uniform() < 0.5 ? s : long[i]!));
    const fit = fitStays(stays, new Float64Array());
    expect(fit.fits).toBe(false);
    expect(fit.candidates[0]!.ks).toBeGreaterThan(fit.ksLimit);
    // AIC order is kept even though none fits.
    for (let i = 1; i < fit.candidates.length; i++)
      expect(fit.candidates[i]!.aic).toBeGreaterThanOrEqual(fit.candidates[i - 1]!.aic);
    // The empirical points are the data's own quantiles: the middle one is the sample median (to
    // one order statistic: the Kaplan–Meier product rounds).
    const sorted = Float64Array.from(stays).sort();
    const half = sorted.length / 2;
    expect(fit.empiricalPoints[50]).toBeGreaterThanOrEqual(sorted[half - 2]!);
    expect(fit.empiricalPoints[50]).toBeLessThanOrEqual(sorted[half]!);
  });

  it("Kaplan–Meier by hand: stays 1, 2, 4 finished and 3 censored", () => {
    // At 1: 4 at risk, S = 3/4. At 2: 3 at risk, S = 3/4 · 2/3 = 1/2. Censored at 3. At 4: 1 at risk, S = 0.
    const km = kaplanMeier(Float64Array.of(4, 1, 2), Float64Array.of(3));
    expect(Array.from(km.times)).toEqual([1, 2, 4]);
    expect(Array.from(km.cdf)).toEqual([0.25, 0.5, 1]);
    // Against the uniform CDF t/4: gaps |0.25 − 0| = 0.25 just before 1 … the largest is 0.5 at t = 4⁻ (1 vs 0.5).
    expect(ksDistance(km, (t) => Math.min(1, t / 4))).toBeCloseTo(0.5, 12);
  });

  it("Kaplan–Meier is a distribution function: rises from 0 to at most 1", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 1, maxLength: 50 }),
        fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { maxLength: 50 }),
        (finished, censored) => {
          const km = kaplanMeier(Float64Array.from(finished), Float64Array.from(censored));
          let previous = 0;
          for (const p of km.cdf) {
            expect(p).toBeGreaterThanOrEqual(previous - 1e-12);
            expect(p).toBeLessThanOrEqual(1 + 1e-12);
            previous = p;
          }
        },
      ),
    );
  });
});
