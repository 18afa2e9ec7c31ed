import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  constant,
  type Distribution,
  type DistributionSpec,
  empiricalContinuous,
  empiricalDiscrete,
  erlang,
  exponential,
  fromSpec,
  gamma,
  gammaFunction,
  lnGamma,
  lognormal,
  lognormalFromMedian,
  normal,
  normalCdf,
  normalPdf,
  normalQuantile,
  pert,
  scaled,
  triangular,
  truncatedNormal,
  uniform,
  weibull,
  weibullFromMean,
} from "../../src/engine/distributions.js";
import { RandomStreams } from "../../src/engine/random.js";

const SEED = 12345;
const SAMPLE_SIZE = 200_000;
/**
 * Every statistical check below allows 4 standard errors. With a normal sampling distribution
 * (the CLT at n = 200 000), a two-sided 4σ band is exceeded with probability ≈ 6.3e−5, so a correct
 * sampler fails a given check about once in 16 000 seeds; the seed is fixed, so a pass is stable
 * and a failure means a wrong formula or sampler, not bad luck.
 */
const BAND = 4;

function draw(distribution: Distribution, streamName: string, n = SAMPLE_SIZE): Float64Array {
  const rng = new RandomStreams(SEED).get(streamName);
  const samples = new Float64Array(n);
  for (let i = 0; i < n; i++) samples[i] = distribution.sample(rng);
  return samples;
}

interface SampleSummary {
  mean: number;
  /** Unbiased sample variance s². */
  variance: number;
  /** Plug-in fourth central moment. */
  fourthCentralMoment: number;
  min: number;
  max: number;
}

function summarise(samples: Float64Array): SampleSummary {
  const n = samples.length;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const x of samples) {
    sum += x;
    if (x < min) min = x;
    if (x > max) max = x;
  }
  const mean = sum / n;
  // Two passes, so the centred sums do not suffer the cancellation of Σx² − n·x̄².
  let squares = 0;
  let fourths = 0;
  for (const x of samples) {
    const deviation = (x - mean) * (x - mean);
    squares += deviation;
    fourths += deviation * deviation;
  }
  return { mean, variance: squares / (n - 1), fourthCentralMoment: fourths / n, min, max };
}

/**
 * Sample mean within BAND·σ/√n of the exact mean (CLT), and sample variance within BAND standard
 * errors of the exact variance. Var(s²) = (μ₄ − σ⁴·(n − 3)/(n − 1))/n ≈ (μ₄ − σ⁴)/n; μ₄ has no
 * tidy closed form for several of these distributions (truncated normal, PERT, Weibull), so it and
 * σ⁴ are estimated from the same samples. That plug-in estimate converges at n = 200 000 for every
 * distribution here (all have finite eighth moments) and is far more stable than the 4σ margin needs.
 */
function expectMomentsMatch(distribution: Distribution, samples: Float64Array): SampleSummary {
  const n = samples.length;
  const summary = summarise(samples);
  // The small relative slack only absorbs floating-point summation error (it matters for sd = 0).
  const roundingSlack = 1e-9 * Math.max(1, Math.abs(distribution.mean));
  const meanTolerance = BAND * Math.sqrt(distribution.variance / n) + roundingSlack;
  expect(
    Math.abs(summary.mean - distribution.mean),
    `mean of ${distribution.describe()}`,
  ).toBeLessThanOrEqual(meanTolerance);
  const varianceOfVariance = Math.max(0, summary.fourthCentralMoment - summary.variance ** 2) / n;
  const varianceTolerance = BAND * Math.sqrt(varianceOfVariance) + 1e-9 * Math.max(1, distribution.variance);
  expect(
    Math.abs(summary.variance - distribution.variance),
    `variance of ${distribution.describe()}`,
  ).toBeLessThanOrEqual(varianceTolerance);
  return summary;
}

function expectRelativelyClose(actual: number, expected: number, relativeTolerance: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relativeTolerance * Math.abs(expected));
}

