/** Worker-thread entry for piscina: runs one task. Only ever loaded from compiled JS in dist/. */
import { runTask, type Task } from "../batch/replication.js";

export default function work(task: Task): ReturnType<typeof runTask> {
  return runTask(task);
}
