/** `careflow fit` as a user runs it: files in, a valid scenario and a report out, exit codes. */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compile } from "vega-lite";
import { describe, expect, it } from "vitest";
import { syntheticExtractLines } from "../../src/fit/synthetic.js";
import { runCli } from "../cli-helpers.js";

const dir = mkdtempSync(join(tmpdir(), "careflow-fit-"));

function semicolonExtract(): string {
  const lines = [
    ...syntheticExtractLines({
      seed: 3,
      start: "2025-03-03",
      days: 60,
      dateOnlyShare: 0.05,
      groups: [
        {
          group: "surgery",
          ward: "ward-7",
          perDay: 20,
          stay: { dist: "gamma", mean: 4, shape: 2 },
          pathways: [0.9, 0.1, 0, 0],
        },
      ],
    }),
  ];
  // A spreadsheet's export: byte-order mark, semicolons, Windows line ends, a stray quote in a
  // field (kept as a character: a ward of one spell, too small to model) and a last line whose
  // quote never closes.
  const body = lines.map((l) => l.replaceAll(",", ";"));
  body.splice(5, 0, 'S0;surgery;ward"7;2025-03-03;10:00;;;');
  body.push('S00;surgery;"ward-7;2025-03-03;10:00;;;');
  return `\uFEFF${body.join("\r\n")}\r\n`;
}

describe("careflow fit", () => {
  it("fits a semicolon-delimited file with a byte-order mark and writes a scenario validate accepts", () => {
    const extract = join(dir, "extract.csv");
    writeFileSync(extract, semicolonExtract());
    const out = join(dir, "fitted.yaml");
    const report = join(dir, "report");
    const fit = runCli(["fit", extract, "--out", out, "--report", report]);
    expect(fit.stderr).toBe("");
    expect(fit.code).toBe(0);
    expect(fit.stdout).toMatch(/1 groups from \d+ of \d+ rows/);
    expect(runCli(["validate", out]).code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain('id: "surgery-ward-7"');
    expect(readdirSync(report).sort()).toEqual([
      "charts",
      "fit-report.md",
      "parameters.csv",
      "skipped-rows.csv",
    ]);
    const charts = readdirSync(join(report, "charts")).sort();
    expect(charts).toEqual([
      "surgery-ward-7-arrivals.vl.json",
      "surgery-ward-7-qq.vl.json",
      "surgery-ward-7-stay.vl.json",
    ]);
    for (const chart of charts) {
      const spec = JSON.parse(readFileSync(join(report, "charts", chart), "utf8"));
      expect(() => compile(spec), chart).not.toThrow();
    }
    const skipped = readFileSync(join(report, "skipped-rows.csv"), "utf8");
    expect(skipped).toMatch(/^row,reason\n\d+,malformed CSV record\n$/);
    expect(readFileSync(join(report, "fit-report.md"), "utf8")).toContain(
      "Groups with fewer than 5 spells are not modelled (<5 rows)",
    );
  });

  it("exits 2 with the reasons when no row is usable, and for an empty file", () => {
    const bad = join(dir, "bad.csv");
    writeFileSync(bad, "ward,admitted,discharged\namu,tomorrow,\namu,2026-01-05,2026-01-01\n");
    const result = runCli(["fit", bad, "--out", join(dir, "never.yaml")]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /no usable rows[\s\S]*row 2: unreadable admission date[\s\S]*row 3: discharge before admission/,
    );
    const empty = join(dir, "empty.csv");
    writeFileSync(empty, "");
    const none = runCli(["fit", empty, "--out", join(dir, "never.yaml")]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/the extract is empty/);
    expect(readdirSync(dir)).not.toContain("never.yaml");
  });

  it("refuses a --map that names no field", () => {
    const result = runCli(["fit", "x.csv", "--out", join(dir, "never.yaml"), "--map", "admission=ADM"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--map: "admission" is not a field/);
  });
});
