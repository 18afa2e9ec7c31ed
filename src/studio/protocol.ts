/** Messages between the page and its replication workers. */
import type { ReplicationRecord } from "../batch/records.js";
import type { ReplicationTask } from "../batch/replication.js";

export interface WorkerJob {
  id: number;
  task: ReplicationTask;
}

export type WorkerReply = { id: number; record: ReplicationRecord } | { id: number; error: string };
