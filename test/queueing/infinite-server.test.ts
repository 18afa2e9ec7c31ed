import { describe, expect, it } from "vitest";
import {
  infiniteServerLoad,
  offeredLoadProfile,
  sinusoidalExponentialLoad,
} from "../../src/queueing/index.js";

function relErr(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

describe("infiniteServerLoad", () => {
  it("matches the Eick–Massey–Whitt closed form for sinusoidal arrivals and exponential LOS", () => {
    // Weekly cycle, mean stay 4 days; daily cycle, mean stay 6 hours (time in days for both).
    const cases = [
      { lambdaBar: 10, amplitude: 0.6, omega: (2 * Math.PI) / 7, mu: 0.25 },
      { lambdaBar: 40, amplitude: 0.9, omega: 2 * Math.PI, mu: 4 },
    ];
    for (const { lambdaBar, amplitude, omega, mu } of cases) {
      const rate = (s: number): number => lambdaBar * (1 + amplitude * Math.sin(omega * s));
      const survival = (u: number): number => Math.exp(-mu * u);
      // 35 mean stays: the dropped tail is e^(−35) ≈ 6e-16 of the load.
      const grid = { horizon: 35 / mu, step: 0.02 / Math.max(mu, omega) };
      for (let i = 0; i < 40; i++) {
        const t = (i * 0.37 * 2 * Math.PI) / omega;
        const numeric = infiniteServerLoad(rate, survival, t, grid);
        const closed = sinusoidalExponentialLoad(lambdaBar, amplitude, omega, mu, t);
        expect(relErr(numeric, closed)).toBeLessThan(1e-6);
      }
    }
  });

  it("gives λ(1 − e^(−μH))/μ for a constant rate truncated at H", () => {
    const h = 10;
    const m = infiniteServerLoad(
      () => 3,
      (u) => Math.exp(-0.5 * u),
      0,
      { horizon: h, step: 0.02 },
    );
    // Simpson's bound (H/180)·h⁴·max|f⁗| = (10/180)·0.02⁴·3·0.5⁴ ≈ 1.7e-9 on m ≈ 6.
    expect(relErr(m, (3 * (1 - Math.exp(-0.5 * h))) / 0.5)).toBeLessThan(1e-9);
  });

  it("rejects a bad grid", () => {
    expect(() =>
      infiniteServerLoad(
        () => 1,
        () => 1,
        0,
        { horizon: 0, step: 1 },
      ),
    ).toThrow(RangeError);
    expect(() =>
      infiniteServerLoad(
        () => 1,
        () => 1,
        0,
        { horizon: 1, step: -1 },
      ),
    ).toThrow(RangeError);
  });
});

describe("sinusoidalExponentialLoad", () => {
  it("averages λ̄/μ over a cycle and lags and damps the arrival wave", () => {
    const lambdaBar = 6;
    const amplitude = 0.5;
    const omega = (2 * Math.PI) / 24;
    const mu = 1 / 8;
    const n = 2400;
    let sum = 0;
    let peakT = 0;
    let peak = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < n; i++) {
      const t = (24 * i) / n;
      const m = sinusoidalExponentialLoad(lambdaBar, amplitude, omega, mu, t);
      sum += m;
      if (m > peak) {
        peak = m;
        peakT = t;
      }
    }
    expect(relErr(sum / n, lambdaBar / mu)).toBeLessThan(1e-12);
    // Arrivals peak at t = 6 h; occupancy peaks atan(ω/μ)/ω later, with relative amplitude
    // A·μ/√(μ² + ω²).
    expect(Math.abs(peakT - (6 + Math.atan(omega / mu) / omega))).toBeLessThan(0.011);
    const expectedPeak = (lambdaBar / mu) * (1 + (amplitude * mu) / Math.hypot(mu, omega));
    expect(relErr(peak, expectedPeak)).toBeLessThan(1e-6);
  });
});

