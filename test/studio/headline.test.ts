/**
 * The studio's answer-first block shows the batch headline of src/report/headline.ts and nothing
 * of its own: for a finished run, its lines (words and tones) are batchHeadline's with the context
 * `careflow batch` builds, and the very sentences `careflow batch --json` prints for the same batch.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runBatch, scenarioSource } from "../../src/node/batch.js";
import { batchHeadlineContext } from "../../src/report/batch-input.js";
import { batchHeadline } from "../../src/report/headline.js";
import { headlineOf } from "../../src/studio/headline.js";
import { ROOT, runCli } from "../cli-helpers.js";

const temporary: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "careflow-studio-headline-"));
  temporary.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/**
 * skill-mix (no uncertain inputs, so `careflow batch` and the studio's central-values run are the
 * same batch) cut to 30 days, with a variant of 5 beds: offered far more work than it has beds,
 * so not stable before anything runs, and its headline line is a warning.
 */
function shortScenario(dir: string): string {
  const text = readFileSync(join(ROOT, "scenarios", "skill-mix.yaml"), "utf8")
    .replace(/^ {2}warmup: 28d$/m, "  warmup: 7d")
    .replace(/^ {2}horizon: 182d$/m, "  horizon: 30d")
    .replace(/^variants:\n/m, "variants:\n  five-beds:\n    wards.medical.beds: 5\n");
  expect(text).toContain("horizon: 30d");
  expect(text).toContain("five-beds:");
  const file = join(dir, "skill-mix-short.yaml");
  writeFileSync(file, text);
  return file;
}

const VARIANTS = ["baseline", "acp-senior-review", "five-beds"];
const REPLICATIONS = 3;
const SEED = 11;

describe("the studio's headline", { timeout: 120_000 }, () => {
  it("is careflow batch's headline for the same batch, words and tones", async () => {
    const dir = tempDir();
    const file = shortScenario(dir);
    const cli = runCli([
      "batch",
      file,
      "--variants",
      VARIANTS.join(","),
      "-n",
      String(REPLICATIONS),
      "--seed",
      String(SEED),
      "--workers",
      "1",
      "--json",
      "--no-report",
      "--no-progress",
      "-o",
      join(dir, "cli"),
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    const printed = (JSON.parse(cli.stdout) as { headline: string[] }).headline;

    // The studio's run: the same plan at the scenario's central values (drawInputs: false).
    const result = await runBatch({
      scenario: file,
      outDir: join(dir, "studio"),
      variants: VARIANTS,
      replications: REPLICATIONS,
      seed: SEED,
      workers: 1,
      drawInputs: false,
    });
    const source = scenarioSource(file);
    const lines = headlineOf({
      manifest: result.manifest,
      source,
      finished: { summary: result.summary!, comparison: result.comparison },
    });

    expect(lines.map((l) => l.text)).toEqual(printed);
    expect(lines).toEqual(
      batchHeadline(
        result.summary!,
        result.comparison,
        batchHeadlineContext(source, result.manifest.variants),
      ),
    );
    // The context is there: costs turned into a year from the 30 days, and the overloaded
    // variant's verdict from its inputs, as a warning that compares nothing.
    expect(lines.some((l) => l.text.includes("a year"))).toBe(true);
    const fiveBeds = lines.filter((l) => l.variant === "five-beds");
    expect(fiveBeds.map((l) => l.tone)).toContain("warning");
    expect(fiveBeds.find((l) => l.text.startsWith("five-beds against baseline"))?.text).toMatch(
      /not compared, because five-beds is not stable/,
    );
    expect(lines.find((l) => l.text.startsWith("acp-senior-review against baseline"))?.tone).toBe("finding");
  });

  it("drops the scenario's figures, as careflow merge does, when the text is not the one that ran", async () => {
    const dir = tempDir();
    const file = shortScenario(dir);
    const result = await runBatch({
      scenario: file,
      outDir: join(dir, "studio"),
      variants: VARIANTS.slice(0, 2),
      replications: 2,
      seed: SEED,
      workers: 1,
      drawInputs: false,
    });
    const source = scenarioSource(file);
    const edited = { ...source, text: `${source.text}\n`, sha256: "0".repeat(64) };
    const finished = { summary: result.summary!, comparison: result.comparison };
    const lines = headlineOf({ manifest: result.manifest, source: edited, finished });
    expect(lines).toEqual(batchHeadline(result.summary!, result.comparison, {}));
    expect(lines).not.toEqual(headlineOf({ manifest: result.manifest, source, finished }));
  });
});
