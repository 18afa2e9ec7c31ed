/**
 * Bad input in an `ed:` section, as a flow coach would meet it at the command line: every problem
 * at once, each with its field path and line, exit 2 and no stack trace.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../cli-helpers.js";

const work = mkdtempSync(join(tmpdir(), "careflow-ed-input-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const BAD = `name: bad ed
run: { horizon: 10d }
wards:
  - { id: ward, beds: 10 }
community:
  - { id: none, kind: caseload, capacity: 10, lengthOfSupport: 1d }
groups:
  - id: medical
    arrivals: { perDay: 0 }
    stages: [{ ward: ward, los: 2d }]
    dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 }
discharge:
  policy: standard
  standard: { assessment: { assessors: 1, duration: 0min }, services: { p1: none, p2: none, p3: none } }
  d2a: { assessment: { assessors: 1, duration: 0min }, services: { p1: none, p2: none, p3: none } }
ed:
  cubicles: 10
  arrivals:
    walkIn:
      perDay: 100
      outcomes: { home: 0.5, sdec: 0.2, admit: 0.2 }
      admitTo: surgical
  treatment:
    duration: 3
    patience: -2h
  boarding:
    patience: { dist: exponential, mean: -5h }
    escalation: { after: 40 }
`;

/** 1-based line of the only line containing `snippet`. */
function lineOf(snippet: string): number {
  const hits = BAD.split("\n").flatMap((line, i) => (line.includes(snippet) ? [i + 1] : []));
  if (hits.length !== 1) throw new Error(`fixture: "${snippet}" is on ${hits.length} lines`);
  return hits[0]!;
}

const STACK_FRAME = /^\s+at .+(:\d+:\d+\)?|<anonymous>)$/m;

describe("careflow on a bad ed: section", () => {
  const file = join(work, "bad-ed.yaml");
  writeFileSync(file, BAD);

  for (const command of ["validate", "run"]) {
    it(`${command} lists every problem with its path and line, and exits 2`, () => {
      const args =
        command === "run" ? ["run", file, "--out", join(work, "out"), "--no-report"] : [command, file];
      const result = runCli(args);
      expect(result.code).toBe(2);
      expect(result.stderr).not.toMatch(STACK_FRAME);
      expect(result.stderr).toMatch(/6 problems/);
      const expectLine = (path: string, snippet: string, words: RegExp) => {
        const escaped = path.replace(/[.[\]]/g, "\\$&");
        expect(result.stderr).toMatch(
          new RegExp(`${escaped} \\(line ${lineOf(snippet)}:\\d+\\): .*${words.source}`),
        );
      };
      // Patience shorter than zero, as a duration and as a distribution's mean.
      expectLine("ed.treatment.patience", "patience: -2h", /shorter than zero/);
      expectLine("ed.boarding.patience.mean", "mean: -5h", /shorter than zero/);
      // Durations without units.
      expectLine("ed.treatment.duration", "duration: 3", /a duration with a unit/);
      expectLine("ed.boarding.escalation.after", "after: 40", /a duration with a unit/);
      // An unknown patient group, naming the ones there are.
      expectLine(
        "ed.arrivals.walkIn.admitTo",
        "admitTo: surgical",
        /unknown patient group "surgical".*"medical"/,
      );
      expectLine("ed.arrivals.walkIn.outcomes", "outcomes:", /must sum to 1/);
    });
  }
});
