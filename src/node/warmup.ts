/** `careflow warmup`'s work under Node: the scenario from its file, worker threads, warmup.csv. */
import { join } from "node:path";
import { checkWarmupOptions, computeWarmup, type WarmupOptions, type WarmupResult } from "../batch/warmup.js";
import { scenarioSource } from "./batch.js";
import { createExecutor, resolveWorkers } from "./executor.js";
import { writeFileAtomic } from "./files.js";
import { checkOutputFolder, defaultOutputFolder } from "./safe-path.js";

export interface WarmupFileOptions extends WarmupOptions {
  scenario: string;
  outDir?: string;
}

export async function runWarmup(
  options: WarmupFileOptions,
): Promise<WarmupResult & { outDir: string; files: string[] }> {
  checkWarmupOptions(options);
  const source = scenarioSource(options.scenario);
  const outDir = options.outDir ?? defaultOutputFolder(options.scenario, { what: "warm-up", name: "warmup" });
  checkOutputFolder(outDir);
  const result = await computeWarmup(source, options, (workers, tasks) =>
    createExecutor(resolveWorkers(workers, tasks)),
  );
  const csvPath = join(outDir, "warmup.csv");
  writeFileAtomic(csvPath, result.csv);
  return { ...result, outDir, files: [csvPath] };
}
