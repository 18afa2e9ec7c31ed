/**
 * Work bounded by the size of the input, not by the numbers in it: `careflow capacity -n 0` on a
 * ward of a billion beds, or on a staffing scenario with a million admissions a day, finishes
 * (Erlang B in O(√c), the cheapest team without a search). The timeout is a safety net only.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CapacityReport } from "../../src/capacity/types.js";
import { ROOT, runCli } from "../cli-helpers.js";

const work = mkdtempSync(join(tmpdir(), "careflow-capacity-large-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function changed(scenario: string, from: RegExp, to: string): string {
  const text = readFileSync(join(ROOT, "scenarios", scenario), "utf8");
  const edited = text.replace(from, to);
  expect(edited).not.toBe(text);
  const file = join(work, `${to.replace(/\W+/g, "-")}-${scenario}`);
  writeFileSync(file, edited);
  return file;
}

describe("careflow capacity -n 0 on huge numbers", () => {
  it("a ward of 1e9 beds", () => {
    const file = changed("acute-medical.yaml", /beds: 160\b/, "beds: 1e9");
    const result = runCli(["capacity", file, "-n", "0", "--json", "--out", join(work, "beds")]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as CapacityReport;
    const amu = report.units.find((u) => u.id === "amu")!;
    expect(amu.capacity).toBe(1e9);
  }, 120_000);

  it("a million emergency admissions a day with skill-mix staffing", () => {
    const file = changed("skill-mix.yaml", /perDay: 18\b/, "perDay: 1e6");
    const result = runCli(["capacity", file, "-n", "0", "--json", "--out", join(work, "staff")]);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as CapacityReport;
    expect(report.staff?.hours.length).toBe(168);
  }, 120_000);
});
