import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Calendar, DAY, formatDuration, HOUR, parseDuration, WEEK } from "../../src/engine/time.js";

describe("parseDuration", () => {
  it.each([
    ["20min", 20],
    ["36h", 36 * 60],
    ["4.5d", 4.5 * 1440],
    ["2w", 2 * 10080],
    ["1h 30min", 90],
    ["1h30min", 90],
    ["90s", 1.5],
    [" 3 days ", 3 * 1440],
    [".5h", 30],
  ])("%s is %d minutes", (text, minutes) => {
    expect(parseDuration(text)).toBeCloseTo(minutes, 10);
  });

  it.each(["", "4", "4 parsecs", "h", "-3h", "4h and 2d"])(
    "rejects %j with a message naming units",
    (text) => {
      expect(() => parseDuration(text)).toThrow(/duration|unit/);
    },
  );

  it("round-trips whole minutes through formatDuration within rounding", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (minutes) => {
        const back = parseDuration(formatDuration(minutes));
        expect(Math.abs(back - minutes) / minutes).toBeLessThan(0.01);
      }),
    );
  });
});

describe("Calendar", () => {
  it("starts on the right weekday and hour", () => {
    const monday = new Calendar("2026-01-05"); // a Monday
    expect(monday.dayOfWeek(0)).toBe(0);
    expect(monday.hourOfDay(0)).toBe(0);
    expect(monday.dayOfWeek(5 * DAY + 13 * HOUR)).toBe(5); // Saturday
    expect(monday.hourOfDay(5 * DAY + 13 * HOUR + 59)).toBe(13);
    const thursdayNoon = new Calendar("2026-01-08T12:00");
    expect(thursdayNoon.dayOfWeek(0)).toBe(3);
    expect(thursdayNoon.hourOfWeek(0)).toBe(3 * 24 + 12);
    expect(thursdayNoon.toISO(12 * HOUR)).toBe("2026-01-09T00:00");
  });

  it("hour of week is periodic with period one week", () => {
    const calendar = new Calendar("2026-03-11T07:30");
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.integer({ min: 0, max: 50 }),
        (t, weeks) => {
          expect(calendar.hourOfWeek(t + weeks * WEEK)).toBe(calendar.hourOfWeek(t));
          expect(calendar.hourOfWeek(t)).toBeGreaterThanOrEqual(0);
          expect(calendar.hourOfWeek(t)).toBeLessThan(168);
        },
      ),
    );
  });

  it("nextMinuteOfWeek finds the next matching instant not before now", () => {
    const calendar = new Calendar("2026-01-05");
    expect(calendar.nextMinuteOfWeek(0, 8 * HOUR)).toBe(8 * HOUR);
    expect(calendar.nextMinuteOfWeek(9 * HOUR, 8 * HOUR)).toBe(WEEK + 8 * HOUR);
    expect(calendar.nextMinuteOfWeek(DAY, 8 * HOUR)).toBe(WEEK + 8 * HOUR);
  });

  it("rejects a date that is not a date", () => {
    expect(() => new Calendar("someday")).toThrow(/not a date/);
  });
});
