/**
 * Starting from a census: the run begins with exactly the census's patients in the census's
 * beds; bad rows are each reported with their row and reason; a census file must lie inside the
 * scenario's folder; and no identifier from the file reaches any output.
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { loadVariant } from "../../src/batch/replication.js";
import { Hospital } from "../../src/model/hospital.js";
import { scenarioSource } from "../../src/node/batch.js";
import { loadScenario, readScenarioFile } from "../../src/node/scenario-file.js";
import { validateParsed } from "../../src/scenario/parse.js";
import { ScenarioError } from "../../src/scenario/problems.js";
import { runCli } from "../cli-helpers.js";

const folders: string[] = [];
afterAll(() => {
  for (const f of folders) rmSync(f, { recursive: true, force: true });
});

function folder(): string {
  const dir = mkdtempSync(join(tmpdir(), "careflow-census-"));
  folders.push(dir);
  return dir;
}

const scenarioText = (initialState: string) => `name: Census
run:
  start: "2026-03-02T08:00"
  horizon: 10d
wards:
  - { id: amu, beds: 60 }
  - { id: medical, beds: 120 }
community:
  - { id: home, kind: caseload, capacity: 200, lengthOfSupport: 20d }
groups:
  - id: medical
    arrivals: { perDay: 5 }
    stages:
      - { ward: amu, los: { dist: lognormal, mean: 2d, sd: 1d } }
      - { ward: medical, los: { dist: lognormal, mean: 5d, sd: 3d } }
    dischargePathways: { p0: 0.8, p1: 0.2, p2: 0, p3: 0 }
discharge:
  policy: standard
  hours: { from: "09:00", to: "17:00" }
  standard: { assessment: { assessors: 5, duration: 1d }, services: { p1: home, p2: home, p3: home } }
  d2a: { assessment: { assessors: 5, duration: 1d }, services: { p1: home, p2: home, p3: home } }
initialState:
${initialState}
`;

function problemsOf(action: () => unknown): string[] {
  try {
    action();
    return [];
  } catch (error) {
    if (!(error instanceof ScenarioError)) throw error;
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
}

describe("a census of today's inpatients", () => {
  it("starts the run with exactly the census's patients in each ward", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (onAmu, onMedical, supported, salt) => {
          const dir = folder();
          const rows = ["nhs_number,ward,group,admitted,medically_fit,pathway"];
          for (let i = 0; i < onAmu + onMedical; i++) {
            const ward = i < onAmu ? "amu" : "medical";
            const day = 1 + ((i * 7 + salt) % 27);
            const fit = (i + salt) % 3 === 0 ? "yes" : "no";
            rows.push(
              `${9_000_000_000 + i},${ward},medical,${String(day).padStart(2, "0")}/02/2026 10:30,${fit},`,
            );
          }
          writeFileSync(join(dir, "census.csv"), `${rows.join("\n")}\n`);
          const caseloads = [
            "service,started",
            ...Array.from({ length: supported }, () => "home,2026-02-20"),
          ];
          writeFileSync(join(dir, "caseloads.csv"), `${caseloads.join("\n")}\n`);
          writeFileSync(
            join(dir, "s.yaml"),
            scenarioText("  census: census.csv\n  caseloadCensus: caseloads.csv"),
          );
          const { scenario } = loadScenario(join(dir, "s.yaml"));
          expect(scenario.initialState!.patients).toHaveLength(onAmu + onMedical);
          let atStart: { amu: number; medical: number; home: number } | undefined;
          const hospital = new Hospital(scenario, {
            afterEvent: (h) => {
              atStart ??= {
                amu: h.wards[0]!.patients,
                medical: h.wards[1]!.patients,
                home: h.services[0]!.inServiceNow,
              };
            },
          });
          hospital.run();
          expect(hospital.initialPatients).toBe(onAmu + onMedical);
          // The run starts at 08:00 and discharge hours open at 09:00: at the first event (time 0,
          // or later) nobody has left, and the census is exactly what is in the beds.
          expect(atStart).toEqual({ amu: onAmu, medical: onMedical, home: supported });
        },
      ),
      { numRuns: 15 },
    );
  });
});

describe("bad census input", () => {
  it("reports every bad row at once, each with its row and reason", () => {
    const dir = folder();
    writeFileSync(
      join(dir, "census.csv"),
      [
        "\uFEFFward;group;admitted;medically_fit;pathway",
        "amu;medical;01/03/2026 10:00;no;",
        "ghost;medical;01/03/2026 10:00;no;",
        "amu;medical;31/02/2026 10:00;no;",
        "amu;medical;2026-03-05;no;",
        "amu;medical;2026-03-01;maybe;",
        "amu;medical;2026-03-01;yes;7",
        ";;;;",
        "medical;medical;2026-02-28 23:59;yes;p2",
      ].join("\r\n"),
    );
    writeFileSync(join(dir, "s.yaml"), scenarioText("  census: census.csv"));
    const found = problemsOf(() => readScenarioFile(join(dir, "s.yaml")));
    expect(found).toEqual([
      'row 3: ward "ghost" is not in the scenario',
      'row 4: admitted "31/02/2026 10:00" is not a date (use YYYY-MM-DD[ HH:MM] or DD/MM/YYYY[ HH:MM])',
      `row 5: admitted "2026-03-05" is after the run's start: a census lists who is there when it begins`,
      'row 6: medically_fit "maybe" is not yes or no',
      'row 7: pathway "7" is not 0, 1, 2 or 3 (or blank)',
      "row 8: has no ward; has no group; has no admitted date",
    ]);
  });

  it("says which columns a header lacks, and that an empty file is empty", () => {
    const dir = folder();
    writeFileSync(join(dir, "census.csv"), "ward,admitted\namu,2026-03-01\n");
    writeFileSync(join(dir, "empty.csv"), "");
    writeFileSync(join(dir, "s.yaml"), scenarioText("  census: census.csv"));
    writeFileSync(join(dir, "e.yaml"), scenarioText("  census: empty.csv"));
    expect(problemsOf(() => readScenarioFile(join(dir, "s.yaml")))).toEqual([
      "header: has no group column; it needs ward, group, admitted",
    ]);
    expect(problemsOf(() => readScenarioFile(join(dir, "e.yaml")))[0]).toContain("is empty");
  });

  it("refuses a census file outside the scenario's folder, by name or by link", () => {
    const outside = folder();
    writeFileSync(join(outside, "census.csv"), "ward,group,admitted\namu,medical,2026-03-01\n");
    const dir = folder();
    mkdirSync(join(dir, "data"));
    writeFileSync(join(dir, "data", "census.csv"), "ward,group,admitted\namu,medical,2026-03-01\n");
    symlinkSync(join(outside, "census.csv"), join(dir, "linked.csv"));
    const cases: [string, string][] = [
      ["../census.csv", "means a folder itself or its parent"],
      [join(outside, "census.csv"), "is empty"],
      ["data/../../census.csv", "means a folder itself or its parent"],
      [".hidden.csv", 'starts with "."'],
    ];
    for (const [name, words] of cases) {
      writeFileSync(join(dir, "s.yaml"), scenarioText(`  census: ${JSON.stringify(name)}`));
      const found = problemsOf(() => loadScenario(join(dir, "s.yaml")));
      expect(found.join("\n"), name).toContain(
        "initialState.census: must name a file in the scenario's folder",
      );
      expect(found.join("\n"), name).toContain(words);
    }
    writeFileSync(join(dir, "s.yaml"), scenarioText("  census: linked.csv"));
    expect(problemsOf(() => loadScenario(join(dir, "s.yaml"))).join("\n")).toContain(
      "leads outside the scenario's folder",
    );
    // A subfolder of the scenario's folder is fine.
    writeFileSync(join(dir, "s.yaml"), scenarioText("  census: data/census.csv"));
    expect(loadScenario(join(dir, "s.yaml")).scenario.initialState!.patients).toHaveLength(1);
  });

  it("a variant cannot name a census file the reader did not read", () => {
    const dir = folder();
    writeFileSync(join(dir, "census.csv"), "ward,group,admitted\namu,medical,2026-03-01\n");
    writeFileSync(
      join(dir, "s.yaml"),
      `${scenarioText("  census: census.csv")}variants:\n  other:\n    initialState.census: other.csv\n`,
    );
    const parsed = readScenarioFile(join(dir, "s.yaml"));
    expect(validateParsed(parsed).scenario.initialState!.patients).toHaveLength(1);
    expect(problemsOf(() => validateParsed(parsed, "other")).join("\n")).toContain("initialState.census");
  });

  it("the command line exits 2 listing the rows, with no stack trace", () => {
    const dir = folder();
    writeFileSync(
      join(dir, "census.csv"),
      "ward,group,admitted\nghost,medical,2026-03-01\namu,medical,soon\n",
    );
    writeFileSync(join(dir, "s.yaml"), scenarioText("  census: census.csv"));
    const result = runCli(["validate", join(dir, "s.yaml")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("row 2:");
    expect(result.stderr).toContain("row 3:");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("patient data stays safe", () => {
  it("no identifier from the census reaches any file a run or a batch writes", () => {
    const out = folder();
    const run = runCli(["run", "examples/data/from-census.yaml", "--out", join(out, "run")]);
    expect(run.code).toBe(0);
    const batch = runCli([
      "batch",
      "examples/data/from-census.yaml",
      "-n",
      "2",
      "--workers",
      "1",
      "--no-progress",
      "--out",
      join(out, "batch"),
    ]);
    expect(batch.code, batch.stderr).toBe(0);
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : [path];
      });
    const written = files(out);
    expect(written.length).toBeGreaterThan(3);
    for (const file of written) expect(readFileSync(file, "utf8"), file).not.toMatch(/SYN\d{4}/);
    expect(`${run.stdout}${batch.stdout}`).not.toMatch(/SYN\d{4}/);
  });

  it("a batch's workers get the census with the scenario, and its hash covers the census", () => {
    const source = scenarioSource("examples/data/from-census.yaml");
    const rows = readFileSync("examples/data/census-inpatients.csv", "utf8").trim().split("\n").length - 1;
    const loaded = loadVariant(source, { name: "baseline", base: "baseline", overrides: {} } as never);
    expect(loaded.scenario.initialState!.patients).toHaveLength(rows);
    expect(source.census).toBeDefined();
  });
});
