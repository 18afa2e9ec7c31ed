/** A small, fast scenario for batch tests, and temp folders that clean themselves up. */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { BIN, ROOT } from "../cli-helpers.js";

/**
 * Two wards, two services, one patient group; ≈ 10 ms a replication at 25 days. Stable: every
 * offered load is at most 80% of its capacity (home care 3 a day × 10 d = 30 of 40; rehab
 * 1 × 20 = 20 of 28; assessors 4 × 1 d = 4 of 6 under standard, 4 × 2 d = 8 of 12 under D2A), so
 * its variants are compared in better/worse words.
 */
export function smallScenario(options: { horizon?: string; warmup?: string; seed?: number } = {}): string {
  return `name: Small test hospital
seed: ${options.seed ?? 42}
run:
  start: "2026-01-05"
  warmup: ${options.warmup ?? "5d"}
  horizon: ${options.horizon ?? "25d"}
wards:
  - id: amu
    beds: 30
    overflowTo: [medicine]
    costPerOccupiedBedDay: 500
  - id: medicine
    beds: 60
    costPerOccupiedBedDay: 500
community:
  - id: home-care
    kind: caseload
    capacity: 40
    lengthOfSupport: { dist: lognormal, mean: 10d, median: 6d }
    costPerDay: 100
  - id: rehab
    kind: beds
    capacity: 28
    lengthOfSupport: { dist: lognormal, mean: 20d, sd: 10d }
    costPerDay: 150
groups:
  - id: adult
    arrivals: { perDay: 20 }
    stages:
      - ward: amu
        los: { dist: lognormal, mean: 12h, sd: 8h }
      - ward: medicine
        los: { dist: lognormal, mean: 2d, sd: 2d }
    dischargePathways: { p0: 0.8, p1: 0.15, p2: 0.04, p3: 0.01 }
discharge:
  policy: standard
  standard:
    assessment: { assessors: 6, duration: { dist: lognormal, mean: 1d, sd: 0.5d } }
    services: { p1: home-care, p2: rehab, p3: rehab }
  d2a:
    assessment: { assessors: 12, duration: { dist: lognormal, mean: 2d, sd: 1d } }
    services: { p1: home-care, p2: rehab, p3: rehab }
variants:
  standard: {}
  d2a:
    discharge.policy: d2a
`;
}

/** A fresh temp folder, removed after the file's tests. */
export function tempDir(prefix = "careflow-batch-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function writeScenario(dir: string, name = "small.yaml", text = smallScenario()): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

export function readText(path: string): string {
  return readFileSync(path, "utf8");
}

export interface JsonlLine {
  variant: string;
  replication: number;
}

export function jsonlKeys(path: string): string[] {
  return readText(path)
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const r = JSON.parse(l) as JsonlLine;
      return `${r.variant}#${r.replication}`;
    });
}

/** Starts the built CLI without waiting (for tests that kill it). */
export function spawnCli(args: string[]) {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
}
