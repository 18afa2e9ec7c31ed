import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { BatchInputError } from "../../src/batch/input-error.js";
import { runBatch } from "../../src/node/batch.js";
import { mergeBatches } from "../../src/node/merge.js";
import { runCli } from "../cli-helpers.js";
import { tempDir, writeScenario } from "./helpers.js";

describe("merge", () => {
  const dir = tempDir();
  const scenario = writeScenario(dir);
  const shard = (k: number, count: number, extra: { seed?: number; replications?: number } = {}) =>
    runBatch({
      scenario,
      variants: ["standard", "d2a"],
      replications: extra.replications ?? 9,
      workers: 1,
      shard: { index: k, count },
      outDir: join(dir, `s${k}of${count}-${extra.seed ?? 0}-${extra.replications ?? 9}`),
      ...(extra.seed !== undefined ? { seed: extra.seed } : {}),
    }).then((r) => r.outDir);
  let shards: string[] = [];

  beforeAll(async () => {
    shards = [await shard(0, 3), await shard(1, 3), await shard(2, 3)];
  });

  it("combines shards into the whole batch", async () => {
    const merged = await mergeBatches({ inputs: shards, outDir: join(dir, "merged") });
    expect(merged.replications).toBe(9);
    expect(merged.summary.variants.map((v) => v.replications)).toEqual([9, 9]);
    expect(merged.comparison?.comparisons[0]?.metrics["headline.occupiedBedsMean"]?.pairs).toBe(9);
  });

  it("reports missing replications and the shards not given", async () => {
    await expect(mergeBatches({ inputs: [shards[0]!, shards[2]!], outDir: join(dir, "m2") })).rejects.toThrow(
      /missing 6 replications: standard #1, standard #4, standard #7, d2a #1.*shards not given: 1 of 3/,
    );
  });

  it("refuses duplicates and batches that differ", async () => {
    await expect(mergeBatches({ inputs: [...shards, shards[1]!], outDir: join(dir, "m3") })).rejects.toThrow(
      /appear twice/,
    );
    const otherSeed = await shard(1, 3, { seed: 5 });
    await expect(
      mergeBatches({ inputs: [shards[0]!, otherSeed, shards[2]!], outDir: join(dir, "m4") }),
    ).rejects.toThrow(BatchInputError);
    const otherN = await shard(1, 3, { replications: 12 });
    const cli = runCli(["merge", shards[0]!, otherN, shards[2]!, "--out", join(dir, "m5")]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toMatch(/hold different batches \(they differ in replications\)/);
    const notBatch = runCli(["merge", dir, "--out", join(dir, "m6")]);
    expect(notBatch.code).toBe(2);
    expect(notBatch.stderr).toMatch(/not a batch folder/);
  });

  it("refuses a shard whose last line is torn until --resume has re-run that replication", async () => {
    const dirs = [await shard(0, 3, { replications: 6 }), await shard(1, 3, { replications: 6 })];
    const last = await shard(2, 3, { replications: 6 });
    const whole = await mergeBatches({ inputs: [...dirs, last], outDir: join(dir, "whole6") });
    // As if the job was killed mid-write: the last record is cut in half.
    const path = join(last, "replications.jsonl");
    const text = readFileSync(path, "utf8");
    writeFileSync(path, text.slice(0, text.length - 300));
    await expect(mergeBatches({ inputs: [...dirs, last], outDir: join(dir, "torn") })).rejects.toThrow(
      new RegExp(`${last.replace(/[\\/.]/g, ".")}: replications\\.jsonl ends in a torn line.*--resume`),
    );
    const resumed = await runBatch({
      scenario,
      variants: ["standard", "d2a"],
      replications: 6,
      workers: 1,
      shard: { index: 2, count: 3 },
      outDir: last,
      resume: true,
    });
    expect(resumed.runInfo.ran).toBe(1);
    const again = await mergeBatches({ inputs: [...dirs, last], outDir: join(dir, "resumed6") });
    expect(JSON.stringify(again.summary)).toBe(JSON.stringify(whole.summary));
    expect(readFileSync(join(dir, "resumed6", "replications.jsonl"), "utf8")).toBe(
      readFileSync(join(dir, "whole6", "replications.jsonl"), "utf8"),
    );
  });

  it("names the shard and the difference when shards were run with and without --series", async () => {
    const withSeries = await runBatch({
      scenario,
      variants: ["standard", "d2a"],
      replications: 9,
      workers: 1,
      series: true,
      shard: { index: 1, count: 3 },
      outDir: join(dir, "series-1of3"),
    });
    await expect(
      mergeBatches({ inputs: [shards[0]!, withSeries.outDir, shards[2]!], outDir: join(dir, "m7") }),
    ).rejects.toThrow(/series-1of3 and .* hold different batches \(they differ in --series\)/);
  });

  it("refuses a folder written by the older record format, saying which careflow wrote it", async () => {
    const old = join(dir, "old-format");
    mkdirSync(old, { recursive: true });
    const manifest = JSON.parse(readFileSync(join(shards[0]!, "batch.json"), "utf8")) as Record<
      string,
      unknown
    >;
    writeFileSync(join(old, "batch.json"), JSON.stringify({ ...manifest, format: "careflow-batch/1" }));
    await expect(mergeBatches({ inputs: [old, shards[1]!], outDir: join(dir, "m8") })).rejects.toThrow(
      /written by careflow 0\.1\.0 in an older format \(careflow-batch\/1.*Resume or merge it with the careflow that wrote it/,
    );
  });
});
