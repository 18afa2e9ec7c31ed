/** Reading an extract: dates, bad rows, the round trip through the synthetic generator, and what is written. */
import { describe, expect, it } from "vitest";
import { DAY } from "../../src/engine/time.js";
import { hourOf, parseExtractDate, weekdayOf } from "../../src/fit/dates.js";
import { fitExtract } from "../../src/fit/fit.js";
import { startFit } from "../../src/fit/index.js";
import { ExtractReducer } from "../../src/fit/reduce.js";
import {
  type SyntheticExtract,
  syntheticExtractLines,
  syntheticExtractTime,
} from "../../src/fit/synthetic.js";
import { loadScenarioText } from "../../src/scenario/parse.js";

function reduce(lines: Iterable<string>, extractTime?: number): ExtractReducer {
  let reducer: ExtractReducer | undefined;
  let row = 0;
  for (const line of lines) {
    row++;
    const fields = line.split(",");
    if (!reducer) reducer = new ExtractReducer(fields, {}, { extractTime });
    else reducer.addRow(fields, row);
  }
  return reducer!;
}

describe("extract dates", () => {
  it("reads UK day-first and ISO dates, with and without times, as the same wall-clock minute", () => {
    const iso = parseExtractDate("2026-01-31T14:05:00")!;
    expect(parseExtractDate("31/01/2026 14:05")).toEqual(iso);
    expect(parseExtractDate("2026-01-31 14:05")).toEqual(iso);
    expect(iso.hasTime).toBe(true);
    expect(parseExtractDate("31/01/2026")).toEqual({ minutes: iso.minutes - (14 * 60 + 5), hasTime: false });
    // 2026-01-31 was a Saturday.
    expect(weekdayOf(iso.minutes)).toBe(5);
    expect(hourOf(iso.minutes)).toBe(14);
  });

  it("refuses what is not a real day or time", () => {
    for (const text of [
      "31/02/2026",
      "2026-13-01",
      "29/02/2025",
      "01/01/2026 24:00",
      "yesterday",
      "",
      "2026-1-1",
    ])
      expect(parseExtractDate(text), text).toBeUndefined();
    expect(parseExtractDate("29/02/2024")?.hasTime).toBe(false);
  });
});

describe("bad rows", () => {
  const header = "spell,ward,admitted,discharged,pathway";
  it("skips each with its row number and reason, and uses the rest", () => {
    const lines = [
      header,
      "A1,amu,2026-01-01 10:00,2026-01-03 10:00,1", // row 2: good
      "A2,amu,,2026-01-03 10:00,0", // row 3: missing admission
      "A3,amu,2026-02-30,2026-03-03,0", // row 4: not a date
      "A4,amu,2026-01-05 10:00,2026-01-04 10:00,0", // row 5: discharge before admission
      "A1,amu,2026-01-01 10:00,2026-01-03 10:00,1", // row 6: duplicate spell
      "A6,amu,2026-01-01 10:00,2027-06-01 10:00,0", // row 7: absurd stay
      "A7,,2026-01-01 10:00,2026-01-02 10:00,0", // row 8: missing ward
      "A8,amu,01/01/2026,01/01/2026,0", // row 9: good (same-day, date only)
      "A9,amu,2026-01-02 08:00,,", // row 10: good, still open
    ];
    const reduced = reduce(lines).finish();
    expect(reduced.rowsRead).toBe(9);
    expect(reduced.rowsUsed).toBe(3);
    expect(reduced.skippedRows).toEqual([
      { row: 3, reason: "missing admission date" },
      { row: 4, reason: "unreadable admission date" },
      { row: 5, reason: "discharge before admission" },
      { row: 6, reason: "duplicate row" },
      { row: 7, reason: "stay longer than 365 days" },
      { row: 8, reason: "missing ward" },
    ]);
    const amu = reduced.groups[0]!;
    expect(amu.finishedTimed.length).toBe(1);
    expect(amu.finishedDated.length).toBe(1);
    expect(amu.openTimed.length).toBe(1);
  });

  it("with nothing usable, says why instead of writing a scenario", () => {
    const fit = startFit(header.split(","), {}, {}, "bad.csv");
    fit.addRow(["A1", "amu", "soon", "", ""], 2);
    expect(() => fit.finish()).toThrow(/no usable rows[\s\S]*unreadable admission date: <5[\s\S]*row 2/);
  });

  it("names the missing admission column and suggests --map", () => {
    expect(() => new ExtractReducer(["ward", "when"], {})).toThrow(
      /no admission date column.*--map admitted=/,
    );
    const mapped = new ExtractReducer(["ward", "when"], { admitted: "When" });
    mapped.addRow(["amu", "2026-01-01"], 2);
    expect(mapped.finish().rowsUsed).toBe(1);
  });
});

