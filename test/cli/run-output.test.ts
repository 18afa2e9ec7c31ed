/**
 * What `careflow run` prints: which variants "all" runs, runs of different lengths kept apart,
 * and a table that fits the window, has a difference column and no rows of zeros.
 */
import { describe, expect, it } from "vitest";
import { byRunLength, plainVariants, variantNames } from "../../src/cli/run-command.js";
import type { RunResult } from "../../src/model/summary.js";
import { differenceCell, formatSummaryTable } from "../../src/output/table.js";
import { runJson } from "../../src/report/json.js";
import { acuteInput } from "../report/fixtures.js";

describe("variants run by --variant all", () => {
  it("adds the file's baseline only when no variant already is it", () => {
    expect(variantNames("all", ["d2a"], plainVariants({ d2a: { "discharge.policy": "d2a" } }))).toEqual([
      "baseline",
      "d2a",
    ]);
    // acute-medical: `standard: {}` is the baseline under another name; running both hides a line.
    const variants = {
      standard: {},
      d2a: { "discharge.policy": "d2a" },
      "from-today": { "run.horizon": "56d" },
    };
    expect(variantNames("all", Object.keys(variants), plainVariants(variants))).toEqual([
      "standard",
      "d2a",
      "from-today",
    ]);
    expect(variantNames("all", ["baseline", "x"])).toEqual(["baseline", "x"]);
  });
});

describe("runs of different lengths", () => {
  const run = (variant: string, horizonDays: number, warmupDays: number) =>
    ({ summary: { variant, horizonDays, warmupDays } }) as unknown as RunResult;

  it("are grouped by horizon and warm-up, the first variant's group first", () => {
    const groups = byRunLength([run("standard", 365, 60), run("from-today", 56, 0), run("d2a", 365, 60)]);
    expect(groups.map((g) => g.map((r) => r.summary.variant))).toEqual([["standard", "d2a"], ["from-today"]]);
  });
});

describe("the difference column", () => {
  it("subtracts cells of one number in their own form, and leaves mixed cells empty", () => {
    expect(differenceCell("£195.29m", "£155.84m")).toBe("−£39.45m");
    expect(differenceCell("14.8%", "2.9%")).toBe("−11.9 pp");
    expect(differenceCell("6,948", "226")).toBe("−6,722");
    expect(differenceCell("3.27", "3.30")).toBe("+0.03");
    expect(differenceCell("19.4", "19.4")).toBe("0");
    expect(differenceCell("2.2 / 7.3", "1.9 / 5.5")).toBe("");
    expect(differenceCell("—", "1.0")).toBe("");
  });
});

describe("the run table", () => {
  const summaries = () => acuteInput().results.map((r) => r.summary);

  it("fits the window it is given, with a difference column for two variants", () => {
    for (const width of [80, 100, 120]) {
      const lines = formatSummaryTable(summaries(), { width }).split("\n");
      const table = lines.filter((l) => !l.startsWith("warning"));
      expect(Math.max(...table.map((l) => l.length)), `width ${width}`).toBeLessThanOrEqual(width);
    }
    const text = formatSummaryTable(summaries(), { width: 100 });
    expect(text).toContain("d2a − standard");
    // Both variants' beds, and their difference in the last column.
    const beds = text.split("\n").find((l) => l.startsWith("Beds occupied, mean"))!;
    const [standard, d2a, difference] = beds
      .trim()
      .split(/\s{2,}/)
      .slice(1);
    expect(differenceCell(standard!, d2a!)).toBe(difference);
  });

  it("leaves out rows that are zero for every variant", () => {
    const text = formatSummaryTable(summaries(), { width: 120 });
    // acute-medical has no theatres and no staff: their cost rows are zero for both variants.
    expect(text).not.toContain("Cost: theatres");
    expect(text).not.toContain("Cost: staff");
    expect(text).toContain("Cost: total");
  });

  it("turns beyond three variants: a row per variant", () => {
    const [a, b] = summaries();
    const many = [a!, b!, { ...a!, variant: "third" }, { ...b!, variant: "fourth" }];
    const lines = formatSummaryTable(many, { width: 100 }).split("\n");
    expect(lines.some((l) => l.startsWith("fourth "))).toBe(true);
    expect(
      Math.max(...lines.filter((l) => !l.startsWith("warning")).map((l) => l.length)),
    ).toBeLessThanOrEqual(100);
  });
});

describe("--json", () => {
  it("has one shape for one variant or several, with units and the headline", () => {
    const one = runJson(
      acuteInput()
        .results.slice(0, 1)
        .map((r) => r.summary),
    );
    const two = runJson(acuteInput().results.map((r) => r.summary));
    expect(Object.keys(one)).toEqual(Object.keys(two));
    expect(one.variants).toHaveLength(1);
    expect(two.variants).toHaveLength(2);
    expect(two.units.money).toMatch(/pounds/);
    expect(two.headline[0]).toMatch(/^d2a against standard: /);
  });
});
