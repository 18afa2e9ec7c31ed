/**
 * Replications under Node: a pool of worker threads (piscina), or the main thread.
 *
 * Workers always load compiled JavaScript from dist/ (dist/node/worker.js): from the built CLI
 * that is the file beside this one; from the TypeScript sources (tests under vitest) it is the
 * build in ../../dist. With no build to be found, or one worker asked for, replications run in
 * the main thread instead; results are identical either way.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import {
  type Executor,
  mainThreadExecutor,
  resolveWorkers as resolveLanes,
  type WorkerRequest,
} from "../batch/executor.js";
import type { ReplicationRecord } from "../batch/records.js";
import type { DailySeries, Task } from "../batch/replication.js";

export function resolveWorkers(requested: WorkerRequest, tasks = Number.POSITIVE_INFINITY): number {
  return resolveLanes(requested, availableParallelism(), tasks);
}

/** The compiled worker entry, or undefined when there is no build to load. */
export function workerScript(): string | undefined {
  const candidates = [
    new URL("./worker.js", import.meta.url),
    new URL("../../dist/node/worker.js", import.meta.url),
  ];
  for (const url of candidates) {
    const path = fileURLToPath(url);
    if (path.endsWith(".js") && existsSync(path)) return path;
  }
  return undefined;
}

const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function threadExecutor(script: string, threads: number): Executor {
  const pool = new Piscina<Task, ReplicationRecord | DailySeries>({
    filename: script,
    minThreads: threads,
    maxThreads: threads,
    // Each replication is long (≈ 0.2 s); idle workers between rounds should stay warm.
    idleTimeout: 60_000,
  });
  return {
    threads,
    mode: "worker threads",
    replication: (task) => pool.run(task) as Promise<ReplicationRecord>,
    daily: (task) => pool.run(task) as Promise<DailySeries>,
    close: () => pool.destroy(),
  };
}

export function createExecutor(workers: number): Executor {
  const script = workers > 1 ? workerScript() : undefined;
  return script === undefined ? mainThreadExecutor(yieldToLoop) : threadExecutor(script, workers);
}
