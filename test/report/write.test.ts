import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { writeReport } from "../../src/node/report-files.js";
import { buildCharts } from "../../src/report/charts.js";
import { acuteInput, dataMarks } from "./fixtures.js";

describe("writeReport", () => {
  const dir = mkdtempSync(join(tmpdir(), "careflow-report-"));
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    vi.restoreAllMocks();
  });

  it("writes a spec and an SVG with marks per chart, then index.html, with no Vega warning", async () => {
    const warn = vi.spyOn(console, "warn");
    const input = acuteInput();
    const charts = buildCharts({ results: input.results, scenario: input.scenario });
    const written = await writeReport(dir, input);
    expect(written.at(-1)).toBe(join(dir, "index.html"));
    expect(written).toHaveLength(charts.length * 2 + 1);
    for (const path of written) expect(existsSync(path), path).toBe(true);
    for (const chart of charts) {
      const spec: unknown = JSON.parse(readFileSync(join(dir, "charts", `${chart.name}.vl.json`), "utf8"));
      expect(spec, chart.name).toEqual(JSON.parse(JSON.stringify(chart.spec)));
      const svg = readFileSync(join(dir, "charts", `${chart.name}.svg`), "utf8");
      expect(svg.startsWith("<svg"), chart.name).toBe(true);
      expect(dataMarks(svg), chart.name).toBeGreaterThan(0);
      expect(svg, chart.name).toContain(chart.title);
    }
    // Atomic writes leave no temporary files behind.
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(readdirSync(join(dir, "charts")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
    expect(readFileSync(join(dir, "index.html"), "utf8")).toContain('data-chart="occupancy"');
    expect(warn).not.toHaveBeenCalled();
  });
});
