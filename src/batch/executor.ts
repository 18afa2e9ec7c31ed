/**
 * Where replications run, as the pipeline sees it: an Executor takes tasks and gives back
 * records. The platform supplies the parallel ones (worker threads in src/node/executor.ts, Web
 * Workers in a browser); the main-thread executor here serves both when one lane is enough.
 * Results are identical either way, since a replication depends only on its task.
 */
import type { ReplicationRecord } from "./records.js";
import {
  type DailySeries,
  type DailyTask,
  type ReplicationTask,
  runDaily,
  runReplication,
} from "./replication.js";

export type WorkerRequest = number | "auto";

export interface Executor {
  /** Replications that run at once. */
  readonly threads: number;
  readonly mode: "worker threads" | "main thread" | "web workers";
  replication(task: ReplicationTask): Promise<ReplicationRecord>;
  daily(task: DailyTask): Promise<DailySeries>;
  close(): Promise<void>;
}

/** Lanes for a request: "auto" is one per core, and never more than there are tasks. */
export function resolveWorkers(
  requested: WorkerRequest,
  cores: number,
  tasks = Number.POSITIVE_INFINITY,
): number {
  const n = requested === "auto" ? cores : requested;
  return Math.max(1, Math.min(n, tasks));
}

/**
 * Runs replications in the calling thread. `yieldToLoop` lets the event loop turn (signals,
 * timers, progress, a page's clicks) between replications.
 */
export function mainThreadExecutor(yieldToLoop: () => Promise<void>): Executor {
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
