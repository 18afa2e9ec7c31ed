/**
 * Uncertain inputs in the scenario file: found by a pre-pass, validated by the same schema at their
 * central value, drawn per replication from their own stream, and reported with path and line
 * when written wrongly.
 */
import { describe, expect, it } from "vitest";
import { runReplication, type ScenarioSource } from "../../src/batch/replication.js";
import { planBatch } from "../../src/batch/run.js";
import { normalCdf } from "../../src/engine/distributions.js";
import { loadScenarioText, parseScenarioText, validateParsed } from "../../src/scenario/parse.js";
import { type LocatedProblem, ScenarioError } from "../../src/scenario/problems.js";
import {
  centralValue,
  drawInputs,
  inputQuantile,
  type UncertainDistribution,
} from "../../src/scenario/uncertain.js";
import { smallScenario } from "../batch/helpers.js";

const UNCERTAIN_ASSESSMENT =
  "duration: { dist: lognormal, mean: { uncertain: { dist: triangular, min: 12h, mode: 1d, max: 3d }, source: assumed }, sd: 0.5d }";

function withUncertainty(text: string): string {
  return text
    .replace("duration: { dist: lognormal, mean: 1d, sd: 0.5d }", UNCERTAIN_ASSESSMENT)
    .replace(
      "arrivals: { perDay: 20 }",
      'arrivals: { perDay: { uncertain: { dist: uniform, min: 16, max: 24 }, source: "ward audit 2025" } }',
    );
}

function problemsOf(text: string): LocatedProblem[] {
  try {
    loadScenarioText(text, "t.yaml");
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems;
    throw error;
  }
  throw new Error("expected a ScenarioError");
}

const lineOf = (text: string, snippet: string) => text.split("\n").findIndex((l) => l.includes(snippet)) + 1;

describe("uncertain inputs in the scenario file", () => {
  const text = withUncertainty(smallScenario());

  it("are found with their dotted path and validated at their central values", () => {
    const loaded = loadScenarioText(text, "t.yaml");
    expect(loaded.inputs.map((i) => i.key)).toEqual([
      "groups.adult.arrivals.perDay",
      "discharge.standard.assessment.duration.mean",
    ]);
    const [perDay, assessment] = loaded.inputs;
    expect(perDay).toMatchObject({ unit: "number", source: "ward audit 2025", central: 20 });
    // Triangular: the central value is its mode, 1 day in minutes.
    expect(assessment).toMatchObject({ unit: "duration", source: "assumed", central: 1440 });
    expect(loaded.scenario.groups[0]!.arrivals.perDay).toBe(20);
    const duration = loaded.scenario.discharge.standard!.assessment.duration as { mean: number };
    expect(duration.mean).toBe(1440);
  });

  it("given values replace the central ones, and a variant's plain value fixes an input", () => {
    const parsed = parseScenarioText(
      text.replace(
        "    discharge.policy: d2a",
        "    discharge.policy: d2a\n    groups.adult.arrivals.perDay: 30",
      ),
      "t.yaml",
    );
    const given = {
      "groups.adult.arrivals.perDay": 23.5,
      "discharge.standard.assessment.duration.mean": 700,
    };
    const base = validateParsed(parsed, undefined, undefined, given);
    expect(base.scenario.groups[0]!.arrivals.perDay).toBe(23.5);
    expect((base.scenario.discharge.standard!.assessment.duration as { mean: number }).mean).toBe(700);
    expect(validateParsed(parsed, "d2a", undefined, given).scenario.groups[0]!.arrivals.perDay).toBe(30);
  });

  it("are refused with path and line when written wrongly", () => {
    const noSource = text.replace(', source: "ward audit 2025"', "");
    expect(problemsOf(noSource)).toEqual([
      expect.objectContaining({
        path: "groups[0].arrivals.perDay",
        line: lineOf(noSource, "uncertain: { dist: uniform"),
        message: expect.stringContaining("needs a source"),
      }),
    ]);
    const badDist = text.replace("dist: uniform, min: 16, max: 24", "dist: weibull, shape: 2, scale: 20");
    expect(problemsOf(badDist)[0]).toMatchObject({
      path: "groups[0].arrivals.perDay.uncertain.dist",
      message: expect.stringContaining("cannot describe an uncertain input"),
    });
    const backwards = text.replace("min: 12h, mode: 1d, max: 3d", "min: 12h, mode: 4d, max: 3d");
    expect(problemsOf(backwards)[0]!.message).toContain("mode must lie between min and max");
    const mixedUnits = text.replace("min: 12h, mode: 1d", "min: 12, mode: 1d");
    expect(problemsOf(mixedUnits)[0]).toMatchObject({
      path: "discharge.standard.assessment.duration.mean.uncertain.min",
      message: expect.stringContaining("duration with a unit"),
    });
    const inVariant = text.replace(
      "    discharge.policy: d2a",
      "    discharge.policy: d2a\n    run.horizon: { uncertain: { dist: uniform, min: 20d, max: 30d }, source: assumed }",
    );
    expect(problemsOf(inVariant)[0]).toMatchObject({
      path: "variants.d2a.run.horizon",
      line: lineOf(inVariant, "run.horizon: { uncertain"),
      message: expect.stringContaining("cannot be uncertain inside a variant"),
    });
    // The schema still has the last word on the central value: a negative rate is refused there.
    const negative = text.replace("min: 16, max: 24", "min: -24, max: -16");
    expect(problemsOf(negative).some((p) => p.path === "groups[0].arrivals.perDay")).toBe(true);
  });

  it("draw the same value for a replication whatever else is uncertain, and differ across replications", () => {
    const loaded = loadScenarioText(text, "t.yaml");
    const both = drawInputs(loaded.inputs, 7, 3);
    const alone = drawInputs([loaded.inputs[0]!], 7, 3);
    expect(alone["groups.adult.arrivals.perDay"]).toBe(both["groups.adult.arrivals.perDay"]);
    expect(drawInputs(loaded.inputs, 7, 3)).toEqual(both);
    const many = Array.from(
      { length: 50 },
      (_, r) => drawInputs(loaded.inputs, 7, r)["groups.adult.arrivals.perDay"]!,
    );
    expect(new Set(many).size).toBe(50);
    expect(Math.min(...many)).toBeGreaterThanOrEqual(16);
    expect(Math.max(...many)).toBeLessThanOrEqual(24);
  });
});

