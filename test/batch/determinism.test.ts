/**
 * The same seed gives byte-identical summary.json, comparison.json and fan.json whether the
 * replications ran in the main thread, on two worker threads, or as four shard processes merged
 * afterwards.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli-helpers.js";
import { jsonlKeys, tempDir, writeScenario } from "./helpers.js";

describe("batch determinism", () => {
  const dir = tempDir();
  const scenario = writeScenario(dir);
  // --series: fan.json too must come out the same.
  const common = [
    scenario,
    "--variants",
    "standard,d2a",
    "-n",
    "16",
    "--seed",
    "7",
    "--series",
    "--no-progress",
  ];

  it("1 worker, 2 workers and 4 merged shards give the same summary", () => {
    const one = runCli(["batch", ...common, "--workers", "1", "--out", join(dir, "one")]);
    expect(one.stderr).toBe("");
    expect(one.code).toBe(0);
    expect(one.stdout).toContain("fewer occupied beds than standard");
    // No report here: it would only cost time; "one" and "merged" write theirs.
    const two = runCli(["batch", ...common, "--workers", "2", "--no-report", "--out", join(dir, "two")]);
    expect(two.code).toBe(0);
    const shards = [0, 1, 2, 3].map((k) => join(dir, `shard-${k}`));
    shards.forEach((out, k) => {
      const shard = runCli(["batch", ...common, "--workers", "1", "--shard", `${k}/4`, "--out", out]);
      expect(shard.code, shard.stderr).toBe(0);
      // Replication r belongs to shard r mod 4: 4 of each variant here.
      expect(jsonlKeys(join(out, "replications.jsonl")).sort()).toEqual(
        ["standard", "d2a"].flatMap((v) => [0, 1, 2, 3].map((i) => `${v}#${4 * i + k}`)).sort(),
      );
    });
    const merged = runCli(["merge", ...shards, "--out", join(dir, "merged")]);
    expect(merged.code, merged.stderr).toBe(0);

    const read = (run: string, file: string) => readFileSync(join(dir, run, file), "utf8");
    for (const file of ["summary.json", "comparison.json", "summary.csv", "fan.json"]) {
      expect(read("two", file), file).toBe(read("one", file));
      expect(read("merged", file), file).toBe(read("one", file));
    }
    const summary = JSON.parse(read("one", "summary.json")) as { replications: number; variants: unknown[] };
    expect(summary.replications).toBe(16);
    expect(summary.variants).toHaveLength(2);
    expect(read("one", "summary.json")).not.toMatch(/startedAt|wallSeconds|20\d\d-\d\d-\d\dT/);

    const fan = JSON.parse(read("one", "fan.json")) as { variants: { name: string; mean: number[] }[] };
    expect(fan.variants.map((v) => v.name)).toEqual(["standard", "d2a"]);
    expect(fan.variants[0]!.mean).toHaveLength(25);
    // In the order written: summary.json last, after the report.
    expect(one.stdout).toMatch(/fan\.json, run-info\.json, charts\/, index\.html, summary\.json\)/);
    expect(existsSync(join(dir, "one", "index.html"))).toBe(true);
    expect(existsSync(join(dir, "two", "index.html"))).toBe(false);
    expect(read("merged", "index.html")).toContain("merged from 4 shard folders; they ran 32 replications");
  });
});
