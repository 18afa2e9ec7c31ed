import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  carriedLoad,
  carriedOccupancy,
  erlangB,
  erlangC,
  fullProbabilityAtOccupancy,
  mm1MeanWait,
  mmcMeanQueueLength,
  mmcMeanWait,
  mmcProbWaitExceeds,
  mmcUtilisation,
  serversForBlocking,
  serversForDelayProbability,
  serversForMeanWait,
} from "../../src/queueing/index.js";

/** Neumaier-compensated ln k! for k = 0..n, so the reference itself adds no drift over k. */
function lnFactorials(n: number): number[] {
  const out = [0];
  let sum = 0;
  let compensation = 0;
  for (let i = 1; i <= n; i++) {
    const term = Math.log(i);
    const t = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
    out.push(sum + compensation);
  }
  return out;
}

function logSumExp(xs: readonly number[]): number {
  const max = Math.max(...xs);
  return max + Math.log(xs.reduce((s, x) => s + Math.exp(x - max), 0));
}

/** ln of the Poisson-weight terms a^k/k!, k = 0..c. */
function logTerms(c: number, a: number): number[] {
  const lnA = Math.log(a);
  return lnFactorials(c).map((lf, k) => k * lnA - lf);
}

/** Erlang B straight from its definition (a^c/c!) / Σ_{k≤c} a^k/k!, in log space. */
function directB(c: number, a: number): number {
  if (a === 0) return c === 0 ? 1 : 0;
  const terms = logTerms(c, a);
  return Math.exp(terms[c]! - logSumExp(terms));
}

/** 1 − B from the definition, Σ_{k<c} / Σ_{k≤c}, without forming 1 − B. */
function directOneMinusB(c: number, a: number): number {
  const terms = logTerms(c, a);
  return Math.exp(logSumExp(terms.slice(0, c)) - logSumExp(terms));
}

