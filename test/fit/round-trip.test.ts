/**
 * Generate, fit, simulate: the fitted scenario's mean occupancy matches the generator's own
 * λ·E[stay] per ward (Little's law for an infinite-server ward; the beds are sized at 85% so few
 * wait). The tolerance is four standard errors, from three independent sources:
 * - the simulated year's time-average of an M/G/∞ occupancy: Var ≈ λ·E[S²] / T;
 * - the fitted arrival rate: Var(λ̂) = λ / days, times E[S]²;
 * - the fitted mean stay: Var ≈ λ² · Var(S) / n (the sample mean's; the MLE is at least as good).
 */
import { describe, expect, it } from "vitest";
import { EXAMPLE_EXTRACT } from "../../src/fit/example-extract.js";
import { startFit } from "../../src/fit/index.js";
import { syntheticExtractLines, syntheticExtractTime } from "../../src/fit/synthetic.js";
import { simulateScenario } from "../../src/model/run.js";
import { loadScenarioText } from "../../src/scenario/parse.js";

describe("round trip: generate, fit, simulate", () => {
  it("the fitted scenario's occupancy covers the generator's, ward by ward", () => {
    const lines = syntheticExtractLines(EXAMPLE_EXTRACT);
    const fit = startFit(
      lines.next().value!.split(","),
      {},
      { extractTime: syntheticExtractTime(EXAMPLE_EXTRACT) },
      "example.csv",
    );
    let row = 2;
    for (const line of lines) fit.addRow(line.split(","), row++);
    const output = fit.finish();
    const { scenario } = loadScenarioText(output.scenario, "fitted.yaml");
    const result = simulateScenario(scenario, { seed: 5 });
    const years = scenario.run.horizon / (365 * 1440);
    // Generator: medical lognormal(6, 5); older-people 50/50 lognormal(1, 0.5) and gamma(20, shape 3).
    const truths = {
      amu: { perDay: 40, mean: 6, second: 6 * 6 + 5 * 5 },
      coop: { perDay: 15, mean: 0.5 * 1 + 0.5 * 20, second: 0.5 * (1 + 0.25) + 0.5 * (400 + 400 / 3) },
    };
    for (const [ward, t] of Object.entries(truths)) {
      const simulated = result.summary.wards.find((w) => w.id === ward)!.occupancyMean;
      const expected = t.perDay * t.mean;
      const spells = t.perDay * EXAMPLE_EXTRACT.days;
      const variance =
        (t.perDay * t.second) / (365 * years) +
        (t.perDay / EXAMPLE_EXTRACT.days) * t.mean ** 2 +
        (t.perDay ** 2 * (t.second - t.mean ** 2)) / spells;
      expect(Math.abs(simulated - expected), ward).toBeLessThan(4 * Math.sqrt(variance));
    }
  });
});
