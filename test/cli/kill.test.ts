/**
 * A folder is complete or visibly incomplete, whenever the process dies. The built CLI is
 * killed with SIGKILL right after its Nth file write (CAREFLOW_TEST_KILL_AFTER_WRITES, a
 * test-only hook in src/node/files.ts), at seeded points of `run`, `batch` and `merge`, always
 * including the last write and the one before it. Afterwards each folder either has no
 * summary.json or holds exactly the files an uninterrupted run writes (byte for byte, apart
 * from run-info.json and the report's clock times), and `batch --resume` or a repeated
 * `merge` completes it to those files.
 *
 * Each re-run starts from a folder holding an earlier run with another seed, so a kill must
 * never leave the old summary beside new files.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { smallScenario, tempDir, writeScenario } from "../batch/helpers.js";
import { BIN, ROOT } from "../cli-helpers.js";

/** Raise with CAREFLOW_KILL_SEED to try other points; printed in each test's name. */
const SEED = Number(process.env.CAREFLOW_KILL_SEED ?? 12);

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function careflow(args: string[], killAfterWrites?: number): Promise<Exit> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: {
        ...process.env,
        NO_COLOR: "1",
        CAREFLOW_TEST_KILL_AFTER_WRITES: String(killAfterWrites ?? 0),
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("close", (code, signal) => resolve({ code, signal, stderr }));
  });
}

/** Runs tasks two at a time (the machine's processes are shared). */
async function inPairs<T>(items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += 2) await Promise.all(items.slice(i, i + 2).map(task));
}

/** `count` distinct write numbers from 1 to `total`: the last two always, the rest seeded. */
function killPoints(total: number, count: number, seed: number): number[] {
  const points = new Set([total, total - 1]);
  let state = seed >>> 0 || 1;
  while (points.size < Math.min(count, total)) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0; // Numerical Recipes LCG
    points.add(1 + (state % total));
  }
  return [...points].sort((a, b) => a - b);
}

/** Clock times and session facts a second run cannot reproduce (test/tools/same-outputs.sh masks the same clock times). */
function withoutClock(text: string): string {
  return (
    text
      // The session's own story ("5 replications …; 1 more found done by an earlier session"),
      // which run-info.json tells too.
      .replace(/Run time<\/(dt|th)>(<dd>|<td>)[^<]*/g, "Run time</$1>$2<session>")
      .replace(/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/g, "<time>")
      .replace(/in [0-9.]+ s/g, "in <t> s")
      .replace(/[0-9.]+ (replications|runs)\/s/g, "<rate>")
      .replace(/, [0-9.]+\/s,/g, ", <rate>,")
      .replace(/[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2} UTC/g, "<when>")
      .replace(/[0-9.]+ s for/g, "<t> s for")
      .replace(/"simulationSeconds": [0-9.e-]+/g, '"simulationSeconds": <t>')
      .replace(/(<td>|<dd>)[0-9.]+ (s|ms)(<\/td>|<\/dd>)/g, "$1<t> $2$3")
  );
}

/** Every file under `dir` (run-info.json left out), clock times masked in the HTML. */
function snapshot(dir: string, only?: (path: string) => boolean): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (folder: string): void => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      const key = relative(dir, path);
      if (statSync(path).isDirectory()) visit(path);
      else if (name !== "run-info.json" && (only === undefined || only(key))) {
        const text = readFileSync(path, "utf8");
        out[key] = name.endsWith(".html") ? withoutClock(text) : text;
      }
    }
  };
  if (existsSync(dir)) visit(dir);
  return out;
}

/** The folder is complete (its marker file is there) and identical to the reference, or has no marker. */
function expectCompleteOrVisiblyNot(
  dir: string,
  reference: string,
  marker: string,
  only?: (path: string) => boolean,
): boolean {
  if (!existsSync(join(dir, marker))) return false;
  expect(snapshot(dir, only), `${dir} has ${marker}, so it must be complete`).toEqual(
    snapshot(reference, only),
  );
  return true;
}

