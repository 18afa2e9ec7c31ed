/**
 * `careflow sensitivity` on the M/D/∞ toy, where the answer is known: occupancy = S·λ + noise, so
 * the arrival rate drives everything and the unused ward's cost nothing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mainThreadExecutor } from "../../src/batch/executor.js";
import {
  planSensitivity,
  runSensitivity,
  type SensitivityResult,
  shareIntervals,
  standardisedRegression,
} from "../../src/batch/sensitivity.js";
import { inputQuantile } from "../../src/scenario/uncertain.js";
import { runCli } from "../cli-helpers.js";
import { axisTitleProblems, compileWarnings, schemaValidator } from "../report/spec-checks.js";
import { smallScenario, tempDir, writeScenario } from "./helpers.js";
import { A, B, S, T, toyScenario } from "./uncertain-toy.js";

const source = { file: "toy.yaml", text: toyScenario(), sha256: "toy" };
const executor = mainThreadExecutor(() => Promise.resolve());
const RATE = "groups.everyone.arrivals.perDay";
const COST = "wards.unused.costPerOccupiedBedDay";
const P10 = inputQuantile({ dist: "uniform", min: A, max: B }, 0.1);
const P90 = inputQuantile({ dist: "uniform", min: A, max: B }, 0.9);

const covers = (e: { ciLow: number | null; ciHigh: number | null }, x: number) =>
  e.ciLow !== null && e.ciHigh !== null && e.ciLow <= x && x <= e.ciHigh;

describe("one-way sensitivity and variance shares on a linear toy", () => {
  let result: SensitivityResult;
  const n = 30;

  it("ranks the arrival rate first, with the swing S·(λ90 − λ10), and the ignored cost last at exactly zero", async () => {
    const plan = planSensitivity(source, {
      variants: ["baseline"],
      metric: "headline.occupiedBedsMean",
      replications: n,
    });
    result = await runSensitivity(plan, executor);
    expect(result.bars.map((b) => b.key)).toEqual([RATE, COST]);
    const [rate, cost] = result.bars;
    expect(rate!.low.value).toBe(P10);
    expect(rate!.high.value).toBe(P90);
    expect(covers(rate!.swing, S * (P90 - P10))).toBe(true);
    expect(covers(result.central, (S * (A + B)) / 2)).toBe(true);
    // The cost changes no draw of any stream that drives the simulation: the same replications give
    // exactly the same occupancy at either end of its range.
    expect(cost!.swing).toEqual({ mean: 0, ciLow: 0, ciHigh: 0 });
  });

  it("gives the arrival rate its share of the variance, S²·Var(λ) / (S²·Var(λ) + noise), and the cost none", () => {
    const inputVariance = (S ** 2 * (B - A) ** 2) / 12;
    const noise = (((A + B) / 2) * S ** 2) / T;
    const theory = inputVariance / (inputVariance + noise);
    const rate = result.variance.shares.find((s) => s.key === RATE)!;
    const cost = result.variance.shares.find((s) => s.key === COST)!;
    // SE of a standardised coefficient ≈ √((1 − R²)/(n − k − 1)); SRC² moves by about 2·SE.
    const se = Math.sqrt((1 - theory) / (n - 3));
    expect(Math.abs(rate.share! - theory)).toBeLessThan(2 * 3 * se);
    expect(cost.share!).toBeLessThan((3 * se) ** 2);
    expect(result.variance.rSquared!).toBeGreaterThan(theory - 2 * 3 * se);
  });

  it("gives each share a bootstrap interval that holds the closed-form share, and reaches 0 for the ignored cost", () => {
    const inputVariance = (S ** 2 * (B - A) ** 2) / 12;
    const noise = (((A + B) / 2) * S ** 2) / T;
    const theory = inputVariance / (inputVariance + noise);
    const rate = result.variance.shares.find((s) => s.key === RATE)!;
    const cost = result.variance.shares.find((s) => s.key === COST)!;
    expect(rate.shareCiLow!).toBeLessThanOrEqual(rate.share!);
    expect(rate.share!).toBeLessThanOrEqual(rate.shareCiHigh!);
    expect(rate.shareCiLow!).toBeLessThanOrEqual(theory);
    expect(theory).toBeLessThanOrEqual(rate.shareCiHigh!);
    // The model never reads the cost: its true share is 0, and the squared signed interval holds it.
    expect(cost.shareCiLow).toBe(0);
    expect(cost.shareCiHigh!).toBeGreaterThan(0);
    expect(cost.shareCiHigh!).toBeLessThan(1 - theory + 0.05);
    expect(result.variance.interval.resamples).toBe(1000);
  });

  it("studies the paired difference between two variants", async () => {
    const plan = planSensitivity(source, {
      variants: ["baseline", "slower"],
      metric: "headline.occupiedBedsMean",
      replications: 8,
    });
    const diff = await runSensitivity(plan, executor);
    expect(diff.outcome).toBe("slower − baseline");
    // slower keeps everyone 0.5 d longer: λ·0.5 more beds.
    expect(covers(diff.central, (0.5 * (A + B)) / 2)).toBe(true);
    expect(diff.bars[0]!.key).toBe(RATE);
    expect(covers(diff.bars[0]!.swing, 0.5 * (P90 - P10))).toBe(true);
    expect(diff.bars[1]!.swing.mean).toBe(0);
  });

  it("refuses a scenario without uncertain inputs, and an unknown metric", () => {
    const plain = {
      file: "plain.yaml",
      text: toyScenario(false).replace(/costPerOccupiedBedDay: .*/, "costPerOccupiedBedDay: 500"),
      sha256: "plain",
    };
    expect(() =>
      planSensitivity(plain, {
        variants: ["baseline"],
        metric: "headline.occupiedBedsMean",
        replications: 5,
      }),
    ).toThrow(/no uncertain inputs/);
    expect(() =>
      planSensitivity(source, { variants: ["baseline"], metric: "headline.nope", replications: 5 }),
    ).toThrow(/no metric "headline.nope"/);
  });
});

