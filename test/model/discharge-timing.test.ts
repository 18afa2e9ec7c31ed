import { describe, expect, it } from "vitest";
import { RandomStreams } from "../../src/engine/random.js";
import { Calendar, DAY, HOUR } from "../../src/engine/time.js";
import { DischargeTiming } from "../../src/model/discharge-timing.js";

const monday = new Calendar("2026-01-05");
const stream = () => new RandomStreams(3).get("weekend");

describe("DischargeTiming", () => {
  it("lets patients leave at once inside discharge hours and at the next opening outside them", () => {
    const timing = new DischargeTiming(monday, 8 * HOUR, 20 * HOUR, 1, stream());
    expect(timing.next(10 * HOUR)).toBe(10 * HOUR);
    expect(timing.next(6 * HOUR)).toBe(8 * HOUR);
    expect(timing.next(21 * HOUR)).toBe(DAY + 8 * HOUR);
    expect(timing.next(20 * HOUR)).toBe(DAY + 8 * HOUR);
  });

  it("handles hours that cross midnight", () => {
    const timing = new DischargeTiming(monday, 20 * HOUR, 2 * HOUR, 1, stream());
    expect(timing.next(21 * HOUR)).toBe(21 * HOUR);
    expect(timing.next(DAY + HOUR)).toBe(DAY + HOUR);
    expect(timing.next(DAY + 3 * HOUR)).toBe(DAY + 20 * HOUR);
  });

  it("with a weekend rate of 0, nobody leaves on Saturday or Sunday", () => {
    const timing = new DischargeTiming(monday, 8 * HOUR, 20 * HOUR, 0, stream());
    const saturdayNoon = 5 * DAY + 12 * HOUR;
    expect(timing.next(saturdayNoon)).toBe(7 * DAY + 8 * HOUR);
  });

  it("on a weekend day, the share leaving that day is the weekend rate", () => {
    const rate = 0.32;
    const timing = new DischargeTiming(monday, 8 * HOUR, 20 * HOUR, rate, stream());
    const n = 20_000;
    let sameDay = 0;
    const saturdayNoon = 5 * DAY + 12 * HOUR;
    for (let i = 0; i < n; i++) if (timing.next(saturdayNoon) === saturdayNoon) sameDay++;
    // Binomial(n, rate): 4 standard deviations.
    const sd = Math.sqrt(n * rate * (1 - rate));
    expect(Math.abs(sameDay - n * rate)).toBeLessThan(4 * sd);
  });

  it("is always open with 00:00–24:00 and a weekend rate of 1", () => {
    const timing = new DischargeTiming(monday, 0, DAY, 1, stream());
    for (const t of [0, 3 * HOUR, 5 * DAY + 23 * HOUR]) expect(timing.next(t)).toBe(t);
  });
});