describe("killed at a file-write boundary", () => {
  const dir = tempDir("careflow-kill-");
  const scenario = writeScenario(dir, "small.yaml", smallScenario({ horizon: "10d", warmup: "2d" }));

  it(`run: each variant folder has its summary.json only when complete (seed ${SEED})`, async () => {
    const args = (out: string, seed: number) => [
      "run",
      scenario,
      "--variant",
      "standard,d2a",
      "--seed",
      String(seed),
      "--out",
      out,
    ];
    const reference = join(dir, "run-reference");
    const earlier = join(dir, "run-earlier");
    expect((await careflow(args(reference, 1))).code).toBe(0);
    expect((await careflow(args(earlier, 2))).code).toBe(0);
    const files = Object.keys(snapshot(reference)).length;
    const killed = (n: number) => join(dir, `run-killed-${n}`);
    const prepare = (n: number) => {
      rmSync(killed(n), { recursive: true, force: true });
      cpSync(earlier, killed(n), { recursive: true });
    };
    // Every file is written once, so the writes number the files: the last write must
    // complete every folder, and the one before must leave the last folder visibly unfinished.
    const points = killPoints(files, 7, SEED);
    await inPairs(points, async (n) => {
      prepare(n);
      const exit = await careflow(args(killed(n), 1), n);
      expect(exit.signal, `killed after write ${n}`).toBe("SIGKILL");
      const complete = ["standard", "d2a"].map((variant) =>
        expectCompleteOrVisiblyNot(join(killed(n), variant), join(reference, variant), "summary.json"),
      );
      // The comparison report beside them: index.html goes last of its files.
      const comparison = (path: string) => !path.includes("/") || path.startsWith("charts/");
      const comparisonComplete = expectCompleteOrVisiblyNot(killed(n), reference, "index.html", comparison);
      // The comparison's index.html is the last write of all; the earlier run's went first.
      if (n === files) expect([...complete, comparisonComplete]).toEqual([true, true, true]);
      if (n === files - 1) expect(comparisonComplete).toBe(false);
    });
  }, 240_000);

  it(`batch: no summary.json until complete, and --resume completes it (seed ${SEED})`, async () => {
    const args = (out: string, seed: number) => [
      "batch",
      scenario,
      "--variants",
      "standard,d2a",
      "-n",
      "3",
      "--workers",
      "1",
      "--no-progress",
      "--seed",
      String(seed),
      "--out",
      out,
    ];
    const reference = join(dir, "batch-reference");
    const earlier = join(dir, "batch-earlier");
    expect((await careflow(args(reference, 1))).code).toBe(0);
    expect((await careflow(args(earlier, 2))).code).toBe(0);
    const killed = (n: number) => join(dir, `batch-killed-${n}`);
    const prepare = (n: number) => {
      rmSync(killed(n), { recursive: true, force: true });
      cpSync(earlier, killed(n), { recursive: true });
    };
    // Files written once each, plus one write for each replication record (6) beyond the
    // records file itself.
    const writes = Object.keys(snapshot(reference)).length + 1 + 6 - 1;
    const points = killPoints(writes, 8, SEED + 1);
    await inPairs(points, async (n) => {
      prepare(n);
      const exit = await careflow([...args(killed(n), 1), "--overwrite"], n);
      expect(exit.signal, `killed after write ${n}`).toBe("SIGKILL");
      const complete = expectCompleteOrVisiblyNot(killed(n), reference, "summary.json");
      if (n === writes) expect(complete).toBe(true);
      if (n === writes - 1) expect(complete).toBe(false);
      const resumed = await careflow([...args(killed(n), 1), "--resume"]);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(snapshot(killed(n)), `resumed after write ${n}`).toEqual(snapshot(reference));
    });
  }, 240_000);

  it(`merge: no summary.json until complete, and merging again completes it (seed ${SEED})`, async () => {
    const shard = (k: number) => join(dir, `shard-${k}`);
    for (const k of [0, 1]) {
      const exit = await careflow([
        "batch",
        scenario,
        "--variants",
        "standard,d2a",
        "-n",
        "4",
        "--workers",
        "1",
        "--no-progress",
        "--shard",
        `${k}/2`,
        "--out",
        shard(k),
      ]);
      expect(exit.code, exit.stderr).toBe(0);
    }
    const args = (out: string) => ["merge", shard(0), shard(1), "--out", out];
    const reference = join(dir, "merge-reference");
    expect((await careflow(args(reference))).code).toBe(0);
    const writes = Object.keys(snapshot(reference)).length + 1; // + run-info.json
    const killed = (n: number) => join(dir, `merge-killed-${n}`);
    const points = killPoints(writes, 5, SEED + 2);
    await inPairs(points, async (n) => {
      // A finished merge there first: its summary.json must be gone before the first write.
      cpSync(reference, killed(n), { recursive: true });
      const exit = await careflow(args(killed(n)), n);
      expect(exit.signal, `killed after write ${n}`).toBe("SIGKILL");
      const complete = expectCompleteOrVisiblyNot(killed(n), reference, "summary.json");
      if (n === writes) expect(complete).toBe(true);
      if (n === writes - 1) expect(complete).toBe(false);
      const again = await careflow(args(killed(n)));
      expect(again.code, again.stderr).toBe(0);
      expect(snapshot(killed(n))).toEqual(snapshot(reference));
    });
  }, 240_000);
});