describe("offeredLoadProfile", () => {
  const week = 168;

  it("equals λ·E[S] at every phase for a constant profile", () => {
    const lambda = 2.5;
    const survivals: { name: string; survival: (u: number) => number; mean: number }[] = [
      { name: "exponential, mean 100 h", survival: (u) => Math.exp(-u / 100), mean: 100 },
      // Erlang-2 with rate μ: S(u) = e^(−μu)(1 + μu), mean 2/μ.
      { name: "Erlang-2, mean 60 h", survival: (u) => Math.exp(-u / 30) * (1 + u / 30), mean: 60 },
      // Hyperexponential: 70% short stays (mean 5 h), 30% long (mean 300 h).
      {
        name: "hyperexponential",
        survival: (u) => 0.7 * Math.exp(-u / 5) + 0.3 * Math.exp(-u / 300),
        mean: 0.7 * 5 + 0.3 * 300,
      },
    ];
    const rates = new Array<number>(week).fill(lambda);
    for (const { name, survival, mean } of survivals) {
      for (const at of ["phaseStart", "phaseAverage"] as const) {
        const profile = offeredLoadProfile(rates, 1, survival, { at });
        expect(profile, name).toHaveLength(week);
        for (const m of profile) expect(relErr(m, lambda * mean), `${name} ${at}`).toBeLessThan(1e-9);
      }
    }
  });

  it("matches the exact solution of m' = λ(t) − μm for a piecewise-constant weekly profile", () => {
    // With exponential stays the load obeys m' = λ(t) − μm, solvable exactly phase by phase:
    // m(t + L) = r/μ + (m(t) − r/μ)e^(−μL); its phase average is r/μ + (m(t) − r/μ)(1 − e^(−μL))/(μL).
    const phaseLength = 1;
    const mu = 1 / 30;
    const rates = Array.from({ length: week }, (_, k) => {
      const hour = k % 24;
      const day = Math.floor(k / 24);
      const weekday = day < 5 ? 1 : 0.4;
      return weekday * (1 + 0.8 * Math.sin((2 * Math.PI * (hour - 8)) / 24)) + (hour === 10 ? 3 : 0);
    });
    const decay = Math.exp(-mu * phaseLength);
    const step = (m: number, r: number): number => r / mu + (m - r / mu) * decay;
    // Periodic state: m₀ = decay^P·m₀ + b, where b is a cycle's end value started from empty.
    let b = 0;
    for (const r of rates) b = step(b, r);
    let m0 = b / (1 - decay ** week);
    const starts: number[] = [];
    const averages: number[] = [];
    for (const r of rates) {
      starts.push(m0);
      averages.push(r / mu + ((m0 - r / mu) * (1 - decay)) / (mu * phaseLength));
      m0 = step(m0, r);
    }
    const survival = (u: number): number => Math.exp(-mu * u);
    const atStart = offeredLoadProfile(rates, phaseLength, survival, { at: "phaseStart" });
    const atAverage = offeredLoadProfile(rates, phaseLength, survival, { at: "phaseAverage" });
    for (let k = 0; k < week; k++) {
      expect(relErr(atStart[k]!, starts[k]!)).toBeLessThan(1e-9);
      expect(relErr(atAverage[k]!, averages[k]!)).toBeLessThan(1e-9);
    }
    // The mean over the week is the mean rate times E[S], whatever the pattern.
    const meanRate = rates.reduce((s, r) => s + r, 0) / week;
    const meanLoad = atAverage.reduce((s, m) => s + m, 0) / week;
    expect(relErr(meanLoad, meanRate / mu)).toBeLessThan(1e-9);
  });

  it("truncates after a fixed number of cycles when asked", () => {
    // One 24-phase cycle of lag with exponential stays keeps ∫₀^24 e^(−μu) du = (1 − e^(−24μ))/μ.
    const mu = 0.1;
    const profile = offeredLoadProfile(new Array<number>(24).fill(2), 1, (u) => Math.exp(-mu * u), {
      periods: 1,
    });
    for (const m of profile) expect(relErr(m, (2 * (1 - Math.exp(-24 * mu))) / mu)).toBeLessThan(1e-10);
  });

  it("rejects bad input and survival that never decays", () => {
    expect(() => offeredLoadProfile([], 1, () => 0)).toThrow(RangeError);
    expect(() => offeredLoadProfile([1, -1], 1, () => 0)).toThrow(RangeError);
    expect(() => offeredLoadProfile([1], 0, () => 0)).toThrow(RangeError);
    expect(() => offeredLoadProfile([1], 1, () => 0, { stepsPerPhase: 3 })).toThrow(RangeError);
    expect(() => offeredLoadProfile([1], 1, () => 1.5)).toThrow(RangeError);
    expect(() => offeredLoadProfile([1, 2], 1, () => 1, { maxPeriods: 50 })).toThrow(/cycles/);
  });
});
