import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mainThreadExecutor } from "../../src/batch/executor.js";
import { checkObserved, compareSeries, expectedCoverage } from "../../src/batch/observed.js";
import { type ObservedInput, ObservedReader } from "../../src/batch/observed-input.js";
import type { ScenarioSource } from "../../src/batch/replication.js";
import { simulateScenario } from "../../src/model/run.js";
import type { DailyRow } from "../../src/model/summary.js";
import { loadScenarioText } from "../../src/scenario/parse.js";
import { runCli } from "../cli-helpers.js";
import { smallScenario, tempDir, writeScenario } from "./helpers.js";

/**
 * One ward that never fills, short stays (lognormal, 3 h ± 30 min), arrivals flat through the day
 * and week: an M/G/∞ queue. A day's mean occupancy then depends almost only on that day's
 * arrivals (stays are an eighth of a day), so days are close to independent, and it is a
 * continuous value (a time-weighted mean). Its coefficient of variation is about
 * sqrt(E[S²]/E[S]² / arrivals a day) = sqrt(1.03/300) ≈ 6%.
 */
const SHORT_STAYS = `name: Short stays
seed: 11
run:
  start: "2026-03-02"
  warmup: 1d
  horizon: 200d
wards:
  - id: assessment
    beds: 500
community:
  - id: home-care
    kind: caseload
    capacity: 10
    lengthOfSupport: { dist: lognormal, mean: 10d, sd: 5d }
groups:
  - id: adult
    arrivals: { perDay: 300 }
    stages:
      - ward: assessment
        los: { dist: lognormal, mean: 3h, sd: 30min }
    dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 }
discharge:
  policy: standard
  standard:
    assessment: { assessors: 1, duration: { dist: lognormal, mean: 1d, sd: 0.5d } }
    services: { p1: home-care, p2: home-care, p3: home-care }
  d2a:
    assessment: { assessors: 1, duration: { dist: lognormal, mean: 1d, sd: 0.5d } }
    services: { p1: home-care, p2: home-care, p3: home-care }
`;

const source: ScenarioSource = { file: "short-stays.yaml", text: SHORT_STAYS, sha256: "short-stays-test" };
const ukDate = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** What a hospital "saw": a run of the same scenario on another seed, as CSV rows with UK dates. */
function observedFromRun(seed: number, scale: number): { input: ObservedInput; rows: DailyRow[] } {
  const { scenario } = loadScenarioText(SHORT_STAYS);
  const { daily } = simulateScenario(scenario, { seed });
  const reader = new ObservedReader("observed.csv", ["Date", "Beds occupied", "Admissions"], ["assessment"]);
  daily.forEach((row, i) => {
    reader.row(
      [ukDate(row.date), String(scale * row.occupancy_assessment!), String(scale * row.admissions)],
      i + 2,
    );
  });
  return { input: reader.finish(), rows: daily };
}

/** The two-sided 99.9% normal-approximation half-width of a binomial share. */
const binomialHalfWidth = (p: number, n: number): number => 3.29 * Math.sqrt((p * (1 - p)) / n);

