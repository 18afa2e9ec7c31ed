import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { calibrationRows, overlapsBand, runCalibration } from "../../src/batch/calibration.js";
import type { RunSummary } from "../../src/model/summary.js";
import { loadScenarioText, parseScenarioText } from "../../src/scenario/parse.js";
import type { CalibrationTarget } from "../../src/scenario/schema.js";

const FILE = "scenarios/acute-medical.yaml";

describe("calibration: the pass rule and paired effects, by hand", () => {
  it("passes when the interval overlaps the band, open ends unbounded", () => {
    expect(overlapsBand(10, 12, { low: 11, high: 20 })).toBe(true);
    expect(overlapsBand(10, 12, { low: 12.5, high: 20 })).toBe(false);
    expect(overlapsBand(10, 12, { high: 9 })).toBe(false);
    expect(overlapsBand(0.5, 0.9, { low: 1 })).toBe(false);
    expect(overlapsBand(0.5, 1.1, { low: 1 })).toBe(true);
  });

  it("an effect is the % change within each replication; its interval is over those changes", () => {
    const { scenario } = loadScenarioText(readFileSync(FILE, "utf8"), FILE);
    const run = (ready: number) => ({ dischargeReady: { pastReadyPercentOfOccupied: ready } }) as RunSummary;
    const target: CalibrationTarget = {
      id: "effect",
      target: "t",
      source: "s",
      definition: "d",
      published: "p",
      metric: "dischargeReady.pastReadyPercentOfOccupied",
      variant: "d2a",
      relativeTo: "standard",
      tolerance: { low: 90, high: 110, why: "w" },
      use: "held-out",
    };
    // Replication 0: 10 → 20 (+100%); replication 1: 30 → 60 (+100%): mean +100%, no spread.
    const summaries = new Map([
      ["standard", [run(10), run(30)]],
      ["d2a", [run(20), run(60)]],
    ]);
    const [row] = calibrationRows([target], () => scenario, summaries);
    expect(row!.mean).toBeCloseTo(100, 9);
    expect(row!.ci!.halfWidth).toBeCloseTo(0, 9);
    expect(row!.pass).toBe(true);
    // Without relativeTo the same target reads the level: the mean of 20 and 60.
    const [level] = calibrationRows(
      [{ ...target, relativeTo: undefined, tolerance: { low: 39, high: 41, why: "w" } }],
      () => scenario,
      summaries,
    );
    expect(level!.mean).toBe(40);
  });
});

describe("acute-medical stays calibrated", () => {
  // Rule: a target the scenario expects to meet passes (its 95% interval, simulation noise only,
  // overlaps the band); one it records as not met keeps its mean outside the band, so a change
  // that meets it (or a table that claims it) shows up here. Three replications of the full year.
  it("each target within its tolerance, or recorded as not met and still missed", {
    timeout: 120_000,
  }, () => {
    const parsed = parseScenarioText(readFileSync(FILE, "utf8"), FILE);
    const result = runCalibration(parsed, { replications: 3 });
    expect(result.rows.length).toBeGreaterThanOrEqual(8);
    expect(result.rows.filter((r) => r.use === "held-out").length).toBeGreaterThanOrEqual(2);
    // The table in scenarios/README.md: these five are not met (with reasons); the other three
    // must stay in band, so marking a met target "not met" in the scenario fails here too.
    expect(result.rows.filter((r) => r.notMet !== null).map((r) => r.id)).toEqual([
      "friday-busiest",
      "monday-quietest",
      "los-emergency",
      "los-oldest",
      "d2a-same-next-day",
    ]);
    expect(result.rows.filter((r) => r.notMet === null).map((r) => r.id)).toEqual([
      "beds-past-ready",
      "weekend-discharges",
      "before-noon",
    ]);
    for (const row of result.rows) {
      const band = {
        ...(row.low === null ? {} : { low: row.low }),
        ...(row.high === null ? {} : { high: row.high }),
      };
      if (row.notMet === null) expect({ id: row.id, pass: row.pass }).toEqual({ id: row.id, pass: true });
      else
        expect({ id: row.id, inBand: overlapsBand(row.mean, row.mean, band) }).toEqual({
          id: row.id,
          inBand: false,
        });
    }
  });
});
