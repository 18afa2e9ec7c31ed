/**
 * The command line as a user runs it: the built dist/cli/bin.js in a separate process (dist is
 * built once by test/global-setup.ts). Exit codes are the contract scripts rely on: 0 done,
 * 2 bad input (every problem listed, no stack trace), 1 anything else.
 *
 * Every run passes --out to a temporary folder (never the repository's reports/) and
 * --no-report (the HTML report is tested on its own).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { type CliResult, ROOT, runCli } from "../cli-helpers.js";

const EXAMPLE = "scenarios/acute-medical.yaml";
const work = mkdtempSync(join(tmpdir(), "careflow-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let folders = 0;
/** A fresh, not yet existing output folder. */
const outDir = (): string => join(work, `out-${++folders}`);

function writeScenario(name: string, text: string): string {
  const file = join(work, name);
  writeFileSync(file, text);
  return file;
}

/** A node stack frame ("    at f (file.js:1:2)"): must never reach a user. */
const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|<anonymous>)$/m;

function expectCleanFailure(result: CliResult, code: number): void {
  expect(result.code).toBe(code);
  expect(result.stderr).not.toMatch(STACK_FRAME);
  expect(result.stderr.trim().length).toBeGreaterThan(0);
}

/** Small enough to run in a fraction of a second, busy enough to fill its wards. */
const SMALL = `name: Small CLI scenario
seed: 42
run:
  warmup: 2d
  horizon: 12d
wards:
  - id: amu
    beds: 6
    turnaround: 1h
    overflowTo: [medicine]
    costPerOccupiedBedDay: 500
  - id: medicine
    beds: 10
    costPerOccupiedBedDay: 450
community:
  - id: home
    kind: caseload
    capacity: 4
    lengthOfSupport: { dist: lognormal, mean: 6d, sd: 4d }
    costPerDay: 100
  - id: step-down
    kind: beds
    capacity: 3
    lengthOfSupport: 10d
    costPerDay: 150
groups:
  - id: frail
    arrivals: { perDay: 5 }
    stages:
      - ward: amu
        los: { dist: lognormal, mean: 12h, sd: 8h }
      - ward: medicine
        los: { dist: exponential, mean: 2d }
    dischargePathways: { p0: 0.6, p1: 0.3, p2: 0.05, p3: 0.05 }
discharge:
  policy: standard
  hours: { from: "08:00", to: "20:00" }
  weekendRate: 0.5
  standard:
    assessment: { assessors: 2, duration: 1d, costPerAssessment: 300 }
    services: { p1: home, p2: step-down, p3: step-down }
  d2a:
    assessment: { assessors: 2, duration: 2d }
    services: { p1: home, p2: step-down, p3: step-down }
variants:
  d2a:
    discharge.policy: d2a
`;

const BAD = `name: Bad
run:
  horizon: 10
wards:
  - id: amu
    beds: -3
groups:
  - id: g
    arrivals: { perDay: 2 }
    stages: [{ ward: nowhere, los: 1d }]
    dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 }
discharge:
  policy: standard
  standard: { assessment: { assessors: 1, duration: 1d }, services: { p1: home, p2: home, p3: home } }
  d2a: { assessment: { assessors: 1, duration: 1d }, services: { p1: home, p2: home, p3: home } }
`;

const CSVS = ["wards.csv", "services.csv", "pathways.csv", "groups.csv", "delays.csv", "daily.csv"];

describe("careflow: help, version, schema", () => {
  it("--help lists the commands and exits 0", () => {
    const result = runCli(["--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: careflow/);
    for (const command of ["run", "validate", "schema", "studio"])
      expect(result.stdout).toMatch(new RegExp(`\\n\\s+${command}\\b`));
  });

  it("run --help shows the run options and exits 0", () => {
    const result = runCli(["run", "--help"]);
    expect(result.code).toBe(0);
    for (const option of ["--variant", "--seed", "--out", "--json", "--no-report"]) {
      expect(result.stdout).toContain(option);
    }
  });

  it("--version prints the package version and exits 0", () => {
    const { version } = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string };
    const result = runCli(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(version);
  });

  it("an unknown command exits 2", () => {
    const result = runCli(["frobnicate"]);
    expectCleanFailure(result, 2);
    expect(result.stderr).toMatch(/unknown command/);
  });

  it("schema prints a JSON Schema that accepts the example and refuses a typo", () => {
    const result = runCli(["schema"]);
    expect(result.code).toBe(0);
    const schema = JSON.parse(result.stdout) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["wards", "groups", "discharge"]));
    // Editors validate with this schema: it must agree with careflow on the example file.
    const validate = new Ajv2020({ strict: false }).compile(schema);
    const example = parseYaml(readFileSync(join(ROOT, EXAMPLE), "utf8")) as { wards: object[] };
    expect(validate(example)).toBe(true);
    const typo = { ...example, wards: [{ ...example.wards[0], bedz: 3 }] };
    expect(validate(typo)).toBe(false);
  });
});