function relErr(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe("erlangB", () => {
  it("matches the direct log-space formula at small c to 1e-12 relative", () => {
    // Log-space terms here are at most a few hundred in size, so the reference carries an
    // absolute log error ≈ 500·ε ≈ 1e-13, i.e. that relative error in B.
    for (const c of [0, 1, 2, 3, 5, 8, 13, 21, 34, 60]) {
      for (const a of [0.001, 0.1, 0.5, 1, 2.5, 7.3, 13, 29.9, 60, 75.25, 150]) {
        expect(relErr(erlangB(c, a), directB(c, a))).toBeLessThan(1e-12);
      }
    }
  });

  it("matches the direct formula for random (c, a) (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        // Bounded below so a^60/60! stays clear of subnormals, where relative error is meaningless.
        fc.double({ min: 0.01, max: 200, noNaN: true }),
        (c, a) => relErr(erlangB(c, a), directB(c, a)) < 1e-12,
      ),
    );
  });

  it("matches the direct formula at c = 500 and c = 5000", () => {
    // Terms reach ~4·10⁴ in log space at c = 5000: absolute rounding ≈ 4·10⁴·ε ≈ 1e-11 in the
    // reference's logs, which is the relative error it can vouch for after exp.
    for (const a of [50, 300, 450, 500, 520, 800, 2000]) {
      expect(relErr(erlangB(500, a), directB(500, a))).toBeLessThan(1e-11);
    }
    for (const a of [4000, 4900, 5000, 5100]) {
      expect(relErr(erlangB(5000, a), directB(5000, a))).toBeLessThan(1e-10);
    }
  });

  it("is finite and strictly inside (0, 1) for thousands of servers", () => {
    const b = erlangB(5000, 4000);
    expect(Number.isFinite(b)).toBe(true);
    expect(b).toBeGreaterThan(0);
    expect(b).toBeLessThan(1);
  });

  it("handles the boundary cases of the recursion", () => {
    expect(erlangB(0, 0)).toBe(1);
    expect(erlangB(0, 12.5)).toBe(1);
    expect(erlangB(1, 0)).toBe(0);
    expect(erlangB(40, 0)).toBe(0);
    // One server: B = a/(1 + a) from the two-state chain.
    expect(relErr(erlangB(1, 3), 3 / 4)).toBeLessThan(1e-15);
  });

  it("is decreasing in c and increasing in a (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.double({ min: 0.01, max: 400, noNaN: true }),
        fc.double({ min: 0.01, max: 50, noNaN: true }),
        (c, a, da) => {
          const b = erlangB(c, a);
          // Strict while B is representable; past underflow both sides are 0.
          const decreasing = b > 1e-300 ? erlangB(c + 1, a) < b : erlangB(c + 1, a) <= b;
          return decreasing && erlangB(c, a + da) >= b;
        },
      ),
    );
  });

  it("rejects invalid arguments", () => {
    expect(() => erlangB(-1, 1)).toThrow(RangeError);
    expect(() => erlangB(2.5, 1)).toThrow(RangeError);
    expect(() => erlangB(3, -0.1)).toThrow(RangeError);
    expect(() => erlangB(3, Number.NaN)).toThrow(RangeError);
    expect(() => erlangB(3, Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe("erlangC", () => {
  it("is at least B and obeys C = B / (1 − (a/c)(1 − B)) (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 400 }),
        // ρ ≥ 0.3 keeps B ≥ e^(−c(ρ − 1 − ln ρ)) ≈ 1e-88 at c = 400, clear of underflow to 0.
        fc.double({ min: 0.3, max: 0.999, noNaN: true }),
        (c, rho) => {
          const a = rho * c;
          const b = directB(c, a);
          const expected = b / (1 - (a / c) * (1 - b));
          const actual = erlangC(c, a);
          return actual >= erlangB(c, a) && relErr(actual, expected) < 1e-11;
        },
      ),
    );
  });

  it("reduces to ρ for one server and a²/(2 + a) for two", () => {
    for (const rho of [0.01, 0.3, 0.75, 0.99]) {
      expect(relErr(erlangC(1, rho), rho)).toBeLessThan(1e-14);
    }
    // M/M/2: P(wait) = 2ρ²/(1 + ρ) with ρ = a/2.
    for (const a of [0.2, 1, 1.5, 1.95]) {
      expect(relErr(erlangC(2, a), (a * a) / (2 + a))).toBeLessThan(1e-14);
    }
  });

  it("is 1 at or above capacity and 0 with no load", () => {
    expect(erlangC(5, 5)).toBe(1);
    expect(erlangC(5, 7.5)).toBe(1);
    expect(erlangC(0, 0)).toBe(1);
    expect(erlangC(5, 0)).toBe(0);
  });

  it("stays in (0, 1) for thousands of servers near saturation", () => {
    const c = erlangC(5000, 4990);
    expect(c).toBeGreaterThan(0);
    expect(c).toBeLessThan(1);
  });
});

describe("M/M/c measures", () => {
  it("M/M/1 mean wait is ρ/(μ − λ)", () => {
    for (const [lambda, mu] of [
      [0.5, 1],
      [3, 4],
      [9.9, 10],
    ] as const) {
      const rho = lambda / mu;
      expect(relErr(mm1MeanWait(lambda, mu), rho / (mu - lambda))).toBeLessThan(1e-13);
      expect(relErr(mmcMeanWait(lambda, mu, 1), rho / (mu - lambda))).toBeLessThan(1e-13);
    }
  });

  it("mean wait is C/(cμ − λ) and Infinity when unstable", () => {
    const lambda = 7;
    const mu = 0.5;
    for (const c of [15, 16, 20, 40]) {
      const expected = directErlangC(c, lambda / mu) / (c * mu - lambda);
      expect(relErr(mmcMeanWait(lambda, mu, c), expected)).toBeLessThan(1e-12);
    }
    expect(mmcMeanWait(7, 0.5, 14)).toBe(Number.POSITIVE_INFINITY);
    expect(mmcMeanWait(0, 0.5, 3)).toBe(0);
  });

  it("wait-tail probability is C at t = 0 and integrates to the mean wait", () => {
    const lambda = 12;
    const mu = 1.1;
    const c = 13;
    expect(relErr(mmcProbWaitExceeds(lambda, mu, c, 0), erlangC(c, lambda / mu))).toBeLessThan(1e-15);
    // E[Wq] = ∫₀^∞ P(Wq > t) dt, by Simpson over 40 decay times.
    const theta = c * mu - lambda;
    const horizon = 40 / theta;
    const n = 4000;
    const h = horizon / n;
    let sum = 0;
    for (let i = 0; i <= n; i++) {
      const w = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
      sum += w * mmcProbWaitExceeds(lambda, mu, c, i * h);
    }
    expect(relErr((sum * h) / 3, mmcMeanWait(lambda, mu, c))).toBeLessThan(1e-10);
    expect(mmcProbWaitExceeds(lambda, mu, c, -1)).toBe(1);
    expect(mmcProbWaitExceeds(20, 1, 20, 5)).toBe(1);
  });

  it("queue length obeys Little's law and utilisation is λ/(cμ)", () => {
    for (const c of [3, 10, 50]) {
      const lambda = 0.8 * c * 2;
      expect(relErr(mmcMeanQueueLength(lambda, 2, c), lambda * mmcMeanWait(lambda, 2, c))).toBeLessThan(
        1e-13,
      );
      expect(relErr(mmcUtilisation(lambda, 2, c), 0.8)).toBeLessThan(1e-15);
    }
    expect(mmcMeanQueueLength(5, 1, 5)).toBe(Number.POSITIVE_INFINITY);
  });

  it("rejects invalid arguments", () => {
    expect(() => mmcMeanWait(1, 0, 2)).toThrow(RangeError);
    expect(() => mmcMeanWait(-1, 1, 2)).toThrow(RangeError);
    expect(() => mmcMeanWait(1, 1, 0)).toThrow(RangeError);
    expect(() => mmcProbWaitExceeds(1, 1, 2, Number.NaN)).toThrow(RangeError);
  });
});

/** Erlang C from the reference B, for the tests above. */
function directErlangC(c: number, a: number): number {
  const b = directB(c, a);
  return (c * b) / (c - a * (1 - b));
}

describe("carried load", () => {
  it("is a(1 − B) and stays accurate when the ward is swamped", () => {
    for (const [c, a] of [
      [1, 0.5],
      [10, 8],
      [25, 40],
      [10, 1e6],
      [200, 1e7],
    ] as const) {
      const expected = a * directOneMinusB(c, a);
      expect(relErr(carriedLoad(c, a), expected)).toBeLessThan(1e-12);
      expect(relErr(carriedOccupancy(c, a), expected / c)).toBeLessThan(1e-12);
    }
    expect(carriedLoad(0, 5)).toBe(0);
    expect(carriedLoad(5, 0)).toBe(0);
    expect(() => carriedOccupancy(0, 5)).toThrow(RangeError);
  });
});

describe("staffing searches", () => {
  it("serversForBlocking gives B(c) ≤ target < B(c − 1) (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.double({ min: 1e-6, max: 0.9, noNaN: true }),
        (a, target) => {
          const c = serversForBlocking(a, target);
          return erlangB(c, a) <= target && (c === 0 || erlangB(c - 1, a) > target);
        },
      ),
    );
  });

  it("serversForBlocking edge cases", () => {
    expect(serversForBlocking(5, 1)).toBe(0);
    expect(serversForBlocking(0, 0.01)).toBe(1);
    expect(() => serversForBlocking(5, 0)).toThrow(RangeError);
  });

  it("serversForDelayProbability gives C(c) ≤ target < C(c − 1) (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 1000, noNaN: true }),
        fc.double({ min: 1e-6, max: 0.99, noNaN: true }),
        (a, target) => {
          const c = serversForDelayProbability(a, target);
          return c > a && erlangC(c, a) <= target && erlangC(c - 1, a) > target;
        },
      ),
    );
    expect(serversForDelayProbability(3, 1)).toBe(0);
  });

  it("serversForMeanWait gives Wq(c) ≤ target < Wq(c − 1) (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 500, noNaN: true }),
        fc.double({ min: 0.05, max: 5, noNaN: true }),
        fc.double({ min: 1e-4, max: 10, noNaN: true }),
        (lambda, mu, target) => {
          const c = serversForMeanWait(lambda, mu, target);
          return mmcMeanWait(lambda, mu, c) <= target && (c === 1 || mmcMeanWait(lambda, mu, c - 1) > target);
        },
      ),
    );
    expect(serversForMeanWait(0, 1, 0.5)).toBe(1);
    expect(() => serversForMeanWait(1, 1, 0)).toThrow(RangeError);
  });
});

