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
});