describe("careflow check: observed against simulated", () => {
  const n = 21; // 0.05 × (n − 1) is whole: the band is two order statistics, and coverage exact

  it("covers about 0.9(n − 1)/(n + 1) of days observed from the same model on another seed", async () => {
    expect(expectedCoverage(n)).toBeCloseTo((0.9 * (n - 1)) / (n + 1), 12);
    const { input } = observedFromRun(987_654, 1);
    const result = await checkObserved(
      source,
      input,
      { replications: n },
      mainThreadExecutor(async () => {}),
    );
    const [occupancy, admissions] = result.series;
    expect(occupancy!.key).toBe("occupancy");
    expect(occupancy!.compared).toBe(200);
    expect(occupancy!.outside.count).toBe(0);
    // Each day, the observed value and the n simulated are i.i.d. and continuous, so it falls
    // inside the band with probability exactly (19 − 1)/22; days are near independent: binomial.
    const p = expectedCoverage(n);
    expect(Math.abs(occupancy!.coverage! - p)).toBeLessThan(binomialHalfWidth(p, 200));
    // Admissions are counts: ties with the band's ends only add days inside, so a lower bound.
    expect(admissions!.coverage!).toBeGreaterThan(p - binomialHalfWidth(p, 200));
    expect(occupancy!.inside + occupancy!.above + occupancy!.below).toBe(occupancy!.compared);
  }, 120_000);

  it("gives low coverage and the derived MAPE for a series 30% above the model", async () => {
    const { input } = observedFromRun(555, 1.3);
    const result = await checkObserved(
      source,
      input,
      { replications: n },
      mainThreadExecutor(async () => {}),
    );
    const occupancy = result.series[0]!;
    const days = occupancy.days;
    // The noise σ (coefficient of variation) of a day, read off the simulated band: p95 − p5 ≈ 2 × 1.645σ.
    const sigma = days.reduce((acc, d) => acc + (d.p95 - d.p5) / (2 * 1.645 * d.median), 0) / days.length;
    expect(sigma).toBeGreaterThan(0.03);
    expect(sigma).toBeLessThan(0.1);
    // Observed 1.3x against the median m, with x = m(1 + ε): |1.3x − m|/1.3x = 1 − m/(1.3x), and
    // E[1/(1 + ε)] ≈ 1 + σ², so MAPE ≈ 1 − (1 + σ²)/1.3; the mean over D days has sd ≈ σ/(1.3√D)
    // (a little more for the median's own error: × √(1 + 1.57/n)).
    const expected = 1 - (1 + sigma ** 2) / 1.3;
    const tolerance =
      (3.29 * (sigma * Math.sqrt(1 + 1.57 / n))) / (1.3 * Math.sqrt(days.length)) + sigma ** 3;
    expect(Math.abs(occupancy.mape! - expected)).toBeLessThan(tolerance);
    expect(occupancy.mape!).toBeGreaterThan(0.2);
    // 1.3x is below the band's top only when x < p95/1.3 ≈ m(1 + 1.645σ)/1.3: over 2.5σ below m.
    expect(occupancy.coverage!).toBeLessThan(0.05);
    expect(occupancy.above).toBeGreaterThan(0.95 * occupancy.compared);
  }, 120_000);

  it("stops, saying how to fix it, when no observed day falls within the simulated dates", async () => {
    const small: ScenarioSource = { file: "small.yaml", text: smallScenario(), sha256: "small-test" };
    const reader = new ObservedReader("last-year.csv", ["date", "admissions"], ["amu", "medicine"]);
    reader.row(["10/01/2025", "20"], 2);
    reader.row(["11/01/2025", "21"], 3);
    await expect(
      checkObserved(
        small,
        reader.finish(),
        { replications: 2 },
        mainThreadExecutor(async () => {}),
      ),
    ).rejects.toThrow(
      /its dates \(2025-01-10 to 2025-01-11\) lie outside the simulated 2026-01-10 to 2026-02-03; set run.start/,
    );
  });

  it("compares only the days the simulation covers, and says which it left out", () => {
    const band = {
      key: "occupancy" as const,
      dates: ["2026-03-03", "2026-03-04", "2026-03-05"],
      p5: [10, 10, 10],
      median: [20, 20, 20],
      p95: [30, 30, 30],
    };
    const firstDay = Date.parse("2026-03-03T00:00:00Z") / 86_400_000;
    const values = new Map([
      [firstDay - 2, 5],
      [firstDay, 25], // inside; error 5/25
      [firstDay + 1, 40], // above; error 20/40
      [firstDay + 2, 0], // below the band; left out of the MAPE
      [firstDay + 9, 22],
    ]);
    const check = compareSeries(
      { key: "occupancy", measure: "occupancy", ward: null, values },
      band,
      firstDay,
    );
    expect(check.compared).toBe(3);
    expect([check.inside, check.above, check.below]).toEqual([1, 1, 1]);
    expect(check.coverage).toBeCloseTo(1 / 3, 12);
    expect(check.mape).toBeCloseTo((5 / 25 + 20 / 40) / 2, 12);
    expect(check.zeroDays).toBe(1);
    expect(check.outside).toEqual({ count: 2, first: "2026-03-01", last: "2026-03-12" });
  });
});

