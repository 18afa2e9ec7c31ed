import { afterEach, describe, expect, it, vi } from "vitest";
import { buildCharts } from "../../src/report/charts.js";
import { renderSvg } from "../../src/report/svg.js";
import { acuteInput, dataMarks } from "./fixtures.js";

describe("renderSvg", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("renders a spec headless to a standalone SVG with marks, escaping user text, without warnings", async () => {
    const warn = vi.spyOn(console, "warn");
    const error = vi.spyOn(console, "error");
    const results = structuredClone(acuteInput().results);
    for (const r of results) for (const w of r.summary.wards) w.name = `<b>A & B</b> ${w.id}`;
    const chart = buildCharts({ results }).find((c) => c.name === "occupancy")!;
    const svg = await renderSvg(chart.spec);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg.trimEnd().endsWith("</svg>")).toBe(true);
    expect(dataMarks(svg)).toBeGreaterThan(0);
    expect(svg).toContain(chart.title);
    expect(svg).toContain("&lt;b&gt;A &amp; B&lt;/b&gt;");
    expect(svg).not.toContain("<b>");
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });
});
