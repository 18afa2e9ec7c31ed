import { describe, expect, it } from "vitest";
import { type RandomStream, RandomStreams } from "../../src/engine/random.js";
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

/** A stream that gives these uniforms in turn (and fails the test if asked for more). */
function scripted(...values: number[]): RandomStream {
  let i = 0;
  return {
    uniform: () => {
      if (i >= values.length) throw new Error("asked for more draws than scripted");
      return values[i++]!;
    },
  } as unknown as RandomStream;
}

const friday = 4 * DAY;
const saturday = 5 * DAY;
const monday2 = 7 * DAY;

describe("DischargeTiming: weekend draws and hour profiles", () => {
  it('"daily": a patient not seen on Saturday draws again on Sunday', () => {
    const timing = new DischargeTiming(monday, 8 * HOUR, 20 * HOUR, 0.5, scripted(0.9, 0.1));
    expect(timing.next(friday + 21 * HOUR)).toBe(saturday + DAY + 8 * HOUR);
  });

  it('"once": a patient not seen on Saturday waits for Monday, with one draw only', () => {
    const timing = new DischargeTiming(monday, 8 * HOUR, 20 * HOUR, 0.5, scripted(0.9), {
      weekendDraw: "once",
    });
    expect(timing.next(friday + 21 * HOUR)).toBe(monday2 + 8 * HOUR);
  });

  it('"once": a patient seen at the weekend leaves then', () => {
    const timing = new DischargeTiming(monday, 8 * HOUR, 20 * HOUR, 0.5, scripted(0.2), {
      weekendDraw: "once",
    });
    expect(timing.next(saturday + 13 * HOUR)).toBe(saturday + 13 * HOUR);
  });

  it("a wait for the opening ends at a time drawn from the hour weights, by hand", () => {
    const weights = new Array<number>(24).fill(0);
    weights[9] = 1;
    weights[10] = 1;
    const open = (u: number) =>
      new DischargeTiming(monday, 8 * HOUR, 20 * HOUR, 1, scripted(), {
        hourWeights: weights,
        hourStream: scripted(u),
      });
    // Half the weight is 09:00–10:00, half 10:00–11:00: u = 0.25 is 09:30, u = 0.75 is 10:30.
    expect(open(0.25).next(6 * HOUR)).toBe(9 * HOUR + 30);
    expect(open(0.75).next(6 * HOUR)).toBe(10 * HOUR + 30);
    // Inside the hours nobody waits, and no draw is made (the scripted stream would throw).
    expect(open(0.5).next(15 * HOUR)).toBe(15 * HOUR);
  });

  it("an hour cut by the window's edge weighs only its part inside", () => {
    const weights = new Array<number>(24).fill(0);
    weights[8] = 1;
    weights[9] = 1;
    // 08:30–20:00: hour 8 gives 30 min (weight 0.5), hour 9 a full hour (1): shares 1/3 and 2/3.
    const timing = new DischargeTiming(monday, 8 * HOUR + 30, 20 * HOUR, 1, scripted(), {
      hourWeights: weights,
      hourStream: scripted(1 / 6),
    });
    expect(timing.next(2 * HOUR)).toBeCloseTo(8 * HOUR + 45, 9);
  });

  it('with readiness even over the week, "once" gives Saturday as many as Sunday and "daily" Sunday 1.5× (rate 0.5)', () => {
    // Saturday takes those ready Fri 20:00–Sat 20:00 at rate r; Sunday those ready Sat 20:00–Sun
    // 20:00 at r, plus, drawing daily, Saturday's (1 − r) left over: Sunday ÷ Saturday = 2 − r.
    const count = (draw: "once" | "daily") => {
      const timing = new DischargeTiming(monday, 8 * HOUR, 20 * HOUR, 0.5, new RandomStreams(11).get("w"), {
        weekendDraw: draw,
      });
      const byDay = new Array<number>(8).fill(0);
      for (let t = 0; t < 7 * DAY; t += 2) byDay[Math.floor(timing.next(t) / DAY)]!++;
      return { saturday: byDay[5]!, sunday: byDay[6]! };
    };
    const once = count("once");
    const daily = count("daily");
    // Each is a binomial count of ≈ 720 draws at 0.5 (sd ≈ 13): 5 sd ≈ 70 either way.
    expect(Math.abs(once.saturday - once.sunday)).toBeLessThan(100);
    expect(once.saturday).toBeGreaterThan(0.5 * 720 - 70);
    expect(daily.sunday / daily.saturday).toBeGreaterThan(1.3);
    expect(daily.sunday / daily.saturday).toBeLessThan(1.7);
  });
});
