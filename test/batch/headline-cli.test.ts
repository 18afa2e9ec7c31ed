/**
 * `careflow batch` says the headline first, in the terminal and in `--json`, and never compares a
 * variant that is not stable in better/worse words (issue 15, with issue 11's rule).
 */
import { describe, expect, it } from "vitest";
import { runCli } from "../cli-helpers.js";
import { smallScenario, tempDir, writeScenario } from "./helpers.js";

const BETTER_WORSE = /\b(shorter|longer|fewer|more|less|lower|higher|saves?|frees?|better|worse)\b/i;

/**
 * The small scenario with room enough in the community and for D2A's assessments (its own 20 and
 * 15 places are offered 30 and 20 places' worth of work, its 5 D2A assessors 8), and a variant
 * whose community services have no places at all.
 */
const roomy = smallScenario()
  .replace("capacity: 20", "capacity: 60")
  .replace("capacity: 15", "capacity: 40")
  .replace(
    "assessors: 5, duration: { dist: lognormal, mean: 2d",
    "assessors: 15, duration: { dist: lognormal, mean: 2d",
  );
const withZero = `${roomy}  zero:
    community.home-care.capacity: 0
    community.rehab.capacity: 0
`;

describe("careflow batch: the headline", () => {
  const dir = tempDir();
  const file = writeScenario(dir, "small.yaml", withZero);

  it("--json: one object with units, the headline, variants and comparisons", () => {
    const out = `${dir}/json`;
    const cli = runCli([
      "batch",
      file,
      "--variants",
      "standard,d2a,zero",
      "-n",
      "3",
      "--workers",
      "1",
      "--no-progress",
      "--no-report",
      "--json",
      "--out",
      out,
    ]);
    // stdout is the JSON alone; stderr holds only the replications' warnings (issue 11).
    for (const line of cli.stderr
      .trim()
      .split("\n")
      .filter((l) => l !== "")) {
      expect(line).toMatch(/^careflow: (standard|zero) \(\d+ of \d+ replications\): /);
    }
    expect(cli.code).toBe(0);
    const json = JSON.parse(cli.stdout) as {
      units: Record<string, string>;
      headline: string[];
      variants: { name: string }[];
      comparisons: { variant: string }[];
    };
    expect(json.units.money).toMatch(/pounds/);
    expect(json.variants.map((v) => v.name)).toEqual(["standard", "d2a", "zero"]);
    expect(json.comparisons.map((c) => c.variant)).toEqual(["d2a", "zero"]);
    const d2a = json.headline.find((l) => l.startsWith("d2a against standard"))!;
    expect(d2a).toMatch(/over 3 paired replications: /);
    expect(d2a).toMatch(/95% CI/);
    // The 25-day run's cost is turned into a year and says so.
    expect(json.headline.find((l) => l.startsWith("standard (mean of 3"))).toMatch(
      /over 25 days \(£[\d.,]+[mk]? a year\)/,
    );
    const zero = json.headline.find((l) => l.startsWith("zero against standard"))!;
    expect(zero).toMatch(
      /^zero against standard: not compared, because zero is not stable \(not stable in all 3 replications; \d+ patients waiting for a bed at the end/,
    );
    expect(zero).not.toMatch(BETTER_WORSE);
  });

  it("prints the same headline above the tables in the terminal", () => {
    const out = `${dir}/text`;
    const cli = runCli([
      "batch",
      file,
      "--variants",
      "standard,zero",
      "-n",
      "3",
      "--workers",
      "1",
      "--no-progress",
      "--no-report",
      "--out",
      out,
    ]);
    expect(cli.code).toBe(0);
    const json = runCli([
      "batch",
      file,
      "--variants",
      "standard,zero",
      "-n",
      "3",
      "--workers",
      "1",
      "--no-progress",
      "--no-report",
      "--json",
      "--overwrite",
      "--out",
      out,
    ]);
    const headline = (JSON.parse(json.stdout) as { headline: string[] }).headline;
    expect(cli.stdout.startsWith(`${headline.join("\n")}\n`)).toBe(true);
    // The batch's own comparison sentences keep the same rule: zero is not compared at all.
    const aboutZero = cli.stdout
      .split("\n")
      .filter((l) => /\bzero\b/.test(l) && !l.startsWith("zero is not stable"));
    expect(aboutZero.length).toBeGreaterThan(0);
    for (const line of aboutZero) expect(line).not.toMatch(BETTER_WORSE);
    expect(cli.stdout).toContain("  zero against standard: not compared, because zero is not stable");
  });
});
