/**
 * Common random numbers: replication i of standard and of D2A draw from the same named streams,
 * so their occupancies move together and the paired interval for the difference is narrower
 * than the one that treats the two samples as independent.
 */

import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runBatch } from "../../src/node/batch.js";
import { tempDir } from "./helpers.js";

const ACUTE = fileURLToPath(new URL("../../scenarios/acute-medical.yaml", import.meta.url));

describe("common random numbers", () => {
  const dir = tempDir();

  it("pairs D2A with standard to narrow the interval for occupied beds", async () => {
    const result = await runBatch({
      scenario: ACUTE,
      variants: ["standard", "d2a"],
      replications: 20,
      workers: 2,
      outDir: join(dir, "crn"),
      // 120 days in all: 30 of warm-up, 90 observed.
      overrides: { "run.horizon": "90d", "run.warmup": "30d" },
    });
    const beds = result.comparison!.comparisons[0]!.metrics["headline.occupiedBedsMean"]!;
    expect(beds.pairs).toBe(20);
    expect(beds.paired!.halfWidth).toBeLessThan(beds.welch!.halfWidth);
    // Not a marginal effect: pairing removes most of the shared noise.
    expect(beds.paired!.halfWidth).toBeLessThan(0.5 * beds.welch!.halfWidth);
    expect(beds.paired!.df).toBe(19);
    expect(beds.welch!.df).toBeGreaterThan(18);
    expect(result.summary!.variants.map((v) => v.name)).toEqual(["standard", "d2a"]);
  });
});
