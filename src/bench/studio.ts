/**
 * One simulated year of acute-medical (the file's own run: 60 days' warm-up, 365 days) as a
 * replication task, timed in Node (runReplication in this thread) and in headless Chromium (the
 * studio's own Web Worker, served by the studio's server). The issue's bar: the browser within
 * 1.5× of Node. Uses Debian's Chromium; never downloads a browser.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { planVariants } from "../batch/plan.js";
import { type ReplicationTask, runReplication } from "../batch/replication.js";
import { startStudioServer } from "../node/studio-server.js";

const CHROMIUM = "/usr/bin/chromium";
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
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
    ],
  });
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