describe("normal distribution functions", () => {
  it("matches reference values of Φ to about 1e-14 relative, into the far lower tail", () => {
    // References computed with mpmath at 40 significant digits.
    const reference: [number, number][] = [
      [0, 0.5],
      [1.96, 0.9750021048517795],
      [-3, 0.0013498980316300946],
      [-1, 0.15865525393145705],
      [0.5, 0.6914624612740131],
      [2.5, 0.993790334674224],
      [-5, 2.866515718791939e-7],
      [-10, 7.619853024160525e-24],
      [-20, 2.7536241186062337e-89],
      [-37, 5.725571222524577e-300],
    ];
    for (const [x, expected] of reference) expectRelativelyClose(normalCdf(x), expected, 1e-14);
  });

  it("is symmetric and saturates cleanly", () => {
    for (const x of [0.1, 0.7, 1.3, 4, 6.5]) expect(normalCdf(x) + normalCdf(-x)).toBeCloseTo(1, 15);
    expect(normalCdf(Number.POSITIVE_INFINITY)).toBe(1);
    expect(normalCdf(Number.NEGATIVE_INFINITY)).toBe(0);
    expect(normalCdf(-45)).toBe(0);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });

  it("computes the density", () => {
    expectRelativelyClose(normalPdf(0), 1 / Math.sqrt(2 * Math.PI), 1e-15);
    expectRelativelyClose(normalPdf(1), 0.24197072451914334, 1e-15);
    expectRelativelyClose(normalPdf(-10), 7.694598626706419e-23, 1e-14);
  });

  it("inverts Φ to full precision, including deep in the tails", () => {
    expectRelativelyClose(normalQuantile(0.975), 1.959963984540054, 1e-14);
    expectRelativelyClose(normalQuantile(0.025), -1.959963984540054, 1e-14);
    expectRelativelyClose(normalQuantile(1e-10), -6.361340902404056, 1e-14);
    expectRelativelyClose(normalQuantile(0.9), 1.2815515655446004, 1e-14);
    expectRelativelyClose(normalQuantile(1e-300), -37.0470962993612, 1e-14);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
  });

  it("round-trips normalQuantile(normalCdf(x)) ≈ x", () => {
    // Above x ≈ 3 the round trip itself is ill-conditioned (Φ(x) crowds against 1), so stop there.
    fc.assert(
      fc.property(fc.double({ min: -37, max: 3, noNaN: true }), (x) => {
        expect(Math.abs(normalQuantile(normalCdf(x)) - x)).toBeLessThanOrEqual(
          1e-9 * Math.max(1, Math.abs(x)),
        );
      }),
    );
  });
});

describe("gamma function", () => {
  it("matches reference values", () => {
    expectRelativelyClose(lnGamma(0.5), 0.5 * Math.log(Math.PI), 1e-14);
    expectRelativelyClose(lnGamma(0.1), 2.252712651734206, 1e-14);
    expectRelativelyClose(lnGamma(1e-5), 11.512919692895826, 1e-14);
    expectRelativelyClose(lnGamma(100), 359.1342053695754, 1e-14);
    expectRelativelyClose(lnGamma(1.5), -0.12078223763524522, 1e-13);
    expect(Math.abs(lnGamma(1))).toBeLessThan(1e-14);
    expect(Math.abs(lnGamma(2))).toBeLessThan(1e-14);
    expectRelativelyClose(gammaFunction(5), 24, 1e-14);
    expectRelativelyClose(gammaFunction(0.5), Math.sqrt(Math.PI), 1e-14);
    expectRelativelyClose(gammaFunction(-0.5), -2 * Math.sqrt(Math.PI), 1e-14);
  });
});

