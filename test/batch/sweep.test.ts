import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBatch } from "../../src/node/batch.js";
import { ScenarioError } from "../../src/scenario/problems.js";
import { tempDir, writeScenario } from "./helpers.js";

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
