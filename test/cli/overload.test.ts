/**
 * Overload through the built command line: the acute medical take offered 15,000 and a million
 * emergency admissions a day ends with exit 0, a summary saying "stopped: not stable", and peak
 * memory under the stated bound of 1 GB (the defaults of src/model/limits.ts).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { BIN, ROOT } from "../cli-helpers.js";

const MEMORY_BOUND_KB = 1024 * 1024;
const PRELOAD = fileURLToPath(new URL("../fixtures/report-peak-memory.mjs", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "careflow-overload-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function overloaded(perDay: string): string {
  const text = readFileSync(join(ROOT, "scenarios/acute-medical.yaml"), "utf8");
  const changed = text.replace(/perDay: 75\b/, `perDay: ${perDay}`);
  expect(changed).not.toBe(text);
  const file = join(dir, `perday-${perDay}.yaml`);
  writeFileSync(file, changed);
  return file;
}

describe.each(["15000", "1e6"])("careflow run with perDay %s", (perDay) => {
  it("stops cleanly: exit 0, not stable, under 1 GB", () => {
    const out = join(dir, `out-${perDay}`);
    const memoryFile = join(dir, `memory-${perDay}`);
    const result = spawnSync(
      process.execPath,
      ["--import", PRELOAD, BIN, "run", overloaded(perDay), "--no-report", "--out", out],
      {
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1", CAREFLOW_TEST_PEAK_MEMORY_FILE: memoryFile },
        timeout: 180_000, // a safety net only, not a timing assertion
      },
    );
    expect(result.stderr).not.toMatch(/careflow: /);
    expect(result.status).toBe(0);
    // Warned before the run starts (stderr), and the summary says why it stopped.
    expect(result.stderr).toMatch(/unstable: ward "amu" is offered/);
    expect(result.stdout).toContain("stopped: not stable");
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8"));
    expect(summary.complete).toBe(false);
    expect(summary.stopReason).toMatch(/^stopped: not stable: /);
    const peakKb = Number(readFileSync(memoryFile, "utf8"));
    expect(peakKb).toBeGreaterThan(0);
    expect(peakKb).toBeLessThan(MEMORY_BOUND_KB);
  }, 200_000);
});
