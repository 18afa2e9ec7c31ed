/**
 * Batches with uncertain inputs: an input with no spread changes nothing; the interval over inputs
 * and noise matches theory on a linear toy; and the drawn replications are the same whatever the
 * worker count or sharding.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inputUncertaintySection } from "../../src/report/input-uncertainty-html.js";
import { runCli } from "../cli-helpers.js";
import { smallScenario, tempDir, writeScenario } from "./helpers.js";
import { A, B, readRecords, S, T, toyScenario } from "./uncertain-toy.js";

const OCCUPANCY = "headline.occupiedBedsMean";

const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");

describe("an uncertain input with no spread", () => {
  const dir = tempDir();
  it("gives byte-identical summary and comparison to the same value written plainly", () => {
    const plain = writeScenario(dir, "plain.yaml", smallScenario());
    const flat = writeScenario(
      dir,
      "flat.yaml",
      smallScenario().replace(
        "duration: { dist: lognormal, mean: 1d, sd: 0.5d }",
        "duration: { dist: lognormal, mean: { uncertain: { dist: triangular, min: 24h, mode: 1d, max: 1440min }, source: assumed }, sd: 0.5d }",
      ),
    );
    const args = ["--variants", "standard,d2a", "-n", "6", "--workers", "1", "--no-progress", "--no-report"];
    const a = runCli(["batch", plain, ...args, "--out", join(dir, "plain")]);
    const b = runCli(["batch", flat, ...args, "--out", join(dir, "flat")]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    // The files differ, so their hashes do; nothing else may.
    const sha = /"sha256": "[0-9a-f]+"/;
    const summary = (run: string) => read(join(dir, run), "summary.json").replace(sha, "");
    expect(read(join(dir, "plain"), "summary.json")).toMatch(sha);
    expect(summary("flat")).toBe(summary("plain"));
    expect(read(join(dir, "flat"), "comparison.json")).toBe(read(join(dir, "plain"), "comparison.json"));
    expect(read(join(dir, "flat"), "summary.csv")).toBe(read(join(dir, "plain"), "summary.csv"));
    const table = (stdout: string) => stdout.split("\n").filter((l) => !/^(Replications|Written):/.test(l));
    expect(table(b.stdout)).toEqual(table(a.stdout));
  });
});

describe("a linear toy with an uncertain arrival rate", () => {
  const dir = tempDir();
  const n = 100;
  const scenario = writeScenario(dir, "toy.yaml", toyScenario());
  const out = join(dir, "toy");
  const result = runCli([
    "batch",
    scenario,
    "-n",
    String(n),
    "--workers",
    "1",
    "--no-progress",
    "--no-report",
    "--out",
    out,
  ]);

  it("draws λ from its range, and the central set holds λ at its central value", () => {
    expect(result.code, result.stderr).toBe(0);
    const records = readRecords(out);
    const drawn = records.filter((r) => r.inputs !== undefined);
    const central = records.filter((r) => r.inputs === undefined);
    expect(drawn).toHaveLength(n);
    expect(central).toHaveLength(n);
    for (const r of drawn) {
      const rate = r.inputs!["groups.everyone.arrivals.perDay"]!;
      expect(rate).toBeGreaterThanOrEqual(A);
      expect(rate).toBeLessThanOrEqual(B);
    }
    // Central replications: occupancy ≈ 100·S with noise sd √(100·S²/T) ≈ 1.5.
    const summary = JSON.parse(read(out, "summary.json"));
    const occupancy = summary.variants[0].metrics[OCCUPANCY];
    expect(Math.abs(occupancy.mean - 100 * S)).toBeLessThan((4 * occupancy.sd) / Math.sqrt(n) + 0.5);
    expect(occupancy.sd).toBeLessThan(3);
  });

  it("the spread over inputs and noise has the variance S²·Var(λ) + noise, and the percentiles of S·λ", () => {
    const drawn = readRecords(out).filter((r) => r.inputs !== undefined);
    const values = drawn.map((r) => r.metrics[OCCUPANCY]!);
    const mean = values.reduce((s, x) => s + x, 0) / n;
    const variance = values.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
    const theory = (S ** 2 * (B - A) ** 2) / 12 + (((A + B) / 2) * S ** 2) / T;
    // S²/σ² has sd ≈ √(2/(n−1)) for normal data and less for a uniform (negative excess
    // kurtosis), so 3 of those is a conservative 99.7% band.
    expect(variance / theory).toBeGreaterThan(1 - 3 * Math.sqrt(2 / (n - 1)));
    expect(variance / theory).toBeLessThan(1 + 3 * Math.sqrt(2 / (n - 1)));
    const summary = JSON.parse(read(out, "summary.json"));
    const interval = summary.variants[0].inputUncertainty.metrics[OCCUPANCY];
    // Theory (noise aside): S·λ is uniform on [S·A, S·B], so the 2.5th and 97.5th percentiles are
    // S·A + 0.025·S·(B − A) and S·A + 0.975·S·(B − A). The empirical p-quantile's CDF value has sd
    // √(p(1−p)/n); the noise (sd ≈ 1.5 beds) moves it by at most a few beds more.
    const cdf = (x: number) => (x - S * A) / (S * (B - A));
    const band = 3 * Math.sqrt((0.025 * 0.975) / n) + (2 * 1.5) / (S * (B - A));
    expect(Math.abs(cdf(interval.low) - 0.025)).toBeLessThan(band);
    expect(Math.abs(cdf(interval.high) - 0.975)).toBeLessThan(band);
    expect(summary.inputs.map((i: { key: string }) => i.key)).toEqual([
      "wards.unused.costPerOccupiedBedDay",
      "groups.everyone.arrivals.perDay",
    ]);
    // The interval over inputs is far wider than the noise-only one: they are said apart.
    const noise = summary.variants[0].metrics[OCCUPANCY];
    expect(interval.high - interval.low).toBeGreaterThan(10 * (noise.ciHigh - noise.ciLow));
  });

  it("names both kinds of interval in the terminal and the report", () => {
    expect(result.stdout).toContain("mean ± 95% CI half-width");
    expect(result.stdout).toContain("With the uncertainty in the inputs (2 uncertain inputs");
    expect(result.stdout).toContain("the ± above is simulation noise only");
    expect(result.stdout).toMatch(/occupied beds: baseline \d+ on average, between \d+ and \d+/);
    expect(result.stdout).toContain(
      "groups.everyone.arrivals.perDay: uniform(min 80, max 120); 100; 84–116; assumed",
    );
    const summary = JSON.parse(read(out, "summary.json"));
    // The headline sentences carry the interval over inputs too, rounded as beds are (whole).
    const over = summary.variants[0].inputUncertainty.metrics[OCCUPANCY];
    expect(result.stdout).toContain(
      `beds occupied on average (with the uncertainty in the inputs, between ${Math.round(over.low)} and ${Math.round(over.high)})`,
    );
    const html = inputUncertaintySection(summary, undefined, ["headline.occupiedBedsMean"]);
    expect(html).toContain('<section id="input-uncertainty">');
    expect(html).toContain("<code>groups.everyone.arrivals.perDay</code>");
    expect(html).toContain("cover simulation noise only");
    expect(inputUncertaintySection({ ...summary, inputs: undefined }, undefined, [])).toBe("");
  });
});

describe("determinism with uncertain inputs", () => {
  const dir = tempDir();
  const scenario = writeScenario(
    dir,
    "u.yaml",
    smallScenario()
      .replace(
        "duration: { dist: lognormal, mean: 1d, sd: 0.5d }",
        "duration: { dist: lognormal, mean: { uncertain: { dist: triangular, min: 12h, mode: 1d, max: 3d }, source: assumed }, sd: 0.5d }",
      )
      .replace(
        "arrivals: { perDay: 20 }",
        "arrivals: { perDay: { uncertain: { dist: pert, min: 14, mode: 18, max: 22 }, source: assumed } }",
      ),
  );
  const common = [
    scenario,
    "--variants",
    "standard,d2a",
    "-n",
    "6",
    "--seed",
    "3",
    "--no-progress",
    "--no-report",
  ];

  it("1 worker, 2 workers and 2 merged shards give the same files, and each replication's draw is shared by the variants", () => {
    const one = runCli(["batch", ...common, "--workers", "1", "--out", join(dir, "one")]);
    expect(one.code, one.stderr).toBe(0);
    const two = runCli(["batch", ...common, "--workers", "2", "--out", join(dir, "two")]);
    expect(two.code, two.stderr).toBe(0);
    const shards = [0, 1].map((k) => join(dir, `shard-${k}`));
    shards.forEach((out, k) => {
      const shard = runCli(["batch", ...common, "--workers", "1", "--shard", `${k}/2`, "--out", out]);
      expect(shard.code, shard.stderr).toBe(0);
    });
    const merged = runCli(["merge", ...shards, "--no-report", "--out", join(dir, "merged")]);
    expect(merged.code, merged.stderr).toBe(0);
    for (const file of ["summary.json", "comparison.json", "summary.csv"]) {
      expect(read(join(dir, "two"), file), file).toBe(read(join(dir, "one"), file));
      expect(read(join(dir, "merged"), file), file).toBe(read(join(dir, "one"), file));
    }
    const drawn = readRecords(join(dir, "one")).filter((r) => r.inputs !== undefined);
    expect(drawn).toHaveLength(12);
    for (const r of drawn) {
      const partner = drawn.find((p) => p.replication === r.replication && p.variant !== r.variant)!;
      expect(partner.inputs).toEqual(r.inputs);
    }
    const summary = JSON.parse(read(join(dir, "one"), "summary.json"));
    expect(summary.variants.map((v: { name: string }) => v.name)).toEqual(["standard", "d2a"]);
    const comparison = JSON.parse(read(join(dir, "one"), "comparison.json"));
    expect(comparison.comparisons[0].inputUncertainty.pairs).toBe(6);
  });
});
