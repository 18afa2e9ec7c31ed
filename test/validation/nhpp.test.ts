/**
 * Non-homogeneous Poisson arrivals by thinning (ThinnedPoissonProcess) driven through the engine
 * with piecewise-constant hourly profiles. Over many cycles, the count in each hour of the cycle
 * is Poisson with mean rate × hours observed, counts in different hours are independent, and the
 * count per day is Poisson too. Each property is tested against its own distribution, with
 * critical values computed here from the stated level rather than pasted.
 */
import { describe, expect, it } from "vitest";
import { ThinnedPoissonProcess } from "../../src/engine/arrivals.js";
import { Simulation } from "../../src/engine/simulation.js";
import { DAY, HOUR, WEEK } from "../../src/engine/time.js";
import { CONFIDENCE, chiSquareQuantile, report, SEED } from "./helpers.js";

/**
 * Arrivals per hour at an urgent-care front door by hour of day, closed 03:00–05:00. The closed
 * hours are deliberate: thinning must never keep a candidate where the rate is 0.
 */
const DAILY_PROFILE: readonly number[] = [
  3, 2, 1.5, 0, 0, 1, 2, 4, 7, 10, 11, 10.5, 9, 8.5, 8, 8, 8.5, 9, 9.5, 8, 7, 6, 5, 4,
];

/** Weekday multipliers, Monday first: Monday peak, quieter weekend (a typical ED week). */
const WEEKDAY_FACTOR: readonly number[] = [1.25, 1.1, 1.0, 1.0, 1.05, 0.85, 0.75];

/** Per-hour counts within 4 Poisson sd of their mean: a false alarm per cell is about 6e-5. */
const SIGMAS = 4;

interface CycleCounts {
  /** Arrivals in each phase (hour) of the cycle, summed over all cycles. */
  perPhase: Float64Array;
  /** Arrivals on each simulated day. */
  perDay: Float64Array;
  total: number;
}

/**
 * Runs `days` days of arrivals whose rate per minute in hour-of-cycle h is perHour[h]/60, where
 * the cycle (day or week) is read from the simulation's own calendar, so counting and rate use
 * the same clock.
 */
function countArrivals(
  perHour: readonly number[],
  phaseOf: (sim: Simulation, t: number) => number,
  days: number,
) {
  const sim = new Simulation({ seed: SEED });
  const rate = (t: number): number => perHour[phaseOf(sim, t)]! / HOUR;
  const peak = Math.max(...perHour) / HOUR;
  const process = new ThinnedPoissonProcess(rate, peak, sim.random.get("arrivals"));
  const counts: CycleCounts = {
    perPhase: new Float64Array(perHour.length),
    perDay: new Float64Array(days),
    total: 0,
  };
  const horizon = days * DAY;
  const arrive = (): void => {
    const now = sim.now;
    counts.perPhase[phaseOf(sim, now)]!++;
    counts.perDay[Math.floor(now / DAY)]!++;
    counts.total++;
    const next = process.next(now);
    if (next < horizon) sim.scheduleAt(next, arrive, undefined);
  };
  const first = process.next(0);
  if (first < horizon) sim.scheduleAt(first, arrive, undefined);
  sim.run(horizon);
  return counts;
}

/**
 * Checks each phase within SIGMAS Poisson sd, the total likewise, and the Pearson statistic over
 * the phases with a positive rate against both tails of χ²(k) at CONFIDENCE. k is the number of
 * cells, not k − 1: the expected counts come from the profile, not from the data.
 */
function checkPhaseCounts(
  label: string,
  counts: CycleCounts,
  perHour: readonly number[],
  cycles: number,
): void {
  let chiSquare = 0;
  let cells = 0;
  let expectedTotal = 0;
  perHour.forEach((ratePerHour, phase) => {
    const expected = ratePerHour * cycles;
    const observed = counts.perPhase[phase]!;
    expectedTotal += expected;
    if (expected === 0) {
      expect(observed, `${label}: arrivals in closed hour ${phase}`).toBe(0);
      return;
    }
    expect(
      Math.abs(observed - expected),
      `${label}: hour ${phase} saw ${observed} arrivals, expected ${expected}`,
    ).toBeLessThanOrEqual(SIGMAS * Math.sqrt(expected));
    chiSquare += (observed - expected) ** 2 / expected;
    cells++;
  });
  const lower = chiSquareQuantile((1 - CONFIDENCE) / 2, cells);
  const upper = chiSquareQuantile((1 + CONFIDENCE) / 2, cells);
  report(
    `${label}: total theory ${expectedTotal}, simulated ${counts.total} ` +
      `(relative error ${((100 * (counts.total - expectedTotal)) / expectedTotal).toFixed(3)} %, ` +
      `4σ band ±${(SIGMAS * Math.sqrt(expectedTotal)).toFixed(0)}); ` +
      `χ² = ${chiSquare.toFixed(2)} on ${cells} cells, ${100 * CONFIDENCE} % range [${lower.toFixed(2)}, ${upper.toFixed(2)}]`,
  );
  expect(Math.abs(counts.total - expectedTotal)).toBeLessThanOrEqual(SIGMAS * Math.sqrt(expectedTotal));
  // The lower tail matters too: counts that fit too well mean arrivals are more regular than
  // Poisson (a thinning step that keeps candidates deterministically, say).
  expect(chiSquare).toBeGreaterThanOrEqual(lower);
  expect(chiSquare).toBeLessThanOrEqual(upper);
}

describe("thinned Poisson arrivals against their rate profile", () => {
  it("a 24-hour profile: counts per hour of day, total, and Poisson daily counts", () => {
    const days = 2000;
    const counts = countArrivals(DAILY_PROFILE, (sim, t) => sim.calendar.hourOfDay(t), days);
    checkPhaseCounts("NHPP 24-hour profile", counts, DAILY_PROFILE, days);

    // Daily totals are i.i.d. Poisson(Λ), so the index of dispersion (D − 1)·s²/x̄ is close to
    // χ²(D − 1). Over- or under-dispersion would betray correlated or too regular arrivals,
    // which the per-hour means alone cannot see.
    const dailyMean = DAILY_PROFILE.reduce((sum, r) => sum + r, 0);
    let sumSquares = 0;
    let sum = 0;
    for (const n of counts.perDay) sum += n;
    const mean = sum / days;
    for (const n of counts.perDay) sumSquares += (n - mean) ** 2;
    const dispersion = sumSquares / mean;
    const lower = chiSquareQuantile((1 - CONFIDENCE) / 2, days - 1);
    const upper = chiSquareQuantile((1 + CONFIDENCE) / 2, days - 1);
    report(
      `NHPP daily counts: mean theory ${dailyMean}, simulated ${mean.toFixed(3)}; variance/mean ` +
        `${(sumSquares / (days - 1) / mean).toFixed(4)}, dispersion statistic ${dispersion.toFixed(1)} ` +
        `in [${lower.toFixed(1)}, ${upper.toFixed(1)}]`,
    );
    expect(dispersion).toBeGreaterThanOrEqual(lower);
    expect(dispersion).toBeLessThanOrEqual(upper);
  });

  it("a 168-hour weekly profile: counts per hour of week and total", () => {
    const weeklyProfile = WEEKDAY_FACTOR.flatMap((factor) => DAILY_PROFILE.map((r) => r * factor));
    const weeks = 300;
    const counts = countArrivals(weeklyProfile, (sim, t) => sim.calendar.hourOfWeek(t), weeks * (WEEK / DAY));
    checkPhaseCounts("NHPP 168-hour profile", counts, weeklyProfile, weeks);
  });
});