describe("exact moments follow the textbook formulas", () => {
  const cases: [string, Distribution, number, number][] = [
    ["constant", constant(7), 7, 0],
    ["uniform", uniform(2, 5), 3.5, 9 / 12],
    ["triangular", triangular(1, 2, 6), 3, (1 + 4 + 36 - 2 - 6 - 12) / 18],
    ["exponential", exponential(3), 3, 9],
    ["normal", normal(10, 2), 10, 4],
    ["lognormal by sd", lognormal(4.2, 3), 4.2, 9],
    // σ² = 2 ln(5/4), so e^{σ²} = 25/16 and the variance is 5²·(25/16 − 1).
    ["lognormal by median", lognormalFromMedian(5, 4), 5, 25 * (9 / 16)],
    ["gamma by shape", gamma({ mean: 4, shape: 2.5 }), 4, 16 / 2.5],
    ["gamma by cv", gamma({ mean: 4, cv: 1.5 }), 4, (4 * 1.5) ** 2],
    ["erlang", erlang(6, 3), 6, 12],
    // mpmath: 3·Γ(5/3) and 9·(Γ(7/3) − Γ(5/3)²).
    ["weibull", weibull(1.5, 3), 2.708235878852801, 3.381212563325388],
    [
      "weibull by mean",
      weibullFromMean(5, 2.2),
      5,
      25 * (gammaFunction(1 + 2 / 2.2) / gammaFunction(1 + 1 / 2.2) ** 2 - 1),
    ],
    // α = 17/9, β = 37/9 on a range of 9: mean (1 + 4·3 + 10)/6, variance 81·αβ/((α+β)²(α+β+1)).
    ["pert", pert(1, 3, 10), 23 / 6, 629 / 252],
    ["pert lambda 0 is uniform", pert(0, 1, 6, 0), 3, 3],
    ["discrete", empiricalDiscrete([1, 2, 5], [2, 5, 3]), 2.7, 9.7 - 2.7 ** 2],
    // Halves U(1, 2) and U(2, 4): mean (1.5 + 3)/2; E[X²] = (7/3 + 28/3)/2.
    ["empirical", empiricalContinuous([4, 1, 2]), 2.25, 35 / 6 - 2.25 ** 2],
    ["truncnormal with no bounds", truncatedNormal(3, 2), 3, 4],
    ["truncnormal symmetric", truncatedNormal(10, 2, 8, 12), 10, 4 * 0.2911250947727932],
    ["scaled", scaled(exponential(3), 0.5), 1.5, 2.25],
  ];

  it.each(cases)("%s", (_, distribution, mean, variance) => {
    expectRelativelyClose(distribution.mean, mean, 1e-12);
    expect(Math.abs(distribution.variance - variance)).toBeLessThanOrEqual(1e-12 * Math.max(1, variance));
  });

  it("gives lognormal(mean 4.2, sd 3) exactly that mean and sd, and says so", () => {
    const stay = lognormal(4.2, 3);
    expect(stay.mean).toBeCloseTo(4.2, 12);
    expect(Math.sqrt(stay.variance)).toBeCloseTo(3, 12);
    expect(stay.describe()).toBe("lognormal(mean 4.2, sd 3)");
    expect(stay.kind).toBe("lognormal");
  });

  it("round-trips lognormal mean and sd for any m > 0, s ≥ 0", () => {
    const positive = fc.double({ min: 1e-6, max: 1e6, noNaN: true });
    const sd = fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e6, noNaN: true }));
    fc.assert(
      fc.property(positive, sd, (m, s) => {
        const distribution = lognormal(m, s);
        expectRelativelyClose(distribution.mean, m, 1e-9);
        expectRelativelyClose(Math.sqrt(distribution.variance), s, 1e-9);
      }),
    );
  });

  it("matches independently integrated truncated-normal moments (mpmath quadrature)", () => {
    const reference: [Distribution, number, number][] = [
      [truncatedNormal(10, 4, 5, 20), 10.743669604316533, 10.544450309646956],
      [truncatedNormal(0, 1, 5), 5.186503967125842, 0.032696434617112226],
      [truncatedNormal(0, 1, Number.NEGATIVE_INFINITY, -5), -5.186503967125842, 0.032696434617112226],
      [truncatedNormal(0, 1, 1.9, 2.3), 2.0724680329431635, 0.012811633466805004],
      [truncatedNormal(0, 1, -0.5, 100), 0.5091604338370335, 0.4861754356963671],
      [truncatedNormal(0, 1, 8, 12), 8.121368112236112, 0.014324883443340866],
      [truncatedNormal(0, 1, 0, 1e-6), 4.999999999999583e-7, 8.333333333333055e-14],
      // Deep in the tail the variance is a difference of terms ~α² apart: ~1e-10 relative is the limit.
      [truncatedNormal(0, 1, 40), 40.02496884720726, 0.0006226683785913888],
    ];
    for (const [distribution, mean, variance] of reference) {
      expectRelativelyClose(distribution.mean, mean, 1e-13);
      expectRelativelyClose(distribution.variance, variance, 1e-8);
    }
  });
});

