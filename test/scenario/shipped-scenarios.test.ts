/** Every scenario shipped in scenarios/, and every variant of it, validates and runs. */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { simulateScenario } from "../../src/model/run.js";
import { readScenarioFile } from "../../src/node/scenario-file.js";
import { validateParsed } from "../../src/scenario/parse.js";

const files = readdirSync("scenarios").filter((f) => f.endsWith(".yaml"));

describe("shipped scenarios", () => {
  it("include the ones the README and npm start use", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "acute-medical.yaml",
        "theatre-lists.yaml",
        "eras-prehab.yaml",
        "skill-mix.yaml",
      ]),
    );
  });

  for (const file of files) {
    it(`${file}: every variant validates and a fortnight of it runs, conserving patients`, () => {
      const parsed = readScenarioFile(`scenarios/${file}`);
      const variants = [undefined, ...Object.keys((parsed.raw.variants ?? {}) as object)];
      for (const variant of variants) {
        const loaded = validateParsed(parsed, variant);
        const scenario = {
          ...loaded.scenario,
          run: { ...loaded.scenario.run, warmup: 0, horizon: 14 * 1440 },
        };
        const { summary } = simulateScenario(scenario);
        const c = summary.conservation;
        expect(c.initialPatients + c.arrived + c.electiveAdmissions).toBe(
          c.discharged + c.inBeds + c.waitingForBed + c.diverted,
        );
        expect(summary.complete).toBe(true);
      }
    });
  }
});
