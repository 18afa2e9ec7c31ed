/**
 * `npm run bench -- merge`: `careflow merge` at research scale. 100 shard folders of synthetic
 * records (the manifest a real `careflow batch --shard K/100 -n 100000` of acute-medical writes,
 * with standard and d2a; values drawn from a seeded generator, full-precision doubles like real
 * ones) are merged by a child process, once without the HTML report and once with it; printed:
 * wall time and the child's peak resident memory. Targets: under 2 minutes and 512 MB.
 *
 * CAREFLOW_BENCH_MERGE_REPLICATIONS=N merges N replications a variant instead of 100,000.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BatchManifest } from "../batch/manifest.js";
import { recordLayout } from "../batch/manifest.js";
import { compactLine, RECORDS_FILE } from "../batch/records.js";
import { prepareBatch } from "../node/batch.js";
import { writeFileAtomicPieces } from "../node/files.js";
import { writeManifest } from "../node/manifest-file.js";

const SCENARIO = fileURLToPath(new URL("../../scenarios/acute-medical.yaml", import.meta.url));
const CHILD = fileURLToPath(new URL("./merge-child.js", import.meta.url));
const SHARDS = 100;
const TARGET_REPLICATIONS = 100_000;
const TARGET_SECONDS = 120;
const TARGET_MB = 512;

/** mulberry32: a small seeded generator, so the synthetic records are the same every run. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function* shardLines(manifest: BatchManifest, shard: number, replications: number): Generator<string> {
  const layout = recordLayout(manifest);
  const random = generator(shard + 1);
  for (let r = shard; r < replications; r += SHARDS) {
    for (const v of manifest.variants) {
      const names = layout.get(v.name)!;
      // A few counts (integers) and nulls, the rest doubles around a metric-specific level.
      const values = names.map((_, k) =>
        k % 23 === 22 ? null : k % 7 === 0 ? Math.round(1000 * random()) : (k + 1) * (10 + random()),
      );
      yield compactLine({
        variant: v.name,
        replication: r,
        seed: manifest.seed,
        complete: true,
        values,
      });
    }
  }
}

export function writeShards(root: string, replications: number): string[] {
  const base = prepareBatch({
    scenario: SCENARIO,
    variants: ["standard", "d2a"],
    replications,
    outDir: root,
  }).manifest;
  return Array.from({ length: SHARDS }, (_, k) => {
    const dir = join(root, `shard-${k}`);
    mkdirSync(dir, { recursive: true });
    const manifest: BatchManifest = { ...base, shard: { index: k, count: SHARDS, scheme: "modulo" } };
    writeManifest(dir, manifest);
    writeFileAtomicPieces(join(dir, RECORDS_FILE), shardLines(manifest, k, replications));
    return dir;
  });
}

interface ChildFigures {
  code: number;
  seconds: number;
  /** CPU time of the whole child, from its start: on a loaded machine, what the merge itself cost. */
  cpuSeconds: number;
  maxRssMb: number;
}

function mergeInChild(shards: string[], out: string, report: boolean): ChildFigures {
  const started = performance.now();
  const child = spawnSync(
    process.execPath,
    [CHILD, "merge", ...shards, "--out", out, ...(report ? [] : ["--no-report"])],
    { encoding: "utf8", maxBuffer: 1 << 26 },
  );
  const lines = child.stderr.trim().split("\n");
  const last = lines.at(-1) ?? "";
  if (lines.length > 1) console.log(`  the merge said: ${lines.slice(0, -1).join("\n").slice(-2000)}`);
  try {
    return JSON.parse(last) as ChildFigures;
  } catch {
    console.log(`  the merge failed (exit ${child.status}): ${child.stderr.slice(-2000)}`);
    return {
      code: child.status ?? 1,
      seconds: (performance.now() - started) / 1000,
      cpuSeconds: Number.NaN,
      maxRssMb: Number.NaN,
    };
  }
}

export function mergeBench(): void {
  const fromEnv = Number(process.env.CAREFLOW_BENCH_MERGE_REPLICATIONS);
  const n = Number.isSafeInteger(fromEnv) && fromEnv >= SHARDS ? fromEnv : TARGET_REPLICATIONS;
  const root = mkdtempSync(join(tmpdir(), "careflow-bench-merge-"));
  try {
    const started = performance.now();
    const shards = writeShards(root, n);
    const bytes = shards.reduce((sum, dir) => sum + statSync(join(dir, RECORDS_FILE)).size, 0);
    console.log(
      `  ${SHARDS} shards, ${n.toLocaleString("en")} replications × 2 variants: ` +
        `${(bytes / 1e6).toFixed(0)} MB of ${RECORDS_FILE} (${(bytes / (2 * n)).toFixed(0)} bytes a record), ` +
        `written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    for (const report of [false, true]) {
      const out = join(root, report ? "merged-report" : "merged");
      const f = mergeInChild(shards, out, report);
      const ok = f.code === 0 ? "finished" : `FAILED (exit ${f.code}; see above)`;
      console.log(
        `  merge ${report ? "with the HTML report" : "--no-report         "}: ${ok} in ${f.seconds.toFixed(1)} s ` +
          `(target < ${TARGET_SECONDS} s; CPU ${f.cpuSeconds.toFixed(1)} s), ` +
          `peak RSS ${f.maxRssMb.toFixed(0)} MB (target < ${TARGET_MB} MB); load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
      );
      rmSync(out, { recursive: true, force: true });
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
