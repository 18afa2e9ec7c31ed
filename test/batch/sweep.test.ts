import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBatch } from "../../src/node/batch.js";
import { writeBatchFolderReport } from "../../src/node/batch-report.js";
import { mergeBatches } from "../../src/node/merge.js";
import { ScenarioError } from "../../src/scenario/problems.js";
import { jsonlKeys, tempDir, writeScenario } from "./helpers.js";

describe("sweeps", () => {
  const dir = tempDir();
  const scenario = writeScenario(dir);

  it("runs each point as a variant with common random numbers and writes sweep.csv", async () => {
    const result = await runBatch({
      scenario,
      replications: 6,
      workers: 2,
      outDir: join(dir, "sweep"),
      sweep: [{ path: "wards.medicine.beds", values: [45, 55, 65] }],
    });
    const names = result.summary!.variants.map((v) => v.name);
    expect(names).toEqual(["wards.medicine.beds=45", "wards.medicine.beds=55", "wards.medicine.beds=65"]);
    expect(result.summary!.variants[1]!.point).toEqual({ "wards.medicine.beds": 55 });
    // More beds, shorter waits for a bed.
    const wait = result.summary!.variants.map((v) => v.metrics["headline.timeToBedMeanHours"]!.mean!);
    expect(wait[0]!).toBeGreaterThan(wait[2]!);
    const csv = readFileSync(join(dir, "sweep", "sweep.csv"), "utf8")
      .trim()
      .split("\n");
    expect(csv).toHaveLength(4);
    expect(csv[0]).toMatch(/^wards\.medicine\.beds,replications,headline\.admissionsPerDay\.mean,/);
    expect(csv[0]).toContain("headline.occupiedBedsMean.ci_low");
    expect(csv[1]).toMatch(/^45,6,/);
    expect(result.comparison!.baseline).toBe("wards.medicine.beds=45");
  });

  it("reports a bad sweep value as a scenario problem before running anything", async () => {
    await expect(
      runBatch({
        scenario,
        replications: 2,
        workers: 1,
        outDir: join(dir, "bad"),
        sweep: [{ path: "wards.medicine.beds", values: [-5] }],
      }),
    ).rejects.toThrow(ScenarioError);
  });
});

describe("sweeps in shards", () => {
  const dir = tempDir();
  const scenario = writeScenario(dir);
  const options = {
    scenario,
    replications: 4,
    workers: 1 as const,
    series: true,
    sweep: [
      { path: "wards.medicine.beds", values: [50, 60] },
      { path: "wards.amu.beds", values: [25, 35] },
    ],
  };

  it("split into 3 shards and merged, gives the single run's tables, fan and report charts byte for byte", async () => {
    const whole = join(dir, "whole");
    await runBatch({ ...options, outDir: whole });
    const shards: string[] = [];
    for (let k = 0; k < 3; k++) {
      const out = join(dir, `shard-${k}`);
      await runBatch({ ...options, shard: { index: k, count: 3 }, outDir: out });
      shards.push(out);
    }
    // Every grid point × replication is in exactly one shard: replication r in shard r mod 3.
    const keys = shards.map((s) => jsonlKeys(join(s, "replications.jsonl")));
    expect(keys.map((k) => k.length)).toEqual([4 * 2, 4 * 1, 4 * 1]);
    const merged = join(dir, "merged");
    await mergeBatches({ inputs: shards, outDir: merged });
    for (const file of [
      "summary.json",
      "comparison.json",
      "summary.csv",
      "comparison.csv",
      "sweep.csv",
      "fan.json",
    ]) {
      expect(readFileSync(join(merged, file), "utf8"), file).toBe(readFileSync(join(whole, file), "utf8"));
    }
    expect(readFileSync(join(whole, "sweep.csv"), "utf8").trim().split("\n")).toHaveLength(5);

    // The reports' charts: the same specs and data (the page itself says how the batch ran).
    const wholeReport = await writeBatchFolderReport(whole);
    const mergedReport = await writeBatchFolderReport(merged);
    if (!("written" in wholeReport) || !("written" in mergedReport)) throw new Error("no report");
    const charts = readdirSync(join(whole, "charts")).sort();
    expect(charts.length).toBeGreaterThan(2);
    expect(readdirSync(join(merged, "charts")).sort()).toEqual(charts);
    for (const chart of charts) {
      expect(readFileSync(join(merged, "charts", chart), "utf8"), chart).toBe(
        readFileSync(join(whole, "charts", chart), "utf8"),
      );
    }
  });
});
