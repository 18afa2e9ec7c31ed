import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mser, welchMovingAverage } from "../../src/batch/warmup.js";
import { RandomStream } from "../../src/engine/random.js";
import { runCli } from "../cli-helpers.js";
import { tempDir, writeScenario } from "./helpers.js";

describe("Welch's moving average", () => {
  it("uses growing symmetric windows at the start, then ±w", () => {
    const squares = Array.from({ length: 8 }, (_, i) => i * i);
    const ma = welchMovingAverage(squares, 2);
    expect(ma).toHaveLength(6);
    expect(ma[0]).toBe(0);
    expect(ma[1]).toBeCloseTo((0 + 1 + 4) / 3, 14);
    expect(ma[2]).toBeCloseTo((0 + 1 + 4 + 9 + 16) / 5, 14);
    expect(ma[5]).toBeCloseTo((9 + 16 + 25 + 36 + 49) / 5, 14);
  });
});

describe("MSER-5", () => {
  it("cuts an initial transient and keeps a flat series whole", () => {
    const stream = new RandomStream("warmup-test", "noise");
    const noisy = (level: (t: number) => number) =>
      Array.from({ length: 300 }, (_, t) => level(t) + 2 * stream.standardNormal());
    const transient = mser(noisy((t) => 100 - 60 * Math.exp(-t / 10)));
    expect(transient.reliable).toBe(true);
    expect(transient.truncation % 5).toBe(0);
    expect(transient.truncation).toBeGreaterThanOrEqual(20);
    expect(transient.truncation).toBeLessThanOrEqual(80);
    expect(mser(noisy(() => 100)).truncation).toBeLessThanOrEqual(30);
    // A series still climbing at the end has no settled level to find.
    expect(mser(noisy((t) => t)).reliable).toBe(false);
  });
});

describe("careflow warmup", () => {
  const dir = tempDir();
  const scenario = writeScenario(dir);

  it("prints a plot and a suggestion, and writes warmup.csv", () => {
    const out = join(dir, "w");
    const cli = runCli(["warmup", scenario, "-n", "4", "--out", out, "--workers", "2"]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(/4 replications of 25 days from empty/);
    expect(cli.stdout).toMatch(/MSER-5 (suggests a warm-up of \d+ days|finds no settled level)/);
    expect(cli.stdout).toContain("└");
    const csv = readFileSync(join(out, "warmup.csv"), "utf8").trim().split("\n");
    expect(csv[0]).toBe(
      "day,date,mean,welch_moving_average,replication_0,replication_1,replication_2,replication_3",
    );
    expect(csv).toHaveLength(26);
    expect(csv[1]).toMatch(/^0,2026-01-05,/);
    const bad = runCli(["warmup", scenario, "--metric", "nonsense"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--metric must be occupancy/);
  });
});