describe("sampling matches the exact moments", () => {
  const cases: [string, Distribution][] = [
    ["constant", constant(7)],
    ["uniform", uniform(2, 5)],
    ["triangular", triangular(1, 2, 6)],
    ["triangular with mode at max", triangular(0, 4, 4)],
    ["exponential", exponential(3)],
    ["normal", normal(10, 2)],
    ["normal going negative", normal(-1, 0.5)],
    ["truncnormal two-sided", truncatedNormal(10, 4, 5, 20)],
    ["truncnormal lower bound", truncatedNormal(2, 3, 0)],
    ["truncnormal upper bound", truncatedNormal(0, 1, Number.NEGATIVE_INFINITY, -1)],
    ["truncnormal narrow", truncatedNormal(5, 100, 4, 6)],
    ["truncnormal far tail", truncatedNormal(0, 1, 5)],
    ["truncnormal beyond inversion", truncatedNormal(0, 1, 40, 40.5)],
    ["lognormal", lognormal(4.2, 3)],
    ["lognormal by median", lognormalFromMedian(5, 4)],
    ["gamma shape 2.5", gamma({ mean: 4, shape: 2.5 })],
    ["gamma shape 1", gamma({ mean: 4, shape: 1 })],
    ["gamma cv 1.5 (shape < 1)", gamma({ mean: 4, cv: 1.5 })],
    ["erlang 3", erlang(6, 3)],
    ["erlang 40", erlang(6, 40)],
    ["weibull 1.5", weibull(1.5, 3)],
    ["weibull 0.7", weibull(0.7, 2)],
    ["weibull by mean", weibullFromMean(5, 2.2)],
    ["pert", pert(1, 3, 10)],
    ["pert mode at min, lambda 2", pert(0, 0, 4, 2)],
    ["discrete", empiricalDiscrete([1, 2, 5], [2, 5, 3])],
    ["empirical", empiricalContinuous([3, 1, 4, 1.5, 9, 2.6, 5])],
    ["scaled", scaled(lognormal(4.2, 3), 0.8)],
  ];

  it.each(cases)("%s", (name, distribution) => {
    expectMomentsMatch(distribution, draw(distribution, name));
  });
});

describe("supports", () => {
  it("keeps bounded distributions inside their bounds", () => {
    const bounded: [Distribution, number, number][] = [
      [uniform(2, 5), 2, 5],
      [triangular(1, 2, 6), 1, 6],
      [truncatedNormal(10, 4, 5, 20), 5, 20],
      [truncatedNormal(2, 3, 0), 0, Number.POSITIVE_INFINITY],
      [truncatedNormal(0, 1, 40, 40.5), 40, 40.5],
      [pert(1, 3, 10), 1, 10],
      [empiricalContinuous([3, 1, 4, 1.5, 9]), 1, 9],
    ];
    for (const [distribution, min, max] of bounded) {
      const summary = summarise(draw(distribution, `support ${distribution.describe()}`, 50_000));
      expect(summary.min, distribution.describe()).toBeGreaterThanOrEqual(min);
      expect(summary.max, distribution.describe()).toBeLessThanOrEqual(max);
    }
  });

  it("keeps positive distributions positive", () => {
    for (const distribution of [
      lognormal(4.2, 3),
      gamma({ mean: 4, cv: 3 }),
      exponential(0.1),
      weibull(0.5, 1),
    ]) {
      const summary = summarise(draw(distribution, `positive ${distribution.describe()}`, 50_000));
      expect(summary.min, distribution.describe()).toBeGreaterThan(0);
    }
  });

  it("samples a truncated normal far in the tail (min = mean + 5 sd) at or above the bound, with the right mean", () => {
    const tail = truncatedNormal(0, 1, 5);
    // E[Z | Z ≥ 5] = φ(5)/Φ(−5), from mpmath.
    expectRelativelyClose(tail.mean, 5.186503967125842, 1e-14);
    const summary = expectMomentsMatch(tail, draw(tail, "far tail"));
    expect(summary.min).toBeGreaterThanOrEqual(5);
  });

  it("keeps a truncated normal inside arbitrary bounds", () => {
    const rng = new RandomStreams(SEED).get("random bounds");
    fc.assert(
      fc.property(
        fc.double({ min: -50, max: 50, noNaN: true }),
        fc.double({ min: 0.01, max: 20, noNaN: true }),
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 1e-6, max: 100, noNaN: true }),
        (mean, sd, min, width) => {
          const distribution = truncatedNormal(mean, sd, min, min + width);
          expect(distribution.mean).toBeGreaterThanOrEqual(min);
          expect(distribution.mean).toBeLessThanOrEqual(min + width);
          for (let i = 0; i < 100; i++) {
            const x = distribution.sample(rng);
            expect(x).toBeGreaterThanOrEqual(min);
            expect(x).toBeLessThanOrEqual(min + width);
          }
        },
      ),
    );
  });

  it("draws discrete values only from those given, with binomial frequencies", () => {
    const values = [1, 2, 5, 8];
    const weights = [2, 5, 3, 0];
    const distribution = empiricalDiscrete(values, weights);
    const samples = draw(distribution, "discrete frequencies");
    const counts = new Map<number, number>();
    for (const x of samples) counts.set(x, (counts.get(x) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([1, 2, 5]);
    values.forEach((value, i) => {
      const p = weights[i]! / 10;
      const expected = SAMPLE_SIZE * p;
      const band = BAND * Math.sqrt(SAMPLE_SIZE * p * (1 - p));
      expect(Math.abs((counts.get(value) ?? 0) - expected), `count of ${value}`).toBeLessThanOrEqual(band);
    });
  });
});

