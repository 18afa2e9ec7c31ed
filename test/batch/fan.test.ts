/**
 * fan.json: day-by-day quantiles of occupied beds across replications, from the daily series in
 * each record; left out, not faked, when the batch kept no series (run without --series).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type BatchFan, fanJson, fanVariant } from "../../src/batch/fan.js";
import { recordLayout } from "../../src/batch/manifest.js";
import { RECORDS_FILE, type ReplicationRecord } from "../../src/batch/records.js";
import { runBatch } from "../../src/node/batch.js";
import { readBatchReportInput } from "../../src/node/batch-report.js";
import { readRecords } from "../../src/node/records-file.js";
import { quantileSorted } from "../../src/stats/intervals.js";
import { tempDir, writeScenario } from "./helpers.js";

const rec = (replication: number, occupiedBeds: number[] | undefined): ReplicationRecord => ({
  variant: "a",
  replication,
  seed: 1,
  complete: true,
  metrics: {},
  ...(occupiedBeds ? { daily: { start: "2026-02-01", occupiedBeds } } : {}),
});

describe("fan", () => {
  it("takes each day's quantiles over the replications that reached it", () => {
    const fan = fanVariant("a", [
      rec(0, [10, 20, 30]),
      rec(1, [12, 18]),
      rec(2, [11, 25, 35]),
      rec(3, [9, 22]),
    ])!;
    expect(fan.start).toBe("2026-02-01");
    expect(fan.replications).toBe(4);
    expect(fan.n).toEqual([4, 4, 2]);
    expect(fan.mean).toEqual([10.5, 21.25, 32.5]);
    expect(fan.quantiles.p50).toEqual([10.5, 21, 32.5]);
    expect(fan.quantiles.p5[0]).toBe(Math.round(quantileSorted([9, 10, 11, 12], 0.05) * 100) / 100);
    expect(fan.quantiles.p95[1]).toBe(Math.round(quantileSorted([18, 20, 22, 25], 0.95) * 100) / 100);
  });

  it("is the same whatever order the records come in", () => {
    const records = [rec(0, [10, 20]), rec(1, [12.5, 18]), rec(2, [11, 25])];
    expect(fanVariant("a", [...records].reverse())).toEqual(fanVariant("a", records));
  });

  it("has no fan for a variant when any record lacks the series", () => {
    expect(fanVariant("a", [rec(0, [10]), rec(1, undefined)])).toBeUndefined();
    expect(fanVariant("a", [])).toBeUndefined();
  });

  it("writes each array on one line", () => {
    const fan: BatchFan = {
      format: "careflow-batch-fan/1",
      series: "occupiedBeds",
      unit: "beds",
      description: "d",
      variants: [fanVariant("a", [rec(0, [10, 20.5]), rec(1, [12, 18])])!],
    };
    const text = fanJson(fan);
    expect(text).toContain('"mean": [11, 19.25]');
    expect(text).toContain('"p50": [11, 19.25]');
    expect(JSON.parse(text)).toEqual(fan);
  });

  describe("in a batch folder", () => {
    const dir = tempDir();
    const scenario = writeScenario(dir);
    const options = { scenario, variants: ["standard", "d2a"], replications: 4, workers: 1 as const };

    it("with --series, holds each replication's daily total occupancy, and fan.json its quantiles", async () => {
      const out = join(dir, "with");
      const result = await runBatch({ ...options, series: true, outDir: out });
      const records = readRecords(join(out, RECORDS_FILE), recordLayout(result.manifest)).records;
      expect(records.every((r) => r.daily?.occupiedBeds.length === 25)).toBe(true);
      const fan = JSON.parse(readFileSync(join(out, "fan.json"), "utf8")) as BatchFan;
      const day0 = records
        .filter((r) => r.variant === "d2a")
        .map((r) => r.daily!.occupiedBeds[0]!)
        .sort((a, b) => a - b);
      expect(fan.variants[1]!.quantiles.p50[0]).toBe(Math.round(quantileSorted(day0, 0.5) * 100) / 100);
    });

    it("without --series, keeps no series and no fan; its report leaves the fan chart out", async () => {
      const out = join(dir, "without");
      const result = await runBatch({ ...options, outDir: out });
      expect(readFileSync(join(out, RECORDS_FILE), "utf8")).not.toContain("daily");
      expect(result.fan).toBeUndefined();
      expect(existsSync(join(out, "fan.json"))).toBe(false);
      const input = readBatchReportInput(out);
      if ("skipped" in input) throw new Error(input.skipped);
      expect(input.fan).toBeUndefined();
      expect(input.records).toHaveLength(8);
      // Series or not is part of what a batch is: resuming with the other choice is refused.
      await expect(runBatch({ ...options, series: true, outDir: out, resume: true })).rejects.toThrow(
        /differs in --series/,
      );
    });
  });
});
