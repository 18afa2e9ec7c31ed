import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { simulateScenario } from "../../src/model/run.js";
import { writeRunFiles } from "../../src/node/run-files.js";
import { loadScenario } from "../../src/node/scenario-file.js";
import { toCsv } from "../../src/output/csv.js";

describe("run files", () => {
  it("writes the staff tables for a scenario with staff, summary last", () => {
    const loaded = loadScenario("scenarios/skill-mix.yaml");
    const scenario = { ...loaded.scenario, run: { ...loaded.scenario.run, warmup: 0, horizon: 7 * 1440 } };
    const result = simulateScenario(scenario);
    const out = mkdtempSync(join(tmpdir(), "careflow-files-"));
    const written = writeRunFiles(out, result);
    expect(written).toEqual(
      expect.arrayContaining(["staff.csv", "tasks.csv", "staff-by-hour.csv", "safe-staffing.csv"]),
    );
    expect(written[written.length - 1]).toBe("summary.json");
    const staff = readFileSync(join(out, "staff.csv"), "utf8").trim().split("\n");
    expect(staff[0]).toBe("id,name,hourlyCost,rosteredHours,busyHours,utilisation,overtimeHours,cost");
    expect(staff).toHaveLength(1 + result.summary.staff!.roles.length);
    const byHour = readFileSync(join(out, "staff-by-hour.csv"), "utf8").trim().split("\n");
    expect(byHour).toHaveLength(1 + 168);
    expect(byHour[1]!.startsWith("Mon,0,")).toBe(true);
  });

  it("quotes CSV cells that need it and defuses spreadsheet formulas", () => {
    const csv = toCsv([{ a: 'say "hi", then go', b: "=SUM(A1)", c: -3, d: Number.NaN }]);
    expect(csv).toBe(`a,b,c,d\n"say ""hi"", then go",'=SUM(A1),-3,\n`);
  });
});
