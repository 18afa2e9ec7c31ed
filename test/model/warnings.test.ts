import { describe, expect, it } from "vitest";
import { simulateScenario } from "../../src/model/run.js";
import { readScenarioFile } from "../../src/node/scenario-file.js";
import { validateParsed } from "../../src/scenario/parse.js";
import { singleWard } from "./builders.js";

describe("warnings about demand beyond capacity", () => {
  it("an overloaded ward is flagged before the run (offered load) and after it (a growing queue)", () => {
    // 10 admissions a day for 1 day each on 5 beds: offered load 10 against 5.
    const { summary } = simulateScenario(
      singleWard({ beds: 5, perDay: 10, meanStay: "1d", horizon: "60d", warmup: "0d" }),
    );
    expect(summary.warnings.some((w) => w.startsWith('unstable: ward "ward" is offered 10.0 beds'))).toBe(
      true,
    );
    expect(summary.warnings.some((w) => w.startsWith("growing:") && w.includes('ward "ward"'))).toBe(true);
  });

  it("a busy but stable ward is not flagged", () => {
    // ρ = 0.85 on 20 beds: queues come and go.
    const { summary } = simulateScenario(
      singleWard({ beds: 20, perDay: 17, meanStay: "1d", horizon: "365d", warmup: "10d" }),
    );
    expect(summary.warnings).toEqual([]);
  });

  it("the weekly cycle is not growth: a queue high after a weekend, in a stable run, is not flagged", () => {
    // acute-medical's from-today variant runs 56 days from a Monday, so it ends at Monday 00:00,
    // when the weekend's few discharges have left a queue; it was once called "growing".
    const parsed = readScenarioFile("scenarios/acute-medical.yaml");
    const scenario = validateParsed(parsed, "from-today").scenario;
    for (const seed of [1, 2, 3]) {
      const { summary } = simulateScenario(scenario, { seed });
      // A queue at the end above the growth rule's end threshold for the AMU (max(10, 10% of 160)).
      expect(summary.conservation.waitingForBed).toBeGreaterThanOrEqual(16);
      expect(summary.warnings.filter((w) => w.startsWith("growing:"))).toEqual([]);
      expect(summary.stability.verdict).toBe("stable");
    }
  }, 120_000);
});
