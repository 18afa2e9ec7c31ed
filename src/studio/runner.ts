/**
 * A studio run is a batch of the pipeline: planBatch validates every variant first, the
 * replications go through Web Workers (one per core), finishBatch summarises and compares them.
 * The scenario the batch runs is the studio's own download (studioYaml), so the figures on screen
 * are the ones `careflow batch` gives for that file.
 */
import { batch, CAREFLOW_VERSION, loadVariant } from "./pipeline-parts.js";
import { sha256Hex } from "./sha256.js";
import { type StudioState, studioYaml } from "./state.js";
import { CancelledError, webWorkerExecutor } from "./web-executor.js";

export interface RunProgress {
  done: number;
  total: number;
  /** Every record so far, for the live table. */
  records: readonly batch.ReplicationRecord[];
}

export interface FinishedRun {
  manifest: batch.BatchManifest;
  source: batch.ScenarioSource;
  finished: batch.FinishedBatch;
  records: batch.ReplicationRecord[];
  runInfo: batch.RunInfo;
}

export function workerCount(tasks: number): number {
  const cores = typeof navigator !== "undefined" ? navigator.hardwareConcurrency || 1 : 1;
  return batch.resolveWorkers("auto", cores, tasks);
}

/** Lets the page paint and handle input before the next step. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export async function runStudioBatch(
  state: StudioState,
  signal: AbortSignal,
  onProgress: (progress: RunProgress) => void,
): Promise<FinishedRun> {
  const startedAt = new Date();
  // Planning validates every variant (tens of milliseconds each): in separate tasks, so a click
  // never holds the page for long.
  await nextTask();
  const text = studioYaml(state);
  const source: batch.ScenarioSource = { file: state.scenarioFile, text, sha256: sha256Hex(text) };
  // Each variant parsed and validated in a task of its own (the results are cached), so that
  // planBatch, which validates them all at once, finds the work done.
  for (const spec of batch.planVariants(
    state.variants.map((v) => v.name),
    [],
    {},
  )) {
    await nextTask();
    loadVariant(source, spec);
  }
  await nextTask();
  const manifest = batch.planBatch(
    {
      variants: state.variants.map((v) => v.name),
      replications: state.replications,
      workers: "auto",
      // A flow coach's run answers at the scenario's own (central) values, at half the cost;
      // the interval over uncertain inputs is careflow batch's.
      drawInputs: false,
    },
    source,
    state.scenarioFile,
  );
  const workers = workerCount(state.replications * manifest.variants.length);
  const records: batch.ReplicationRecord[] = [];
  const session = batch.startSession(
    batch.tableFor(manifest),
    workers,
    (record) => records.push(record),
    (threads) => webWorkerExecutor(new URL("./worker.js", import.meta.url), threads, signal),
    (p) => onProgress({ done: p.done, total: p.total, records }),
  );
  try {
    const { n, precision } = await batch.runReplications(session, manifest, source);
    if (signal.aborted) throw new CancelledError();
    await nextTask();
    const finished = batch.finishBatch(manifest, session.table, n, precision);
    const finishedAt = new Date();
    const wallSeconds = (finishedAt.getTime() - startedAt.getTime()) / 1000;
    const runInfo: batch.RunInfo = {
      command: "batch",
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      wallSeconds,
      workers,
      mode: "web workers",
      ran: session.ran,
      reused: 0,
      replicationsPerSecond: wallSeconds > 0 ? session.ran / wallSeconds : null,
      host: "careflow studio (browser)",
      node: typeof navigator !== "undefined" ? navigator.userAgent : "unknown",
      careflow: CAREFLOW_VERSION,
      shard: null,
    };
    return { manifest, source, finished, records, runInfo };
  } finally {
    await session.executor?.close();
  }
}
