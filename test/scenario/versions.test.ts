/**
 * Scenario files people already have keep working: every shipped scenario of every past release
 * (test/fixtures/scenarios/<release>/) still migrates, validates in every variant and runs; the
 * version field is checked; migrations run in order with a notice for each change.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { isMap } from "yaml";
import { simulateScenario } from "../../src/model/run.js";
import { type Migration, migrateScenario } from "../../src/scenario/migrate.js";
import { loadScenarioText, parseScenarioText, validateParsed } from "../../src/scenario/parse.js";
import { ScenarioError } from "../../src/scenario/problems.js";
import { SCENARIO_VERSION } from "../../src/scenario/version.js";
import { runCli } from "../cli-helpers.js";

const FIXTURES = new URL("../fixtures/scenarios/", import.meta.url);
const releases = readdirSync(FIXTURES);
const work = mkdtempSync(join(tmpdir(), "careflow-versions-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("shipped scenarios of past releases", () => {
  it("include release 0.1.0's four files", () => {
    expect(releases).toContain("0.1.0");
    expect(readdirSync(new URL("0.1.0/", FIXTURES)).sort()).toEqual([
      "acute-medical.yaml",
      "eras-prehab.yaml",
      "skill-mix.yaml",
      "theatre-lists.yaml",
    ]);
  });

  for (const release of releases) {
    for (const name of readdirSync(new URL(`${release}/`, FIXTURES))) {
      it(`${release}/${name}: migrates, every variant validates, and a week of each runs`, () => {
        const text = readFileSync(new URL(`${release}/${name}`, FIXTURES), "utf8");
        const migrated = migrateScenario(text, { file: name });
        expect(migrated.scenario.version).toBe(SCENARIO_VERSION);
        const parsed = parseScenarioText(migrated.text, name);
        for (const variant of [undefined, ...Object.keys((parsed.raw.variants ?? {}) as object)]) {
          const { scenario } = validateParsed(parsed, variant);
          const week = { ...scenario, run: { ...scenario.run, warmup: 0, horizon: 7 * 1440 } };
          const { summary } = simulateScenario(week);
          expect(summary.complete).toBe(true);
          const c = summary.conservation;
          expect(c.initialPatients + c.arrived + c.electiveAdmissions).toBe(
            c.discharged + c.inBeds + c.waitingForBed + c.diverted,
          );
        }
      });
    }
  }
});

const SMALL = `# Opening comment
name: Small # kept
run:
  start: "2026-01-05"
  horizon: 7d
wards: [{ id: amu, beds: 4 }]
community: [{ id: home, kind: caseload, capacity: 5, lengthOfSupport: 5d }]
discharge:
  policy: standard
  standard: { assessment: { assessors: 2, duration: 1d }, services: { p1: home, p2: home, p3: home } }
  d2a: { assessment: { assessors: 2, duration: 1d }, services: { p1: home, p2: home, p3: home } }
`;

describe("the version field", () => {
  it("is optional: a file without it is read as the current version", () => {
    expect(loadScenarioText(SMALL).scenario.version).toBeUndefined();
    expect(loadScenarioText(`version: "${SCENARIO_VERSION}"\n${SMALL}`).scenario.version).toBe(
      SCENARIO_VERSION,
    );
  });

  it("refuses a version this careflow does not know, with its path and line", () => {
    try {
      loadScenarioText(`${SMALL}version: "9.0.0"\n`, "future.yaml");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ScenarioError);
      const [problem] = (error as ScenarioError).problems;
      expect(problem?.path).toBe("version");
      expect(problem?.line).toBe(SMALL.split("\n").length);
      expect(problem?.message).toMatch(/not a scenario version this careflow knows/);
    }
    expect(() => migrateScenario(`version: "9.0.0"\n${SMALL}`)).toThrow(/no migration from it/);
  });
});

describe("migrateScenario", () => {
  it("adds the version first (after the opening comment), keeps comments, and changes nothing else", () => {
    const migrated = migrateScenario(SMALL);
    expect(migrated.notices).toEqual([]);
    expect(migrated.from).toBe(SCENARIO_VERSION);
    const lines = migrated.text.split("\n");
    expect(lines.slice(0, 3)).toEqual([
      "# Opening comment",
      `version: ${SCENARIO_VERSION}`,
      "name: Small # kept",
    ]);
    // Flow collections may be re-spaced; the data is the same.
    expect(parseScenarioText(migrated.text).raw).toEqual({
      version: SCENARIO_VERSION,
      ...parseScenarioText(SMALL).raw,
    });
  });

  it("runs a chain of migrations in order, each with its notices", () => {
    const renameLength: Migration = {
      from: "0.0.1",
      to: "0.0.2",
      apply: (document) => {
        const run = document.get("run", true);
        if (!isMap(run) || !run.has("length")) return [];
        run.set("horizon", run.get("length"));
        run.delete("length");
        return ["run.length is now run.horizon"];
      },
    };
    const bump: Migration = { from: "0.0.2", to: SCENARIO_VERSION, apply: () => [] };
    const old = `version: "0.0.1"\n${SMALL.replace("horizon: 7d", "length: 7d")}`;
    expect(() => loadScenarioText(old)).toThrow(ScenarioError);
    const migrated = migrateScenario(old, { migrations: [bump, renameLength] });
    expect(migrated.from).toBe("0.0.1");
    expect(migrated.notices).toEqual(["0.0.1 → 0.0.2: run.length is now run.horizon"]);
    expect(migrated.text).toContain("# Opening comment");
    expect(loadScenarioText(migrated.text).scenario.run.horizon).toBe(7 * 1440);
  });

  it("accepts parsed data as well as text", () => {
    const data = parseScenarioText(SMALL).raw;
    const migrated = migrateScenario(data);
    expect(migrated.scenario).toEqual({ ...data, version: SCENARIO_VERSION });
  });

  it("rewrites a start date the run used to read but validation now refuses, and leaves impossible ones", () => {
    const legacy = SMALL.replace('"2026-01-05"', '"2026-01-05T08:00:00.000"');
    expect(() => loadScenarioText(legacy)).toThrow(/run\.start/);
    const migrated = migrateScenario(legacy);
    expect(migrated.notices).toEqual([
      'run.start "2026-01-05T08:00:00.000" is now written "2026-01-05T08:00"',
    ]);
    expect(loadScenarioText(migrated.text).scenario.run.start).toBe("2026-01-05T08:00");

    const impossible = SMALL.replace('"2026-01-05"', '"2026-02-30"');
    expect(migrateScenario(impossible).notices).toEqual([]);
    expect(() => loadScenarioText(migrateScenario(impossible).text)).toThrow(/no day 30 in 2026-02/);
  });
});

describe("careflow migrate", () => {
  it("prints the migrated file, with its notices on stderr, or writes it to --out", () => {
    const file = join(work, "legacy.yaml");
    writeFileSync(file, SMALL.replace('"2026-01-05"', '"2026-01-05T08:00:00.000"'));
    const printed = runCli(["migrate", file]);
    expect(printed.code).toBe(0);
    expect(printed.stderr).toContain('run.start "2026-01-05T08:00:00.000" is now written "2026-01-05T08:00"');
    expect(loadScenarioText(printed.stdout).scenario.run.start).toBe("2026-01-05T08:00");
    const out = join(work, "migrated.yaml");
    const written = runCli(["migrate", file, "--out", out]);
    expect(written.code).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(printed.stdout);
  });

  it("exits 2 naming the field when the file cannot be made valid", () => {
    const file = join(work, "broken.yaml");
    writeFileSync(file, SMALL.replace("beds: 4", "beds: -4"));
    const result = runCli(["migrate", file]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/wards\[0\]\.beds \(line \d+:\d+\): must be ≥ 0/);
    expect(result.stdout).toBe("");
  });
});
