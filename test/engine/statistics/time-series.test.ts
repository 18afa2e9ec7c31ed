import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  CyclicProfile,
  LevelSeries,
  type PhaseClock,
  regularPhases,
  TimeSeries,
  TimeWeighted,
} from "../../../src/engine/statistics/index.js";

const DAY = 1440;

describe("TimeSeries", () => {
  it("sums amounts per bucket and in total", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            time: fc.integer({ min: 0, max: 20_000 }).map((i) => i / 2),
            amount: fc.integer({ min: -5, max: 50 }),
          }),
          { maxLength: 200 },
        ),
        (events) => {
          const series = new TimeSeries(60, 0);
          for (const e of events) series.add(e.time, e.amount);
          const values = series.values();
          const last = events.reduce((m, e) => Math.max(m, Math.floor(e.time / 60)), -1);
          expect(values.length).toBe(last + 1);
          for (let b = 0; b < values.length; b++) {
            const inBucket = events.filter((e) => e.time >= b * 60 && e.time < (b + 1) * 60);
            expect(values[b]).toBe(inBucket.reduce((s, e) => s + e.amount, 0));
          }
          const total = events.reduce((s, e) => s + e.amount, 0);
          expect(series.total).toBe(total);
          expect(values.reduce((s, v) => s + v, 0)).toBe(total);
        },
      ),
    );
  });

  it("counts admissions per day from an offset start and pads to the run's end", () => {
    const series = new TimeSeries(DAY, 100);
    series.add(100);
    series.add(100 + DAY - 1);
    series.add(100 + 2 * DAY, 3);
    expect(Array.from(series.values())).toEqual([2, 0, 3]);
    // A run ending inside day 5 reports days 3 and 4 as quiet rather than dropping them.
    expect(Array.from(series.values(100 + 4.5 * DAY))).toEqual([2, 0, 3, 0, 0]);
    expect(series.rows()).toEqual([
      { start: 100, value: 2 },
      { start: 100 + DAY, value: 0 },
      { start: 100 + 2 * DAY, value: 3 },
    ]);
    expect(() => series.add(99)).toThrow(RangeError);
    expect(() => new TimeSeries(0)).toThrow(RangeError);
  });
});

describe("LevelSeries", () => {
  it("averages a hand-computed path per hour", () => {
    const s = new LevelSeries(60, 0, 2);
    s.update(30, 4);
    s.update(90, 1);
    s.finish(150);
    // [0,60): 2 for 30, 4 for 30 → 3. [60,120): 4 for 30, 1 for 30 → 2.5. [120,150): 1.
    expect(Array.from(s.values())).toEqual([3, 2.5, 1]);
    expect(Array.from(s.maxValues())).toEqual([4, 4, 1]);
    expect(s.rows()).toEqual([
      { start: 0, value: 3, max: 4 },
      { start: 60, value: 2.5, max: 4 },
      { start: 120, value: 1, max: 1 },
    ]);
  });

  it("records a momentary level in its bucket's maximum but not its mean", () => {
    const s = new LevelSeries(60, 0, 1);
    s.update(60, 9);
    s.update(60, 2);
    s.finish(120);
    expect(Array.from(s.values())).toEqual([1, 2]);
    expect(Array.from(s.maxValues())).toEqual([1, 9]);
  });

  it("spreads long intervals over the buckets they cover, consistent with TimeWeighted", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            dt: fc.integer({ min: 0, max: 4000 }).map((i) => i / 8),
            level: fc.integer({ min: 0, max: 40 }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.integer({ min: 1, max: 400 }),
        (steps, tail) => {
          const series = new LevelSeries(60, 0, 0);
          const tw = new TimeWeighted(0, 0);
          let time = 0;
          for (const step of steps) {
            series.update(time, step.level);
            tw.update(time, step.level);
            time += step.dt;
          }
          const end = time + tail;
          series.finish(end);
          const values = series.values();
          expect(values.length).toBe(Math.ceil(end / 60));
          let integral = 0;
          for (let b = 0; b < values.length; b++)
            integral += values[b]! * (Math.min(end, (b + 1) * 60) - b * 60);
          expect(integral).toBeCloseTo(tw.integral(end), 6);
          // Reference maximum: levels of steps overlapping the bucket, or starting inside it.
          const maxima = series.maxValues();
          for (let b = 0; b < values.length; b++) {
            let expected = Number.NEGATIVE_INFINITY;
            let t = 0;
            for (const [i, step] of steps.entries()) {
              const until = i === steps.length - 1 ? end : t + step.dt;
              const touches = (t < (b + 1) * 60 && until > b * 60) || (t >= b * 60 && t < (b + 1) * 60);
              if (touches) expected = Math.max(expected, step.level);
              t += step.dt;
            }
            if (b === 0) expected = Math.max(expected, 0);
            expect(maxima[b]).toBe(expected);
          }
        },
      ),
      { numRuns: 50 },
    );
  });

  it("rejects time going backwards", () => {
    const s = new LevelSeries(60);
    s.update(10, 1);
    expect(() => s.update(5, 2)).toThrow(RangeError);
    expect(() => s.finish(9)).toThrow(RangeError);
  });
});

