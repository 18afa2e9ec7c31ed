import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { groupRecords, metricStats, metricValues } from "../../src/batch/aggregate.js";
import { recordLayout } from "../../src/batch/manifest.js";
import { runBatch } from "../../src/node/batch.js";
import { readManifest } from "../../src/node/manifest-file.js";
import { readRecords } from "../../src/node/records-file.js";
import { runCli } from "../cli-helpers.js";
import { tempDir, writeScenario } from "./helpers.js";

describe("precision rule", () => {
  const dir = tempDir();
  const scenario = writeScenario(dir);
  const metrics = ["headline.occupiedBedsMean", "headline.meanLosDays"];

  it("adds rounds until the watched half-widths are within target, then stops", async () => {
    const result = await runBatch({
      scenario,
      variants: ["standard", "d2a"],
      replications: 5,
      precision: { target: 0.03 },
      metrics,
      workers: 2,
      outDir: join(dir, "p"),
    });
    const p = result.summary!.precision!;
    expect(p.met).toBe(true);
    expect(p.checks.length).toBeGreaterThan(1);
    expect(p.checks.at(-1)).toBe(p.replications);
    expect(result.summary!.replications).toBe(p.replications);
    for (const v of result.summary!.variants) {
      for (const m of metrics) expect(v.metrics[m]!.relativeHalfWidth!).toBeLessThanOrEqual(0.03);
    }
    // At the check before, the rule was not yet met: it did not stop late either.
    const records = readRecords(join(dir, "p", "replications.jsonl"), recordLayout(result.manifest)).records;
    expect(records).toHaveLength(2 * p.replications);
    const previous = p.checks.at(-2)!;
    const groups = groupRecords(records, result.manifest.variants, previous);
    const widest = Math.max(
      ...[...groups.values()].flatMap((rs) =>
        metrics.map((m) => metricStats(metricValues(rs, m)).relativeHalfWidth!),
      ),
    );
    expect(widest).toBeGreaterThan(0.03);

    // Deterministic: a main-thread run reaches the same checks and the same summary.
    const again = await runBatch({
      scenario,
      variants: ["standard", "d2a"],
      replications: 5,
      precision: { target: 0.03 },
      metrics,
      workers: 1,
      outDir: join(dir, "p1"),
    });
    expect(JSON.stringify(again.summary)).toBe(JSON.stringify(result.summary));
  });

  it("stops at the cap and says the target was not reached", () => {
    const out = join(dir, "cap");
    const cli = runCli([
      "batch",
      scenario,
      "--precision",
      "0.1%",
      "--max-replications",
      "12",
      "-n",
      "5",
      "--no-progress",
      "--out",
      out,
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    expect(cli.stdout).toMatch(
      /Precision: 0\.1% not reached within the cap of 12 replications a variant; the widest is/,
    );
    const layout = recordLayout(readManifest(out)!);
    expect(readRecords(join(out, "replications.jsonl"), layout).records).toHaveLength(12);
  });
});
