/**
 * The elective waiting list counts everyone waiting for surgery, booked onto a list or not (the
 * referral-to-treatment definition). Counting only the unbooked made the last weekly point jump at
 * every run's end: sessions after the end are never booked, so their patients stayed on the count.
 * With the booked counted, the list is a stock that only referrals fill and operations empty.
 */
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { simulateScenario } from "../../src/model/run.js";
import { readScenarioFile } from "../../src/node/scenario-file.js";
import { validateParsed } from "../../src/scenario/parse.js";

function run(name: string, horizon: string) {
  const file = fileURLToPath(new URL(`../../scenarios/${name}.yaml`, import.meta.url));
  const loaded = validateParsed(readScenarioFile(file), undefined, {
    "run.horizon": horizon,
    "run.warmup": "28d",
  });
  return simulateScenario(loaded.scenario, { variant: loaded.variant, scenarioName: loaded.scenario.name });
}

describe("the elective waiting list", () => {
  for (const name of ["theatre-lists", "eras-prehab"]) {
    it(`${name}: from the first weekly count to the end, changes by referrals less operations, exactly`, () => {
      const result = run(name, "59d");
      const t = result.summary.theatres!;
      const first = result.waitingList[0]!;
      expect(first.week).toBe(0);
      expect(t.cases).toBeGreaterThan(0);
      expect(t.waitingListAtEnd - first.size).toBe(t.referrals - t.cases);
    });
  }

  it("gives a last weekly point at the run's end equal to the list at the end, whole weeks observed", () => {
    const result = run("theatre-lists", "56d");
    const last = result.waitingList[result.waitingList.length - 1]!;
    expect(last.week).toBe(8);
    expect(last.size).toBe(result.summary.theatres!.waitingListAtEnd);
  });
});
