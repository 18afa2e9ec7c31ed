/**
 * The pipeline's Executor backed by Web Workers: one worker per lane, each running one
 * replication at a time. Cancelling terminates the workers at once (a replication cannot be
 * interrupted from outside any other way) and rejects every task still owed, so a cancelled run
 * leaves no worker behind and no late record can arrive.
 */
import type { Executor } from "../batch/executor.js";
import type { ReplicationRecord } from "../batch/records.js";
import type { ReplicationTask } from "../batch/replication.js";
import type { WorkerJob, WorkerReply } from "./protocol.js";

export class CancelledError extends Error {
  constructor() {
    super("the run was cancelled");
    this.name = "CancelledError";
  }
}

interface Pending {
  job: WorkerJob;
  resolve: (record: ReplicationRecord) => void;
  reject: (error: Error) => void;
}

export function webWorkerExecutor(workerUrl: URL, threads: number, signal: AbortSignal): Executor {
  const queue: Pending[] = [];
  const busy = new Map<Worker, Pending>();
  const idle: Worker[] = [];
  let nextId = 0;
  let closed = false;

  const workers = Array.from({ length: threads }, () => {
    const worker = new Worker(workerUrl, { type: "module", name: "careflow replication" });
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      const pending = busy.get(worker);
      busy.delete(worker);
      idle.push(worker);
      if (pending !== undefined) {
        const reply = event.data;
        if ("record" in reply) pending.resolve(reply.record);
        else pending.reject(new Error(reply.error));
      }
      dispatch();
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const pending = busy.get(worker);
      busy.delete(worker);
      idle.push(worker);
      pending?.reject(new Error(event.message || "a replication worker failed"));
      dispatch();
    };
    idle.push(worker);
    return worker;
  });

  function dispatch(): void {
    while (!closed && idle.length > 0 && queue.length > 0) {
      const worker = idle.pop()!;
      const pending = queue.shift()!;
      busy.set(worker, pending);
      worker.postMessage(pending.job);
    }
  }

  function shutDown(error: Error): void {
    if (closed) return;
    closed = true;
    for (const worker of workers) worker.terminate();
    for (const pending of [...busy.values(), ...queue]) pending.reject(error);
    busy.clear();
    queue.length = 0;
  }

  signal.addEventListener("abort", () => shutDown(new CancelledError()), { once: true });

  return {
    threads,
    mode: "web workers",
    replication: (task: ReplicationTask) =>
      new Promise<ReplicationRecord>((resolve, reject) => {
        if (closed) {
          reject(signal.aborted ? new CancelledError() : new Error("the workers are closed"));
          return;
        }
        queue.push({ job: { id: nextId++, task }, resolve, reject });
        dispatch();
      }),
    daily: () => Promise.reject(new Error("the studio runs no daily-series tasks")),
    close: async () => shutDown(new Error("the workers are closed")),
  };
}
