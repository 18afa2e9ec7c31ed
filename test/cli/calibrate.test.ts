import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../cli-helpers.js";

// One ward, Poisson arrivals, a constant 1-day stay, all leaving at any hour: the mean stay is
// 1 day by construction, so a band around 1 passes and a band above it fails.
const SCENARIO = `
name: calibrate check
run: { horizon: 20d, warmup: 2d }
wards: [{ id: ward, beds: 500 }]
community: [{ id: ample, kind: caseload, capacity: 1000, lengthOfSupport: 1d }]
groups:
  - id: patients
    arrivals: { perDay: 20 }
    stages: [{ ward: ward, los: 1d }]
    dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 }
discharge:
  policy: standard
  standard: { assessment: { assessors: 10, duration: 0min }, services: { p1: ample, p2: ample, p3: ample } }
  d2a: { assessment: { assessors: 10, duration: 0min }, services: { p1: ample, p2: ample, p3: ample } }
calibration:
  targets:
    - { id: stay, target: mean stay, source: by construction, definition: mean LOS, published: "1 day", metric: los.overall.meanDays, tolerance: { low: 0.99, high: 1.01, why: constant stay }, use: held-out }
    - { id: too-long, target: mean stay, source: by construction, definition: mean LOS, published: "2 days", metric: los.overall.meanDays, tolerance: { low: 2, why: a band it cannot meet }, use: held-out, notMet: the stay is 1 day }
`;

describe("careflow calibrate", () => {
  it("prints each target against the model, says what the intervals cover, and writes csv and json", () => {
    const dir = mkdtempSync(join(tmpdir(), "careflow-calibrate-"));
    const file = join(dir, "check.yaml");
    writeFileSync(file, SCENARIO);
    const out = join(dir, "out");
    const result = runCli(["calibrate", file, "-n", "3", "-o", out, "--no-progress"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/stay: mean stay .* pass/);
    expect(result.stdout).toMatch(/too-long: mean stay .* FAIL/);
    expect(result.stdout).toContain("simulation noise only");
    const json = JSON.parse(readFileSync(join(out, "calibration.json"), "utf8"));
    expect(json.rows.map((r: { id: string; pass: boolean }) => [r.id, r.pass])).toEqual([
      ["stay", true],
      ["too-long", false],
    ]);
    expect(readFileSync(join(out, "calibration.csv"), "utf8").split("\n")[0]).toContain("ci_low");
  });

  it("refuses an unknown metric with exit code 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "careflow-calibrate-"));
    const file = join(dir, "bad.yaml");
    writeFileSync(
      file,
      SCENARIO.replace(
        "metric: los.overall.meanDays, tolerance: { low: 0.99",
        "metric: no.such, tolerance: { low: 0.99",
      ),
    );
    const result = runCli(["calibrate", file, "-n", "2", "-o", join(dir, "out")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown metric "no.such"');
  });
});
