/**
 * `careflow capacity` as a user runs it: the built dist/cli/bin.js in its own process (built by
 * test/global-setup.ts), writing to a temporary folder.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CapacityReport } from "../../src/capacity/types.js";
import { runCli } from "../cli-helpers.js";

const work = mkdtempSync(join(tmpdir(), "careflow-capacity-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe("careflow capacity", () => {
  it("analyses the acute medical take with 3 replications, as JSON, and writes its files", () => {
    const out = join(work, "acute");
    const result = runCli([
      "capacity",
      "scenarios/acute-medical.yaml",
      "--json",
      "--replications",
      "3",
      "--out",
      out,
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as CapacityReport;
    const wards = report.units.filter((u) => u.kind === "ward").map((u) => u.id);
    expect(wards).toEqual(["amu", "medicine", "older-people"]);
    expect(report.replications).toBe(3);
    for (const u of report.units) {
      expect(u.offeredLoad).toBeGreaterThan(0);
      expect(u.compare.meanBusy?.simulated.n).toBe(3);
    }
    for (const file of [
      "capacity.json",
      "wards.csv",
      "beds-by-hour.csv",
      "charts/capacity-demand-by-hour.vl.json",
      "charts/capacity-blocking-vs-beds.vl.json",
      "charts/capacity-occupancy-vs-full.vl.json",
      "charts/capacity-demand-by-hour.svg",
      "charts/capacity-blocking-vs-beds.svg",
      "charts/capacity-occupancy-vs-full.svg",
    ]) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    const csv = readFileSync(join(out, "beds-by-hour.csv"), "utf8").trim().split("\n");
    expect(csv.length).toBe(1 + 3 * 168);
    // index.html (like every report): headline, tables and charts on one self-contained page,
    // with --json stdout still pure JSON.
    expect(existsSync(join(out, "capacity.html"))).toBe(false);
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import|@font-face/i);
    expect(html).not.toMatch(/url\(\s*['"]?https?:/i);
    // vega, vega-lite, vega-embed, the specs and the bootstrap: nothing else, and each closed.
    expect(html.match(/<script\b/gi)).toHaveLength(5);
    expect(html.match(/<\/script>/gi)).toHaveLength(5);
    for (const name of [
      "capacity-demand-by-hour",
      "capacity-blocking-vs-beds",
      "capacity-occupancy-vs-full",
    ]) {
      expect(html).toContain(`data-chart="${name}"`);
    }
    expect(html).toContain("careflow capacity report");
    // The terminal's tables and the headline are on the page; the JSON carries the same headline.
    expect(html).toContain("Beds for blocking ≤ 5.0%");
    const headline = (report as CapacityReport & { headline: string[] }).headline;
    expect(headline.length).toBeGreaterThan(0);
    for (const sentence of headline) {
      expect(html).toContain(
        sentence.replaceAll("&", "&amp;").replaceAll('"', "&quot;").replaceAll("'", "&#39;"),
      );
    }
  });

  it("prints tables, and staff by hour for a scenario with rosters", () => {
    const out = join(work, "skill-mix");
    const result = runCli(["capacity", "scenarios/skill-mix.yaml", "--replications", "0", "--out", out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Beds for blocking ≤ 5\.0%/);
    expect(result.stdout).toMatch(/Staff: MOL/);
    const csv = readFileSync(join(out, "staff-by-hour.csv"), "utf8").trim().split("\n");
    expect(csv.length).toBe(1 + 168);
    expect(csv[0]).toMatch(/needed_senior-review/);
  });

  it("exits 2 on a bad file or a bad option", () => {
    const bad = join(work, "bad.yaml");
    writeFileSync(bad, "name: broken\nwards: []\n");
    const missing = runCli([
      "capacity",
      join(work, "nowhere.yaml"),
      "--replications",
      "0",
      "--out",
      join(work, "x"),
    ]);
    expect(missing.code).toBe(2);
    const invalid = runCli(["capacity", bad, "--replications", "0", "--out", join(work, "y")]);
    expect(invalid.code).toBe(2);
    expect(invalid.stderr).toMatch(/wards/);
    const option = runCli(["capacity", "scenarios/acute-medical.yaml", "--target-blocking", "150%"]);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/--target-blocking/);
  });
});
