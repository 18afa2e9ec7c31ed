/**
 * The studio's Web Worker: runs one replication at a time with the library's own
 * runReplication, so a record made here is the record Node makes for the same task.
 */
import { runReplication } from "../batch/replication.js";
import type { WorkerJob, WorkerReply } from "./protocol.js";

interface WorkerScope {
  onmessage: ((event: MessageEvent<WorkerJob>) => void) | null;
  postMessage(message: WorkerReply): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const { id, task } = event.data;
  try {
    scope.postMessage({ id, record: runReplication(task) });
  } catch (error) {
    scope.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
};