describe("input quantiles", () => {
  const cases: [UncertainDistribution, (x: number) => number][] = [
    [{ dist: "uniform", min: 2, max: 6 }, (x) => (x - 2) / 4],
    [{ dist: "triangular", min: 0, mode: 1, max: 4 }, (x) => (x <= 1 ? (x * x) / 4 : 1 - (4 - x) ** 2 / 12)],
    // PERT(0, 0.5, 1) is beta(3, 3), whose CDF is 10x³ − 15x⁴ + 6x⁵.
    [{ dist: "pert", min: 0, mode: 0.5, max: 1 }, (x) => 10 * x ** 3 - 15 * x ** 4 + 6 * x ** 5],
    [{ dist: "normal", mean: 10, sd: 2 }, (x) => normalCdf((x - 10) / 2)],
    [
      { dist: "lognormal", mean: 3, median: 2 },
      (x) => normalCdf((Math.log(x) - Math.log(2)) / Math.sqrt(2 * Math.log(1.5))),
    ],
  ];
  it.each(cases)("%o: the CDF at the p-th quantile is p", (d, cdf) => {
    for (const p of [0.01, 0.1, 0.25, 0.5, 0.9, 0.99]) expect(cdf(inputQuantile(d, p))).toBeCloseTo(p, 7);
  });
  it("central values are the written mode, else the median", () => {
    expect(centralValue({ dist: "triangular", min: 0, mode: 1, max: 4 })).toBe(1);
    expect(centralValue({ dist: "pert", min: 0, mode: 3, max: 4 })).toBe(3);
    expect(centralValue({ dist: "uniform", min: 2, max: 6 })).toBe(4);
    expect(centralValue({ dist: "lognormal", mean: 3, median: 2 })).toBeCloseTo(2, 12);
  });
});

describe("a drawn replication", () => {
  it("with no spread in any input, gives exactly the central replication's figures", () => {
    const flat = smallScenario({ horizon: "20d" }).replace(
      "duration: { dist: lognormal, mean: 1d, sd: 0.5d }",
      "duration: { dist: lognormal, mean: { uncertain: { dist: triangular, min: 1d, mode: 1d, max: 1d }, source: assumed }, sd: 0.5d }",
    );
    const source: ScenarioSource = { file: "flat.yaml", text: flat, sha256: "flat" };
    const variant = { name: "standard", base: "standard", overrides: {} };
    const central = runReplication({
      kind: "replication",
      series: false,
      source,
      variant,
      seed: 5,
      replication: 2,
    });
    const drawn = runReplication({
      kind: "replication",
      series: false,
      source,
      variant: { ...variant, inputs: "drawn" },
      seed: 5,
      replication: 2,
    });
    expect(drawn.inputs).toEqual({ "discharge.standard.assessment.duration.mean": 1440 });
    expect(drawn.metrics).toEqual(central.metrics);
    // And a spread input changes them: the test above could not pass by ignoring the draw.
    const spread: ScenarioSource = {
      file: "spread.yaml",
      text: flat.replace("min: 1d, mode: 1d, max: 1d", "min: 6h, mode: 1d, max: 4d"),
      sha256: "spread",
    };
    const other = runReplication({
      kind: "replication",
      series: false,
      source: spread,
      variant: { ...variant, inputs: "drawn" },
      seed: 5,
      replication: 2,
    });
    expect(other.metrics).not.toEqual(central.metrics);
  });
});

describe("planning a batch with uncertain inputs", () => {
  const bedsText = (round: string) =>
    smallScenario().replace(
      "beds: 30",
      `beds: { uncertain: { dist: uniform, min: 25, max: 35 }, source: assumed${round} }`,
    );
  // The parsed-file cache keys on sha256, so each text needs its own.
  const plan = (text: string) =>
    planBatch(
      { variants: ["standard", "d2a"], replications: 3 },
      { file: "b.yaml", text, sha256: `b${text.length}` },
      "/b.yaml",
    );

  it("refuses a range the scenario cannot take before any replication runs, saying how to fix it", () => {
    let error: unknown;
    try {
      plan(bedsText(""));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ScenarioError);
    const problem = (error as ScenarioError).problems[0]!;
    expect(problem.path).toBe("wards[0].beds");
    expect(problem.message).toContain("when wards.amu.beds is drawn at its 0.1st percentile");
    expect(problem.message).toContain("add round: true");
  });

  it("adds a drawn twin of every variant and lists the inputs in the manifest", () => {
    const manifest = plan(bedsText(", round: true"));
    expect(manifest.variants.map((v) => [v.name, v.inputs])).toEqual([
      ["standard", undefined],
      ["d2a", undefined],
      ["standard (inputs drawn)", "drawn"],
      ["d2a (inputs drawn)", "drawn"],
    ]);
    expect(manifest.uncertainInputs).toEqual([
      expect.objectContaining({ key: "wards.amu.beds", central: 30, p10: 26, p90: 34, source: "assumed" }),
    ]);
    expect(plan(smallScenario()).variants.map((v) => v.name)).toEqual(["standard", "d2a"]);
  });
});