describe("CyclicProfile", () => {
  it("recovers a known hour-of-day pattern over a week", () => {
    const profile = new CyclicProfile(regularPhases(24, 60), 0, 0);
    for (let day = 0; day < 7; day++) {
      for (let h = 0; h < 24; h++) {
        const start = day * DAY + h * 60;
        // Level 0 for the first half-hour, 2h for the second: mean h in hour h.
        profile.update(start, 0);
        for (let k = 0; k < h; k++) profile.add(start + k);
        profile.update(start + 30, 2 * h);
      }
    }
    profile.finish(7 * DAY);
    const totals = profile.totals();
    const exposure = profile.exposure();
    const rates = profile.rates();
    const means = profile.meanLevels();
    const maxima = profile.maxLevels();
    for (let h = 0; h < 24; h++) {
      expect(totals[h]).toBe(7 * h);
      expect(exposure[h]).toBe(7 * 60);
      expect(rates[h]).toBeCloseTo(h / 60, 12);
      expect(means[h]).toBeCloseTo(h, 12);
      expect(maxima[h]).toBe(2 * h);
    }
  });

  it("splits a constant level at phase boundaries", () => {
    const profile = new CyclicProfile(regularPhases(24, 60), 0, 5);
    profile.finish(90);
    expect(Array.from(profile.exposure().subarray(0, 3))).toEqual([60, 30, 0]);
    expect(profile.meanLevels()[1]).toBe(5);
    expect(profile.meanLevels()[2]).toBeNaN();
    expect(profile.maxLevels()[2]).toBeNaN();
  });

  it("works with an irregular calendar (weekday / weekend)", () => {
    const weekdayWeekend: PhaseClock = {
      count: 2,
      phaseOf: (time) => (Math.floor(time / DAY) % 7 < 5 ? 0 : 1),
      nextChange: (time) => (Math.floor(time / DAY) + 1) * DAY,
    };
    const profile = new CyclicProfile(weekdayWeekend, 0, 3);
    for (let week = 0; week < 2; week++) {
      const w = week * 7 * DAY;
      profile.update(w, 3);
      // Friday's level runs half a day into Saturday before dropping.
      profile.update(w + 5.5 * DAY, 1);
      profile.add(w + 6 * DAY, 10);
    }
    profile.finish(14 * DAY);
    expect(Array.from(profile.exposure())).toEqual([10 * DAY, 4 * DAY]);
    // Weekend per week: 3 for half a day, 1 for a day and a half.
    expect(profile.meanLevels()[0]).toBe(3);
    expect(profile.meanLevels()[1]).toBeCloseTo((3 * 0.5 + 1 * 1.5) / 2, 12);
    expect(Array.from(profile.totals())).toEqual([0, 20]);
  });

  it("handles widths that do not divide evenly in binary", () => {
    const clock = regularPhases(10, 0.1);
    expect(clock.phaseOf(-0.05)).toBe(9);
    const profile = new CyclicProfile(clock, 0, 1);
    profile.finish(10);
    for (const e of profile.exposure()) expect(e).toBeCloseTo(1, 9);
  });

  it("rejects a phase clock that does not advance or leaves its range", () => {
    const stuck: PhaseClock = { count: 1, phaseOf: () => 0, nextChange: (t) => t };
    expect(() => new CyclicProfile(stuck).finish(1)).toThrow(RangeError);
    const wild: PhaseClock = { count: 2, phaseOf: () => 2, nextChange: (t) => t + 1 };
    expect(() => new CyclicProfile(wild)).toThrow(RangeError);
  });
});