describe("reading an observed file", () => {
  const wards = ["amu", "older-people"];

  it("skips and counts bad rows, each with its line and reason", () => {
    const reader = new ObservedReader("obs.csv", ["date", "beds_occupied", "admissions"], wards);
    const rows: [string[], number][] = [
      [["2026-03-02", "80", "20"], 2],
      [["", "80", "20"], 3],
      [["31/02/2026", "80", "20"], 4],
      [["03/03/2026", "eighty", "20"], 5],
      [["04/03/2026", "-3", "20"], 6],
      [["2026-03-02", "81", "21"], 7],
      [["05/03/2026", "", ""], 8],
      [["06/03/2026 00:00", "79.5", ""], 9],
    ];
    for (const [cells, line] of rows) reader.row(cells, line);
    reader.skip(10, "malformed CSV record");
    const input = reader.finish();
    expect(input.rows).toBe(8);
    expect(input.skipped).toBe(7);
    expect(input.skippedRows.map((r) => r.line)).toEqual([3, 4, 5, 6, 7, 8, 10]);
    expect(input.skippedRows.map((r) => r.reason)).toEqual([
      "no date",
      'unreadable date "31/02/2026" (write DD/MM/YYYY or YYYY-MM-DD)',
      'occupied beds "eighty" is not a number',
      "occupied beds -3 is negative",
      "a second row for 2026-03-02",
      "no value in any column",
      "malformed CSV record",
    ]);
    const occupancy = input.series.find((s) => s.key === "occupancy")!;
    const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
    expect([...occupancy.values]).toEqual([
      [day("2026-03-02"), 80],
      [day("2026-03-06"), 79.5],
    ]);
    expect([...input.series.find((s) => s.key === "admissions")!.values.values()]).toEqual([20]);
  });

  it("reads a ward per row (long layout) and refuses unknown wards by row", () => {
    const reader = new ObservedReader("obs.csv", ["Ward", "Date", "Occupied beds", "Admissions"], wards);
    reader.row(["AMU", "2026-03-02", "30", ""], 2);
    reader.row(["Older People", "2026-03-02", "40", "7"], 3);
    reader.row(["Total", "2026-03-02", "70", "19"], 4);
    reader.row(["cardiology", "2026-03-02", "12", ""], 5);
    const input = reader.finish();
    expect(input.layout).toBe("long");
    expect(input.series.map((s) => s.key)).toEqual([
      "occupancy",
      "occupancy_amu",
      "occupancy_older-people",
      "admissions",
    ]);
    expect(input.skippedRows).toEqual([
      { line: 5, reason: 'unknown ward "cardiology" (the scenario\'s wards: amu, older-people)' },
    ]);
    expect(input.notes.join(" ")).toMatch(/per ward are not compared/);
  });

  it("reads careflow's own daily.csv: its date column, not the day number before it", () => {
    const reader = new ObservedReader(
      "daily.csv",
      ["day", "date", "admissions", "discharges", "occupancy_amu", "occupancy_older-people"],
      wards,
    );
    reader.row(["0", "2026-03-06", "185", "206", "140.4", "190.4"], 2);
    const input = reader.finish();
    expect(input.skipped).toBe(0);
    expect(input.series.map((s) => s.key)).toEqual([
      "occupancy_amu",
      "occupancy_older-people",
      "admissions",
      "discharges",
    ]);
    expect(input.notes).toEqual(['column "day" is not a series careflow simulates; ignored']);
  });

  it("stops at a bad header with every problem at once", () => {
    expect(
      () => new ObservedReader("obs.csv", ["when", "beds_occupied_cardiology", "occupancy_icu"], wards),
    ).toThrow(/no date column[\s\S]*no ward "cardiology"[\s\S]*no ward "icu"/);
    expect(() => new ObservedReader("obs.csv", ["date", "notes"], wards)).toThrow(/no column to compare/);
    const reader = new ObservedReader("obs.csv", ["date", "beds_occupied_amu", "admissions_amu"], wards);
    reader.row(["2026-03-02", "", "5"], 2);
    expect(() => reader.finish()).toThrow(/no usable row/);
  });
});

describe("careflow check (command)", () => {
  const dir = tempDir("careflow-check-");
  const scenario = writeScenario(dir);

  it("prints coverage and error in words, writes the report, and exits 2 on an unusable file", () => {
    const observed = join(dir, "observed.csv");
    // The small scenario's first day after its 5-day warm-up is 2026-01-10; the file starts a day early.
    const lines = ["\uFEFFDate;Beds occupied;Admissions"];
    for (let d = 9; d <= 20; d++) lines.push(`${String(d).padStart(2, "0")}/01/2026;70;20`);
    lines.push("xx/01/2026;70;20");
    writeFileSync(observed, `${lines.join("\r\n")}\r\n`);
    const out = join(dir, "check");
    const cli = runCli([
      "check",
      scenario,
      "--observed",
      observed,
      "-n",
      "4",
      "--workers",
      "1",
      "--out",
      out,
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(
      /Occupied beds, all wards: \d+ of 11 observed days \([\d.]+%\) inside the simulated 90% band/,
    );
    expect(cli.stdout).toMatch(/mean absolute percentage error/);
    expect(cli.stdout).toMatch(/1 day observed \(2026-01-09\) outside the simulated dates, not compared/);
    expect(cli.stdout).toMatch(/13 rows read, 12 used, 1 skipped/);
    expect(cli.stdout).toMatch(/line 14: unreadable date "xx\/01\/2026"/);
    const csv = readFileSync(join(out, "observed.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe("series,date,observed,simulated_p5,simulated_median,simulated_p95,inside_band");
    expect(csv).toHaveLength(1 + 2 * 11);
    const json = JSON.parse(readFileSync(join(out, "check.json"), "utf8"));
    expect(json.series[0].compared).toBe(11);
    expect(readFileSync(join(out, "observed.svg"), "utf8")).toMatch(/^<svg/);
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain("Observed against simulated");

    writeFileSync(join(dir, "bad.csv"), "when,beds_occupied_cardiology\n2026-01-10,3\n");
    const bad = runCli(["check", scenario, "--observed", join(dir, "bad.csv"), "-n", "2", "--out", out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no date column/);
    expect(bad.stderr).toMatch(/no ward "cardiology" in the scenario \(its wards: amu, medicine\)/);
    expect(bad.stderr).not.toMatch(/at .*\.js/);
  }, 120_000);
});
