/**
 * Issue 11's "no figure may improve because patients vanished", for planned care, through the
 * command line on the shipped cataract scenario: the inpatient variant's list grows (not stable,
 * with the list's growth as evidence), and fewer trolleys operates on fewer patients, so nothing
 * may call either cheaper or better without saying it treated fewer.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BatchComparison } from "../../src/batch/aggregate.js";
import { type CliResult, runCli } from "../cli-helpers.js";

const BETTER_WORDS = /\b(shorter|fewer|less|lower|saves|frees|cheaper)\b/i;
const FEWER_TREATED = /operated on [\d,]+ fewer patients than <variant> \([\d,]+ against [\d,]+\)/;
const TREATING_FEWER = ["inpatient", "fewer-trolleys"];
const VARIANTS = ["day-case", ...TREATING_FEWER];

/** Lines about a variant that treated fewer, its name taken out (fewer-trolleys holds "fewer"). */
function claimsAbout(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => TREATING_FEWER.some((v) => line.includes(v)))
    .map((line) => VARIANTS.reduce((l, v) => l.split(v).join("<variant>"), line));
}

let dir: string;
let batch: CliResult;
let run: CliResult;
let comparison: BatchComparison;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "careflow-treated-fewer-"));
  batch = runCli([
    "batch",
    "scenarios/cataract-day-case.yaml",
    "-n",
    "3",
    "--variants",
    VARIANTS.join(","),
    "--out",
    dir,
    "--workers",
    "1",
  ]);
  comparison = JSON.parse(readFileSync(join(dir, "comparison.json"), "utf8"));
  run = runCli(["run", "scenarios/cataract-day-case.yaml", "--variant", VARIANTS.join(",")]);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the cataract scenario's variants that treat fewer patients", () => {
  it("really do operate on fewer than day-case (the premise of the checks below)", () => {
    expect(batch.code).toBe(0);
    for (const c of comparison.comparisons) {
      const cases = c.metrics["theatres.cases"]!;
      expect(cases.variantMean!).toBeLessThan(0.95 * cases.baselineMean!);
    }
  });

  it("inpatient is not stable, its evidence the growth of the waiting list", () => {
    expect(batch.stdout).toMatch(
      /inpatient is not stable: .*the waiting list for ophthalmology grew from [\d,]+ to [\d,]+ over the run, with referrals \d+ a week against \d+ operations a week done/,
    );
    expect(batch.stdout).toMatch(/inpatient against day-case: not compared, because inpatient is not stable/);
  });

  for (const [command, result] of [
    ["batch", () => batch],
    ["run", () => run],
  ] as const) {
    it(`careflow ${command} says they treated fewer wherever it reads them as better or cheaper`, () => {
      const claims = claimsAbout(result().stdout).filter((l) => BETTER_WORDS.test(l));
      expect(claims.length).toBeGreaterThan(0);
      for (const line of claims) {
        if (/not compared/.test(line)) continue;
        expect(line, line).toMatch(FEWER_TREATED);
      }
    });
  }
});
