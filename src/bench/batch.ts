/**
 * `npm run bench -- batch`: Monte Carlo throughput. 1,000 replications of one simulated year of
 * scenarios/acute-medical.yaml (baseline), once with 1 worker (the main thread) and once with 2
 * worker threads; wall time from the call to the summary on disk, so thread start-up, writing
 * replications.jsonl and the summary all count. Target on a 2-core machine: 1,000 in ≤ 3 min,
 * and 2 workers ≥ 1.85× as fast as 1.
 *
 * CAREFLOW_BENCH_REPLICATIONS=N runs N instead of 1,000 for a quick check, and extrapolates
 * linearly to 1,000 (per-replication cost is flat, so linear is honest; start-up is included
 * once and so slightly inflates the extrapolation).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runBatch } from "../node/batch.js";

const TARGET_REPLICATIONS = 1000;
const TARGET_SECONDS = 180;
const TARGET_SPEEDUP = 1.85;

interface Timing {
  workers: number;
  replications: number;
  seconds: number;
  /** CPU seconds of the whole process, all threads: shows whether the machine gave us the cores. */
  cpuSeconds: number;
}

async function timeBatch(workers: number, replications: number): Promise<Timing> {
  const dir = mkdtempSync(join(tmpdir(), "careflow-bench-batch-"));
  try {
    const scenario = fileURLToPath(new URL("../../scenarios/acute-medical.yaml", import.meta.url));
    const start = performance.now();
    const cpu = process.cpuUsage();
    await runBatch({ scenario, replications, workers, outDir: dir });
    const used = process.cpuUsage(cpu);
    return {
      workers,
      replications,
      seconds: (performance.now() - start) / 1000,
      cpuSeconds: (used.user + used.system) / 1e6,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function describe(t: Timing): string {
  const rate = t.replications / t.seconds;
  const at1000 = (TARGET_REPLICATIONS / t.replications) * t.seconds;
  const label = t.workers === 1 ? "1 worker (main thread)" : `${t.workers} worker threads`;
  const projected =
    t.replications === TARGET_REPLICATIONS
      ? ""
      : `; 1,000 would take ≈ ${at1000.toFixed(0)} s (extrapolated from ${t.replications})`;
  const cores = `CPU ${t.cpuSeconds.toFixed(0)} s, ${(t.cpuSeconds / t.seconds).toFixed(2)} cores busy on average`;
  return `  ${label.padEnd(24)} ${t.replications} replications in ${t.seconds.toFixed(1)} s, ${rate.toFixed(2)} replications/s (${cores})${projected}`;
}

export async function batchBench(): Promise<void> {
  const fromEnv = Number(process.env.CAREFLOW_BENCH_REPLICATIONS);
  const n = Number.isSafeInteger(fromEnv) && fromEnv > 0 ? fromEnv : TARGET_REPLICATIONS;
  const one = await timeBatch(1, n);
  console.log(describe(one));
  const two = await timeBatch(2, n);
  console.log(describe(two));
  const speedup = one.seconds / two.seconds;
  const at1000 = (TARGET_REPLICATIONS / n) * two.seconds;
  // On a busy machine the wall-clock speed-up understates the pool: CPU time per replication
  // tells whether the second worker was starved by other processes or wasted in overhead.
  const efficiency = one.cpuSeconds / one.replications / (two.cpuSeconds / two.replications);
  console.log(
    `  CPU per replication: 1 worker ${((1000 * one.cpuSeconds) / one.replications).toFixed(0)} ms, ` +
      `2 workers ${((1000 * two.cpuSeconds) / two.replications).toFixed(0)} ms (ratio ${efficiency.toFixed(2)}); ` +
      `load average now ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
  );
  console.log(
    `  speed-up with 2 workers: ${speedup.toFixed(2)}× (target ≥ ${TARGET_SPEEDUP}×); ` +
      `1,000 replications with 2 workers: ${at1000.toFixed(0)} s${n === TARGET_REPLICATIONS ? "" : " (extrapolated)"} ` +
      `(target ≤ ${TARGET_SECONDS} s)`,
  );
}