describe("fullProbabilityAtOccupancy (Bagust curve)", () => {
  it("for one bed is B = occupancy at a = ρ/(1 − ρ)", () => {
    // c = 1: B = a/(1 + a) and occupancy a(1 − B) = a/(1 + a), so both equal the target.
    for (const target of [0.1, 0.5, 0.85, 0.95]) {
      const point = fullProbabilityAtOccupancy(1, target);
      expect(relErr(point.offeredLoad, target / (1 - target))).toBeLessThan(1e-13);
      expect(relErr(point.fullProbability, target)).toBeLessThan(1e-13);
    }
  });

  it("returns a load whose carried occupancy is the target, and B at that load", () => {
    for (const c of [2, 10, 30, 100, 400]) {
      for (const target of [0.5, 0.8, 0.85, 0.9, 0.99]) {
        const { offeredLoad, fullProbability } = fullProbabilityAtOccupancy(c, target);
        expect(relErr(offeredLoad * directOneMinusB(c, offeredLoad), target * c)).toBeLessThan(1e-12);
        expect(relErr(fullProbability, directB(c, offeredLoad))).toBeLessThan(1e-11);
      }
    }
  });

  it("shows small wards are full more often at the same occupancy", () => {
    // de Bruin et al.: one occupancy target does not fit all ward sizes.
    const sizes = [5, 10, 20, 40, 80, 160];
    const atTarget = sizes.map((c) => fullProbabilityAtOccupancy(c, 0.85).fullProbability);
    for (let i = 1; i < atTarget.length; i++) expect(atTarget[i]!).toBeLessThan(atTarget[i - 1]!);
    // And for one ward, running hotter makes it full more often.
    const occupancies = [0.6, 0.7, 0.8, 0.85, 0.9, 0.95];
    const curve = occupancies.map((o) => fullProbabilityAtOccupancy(20, o).fullProbability);
    for (let i = 1; i < curve.length; i++) expect(curve[i]!).toBeGreaterThan(curve[i - 1]!);
  });

  it("rejects occupancies outside (0, 1)", () => {
    expect(() => fullProbabilityAtOccupancy(10, 0)).toThrow(RangeError);
    expect(() => fullProbabilityAtOccupancy(10, 1)).toThrow(RangeError);
    expect(() => fullProbabilityAtOccupancy(0, 0.5)).toThrow(RangeError);
  });
});
