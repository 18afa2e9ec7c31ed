/**
 * Erlang B and C for many servers: above EXACT_SERVER_LIMIT the O(√c) Poisson form replaces the
 * O(c) recursion. Checked against the recursion itself (run here in full), at and well beyond the
 * switch, and against Ramanujan's expansion of B(n, n) for a billion servers.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  carriedLoad,
  EXACT_SERVER_LIMIT,
  erlangB,
  erlangC,
  fullProbabilityAtOccupancy,
  serversForBlocking,
  serversForDelayProbability,
  serversForMeanWait,
} from "../../src/queueing/erlang.js";

/** The recursion B(k) = a·B(k−1) / (k + a·B(k−1)), all c steps: the reference. */
function recursionB(c: number, a: number): number {
  let b = 1;
  for (let k = 1; k <= c; k++) {
    const ab = a * b;
    b = ab / (k + ab);
  }
  return b;
}

const relErr = (x: number, y: number) => Math.abs(x - y) / Math.abs(y);
const LOADS = [0.8, 0.9, 0.95, 0.99, 1, 1.01, 1.05, 1.2, 2, 10];

describe("Erlang B above the switch to the Poisson form", () => {
  it.each([EXACT_SERVER_LIMIT + 1, EXACT_SERVER_LIMIT + 2, 3 * EXACT_SERVER_LIMIT, 200_000])(
    "agrees with the full recursion to 1e-12 at c = %i over loads from 0.8c to 10c",
    (c) => {
      for (const ratio of LOADS) {
        const a = c * ratio;
        const exact = recursionB(c, a);
        // Far below the load, B underflows; both must then agree it is (near) zero.
        if (exact < 1e-290) expect(erlangB(c, a)).toBeLessThan(1e-280);
        else expect(relErr(erlangB(c, a), exact)).toBeLessThan(1e-12);
      }
    },
  );

  it("agrees with the recursion for random loads and server counts just above the switch (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: EXACT_SERVER_LIMIT + 1, max: EXACT_SERVER_LIMIT + 5000 }),
        fc.double({ min: 0.7, max: 3, noNaN: true }),
        (c, ratio) => {
          const exact = recursionB(c, c * ratio);
          return exact < 1e-290 || relErr(erlangB(c, c * ratio), exact) < 1e-12;
        },
      ),
      { numRuns: 200, seed: 12 },
    );
  });

  it("matches Ramanujan's expansion of B(n, n) for n = 1e9", () => {
    // 1/B(n, n) = 1 + Q(n) with Q(n) = √(πn/2) − 1/3 + √(π/2n)/12 − 4/(135n) + … (Knuth, TAOCP 1.2.11.3).
    const n = 1e9;
    const reference =
      1 / (Math.sqrt((Math.PI * n) / 2) + 2 / 3 + Math.sqrt(Math.PI / (2 * n)) / 12 - 4 / (135 * n));
    expect(relErr(erlangB(n, n), reference)).toBeLessThan(1e-12);
  });

  it("keeps the overloaded limit: B → 1 − c/a, and carried load → c", () => {
    const c = 1e9;
    expect(relErr(erlangB(c, 10 * c), 0.9)).toBeLessThan(1e-8);
    expect(relErr(carriedLoad(c, 10 * c), c)).toBeLessThan(1e-8);
    expect(erlangB(c, 3)).toBe(0);
  });

  it("gives Erlang C from B for many servers, C > B, and 1 at or above capacity", () => {
    const c = 50_000;
    const a = 49_500;
    const b = recursionB(c, a);
    const expected = (c * b) / (c - a + a * b);
    expect(relErr(erlangC(c, a), expected)).toBeLessThan(1e-12);
    expect(erlangC(c, a)).toBeGreaterThan(erlangB(c, a));
    expect(erlangC(1e9, 1e9)).toBe(1);
  });
});

describe("server searches beyond the switch", () => {
  /** The old one-pass search, O(result): the reference. */
  function recursionServersForBlocking(a: number, target: number): number {
    let b = 1;
    let k = 0;
    while (b > target) {
      k++;
      const ab = a * b;
      b = ab / (k + ab);
    }
    return k;
  }

  it.each([9_000, 10_050, 30_000, 150_000])("serversForBlocking(%i, 1%) equals the one-pass answer", (a) => {
    expect(serversForBlocking(a, 0.01)).toBe(recursionServersForBlocking(a, 0.01));
  });

  it("serversForDelayProbability and serversForMeanWait give the smallest count meeting the target", () => {
    const a = 40_000;
    const c = serversForDelayProbability(a, 0.2);
    const delay = (n: number) => {
      const b = recursionB(n, a);
      return (n * b) / (n - a + a * b);
    };
    expect(delay(c)).toBeLessThanOrEqual(0.2);
    expect(delay(c - 1)).toBeGreaterThan(0.2);
    const w = serversForMeanWait(a, 1, 1e-4);
    const wait = (n: number) => delay(n) / (n - a);
    expect(wait(w)).toBeLessThanOrEqual(1e-4);
    expect(wait(w - 1)).toBeGreaterThan(1e-4);
  });

  it("answers for a billion beds (the searches take O(√c log c), not O(c))", () => {
    const beds = serversForBlocking(1e9, 0.05);
    // Heavily loaded: B ≈ 1 − c/a, so 5% blocking needs about 95% of the load.
    expect(beds / 1e9).toBeCloseTo(0.95, 6);
    const staff = serversForDelayProbability(1e9, 0.2);
    // Halfin–Whitt: c ≈ a + β√a with β ≈ 1.06 for a 20% chance of waiting.
    expect((staff - 1e9) / Math.sqrt(1e9)).toBeGreaterThan(1);
    expect((staff - 1e9) / Math.sqrt(1e9)).toBeLessThan(1.2);
    const point = fullProbabilityAtOccupancy(1e9, 0.85);
    expect(point.offeredLoad / 1e9).toBeCloseTo(0.85, 9);
  });
});