describe("careflow validate", () => {
  it("accepts the example scenario and its variants", () => {
    const result = runCli(["validate", EXAMPLE]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/valid/);
    expect(result.stdout).toMatch(/baseline/);
  });

  it("lists every problem of a bad file, with lines, and exits 2", () => {
    const file = writeScenario("bad-validate.yaml", BAD);
    const result = runCli(["validate", file]);
    expectCleanFailure(result, 2);
    expect(result.stderr).toMatch(/wards\[0\]\.beds \(line 6:\d+\): must be ≥ 0, got -3/);
    expect(result.stderr).toMatch(/run\.horizon \(line 3:\d+\): .*got 10/);
    expect(result.stderr).toMatch(/groups\[0\]\.stages\[0\]\.ward \(line 10:\d+\): unknown ward "nowhere"/);
  });
});

describe("careflow run: bad input", () => {
  it("refuses an invalid scenario with exit 2, the problems on stderr and no files", () => {
    const file = writeScenario("bad-run.yaml", BAD);
    const out = outDir();
    const result = runCli(["run", file, "--out", out, "--no-report"]);
    expectCleanFailure(result, 2);
    expect(result.stderr).toContain("bad-run.yaml: ");
    expect(result.stderr).toMatch(/\d+ problems/);
    expect(result.stderr).toMatch(/wards\[0\]\.beds/);
    expect(result.stdout).toBe("");
    expect(existsSync(join(out, "summary.json"))).toBe(false);
  });

  it("refuses a missing file with exit 2", () => {
    const out = outDir();
    const result = runCli(["run", join(work, "no-such-file.yaml"), "--out", out, "--no-report"]);
    expectCleanFailure(result, 2);
    expect(result.stderr).toMatch(/no-such-file\.yaml.*\n.*cannot be read/);
    expect(existsSync(out)).toBe(false);
  });

  it("refuses a seed that is not a whole number with exit 2", () => {
    const file = writeScenario("small-seed.yaml", SMALL);
    for (const seed of ["abc", "1.5", "1e400"]) {
      const out = outDir();
      const result = runCli(["run", file, "--seed", seed, "--out", out, "--no-report"]);
      expectCleanFailure(result, 2);
      expect(result.stderr).toMatch(/--seed must be a whole number/);
      expect(existsSync(out)).toBe(false);
    }
  });

  // Once accepted: Number("") is 0 and Number("0x1F") is 31.
  it("refuses an empty or hexadecimal seed with exit 2", () => {
    const file = writeScenario("small-empty-seed.yaml", SMALL);
    for (const seed of ["", "0x1F"]) {
      const result = runCli(["run", file, "--seed", seed, "--out", outDir(), "--no-report"]);
      expect(result.code).toBe(2);
    }
  });

  it("refuses an unknown variant, naming the ones there are, with exit 2", () => {
    const file = writeScenario("small-variant.yaml", SMALL);
    const out = outDir();
    const result = runCli(["run", file, "--variant", "nope", "--out", out, "--no-report"]);
    expectCleanFailure(result, 2);
    expect(result.stderr).toMatch(/no variant "nope".*baseline, d2a/);
    expect(existsSync(out)).toBe(false);
  });
});

