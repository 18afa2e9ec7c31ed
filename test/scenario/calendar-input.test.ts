/** The calendar: section's bad input: every problem at once, with its field path and line. */
import { describe, expect, it } from "vitest";
import { loadScenarioText } from "../../src/scenario/parse.js";
import { ScenarioError } from "../../src/scenario/problems.js";

const base = `name: Calendar checks
run:
  start: 2026-01-05
  horizon: 30d
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

function problems(text: string): string[] {
  try {
    loadScenarioText(text, "calendar.yaml");
    return [];
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    return error.problems.map((p) => `${p.path} (line ${p.line}): ${p.message}`);
  }
}

describe("calendar: validation", () => {
  it("accepts a full calendar section", () => {
    expect(
      problems(`${base}calendar:
  bankHolidays: { treatAs: sat, extra: [2026-01-20], except: [2026-04-06] }
  growth: 0.03
  demand:
    - { from: 2026-01-10, to: 2026-01-20, multiplier: 1.2, groups: [all] }
    - { months: [dec, jan], multiplier: 1.1 }
  beds:
    - { ward: amu, from: 2026-01-10, to: 2026-01-20, change: 4 }
    - { ward: amu, from: 2026-01-21, to: 2026-01-25, change: -2 }
`),
    ).toEqual([]);
  });

  it("reports every problem at once, each with its path and line", () => {
    const found = problems(`${base}calendar:
  growth: 2
  demand:
    - { from: 2026-02-30, to: 2026-03-01, multiplier: 2 }
    - { months: [dec], multiplier: 1.1, groups: [nobody] }
  beds:
    - { ward: amu, from: 2026-01-20, to: 2026-01-10, change: 4 }
    - { ward: ghost, from: 2026-01-10, to: 2026-01-12, change: 4 }
    - { ward: amu, from: 2026-01-01, to: 2026-01-31, change: 2 }
    - { ward: amu, from: 2026-01-05, to: 2026-01-06, change: 2 }
  rosters:
    - { role: nurse, from: 2026-01-10, to: 2026-01-12, change: -1 }
`);
    const line = (n: number) => `(line ${n})`;
    const at = (path: string, lineNumber: number, words: string) =>
      expect(
        found.some((p) => p.startsWith(`${path} ${line(lineNumber)}`) && p.includes(words)),
        `${path}: ${found.join("\n")}`,
      ).toBe(true);
    at("calendar.growth", 20, "≤ 0.5");
    at("calendar.demand[0].from", 22, "no day 30");
    at("calendar.demand[1].groups[0]", 23, 'unknown patient group "nobody"');
    at("calendar.beds[0].to", 25, "ends (2026-01-10) before it starts (2026-01-20)");
    at("calendar.beds[1].ward", 26, 'unknown ward "ghost"');
    at("calendar.beds[3]", 28, "overlaps entry 2");
    at("calendar.rosters[0]", 30, "needs a staff: section");
  });

  it("names an unknown role, and a role with no roster to change", () => {
    const staff = `staff:
  roles:
    - { id: nurse, skills: [care], hourlyCost: 30 }
    - { id: doctor, skills: [care], hourlyCost: 60 }
  rosters:
    - { role: nurse, shifts: [{ from: "08:00", to: "20:00", headcount: 2 }] }
`;
    const found = problems(`${base}${staff}calendar:
  rosters:
    - { role: porter, from: 2026-01-10, to: 2026-01-12, change: -1 }
    - { role: doctor, from: 2026-01-10, to: 2026-01-12, change: -1 }
    - { role: nurse, ward: amu, from: 2026-01-10, to: 2026-01-12, change: -1 }
`);
    expect(found.join("\n")).toContain('calendar.rosters[0].role (line 27): unknown role "porter"');
    expect(found.join("\n")).toContain(
      'calendar.rosters[1] (line 28): no roster in staff.rosters has role "doctor"',
    );
    expect(found.join("\n")).toContain(
      'calendar.rosters[2] (line 29): no roster in staff.rosters has role "nurse" on ward "amu"',
    );
  });

  it("bounds the run a calendar covers, so no loop runs over a typed number of years", () => {
    const found = problems(
      base.replace("horizon: 30d", "horizon: 100000w").concat("calendar: { growth: 0.01 }\n"),
    );
    expect(found.join("\n")).toContain("at most 200 years");
  });
});
