/**
 * Where replications run: a pool of worker threads (piscina), or the main thread.
 *
 * Workers always load compiled JavaScript from dist/ (dist/batch/worker.js): from the built CLI
 * that is the file beside this one; from the TypeScript sources (tests under vitest) it is the
 * build in ../../dist. With no build to be found, or one worker asked for, replications run in
 * the main thread instead; results are identical either way, since a replication depends only
 * on its task.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import type { ReplicationRecord } from "./records.js";
import {
  type DailySeries,
  type DailyTask,
  type ReplicationTask,
  runDaily,
  runReplication,
  type Task,
} from "./replication.js";

export type WorkerRequest = number | "auto";

export interface Executor {
  /** Replications that run at once. */
  readonly threads: number;
  readonly mode: "worker threads" | "main thread";
  replication(task: ReplicationTask): Promise<ReplicationRecord>;
  daily(task: DailyTask): Promise<DailySeries>;
  close(): Promise<void>;
}

export function resolveWorkers(requested: WorkerRequest, tasks = Number.POSITIVE_INFINITY): number {
  const n = requested === "auto" ? availableParallelism() : requested;
  return Math.max(1, Math.min(n, tasks));
}

/** The compiled worker entry, or undefined when there is no build to load. */
export function workerScript(): string | undefined {
  const candidates = [
    new URL("./worker.js", import.meta.url),
    new URL("../../dist/batch/worker.js", import.meta.url),
  ];
  for (const url of candidates) {
    const path = fileURLToPath(url);
    if (path.endsWith(".js") && existsSync(path)) return path;
  }
  return undefined;
}

/** Lets the event loop turn (signals, timers, progress) between replications in the main thread. */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function mainThreadExecutor(): Executor {
  return {
    threads: 1,
    mode: "main thread",
    replication: async (task) => {
      await yieldToLoop();
      return runReplication(task);
    },
    daily: async (task) => {
      await yieldToLoop();
      return runDaily(task);
    },
    close: async () => {},
  };
}

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
  return script === undefined ? mainThreadExecutor() : threadExecutor(script, workers);
}

/**
 * Runs tasks with at most `window` in flight and hands each result over as it arrives (in
 * completion order, which varies: callers must not depend on it). On the first failure it stops
 * starting tasks, lets the running ones settle, and rethrows.
 */
export async function runWindowed<T, R>(
  tasks: readonly T[],
  window: number,
  run: (task: T) => Promise<R>,
  onResult: (result: R) => void,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (failure === undefined && next < tasks.length) {
      const task = tasks[next++]!;
      try {
        onResult(await run(task));
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(window, tasks.length)) }, lane));
  if (failure !== undefined) throw failure.error;
}
