/**
 * Bad outpatient input: a follow-up interval without units, a clinic staffed by a role the file
 * does not define, negative rates — every problem at once, with its field path, its line and
 * plain words; and exit code 2 with no stack trace from the command line.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadScenarioText } from "../../src/scenario/parse.js";
import { ScenarioError } from "../../src/scenario/problems.js";
import { runCli } from "../cli-helpers.js";

function lineOf(text: string, snippet: string): number {
  const hits = text.split("\n").flatMap((line, i) => (line.includes(snippet) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`fixture: "${snippet}" is on ${hits.length} lines, expected one`);
  return hits[0]!;
}

const BROKEN = `name: Broken clinic
run:
  horizon: 52w
wards:
  - id: ward
    beds: 1
discharge:
  policy: standard
  standard:
    assessment: { assessors: 1, duration: 1d }
    services: { p1: home, p2: home, p3: home }
  d2a:
    assessment: { assessors: 1, duration: 1d }
    services: { p1: home, p2: home, p3: home }
community:
  - id: home
    kind: caseload
    capacity: 5
    lengthOfSupport: 5d
staff:
  roles:
    - { id: nurse, skills: [monitoring], hourlyCost: 30 }
outpatients:
  clinics:
    - id: camhs
      sessions:
        - { days: [tue], from: "09:00", to: "12:00" }
      staff:
        - role: psychiatrist
  pathways:
    - id: adhd
      referralsPerWeek: -2
      clinic: camhs
      firstSlot: 45min
      didNotAttend: { rate: -0.1 }
      followUp:
        interval: 26
        slot: 30min
`;

describe("bad outpatient input", () => {
  let error: ScenarioError | undefined;
  try {
    loadScenarioText(BROKEN, "broken.yaml");
  } catch (e) {
    if (e instanceof ScenarioError) error = e;
    else throw e;
  }

  const expected = [
    {
      path: "outpatients.clinics[0].staff[0].role",
      line: lineOf(BROKEN, "role: psychiatrist"),
      words: [/unknown role "psychiatrist"/, /"nurse"/],
    },
    {
      path: "outpatients.pathways[0].referralsPerWeek",
      line: lineOf(BROKEN, "referralsPerWeek: -2"),
      words: [/got -2/],
    },
    {
      path: "outpatients.pathways[0].didNotAttend.rate",
      line: lineOf(BROKEN, "rate: -0.1"),
      words: [/got -0.1/],
    },
    {
      path: "outpatients.pathways[0].followUp.interval",
      line: lineOf(BROKEN, "interval: 26"),
      words: [/must be a duration with a unit/, /got 26/],
    },
  ];

  it("reports every problem at once, and nothing else", () => {
    expect(error).toBeDefined();
    expect(error!.problems.map((p) => p.path).sort()).toEqual(expected.map((e) => e.path).sort());
  });

  it.each(expected)("reports $path at line $line in plain words", ({ path, line, words }) => {
    const problem = error!.problems.find((p) => p.path === path);
    expect(problem).toBeDefined();
    expect(problem!.line).toBe(line);
    for (const w of words) expect(problem!.message).toMatch(w);
  });

  it("names the missing staff section when clinics have no roles to draw on", () => {
    const noStaff = BROKEN.replace(/staff:\n {2}roles:\n.*\n/, "");
    const problems = (() => {
      try {
        loadScenarioText(noStaff, "no-staff.yaml");
      } catch (e) {
        if (e instanceof ScenarioError) return e.problems;
      }
      throw new Error("expected a ScenarioError");
    })();
    const role = problems.find((p) => p.path === "outpatients.clinics[0].staff[0].role");
    expect(role?.message).toMatch(/add a staff section/);
  });

  it("refuses remote reviews that could never happen, and slots longer than every session", () => {
    const text = BROKEN.replace("role: psychiatrist", "role: nurse")
      .replace("referralsPerWeek: -2", "referralsPerWeek: 2")
      .replace("rate: -0.1", "rate: 0.1")
      .replace("interval: 26", "interval: 26w\n        faceToFaceEvery: 2")
      .replace("firstSlot: 45min", "firstSlot: 4h");
    let problems: { path: string; message: string }[] = [];
    try {
      loadScenarioText(text, "x.yaml");
    } catch (e) {
      if (e instanceof ScenarioError) problems = e.problems;
    }
    expect(problems.map((p) => p.path).sort()).toEqual([
      "outpatients.pathways[0].firstSlot",
      "outpatients.pathways[0].followUp.remote",
    ]);
    expect(problems.find((p) => p.path.endsWith("firstSlot"))!.message).toMatch(/longer than every session/);
  });

  describe("from the command line", () => {
    const dir = mkdtempSync(join(tmpdir(), "careflow-outpatients-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, "broken.yaml");
    writeFileSync(file, BROKEN);

    it.each([["validate"], ["run"]])(
      "careflow %s exits 2 with every problem and no stack trace",
      (command) => {
        const result = runCli([command, file]);
        expect(result.code).toBe(2);
        for (const e of expected) expect(result.stderr).toContain(`${e.path} (line ${e.line}:`);
        expect(result.stderr).not.toMatch(/\n\s+at .*\(.*:\d+:\d+\)/);
      },
    );
  });
});
