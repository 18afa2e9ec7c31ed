/**
 * Issue 11's regressions through `careflow batch` itself: D2A with no community capacity, and with
 * half the capacity its demand needs, gridlock. Neither may read as an improvement anywhere the
 * batch speaks — terminal, summary.json, comparison.json — and each replication's warnings are
 * printed and stored.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BatchComparison, BatchSummary } from "../../src/batch/aggregate.js";
import { estimateLoads } from "../../src/model/stability.js";
import { readScenarioFile } from "../../src/node/scenario-file.js";
import { validateParsed } from "../../src/scenario/parse.js";
import { type CliResult, ROOT, runCli } from "../cli-helpers.js";

const BETTER_WORDS = /\b(shorter|fewer|less|saves|frees|cheaper|lower)\b/i;

let dir: string;
let result: CliResult;
let summary: BatchSummary;
let comparison: BatchComparison;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "careflow-unstable-"));
  const source = readFileSync(join(ROOT, "scenarios/acute-medical.yaml"), "utf8");
  const d2a = validateParsed(readScenarioFile(join(ROOT, "scenarios/acute-medical.yaml")), "d2a").scenario;
  const offered = new Map(estimateLoads(d2a).map((l) => [l.id, l.offeredLoad]));
  const half = (id: string): number => Math.floor(0.5 * offered.get(id)!);
  // The file's own variants plus the two under test, added at the start of its variants block.
  const extra = [
    "  d2a-zero:",
    "    discharge.policy: d2a",
    "    community.d2a-home.capacity: 0",
    "    community.step-down.capacity: 0",
    "  d2a-half:",
    "    discharge.policy: d2a",
    `    community.d2a-home.capacity: ${half("d2a-home")}`,
    `    community.step-down.capacity: ${half("step-down")}`,
  ].join("\n");
  const file = join(dir, "acute.yaml");
  // Two months from empty keep it quick; gridlock shows within days.
  const short = source
    .replace(/^(\s+)horizon: \S+/m, "$1horizon: 60d")
    .replace(/^(\s+)warmup: \S+/m, "$1warmup: 0d");
  expect(short).not.toBe(source);
  const withVariants = short.replace(/^variants:[^\n]*\n/m, (line) => `${line}${extra}\n`);
  expect(withVariants).not.toBe(short);
  writeFileSync(file, withVariants);
  result = runCli([
    "batch",
    file,
    "--variants",
    "standard,d2a-zero,d2a-half",
    "-n",
    "3",
    "--workers",
    "1",
    "--no-progress",
    "--no-report",
    "--out",
    join(dir, "out"),
  ]);
  summary = JSON.parse(readFileSync(join(dir, "out", "summary.json"), "utf8")) as BatchSummary;
  comparison = JSON.parse(readFileSync(join(dir, "out", "comparison.json"), "utf8")) as BatchComparison;
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("careflow batch with gridlocked variants", () => {
  it("finishes with exit 0", () => {
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.code).toBe(0);
  });

  it("says each gridlocked variant is not stable, with the reason, in summary.json", () => {
    const byBase = (name: string) => summary.variants.find((v) => v.name === name)!;
    expect(byBase("standard").stability.verdict).not.toBe("not-stable");
    for (const base of ["d2a-zero", "d2a-half"]) {
      const v = byBase(base);
      expect(v.stability.verdict).toBe("not-stable");
      expect(v.stability.counts["not-stable"]).toBe(3);
      expect(v.stability.evidence.join(" ")).toMatch(/d2a-home/);
    }
    expect(byBase("d2a-zero").stability.evidence.join(" ")).toMatch(/capacity 0/);
  });

  it("refuses better/worse wording in comparison.json and on the terminal", () => {
    for (const c of comparison.comparisons) {
      expect(c.wording.allowed).toBe(false);
      expect(c.wording.reasons.join(" ")).toMatch(/not stable/);
    }
    const against = result.stdout.slice(result.stdout.indexOf("Against"));
    expect(against).toMatch(/not compared, because/);
    for (const line of against.split("\n").slice(1)) expect(line).not.toMatch(BETTER_WORDS);
  });

  it("prints each replication's warnings on stderr and stores them in the records and summary", () => {
    expect(result.stderr).toMatch(/d2a-zero.*\(3 of 3 replications\)/);
    const zero = summary.variants.find((v) => v.name === "d2a-zero")!;
    expect(zero.warnings.length).toBeGreaterThan(0);
    const records = readFileSync(join(dir, "out", "replications.jsonl"), "utf8")
      .trim()
      .split("\n");
    expect(records).toHaveLength(9);
    for (const line of records) {
      const r = JSON.parse(line) as { stability?: { verdict: string }; warnings?: string[] };
      expect(r.stability?.verdict).toMatch(/^(stable|near-edge|not-stable)$/);
      expect(Array.isArray(r.warnings)).toBe(true);
    }
  });
});
