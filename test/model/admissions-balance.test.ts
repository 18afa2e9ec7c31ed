/**
 * The daily admissions and discharges balance the beds: over the observed window, every admission
 * to a bed (emergency or planned surgery) less every discharge is exactly the change in patients in
 * beds. A kind of patient missing from either daily count (as planned surgery once was from the
 * admissions) breaks the balance, and the admissions-discharges chart would mislead.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { simulateScenario } from "../../src/model/run.js";
import { readScenarioFile } from "../../src/node/scenario-file.js";
import { admissionsDischargesChart } from "../../src/report/charts.js";
import { validateParsed } from "../../src/scenario/parse.js";

const SHORT = { "run.horizon": "42d", "run.warmup": "14d" };

function run(name: string, variant?: string) {
  const file = fileURLToPath(new URL(`../../scenarios/${name}.yaml`, import.meta.url));
  const loaded = validateParsed(readScenarioFile(file), variant, SHORT);
  return simulateScenario(loaded.scenario, { variant: loaded.variant, scenarioName: loaded.scenario.name });
}

const total = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("admissions less discharges is the change in patients in beds", () => {
  for (const [name, variant] of [
    ["theatre-lists", undefined],
    ["eras-prehab", undefined],
    ["acute-medical", "d2a"],
  ] as const) {
    it(`${name}${variant === undefined ? "" : ` (${variant})`}`, () => {
      const result = run(name, variant);
      const u = result.summary.unmetDemand;
      // The surgical scenarios do admit planned patients, so leaving them out would break the sum.
      if (name !== "acute-medical") expect(u.electiveAdmissions).toBeGreaterThan(0);
      const admitted = total(result.daily.map((d) => d.admissions + (d.elective_admissions ?? 0)));
      const discharged = total(result.daily.map((d) => d.discharges));
      expect(admitted - discharged).toBe(u.atEnd.inBeds - u.inAtStart.inBeds);
      // The daily planned admissions are the summary's, day by day summed.
      expect(total(result.daily.map((d) => d.elective_admissions ?? 0))).toBe(u.electiveAdmissions);
      // And the chart's admissions line carries them.
      const spec = admissionsDischargesChart({ results: [result] }) as unknown as {
        data: { values: { series: string; count: number }[] };
      };
      const line = (series: string) =>
        total(spec.data.values.filter((v) => v.series === series).map((v) => v.count));
      expect(line("Admissions") - line("Discharges")).toBe(u.atEnd.inBeds - u.inAtStart.inBeds);
    });
  }
});
