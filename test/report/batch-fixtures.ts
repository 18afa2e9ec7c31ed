/**
 * Batch report inputs made by real batches of the small test scenario (a few replications of
 * 25 days, in the main thread), read back from their folders as `careflow batch` does, so the
 * tests see exactly what a user's batch folder holds. Each batch runs once per test file.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BatchOptions, runBatch } from "../../src/node/batch.js";
import { readBatchReportInput } from "../../src/node/batch-report.js";
import type { BatchReportInput } from "../../src/report/batch-html.js";
import { smallScenario } from "../batch/helpers.js";
import { EVIL_VARIANT, EVIL_YAML } from "./fixtures.js";

const folders: string[] = [];

/** Removes every batch folder made so far; for afterAll. */
export function removeBatchFolders(): void {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface BatchFixture {
  dir: string;
  input: BatchReportInput;
}

async function batch(
  yaml: string,
  scenarioName: string,
  options: Omit<BatchOptions, "scenario" | "outDir">,
): Promise<BatchFixture> {
  const root = mkdtempSync(join(tmpdir(), "careflow-batch-report-"));
  folders.push(root);
  const scenario = join(root, scenarioName);
  writeFileSync(scenario, yaml);
  const dir = join(root, "batch");
  await runBatch({ scenario, outDir: dir, workers: 1, ...options });
  const input = readBatchReportInput(dir, { scenarioFile: scenarioName });
  if ("skipped" in input) throw new Error(`no report input: ${input.skipped}`);
  return { dir, input };
}

const cache = new Map<string, Promise<BatchFixture>>();
const once = (key: string, make: () => Promise<BatchFixture>): Promise<BatchFixture> => {
  let made = cache.get(key);
  if (made === undefined) {
    made = make();
    cache.set(key, made);
  }
  return made;
};

/** standard against d2a, 8 replications each, with daily series (for the fan chart). */
export const smallBatch = (): Promise<BatchFixture> =>
  once("small", () =>
    batch(smallScenario(), "small.yaml", { variants: ["standard", "d2a"], replications: 8, series: true }),
  );

/** A 3 × 2 grid over the wards' beds, 5 replications a point, with daily series. */
export const sweepBatch = (): Promise<BatchFixture> =>
  once("sweep", () =>
    batch(smallScenario(), "small.yaml", {
      replications: 5,
      series: true,
      sweep: [
        { path: "wards.medicine.beds", values: [45, 55, 65] },
        { path: "wards.amu.beds", values: [25, 35] },
      ],
    }),
  );

/** The scenario whose every name tries to break out of HTML, with its hostile variant. */
export const evilBatch = (): Promise<BatchFixture> =>
  once("evil", () =>
    batch(EVIL_YAML, "<evil>.yaml", { variants: ["baseline", EVIL_VARIANT], replications: 6, series: true }),
  );