describe("careflow run: a small scenario", () => {
  const file = writeScenario("small.yaml", SMALL);

  function runSmall(out: string, ...extra: string[]): CliResult {
    return runCli(["run", file, "--out", out, "--json", "--no-report", ...extra]);
  }

  it("prints the summary as JSON, with patients conserved, and writes summary.json and the CSVs", () => {
    const out = outDir();
    const result = runSmall(out);
    // Only the pre-run warnings (home care is offered more than its 4 places): stdout stays JSON.
    expect(result.stderr).toContain('warning (baseline): unstable: community service "home"');
    expect(
      result.stderr
        .trim()
        .split("\n")
        .every((line) => line.startsWith("warning (baseline): unstable: ")),
    ).toBe(true);
    expect(result.code).toBe(0);
    // One shape whatever the number of variants (issue 15): units, headline, variants.
    const printed = JSON.parse(result.stdout) as {
      units: Record<string, string>;
      headline: string[];
      variants: {
        scenario: string;
        seed: number;
        horizonDays: number;
        complete: boolean;
        conservation: Record<string, number>;
        wards: { id: string }[];
      }[];
    };
    expect(printed.units.money).toMatch(/pounds/);
    expect(printed.headline[0]).toMatch(/^baseline is (stable|near the edge|not stable)/);
    expect(printed.variants).toHaveLength(1);
    const summary = printed.variants[0]!;
    expect(summary.scenario).toBe("Small CLI scenario");
    expect(summary.seed).toBe(42);
    expect(summary.complete).toBe(true);
    const c = summary.conservation;
    const inflow = (c.initialPatients ?? 0) + (c.arrived ?? 0) + (c.electiveAdmissions ?? 0);
    expect(c.arrived).toBeGreaterThan(0);
    expect(inflow).toBe((c.discharged ?? 0) + (c.inBeds ?? 0) + (c.waitingForBed ?? 0) + (c.diverted ?? 0));

    expect(readdirSync(out)).toEqual(expect.arrayContaining(["summary.json", ...CSVS]));
    // No temporary files left behind by the atomic writes.
    expect(readdirSync(out).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    // The file and the printed JSON are the same summary.
    expect(JSON.parse(readFileSync(join(out, "summary.json"), "utf8"))).toEqual(summary);

    const csv = (name: string) => readFileSync(join(out, name), "utf8").trim().split("\n");
    const wards = csv("wards.csv");
    expect(wards[0]).toMatch(/^id,name,/);
    expect(wards.slice(1).map((line) => line.split(",")[0])).toEqual(["amu", "medicine"]);
    const daily = csv("daily.csv");
    expect(daily[0]).toMatch(/^day,date,admissions,discharges,occupancy_amu,occupancy_medicine/);
    // One row per day after warm-up.
    expect(daily).toHaveLength(1 + summary.horizonDays);
    expect(daily[1]).toMatch(/^0,2026-01-07,/);
  });

  it("writes byte-identical files when run twice with the same seed", () => {
    const first = outDir();
    const second = outDir();
    expect(runSmall(first, "--seed", "7").code).toBe(0);
    expect(runSmall(second, "--seed", "7").code).toBe(0);
    for (const name of ["summary.json", ...CSVS]) {
      expect(readFileSync(join(second, name)), name).toEqual(readFileSync(join(first, name)));
    }
  });

  it("gives a different run for a different seed", () => {
    const a = outDir();
    const b = outDir();
    expect(runSmall(a, "--seed", "1").code).toBe(0);
    expect(runSmall(b, "--seed", "2").code).toBe(0);
    expect(readFileSync(join(b, "daily.csv"), "utf8")).not.toBe(readFileSync(join(a, "daily.csv"), "utf8"));
  });

  it("runs every variant into its own folder with --variant all", () => {
    const out = outDir();
    const result = runSmall(out, "--variant", "all");
    expect(result.code).toBe(0);
    const summaries = (JSON.parse(result.stdout) as { variants: { variant: string; policy: string }[] })
      .variants;
    expect(summaries.map((s) => [s.variant, s.policy])).toEqual([
      ["baseline", "standard"],
      ["d2a", "d2a"],
    ]);
    for (const variant of ["baseline", "d2a"]) {
      expect(existsSync(join(out, variant, "summary.json"))).toBe(true);
    }
  });

  it("prints a table (not JSON) without --json", () => {
    const out = outDir();
    const result = runCli(["run", file, "--out", out, "--no-report"]);
    expect(result.code).toBe(0);
    expect(() => JSON.parse(result.stdout)).toThrow();
    expect(result.stdout).toContain(out);
    expect(existsSync(join(out, "summary.json"))).toBe(true);
  });
});