describe("bootstrap intervals of the variance shares", () => {
  // y = 3·x1 plus a small wobble, x2 not in the formula.
  const n = 40;
  const x1 = Array.from({ length: n }, (_, i) => ((i * 37) % n) / n);
  const x2 = Array.from({ length: n }, (_, i) => ((i * 11 + 5) % n) / n);
  const wobble = Array.from({ length: n }, (_, i) => (((i * 23) % 7) - 3) / 100);
  const y = x1.map((a, i) => 3 * a + wobble[i]!);

  it("is reproducible from the seed and moves with it", () => {
    expect(shareIntervals([x1, x2], y, 7)).toEqual(shareIntervals([x1, x2], y, 7));
    expect(shareIntervals([x1, x2], y, 7)).not.toEqual(shareIntervals([x1, x2], y, 8));
  });

  it("holds the sample shares, and gives no interval to an input that never varied", () => {
    const { src } = standardisedRegression([x1, x2], y);
    const [one, two] = shareIntervals([x1, x2], y, 7);
    expect(one!.low).toBeLessThanOrEqual(src[0]! ** 2);
    expect(src[0]! ** 2).toBeLessThanOrEqual(one!.high);
    expect(two!.low).toBeLessThanOrEqual(src[1]! ** 2);
    expect(src[1]! ** 2).toBeLessThanOrEqual(two!.high);
    const constant = Array.from({ length: n }, () => 5);
    expect(shareIntervals([x1, constant], y, 7)[1]).toBeNull();
  });
});

describe("standardised regression", () => {
  it("recovers known coefficients of an exact linear model", () => {
    const x1 = [1, 2, 3, 4, 5, 6, 7, 8];
    const x2 = [3, 1, 4, 1, 5, 9, 2, 6];
    const y = x1.map((a, i) => 2 * a - 3 * x2[i]!);
    const { src, rSquared } = standardisedRegression([x1, x2], y);
    const sd = (v: number[]) => {
      const m = v.reduce((s, a) => s + a, 0) / v.length;
      return Math.sqrt(v.reduce((s, a) => s + (a - m) ** 2, 0) / (v.length - 1));
    };
    expect(src[0]).toBeCloseTo((2 * sd(x1)) / sd(y), 10);
    expect(src[1]).toBeCloseTo((-3 * sd(x2)) / sd(y), 10);
    expect(rSquared).toBeCloseTo(1, 10);
  });
});

describe("careflow sensitivity", () => {
  const dir = tempDir("careflow-sensitivity-");
  it("writes the tornado as a valid Vega-Lite spec, SVG and CSV, and prints the ranking", () => {
    const file = writeScenario(dir, "toy.yaml", toyScenario());
    const out = join(dir, "out");
    // Eight replications: enough for a regression on two inputs and its bootstrap, so the CIs show.
    const run = runCli(["sensitivity", file, "-n", "8", "--workers", "1", "--no-progress", "--out", out]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/1 {2}groups\.everyone\.arrivals\.perDay 84 → 116/);
    expect(readFileSync(join(out, "tornado.svg"), "utf8")).toMatch(/^<svg/);
    expect(readFileSync(join(out, "tornado.csv"), "utf8").split("\n")[0]).toBe(
      "rank,input,distribution,source,low_value,high_value,outcome_at_low,outcome_at_high,swing,swing_ci_low,swing_ci_high,variance_share,variance_share_ci_low,variance_share_ci_high",
    );
    const spec = JSON.parse(readFileSync(join(out, "charts", "tornado.vl.json"), "utf8"));
    const validate = schemaValidator();
    expect(validate(spec), JSON.stringify(validate.errors)).toBe(true);
    expect(compileWarnings(spec)).toEqual([]);
    expect(axisTitleProblems(spec)).toEqual([]);
    expect(readFileSync(join(out, "sensitivity.html"), "utf8")).toContain("careflow sensitivity report");
    const json = JSON.parse(readFileSync(join(out, "sensitivity.json"), "utf8"));
    expect(json.bars[0].key).toBe(RATE);
    expect(readFileSync(join(out, "variance-shares.csv"), "utf8").split("\n")[0]).toBe(
      "input,src,share,share_ci_low,share_ci_high",
    );
    expect(run.stdout).toMatch(/\d+\.\d% \(95% CI \d+\.\d% to \d+\.\d%\)/);
    expect(readFileSync(join(out, "sensitivity.html"), "utf8")).toMatch(/share of variance [\d.]+% \(95% CI/);
  });

  it("refuses a scenario with no uncertain inputs with exit code 2", () => {
    const file = writeScenario(dir, "plain.yaml", smallScenario());
    const run = runCli(["sensitivity", file, "-n", "3", "--no-progress", "--out", join(dir, "plain")]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("has no uncertain inputs");
  });
});