describe("scaled", () => {
  it("multiplies each draw of the same stream by the factor", () => {
    const base = lognormal(4.2, 3);
    const shorter = scaled(base, 0.8);
    expect(shorter.mean).toBeCloseTo(0.8 * 4.2, 12);
    expect(shorter.variance).toBeCloseTo(0.64 * 9, 12);
    const baseDraws = draw(base, "common", 1000);
    const scaledDraws = draw(shorter, "common", 1000);
    scaledDraws.forEach((x, i) => {
      expect(x).toBe(0.8 * baseDraws[i]!);
    });
  });

  it("folds repeated scaling and leaves factor 1 alone", () => {
    const base = exponential(2);
    expect(scaled(base, 1)).toBe(base);
    const twice = scaled(scaled(base, 0.5), 0.5);
    expect(twice.mean).toBe(0.5);
    expect(twice.describe()).toBe("0.25 × exponential(mean 2)");
  });
});

describe("fromSpec", () => {
  const specs: [DistributionSpec, Distribution][] = [
    [{ dist: "constant", value: 3 }, constant(3)],
    [{ dist: "uniform", min: 1, max: 2 }, uniform(1, 2)],
    [{ dist: "triangular", min: 1, mode: 2, max: 4 }, triangular(1, 2, 4)],
    [{ dist: "exponential", mean: 5 }, exponential(5)],
    [{ dist: "normal", mean: 5, sd: 1 }, normal(5, 1)],
    [{ dist: "truncnormal", mean: 5, sd: 2, min: 0 }, truncatedNormal(5, 2, 0)],
    [{ dist: "truncnormal", mean: 5, sd: 2, min: 0, max: 9 }, truncatedNormal(5, 2, 0, 9)],
    [{ dist: "lognormal", mean: 4.2, sd: 3 }, lognormal(4.2, 3)],
    [{ dist: "lognormal", mean: 5, median: 4 }, lognormalFromMedian(5, 4)],
    [{ dist: "gamma", mean: 4, shape: 2 }, gamma({ mean: 4, shape: 2 })],
    [{ dist: "gamma", mean: 4, cv: 0.5 }, gamma({ mean: 4, cv: 0.5 })],
    [{ dist: "erlang", mean: 4, k: 3 }, erlang(4, 3)],
    [{ dist: "weibull", shape: 1.5, scale: 2 }, weibull(1.5, 2)],
    [{ dist: "weibull", shape: 1.5, mean: 2 }, weibullFromMean(2, 1.5)],
    [{ dist: "pert", min: 1, mode: 2, max: 6 }, pert(1, 2, 6)],
    [{ dist: "pert", min: 1, mode: 2, max: 6, lambda: 3 }, pert(1, 2, 6, 3)],
    [{ dist: "discrete", values: [1, 2], weights: [1, 3] }, empiricalDiscrete([1, 2], [1, 3])],
    [{ dist: "empirical", points: [1, 2, 4] }, empiricalContinuous([1, 2, 4])],
  ];

  it.each(specs)("builds %o like its constructor", (spec, direct) => {
    const built = fromSpec(spec);
    expect(built.kind).toBe(spec.dist);
    expect(built.describe()).toBe(direct.describe());
    expect(built.mean).toBe(direct.mean);
    expect(built.variance).toBe(direct.variance);
    expect(draw(built, "spec", 20)).toEqual(draw(direct, "spec", 20));
  });

  it("rejects ambiguous or unknown specs", () => {
    const both = { dist: "lognormal", mean: 5, sd: 1, median: 4 } as unknown as DistributionSpec;
    expect(() => fromSpec(both)).toThrow(/exactly one of sd or median/);
    const neither = { dist: "weibull", shape: 2 } as unknown as DistributionSpec;
    expect(() => fromSpec(neither)).toThrow(/exactly one of scale or mean/);
    const gammaBoth = { dist: "gamma", mean: 4, shape: 2, cv: 0.5 } as unknown as DistributionSpec;
    expect(() => fromSpec(gammaBoth)).toThrow(RangeError);
    const unknown = { dist: "cauchy", location: 0 } as unknown as DistributionSpec;
    expect(() => fromSpec(unknown)).toThrow(/unknown distribution "cauchy"/);
  });
});

