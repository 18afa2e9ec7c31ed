/**
 * examples/slurm-array.sh without Slurm: a stand-in `sbatch` on the PATH records what the script
 * submits, then the four array tasks run as Slurm would run them (SLURM_ARRAY_TASK_* set), then
 * the merge job's command; the merged summary must equal a single local batch byte for byte.
 * `npm run test:cluster` does the same on a real one-node Slurm cluster.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BIN, ROOT, runCli } from "../cli-helpers.js";

const SCRIPT = join(ROOT, "examples", "slurm-array.sh");
const SCENARIO = join(ROOT, "scenarios", "acute-medical.yaml");
const SHARDS = 4;
const STUDY = { VARIANTS: "standard,d2a", REPLICATIONS: "4", SEED: "424242" };

let dir: string;
let shared: string;
let sbatchLog: string;
let bin: string;

function runScript(env: Record<string, string>, args: string[] = []) {
  const result = spawnSync("bash", [SCRIPT, ...args], {
    cwd: dir,
    encoding: "utf8",
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      HOME: process.env.HOME ?? dir,
      NO_COLOR: "1",
      SCENARIO,
      SHARED: shared,
      CAREFLOW: `${process.execPath} ${BIN}`,
      ...STUDY,
      ...env,
    },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function arrayTask(
  k: number,
  array: { min: number; max: number; count: number },
  env: Record<string, string> = {},
) {
  return runScript({
    SLURM_ARRAY_TASK_ID: String(k),
    SLURM_ARRAY_TASK_MIN: String(array.min),
    SLURM_ARRAY_TASK_MAX: String(array.max),
    SLURM_ARRAY_TASK_COUNT: String(array.count),
    SLURM_CPUS_PER_TASK: "1",
    ...env,
  });
}

/** Each sbatch call as its list of arguments. */
function sbatchCalls(): string[][] {
  return readFileSync(sbatchLog, "utf8")
    .split("\n---\n")
    .filter((call) => call.trim() !== "")
    .map((call) => call.split("\n").filter((arg) => arg !== ""));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "careflow-slurm-"));
  shared = join(dir, "shared");
  bin = join(dir, "bin");
  sbatchLog = join(dir, "sbatch.log");
  spawnSync("mkdir", ["-p", bin]);
  // The stand-in: one argument a line, calls separated by ---, job ids 101, 102, … like --parsable.
  writeFileSync(
    join(bin, "sbatch"),
    `#!/usr/bin/env bash
printf '%s\\n' "$@" >> ${JSON.stringify(sbatchLog)}
printf -- '---\\n' >> ${JSON.stringify(sbatchLog)}
calls=$(grep -c -- '^---$' ${JSON.stringify(sbatchLog)})
echo "$((100 + calls))"
`,
  );
  chmodSync(join(bin, "sbatch"), 0o755);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("examples/slurm-array.sh", () => {
  it("submits itself as the array it is given and a merge that waits for it (afterok)", () => {
    const submitted = runScript({}, [`--array=0-${SHARDS - 1}`, "--cpus-per-task=1"]);
    expect(submitted.stderr).toBe("");
    expect(submitted.code).toBe(0);
    expect(submitted.stdout).toContain("array job 101");
    expect(submitted.stdout).toContain("merge job 102");

    const [array, merge, ...more] = sbatchCalls();
    expect(more).toEqual([]);
    expect(array).toContain("--parsable");
    expect(array).toContain(`--array=0-${SHARDS - 1}`);
    expect(array).toContain("--cpus-per-task=1");
    expect(array!.at(-1)).toBe(SCRIPT);
    expect(merge).toContain("--dependency=afterok:101");
    const wrap = merge![merge!.indexOf("--wrap") + 1]!;
    expect(wrap).toBe(`${process.execPath} ${BIN} merge ${shared}/shard-* --out ${shared}/merged`);
  });

  it("runs shard K of the array's size in each task, and the merge equals one local batch byte for byte", () => {
    const array = { min: 0, max: SHARDS - 1, count: SHARDS };
    for (let k = 0; k < SHARDS; k++) {
      const task = arrayTask(k, array);
      expect(task.stderr).not.toMatch(/error/i);
      expect(task.code).toBe(0);
      const manifest = JSON.parse(readFileSync(join(shared, `shard-${k}`, "batch.json"), "utf8"));
      expect(manifest.shard).toMatchObject({ index: k, count: SHARDS });
    }
    // The merge job, as Slurm would run its --wrap: through a shell, which expands shard-*.
    const merge = sbatchCalls()[1]!;
    const wrap = merge[merge.indexOf("--wrap") + 1]!;
    const merged = spawnSync("sh", ["-c", wrap], { cwd: dir, encoding: "utf8", timeout: 120_000 });
    expect(merged.status).toBe(0);

    const local = runCli([
      "batch",
      SCENARIO,
      "--variants",
      STUDY.VARIANTS,
      "-n",
      STUDY.REPLICATIONS,
      "--seed",
      STUDY.SEED,
      "--workers",
      "1",
      "--out",
      join(dir, "local"),
      "--no-progress",
      "--no-report",
    ]);
    expect(local.code).toBe(0);
    const mergedSummary = readFileSync(join(shared, "merged", "summary.json"));
    const localSummary = readFileSync(join(dir, "local", "summary.json"));
    expect(mergedSummary.equals(localSummary)).toBe(true);
  }, 240_000);

  it("refuses an array that is not 0…N−1, which would leave replications to no shard", () => {
    // --array=0-6:2 has four tasks 0, 2, 4, 6: its largest index is not its size minus one.
    const task = arrayTask(2, { min: 0, max: 6, count: 4 }, { CAREFLOW: "echo careflow" });
    expect(task.code).toBe(2);
    expect(task.stderr).toContain("not 0-(N-1)");
    expect(task.stdout).toBe("");
  });

  it("takes the shard count from SHARDS when one task of a larger split is rerun", () => {
    // sbatch --array=17 on its own: Slurm reports a one-task array 17-17.
    const task = arrayTask(17, { min: 17, max: 17, count: 1 }, { SHARDS: "100", CAREFLOW: "echo careflow" });
    expect(task.code).toBe(0);
    expect(task.stdout).toContain("--shard 17/100");
    expect(task.stdout).toContain(`--out ${shared}/shard-17`);
  });
});
