/**
 * Dates: validation refuses everything the run would refuse or silently change, so `validate`
 * passing means `run` starts on the date written. Only real calendar dates are accepted.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Calendar } from "../../src/engine/time.js";
import { simulateScenario } from "../../src/model/run.js";
import { calendarDateProblem } from "../../src/scenario/basics.js";
import { loadScenarioText } from "../../src/scenario/parse.js";
import { ScenarioError } from "../../src/scenario/problems.js";

const withStart = (start: string) => `name: Dates
run:
  start: ${start}
  horizon: 2d
wards:
  - id: amu
    beds: 4
community:
  - { id: home, kind: caseload, capacity: 5, lengthOfSupport: 5d }
groups:
  - id: all
    arrivals: { perDay: 3 }
    stages: [{ ward: amu, los: 12h }]
    dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 }
discharge:
  policy: standard
  standard: { assessment: { assessors: 2, duration: 1d }, services: { p1: home, p2: home, p3: home } }
  d2a: { assessment: { assessors: 2, duration: 1d }, services: { p1: home, p2: home, p3: home } }
`;

function problemsFor(start: string): string[] {
  try {
    loadScenarioText(withStart(start), "dates.yaml");
    return [];
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    return error.problems.map((p) => `${p.path} (line ${p.line}): ${p.message}`);
  }
}

describe("run.start", () => {
  it.each([
    ['"hello"', /a date is written "YYYY-MM-DD"/],
    ['"2026-02-30"', /there is no day 30 in 2026-02 \(it has 28 days\)/],
    ['"2025-02-29"', /there is no day 29 in 2025-02/], // 2025 is not a leap year
    ['"2100-02-29"', /there is no day 29 in 2100-02/], // nor is 2100 (divisible by 100, not 400)
    ['"2026-13-01"', /there is no month 13/],
    ['"2026-04-31"', /there is no day 31 in 2026-04/],
    ['"2026-01-00"', /there is no day 0/],
    ['"2026-1-5"', /a date is written/],
    ['"2026-01-05T24:30"', /time of day/],
    ["20260105", /must be a date written/],
  ])("refuses %s with its field path and line", (start, message) => {
    const problems = problemsFor(start);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^run\.start \(line 3\): /);
    expect(problems[0]).toMatch(message);
  });

  it.each(['"2024-02-29"', '"2000-02-29"', "2026-01-05", '"2026-12-31"', '"2026-01-05T08:30"'])(
    "accepts the real date %s, and the run starts on it",
    (start) => {
      const loaded = loadScenarioText(withStart(start), "dates.yaml");
      const written = start.replaceAll('"', "");
      expect(loaded.scenario.run.start).toBe(written);
      const { summary, daily } = simulateScenario(loaded.scenario);
      expect(summary.complete).toBe(true);
      expect(summary.startDate).toBe(written);
      expect(daily[0]?.date).toBe(written.slice(0, 10));
    },
  );

  it("agrees with the calendar for every day of four centuries' worth of sampled dates (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1900, max: 2300 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (year, month, day) => {
          const text = `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
          const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
          const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
          const real = day <= lengths[month - 1]!;
          expect(calendarDateProblem(text) === undefined).toBe(real);
          // Whatever validation accepts, the run's calendar reads as written.
          if (real) expect(new Calendar(text).toISO(0).slice(0, 10)).toBe(text);
        },
      ),
    );
  });
});
