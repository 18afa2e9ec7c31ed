/**
 * Two of issue 14's speed bars, in headless Chromium against Node on the same machine:
 * - one simulated year of acute-medical (the file's own run: 60 days' warm-up, 365 days) as a
 *   replication task, in Node (runReplication in this thread) and in the studio's own Web Worker
 *   (served by the studio's server): the browser within 1.5× of Node;
 * - 20 replications of two variants (standard, d2a) finished and charted: the studio's page
 *   driven as a user does (Run, then wait for every chart drawn) against `careflow batch -n 20`
 *   with the same variants (its summary, comparison and HTML report with charts written): within 2×.
 * Uses Debian's Chromium; never downloads a browser.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { planVariants } from "../batch/plan.js";
import { type ReplicationTask, runReplication } from "../batch/replication.js";
import { startStudioServer } from "../node/studio-server.js";

const CHROMIUM = "/usr/bin/chromium";
const BIN = fileURLToPath(new URL("../cli/bin.js", import.meta.url));
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--no-first-run",
  "--disable-background-networking",
];
const SCENARIO = fileURLToPath(new URL("../../scenarios/acute-medical.yaml", import.meta.url));

export interface StudioBenchResult {
  nodeSeconds: number[];
  browserSeconds: number[];
  browser: string;
}

function tasks(runs: number): ReplicationTask[] {
  const text = readFileSync(SCENARIO, "utf8");
  const source = {
    file: "acute-medical.yaml",
    text,
    sha256: createHash("sha256").update(text).digest("hex"),
  };
  const [variant] = planVariants(["standard"], [], {});
  // Replication 99 warms the JIT on both sides; 0 … runs − 1 are timed.
  return [99, ...Array.from({ length: runs }, (_, r) => r)].map((replication) => ({
    kind: "replication",
    source,
    variant: variant!,
    seed: 20261126,
    replication,
    series: false,
  }));
}

/** Runs the tasks one after another in one of the studio's workers; seconds each. */
const IN_PAGE = `async (tasks) => {
  const worker = new Worker("worker.js", { type: "module" });
  const seconds = [];
  for (const [id, task] of tasks.entries()) {
    const started = performance.now();
    await new Promise((resolve, reject) => {
      worker.onmessage = (event) => ("error" in event.data ? reject(new Error(event.data.error)) : resolve());
      worker.onerror = (event) => reject(new Error(event.message));
      worker.postMessage({ id, task });
    });
    seconds.push((performance.now() - started) / 1000);
  }
  worker.terminate();
  return seconds;
}`;

export async function studioBench(runs = 5): Promise<StudioBenchResult> {
  if (!existsSync(CHROMIUM)) throw new Error(`the studio bench needs Chromium at ${CHROMIUM}`);
  const list = tasks(runs);
  const nodeSeconds = list.map((task) => {
    const started = performance.now();
    runReplication(task);
    return (performance.now() - started) / 1000;
  });
  const server = await startStudioServer({});
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    const browserSeconds = (await page.evaluate(`(${IN_PAGE})(${JSON.stringify(list)})`)) as number[];
    return {
      nodeSeconds: nodeSeconds.slice(1),
      browserSeconds: browserSeconds.slice(1),
      browser: browser.version(),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

export interface StudioBatchBenchResult {
  /** `careflow batch -n 20` with two variants, wall seconds, one a round. */
  cliSeconds: number[];
  /** The studio's Run button to the last chart drawn, wall seconds, one a round. */
  studioSeconds: number[];
  browser: string;
  workers: number;
}

const BATCH_REPLICATIONS = 20;
const BATCH_VARIANTS = ["standard", "d2a"];

function timeCliBatch(out: string): number {
  const started = performance.now();
  const result = spawnSync(
    process.execPath,
    [
      BIN,
      "batch",
      SCENARIO,
      "--variants",
      BATCH_VARIANTS.join(","),
      "-n",
      String(BATCH_REPLICATIONS),
      "-o",
      out,
      "--overwrite",
      "--no-progress",
    ],
    { encoding: "utf8" },
  );
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`careflow batch failed: ${result.stderr}`);
  return seconds;
}

/** Every chart the results show has been drawn (vega-embed puts an svg or canvas in each). */
const ALL_CHARTS_DRAWN = `(() => {
  const figures = [...document.querySelectorAll("figure.chart")];
  return figures.length > 0 && figures.every((f) => f.querySelector("svg, canvas") !== null);
})()`;

/**
 * Rounds alternate the command line and the studio, so a burst of load from other processes
 * falls on both alike; the figures are medians over rounds.
 */
export async function studioBatchBench(rounds = 3): Promise<StudioBatchBenchResult> {
  if (!existsSync(CHROMIUM)) throw new Error(`the studio bench needs Chromium at ${CHROMIUM}`);
  const text = readFileSync(SCENARIO, "utf8");
  const server = await startStudioServer({ scenario: { file: "acute-medical.yaml", text } });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  const out = mkdtempSync(join(tmpdir(), "careflow-bench-batch-"));
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(server.url);
    await page.locator("table.variants").waitFor({ timeout: 60_000 });
    // Keep the file's standard and d2a variants, as the command line runs them.
    for (;;) {
      const names = await page
        .locator(".variant-heading input")
        .evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value));
      const extra = names.find((n) => !BATCH_VARIANTS.includes(n));
      if (extra === undefined) break;
      await page.getByRole("button", { name: `Remove ${extra}`, exact: true }).click();
    }
    await page.fill("#replications", String(BATCH_REPLICATIONS));
    const workers = (await page.evaluate("navigator.hardwareConcurrency")) as number;
    const run = page.getByRole("button", {
      name: `Run ${BATCH_REPLICATIONS} replications of ${BATCH_VARIANTS.length} variants`,
    });
    const cliSeconds: number[] = [];
    const studioSeconds: number[] = [];
    for (let round = 0; round < rounds; round++) {
      cliSeconds.push(timeCliBatch(out));
      const started = performance.now();
      await run.click();
      // The previous round's charts go as the run starts; then wait for this run's.
      await page.waitForFunction(`document.querySelectorAll("figure.chart").length === 0`, undefined, {
        timeout: 0,
      });
      await page.waitForFunction(ALL_CHARTS_DRAWN, undefined, { timeout: 0, polling: 50 });
      studioSeconds.push((performance.now() - started) / 1000);
      const status = await page.locator(".status").textContent();
      if (!status?.startsWith(`Finished: ${BATCH_REPLICATIONS} replications of 2 variants`))
        throw new Error(`the studio's run did not finish as expected: ${status}`);
    }
    return { cliSeconds, studioSeconds, browser: browser.version(), workers };
  } finally {
    await browser.close();
    await server.close();
    rmSync(out, { recursive: true, force: true });
  }
}