const SPEC: SyntheticExtract = {
  seed: 7,
  start: "2025-01-06",
  days: 364,
  dateOnlyShare: 0.1,
  groups: [
    {
      group: "medical",
      ward: "amu",
      perDay: 140,
      dayOfWeek: [1.2, 1.1, 1, 1, 1, 0.85, 0.85],
      stay: { dist: "lognormal", mean: 6, sd: 5 },
      pathways: [0.8, 0.12, 0.05, 0.03],
    },
    {
      group: "older",
      ward: "coop",
      perDay: 10,
      stay: {
        mixture: [
          { dist: "lognormal", mean: 1, sd: 0.5 },
          { dist: "gamma", mean: 20, shape: 3 },
        ],
        weight: 0.5,
      },
      pathways: [0.5, 0.25, 0.15, 0.1],
    },
  ],
};

describe("the round trip: generate, fit, write", () => {
  const reduced = reduce(syntheticExtractLines(SPEC), syntheticExtractTime(SPEC)).finish();
  const fitted = fitExtract(reduced);
  const medical = fitted.groups.find((g) => g.group === "medical")!;
  const older = fitted.groups.find((g) => g.group === "older")!;

  it("recovers the arrival rate, weekday shape and pathway shares within four standard errors", () => {
    expect(medical.spells).toBeGreaterThan(45_000);
    // Poisson: the count's sd is √N, so the rate's is √N / days.
    expect(Math.abs(medical.perDay - 140)).toBeLessThan((4 * Math.sqrt(medical.spells)) / fitted.days);
    // Each weekday: 52 days of Poisson(140 w) — the weight's relative sd is about 1/√(52·140·w).
    medical.dayOfWeek.forEach((w, d) => {
      const truth = SPEC.groups[0]!.dayOfWeek![d]! / (7 / 7);
      expect(Math.abs(w - truth), `weekday ${d}`).toBeLessThan(
        4 * truth * (1 / Math.sqrt(52 * 140 * truth)) + 0.01,
      );
    });
    const n = medical.pathwayCounts.slice(0, 4).reduce((a, b) => a + b, 0);
    medical.pathways!.forEach((p, i) => {
      const truth = SPEC.groups[0]!.pathways[i]!;
      expect(Math.abs(p - truth)).toBeLessThan(4 * Math.sqrt((truth * (1 - truth)) / n));
    });
  });

  it("recovers the lognormal stay's mean and sd within four standard errors, open stays censored", () => {
    const stay = medical.stay!;
    expect(stay.censored).toBeGreaterThan(100);
    // Date-only rows (10%) are left out of this group's fit: most rows have times.
    expect(medical.stayUsesDateOnly).toBe(false);
    const best = stay.candidates[0]!;
    expect(best.family).toBe("lognormal");
    const s2 = Math.log(1 + (5 / 6) ** 2);
    const seMean = Math.sqrt((s2 + 0.5 * s2 * s2) / stay.finished);
    const seSd = Math.sqrt(
      (s2 + (0.5 + (0.5 * Math.exp(s2)) / Math.expm1(s2)) ** 2 * 2 * s2 * s2) / stay.finished,
    );
    // Minutes are rounded in the extract: a bias of at most half a minute, far below these.
    expect(Math.abs(Math.log(best.mean / 6))).toBeLessThan(4 * seMean);
    expect(Math.abs(Math.log(best.sd / 5))).toBeLessThan(4 * seSd);
  });

  it("for the mixture, reports the AIC choice's poor KS and writes the empirical distribution", () => {
    expect(older.stay!.fits).toBe(false);
    const text = startFitText();
    expect(text).toMatch(/dist: empirical.*no candidate fits \(best by AIC \w+, KS 0\.\d+ > 0\.03\)/);
  });

  function startFitText(): string {
    const fit = startFit(
      [...syntheticExtractLines({ ...SPEC, days: 0 })][0]!.split(","),
      {},
      { extractTime: syntheticExtractTime(SPEC) },
      "synthetic.csv",
    );
    let row = 1;
    for (const line of syntheticExtractLines(SPEC)) if (row++ > 1) fit.addRow(line.split(","), row);
    const output = fit.finish();
    outputs = [output.scenario, ...output.reportFiles.map(([, c]) => c)];
    return output.scenario;
  }
  let outputs: string[] = [];

  it("writes a scenario that validates, with assumptions marked", () => {
    if (outputs.length === 0) startFitText();
    const loaded = loadScenarioText(outputs[0]!, "fitted.yaml");
    expect(loaded.scenario.groups.map((g) => g.id).sort()).toEqual(["medical-amu", "older-coop"]);
    expect(loaded.scenario.wards.map((w) => w.id).sort()).toEqual(["amu", "coop"]);
    expect(outputs[0]).toMatch(/beds: \d+ # assumed/);
    // The stay the simulation samples is the fitted one, in minutes.
    const los = loaded.scenario.groups.find((g) => g.id === "medical-amu")!.stages[0]!.los;
    expect(los.dist).toBe("lognormal");
    expect(Math.abs((los as { mean: number }).mean / DAY - medical.stay!.candidates[0]!.mean)).toBeLessThan(
      0.001,
    );
  });

  it("copies no identifier from the extract into any output", () => {
    if (outputs.length === 0) startFitText();
    for (const text of outputs) expect(text).not.toMatch(/\bS\d+\b/);
  });
});

describe("date-only extracts", () => {
  it("reads dates without times as midday and still recovers the mean stay, to within the day's rounding", () => {
    const spec: SyntheticExtract = { ...SPEC, dateOnlyShare: 1, groups: [SPEC.groups[0]!] };
    const fitted = fitExtract(reduce(syntheticExtractLines(spec), syntheticExtractTime(spec)).finish());
    const medical = fitted.groups[0]!;
    expect(medical.stayUsesDateOnly).toBe(true);
    expect(medical.hourOfDay).toBeUndefined();
    // Both ends read as midday: each stay's error is the difference of two uniform times of day,
    // mean 0, so the sample mean stays unbiased. The exponential's censored estimate of the mean
    // (time at risk ÷ finished stays) is close to it when, as here, under 2% of stays are open.
    // SE: sd/√n ≈ 5/√45,000 plus the rounding's (1/√6)/√n.
    expect(medical.stay!.censored).toBeLessThan(0.02 * medical.stay!.finished);
    const exponential = medical.stay!.candidates.find((c) => c.family === "exponential")!;
    expect(Math.abs(exponential.mean - 6)).toBeLessThan((4 * (5 + 0.41)) / Math.sqrt(medical.stay!.finished));
  });
});

describe("small numbers", () => {
  it("does not model a group under 5 spells, and shows counts of 1–4 as <5", () => {
    const fit = startFit(["ward", "admitted", "discharged"], {}, {}, "tiny.csv");
    let row = 2;
    for (let i = 0; i < 30; i++)
      fit.addRow(["big", `2026-01-${String(1 + (i % 28)).padStart(2, "0")} 0${i % 10}:00`, ""], row++);
    for (let i = 0; i < 30; i++)
      fit.addRow(
        [
          "big",
          `2026-01-0${1 + (i % 9)} 1${i % 10}:00`,
          `2026-01-${String(10 + (i % 9)).padStart(2, "0")} 12:00`,
        ],
        row++,
      );
    for (let i = 0; i < 3; i++) fit.addRow(["rare", `2026-01-05 1${i}:00`, "2026-01-07 10:00"], row++);
    fit.addRow(["big", "not a date", ""], row++);
    const output = fit.finish();
    expect(output.fitted.groups.map((g) => g.ward)).toEqual(["big"]);
    expect(output.fitted.rowsInSmallGroups).toBe(3);
    expect(output.scenario).not.toContain("rare");
    const report = output.reportFiles.find(([name]) => name === "fit-report.md")![1];
    expect(report).toContain("Groups with fewer than 5 spells are not modelled (<5 rows)");
    expect(report).toContain("| unreadable admission date | <5 |");
    expect(report).not.toMatch(/\| [1-4] \|/);
  });
});
