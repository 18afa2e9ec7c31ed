/**
 * A batch killed with SIGKILL part-way keeps every replication it finished; --resume runs only
 * the rest and ends with the summary an uninterrupted batch gives, with no replication twice.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli-helpers.js";
import { jsonlKeys, smallScenario, spawnCli, tempDir, writeScenario } from "./helpers.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function lineCount(path: string): number {
  if (!existsSync(path) || statSync(path).size === 0) return 0;
  return readFileSync(path, "utf8").split("\n").length - 1;
}

describe("resume", () => {
  const dir = tempDir();
  // Longer runs (≈ 20 ms each) so there is time to kill the batch part-way.
  const scenario = writeScenario(dir, "resume.yaml", smallScenario({ horizon: "50d" }));
  const n = 40;
  const total = 2 * n;
  const args = (out: string) => [
    "batch",
    scenario,
    "--variants",
    "standard,d2a",
    "-n",
    String(n),
    "--no-progress",
    "--out",
    out,
  ];

  it("completes a killed batch without redoing or duplicating replications", async () => {
    const killed = join(dir, "killed");
    const records = join(killed, "replications.jsonl");
    const child = spawnCli([...args(killed), "--workers", "1"]);
    const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
    const deadline = Date.now() + 30_000;
    while (lineCount(records) < 10 && Date.now() < deadline) await sleep(10);
    child.kill("SIGKILL");
    await exited;
    const before = lineCount(records);
    expect(before).toBeGreaterThanOrEqual(10);
    expect(before, "the batch finished before it could be killed").toBeLessThan(total);
    expect(existsSync(join(killed, "summary.json"))).toBe(false);

    const resumed = runCli([...args(killed), "--workers", "2", "--resume"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const info = JSON.parse(readFileSync(join(killed, "run-info.json"), "utf8")) as {
      ran: number;
      reused: number;
    };
    expect(info.reused).toBe(before);
    expect(info.ran).toBe(total - before);
    const keys = jsonlKeys(records);
    expect(keys).toHaveLength(total);
    expect(new Set(keys).size).toBe(total);

    const straight = runCli([...args(join(dir, "straight")), "--workers", "2"]);
    expect(straight.code, straight.stderr).toBe(0);
    expect(readFileSync(join(killed, "summary.json"), "utf8")).toBe(
      readFileSync(join(dir, "straight", "summary.json"), "utf8"),
    );

    // Resuming a finished batch runs nothing and rewrites the same summary.
    const again = runCli([...args(killed), "--workers", "1", "--resume"]);
    expect(again.code).toBe(0);
    expect(jsonlKeys(records)).toHaveLength(total);
  });

  it("refuses to resume a different batch into the folder, or to overwrite it unasked", () => {
    const out = join(dir, "straight");
    const other = runCli([...args(out).map((a) => (a === String(n) ? "30" : a)), "--resume"]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/holds a different batch \(it differs in replications\)/);
    const seed = runCli([...args(out), "--seed", "99", "--resume"]);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toMatch(/differs in seed/);
    const unasked = runCli(args(out));
    expect(unasked.code).toBe(2);
    expect(unasked.stderr).toMatch(/already holds a batch; add --resume/);
  });
});