describe("parameter validation", () => {
  const invalid: [string, () => Distribution, string][] = [
    ["constant NaN", () => constant(Number.NaN), "value"],
    ["uniform max < min", () => uniform(5, 2), "max"],
    ["uniform infinite", () => uniform(0, Number.POSITIVE_INFINITY), "max"],
    ["triangular mode outside", () => triangular(0, 5, 3), "mode"],
    ["exponential mean 0", () => exponential(0), "mean"],
    ["normal negative sd", () => normal(0, -1), "sd"],
    ["truncnormal max < min", () => truncatedNormal(0, 1, 3, 2), "max"],
    ["truncnormal sd 0 outside bounds", () => truncatedNormal(5, 0, 0, 1), "mean"],
    ["truncnormal min +∞", () => truncatedNormal(0, 1, Number.POSITIVE_INFINITY), "min"],
    ["lognormal negative mean", () => lognormal(-1, 1), "mean"],
    ["lognormal median above mean", () => lognormalFromMedian(3, 4), "mean"],
    ["lognormal median 0", () => lognormalFromMedian(3, 0), "median"],
    ["gamma shape 0", () => gamma({ mean: 2, shape: 0 }), "shape"],
    ["gamma negative cv", () => gamma({ mean: 2, cv: -1 }), "cv"],
    ["gamma mean 0", () => gamma({ mean: 0, shape: 2 }), "mean"],
    ["erlang fractional k", () => erlang(2, 2.5), "k"],
    ["erlang k 0", () => erlang(2, 0), "k"],
    ["weibull shape 0", () => weibull(0, 1), "shape"],
    ["weibull negative scale", () => weibull(1, -1), "scale"],
    ["weibull shape too small", () => weibullFromMean(1, 0.001), "shape"],
    ["pert mode outside", () => pert(0, 5, 3), "mode"],
    ["pert negative lambda", () => pert(0, 1, 2, -1), "lambda"],
    ["discrete missing weight", () => empiricalDiscrete([1, 2], [1]), "weights"],
    ["discrete negative weight", () => empiricalDiscrete([1, 2], [-1, 2]), "weights"],
    ["discrete all-zero weights", () => empiricalDiscrete([1, 2], [0, 0]), "weights"],
    ["discrete no values", () => empiricalDiscrete([], []), "values"],
    ["empirical single point", () => empiricalContinuous([1]), "points"],
    ["empirical NaN point", () => empiricalContinuous([1, Number.NaN]), "points"],
    ["scaled by 0", () => scaled(exponential(1), 0), "factor"],
  ];

  it.each(invalid)("%s", (_, build, parameter) => {
    expect(build).toThrow(RangeError);
    expect(build).toThrow(parameter);
  });

  it("words the message plainly", () => {
    expect(() => lognormal(4, -1)).toThrow("lognormal sd must be ≥ 0, got -1");
  });

  it("accepts degenerate but meaningful parameters as point masses", () => {
    const rng = new RandomStreams(SEED).get("degenerate");
    for (const distribution of [
      uniform(3, 3),
      triangular(3, 3, 3),
      pert(3, 3, 3),
      truncatedNormal(3, 0, 0, 5),
      truncatedNormal(1, 2, 3, 3),
      normal(3, 0),
      lognormal(3, 0),
    ]) {
      expect(distribution.mean).toBeCloseTo(3, 14);
      expect(distribution.variance).toBeCloseTo(0, 14);
      expect(distribution.sample(rng)).toBeCloseTo(3, 14);
    }
  });
});

describe("reproducibility", () => {
  it("repeats the same draws from the same seed and stream", () => {
    const distribution = gamma({ mean: 4, cv: 0.7 });
    expect(draw(distribution, "repeat", 100)).toEqual(draw(distribution, "repeat", 100));
  });
});
