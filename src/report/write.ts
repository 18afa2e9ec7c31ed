/**
 * Writes a report folder: index.html (self-contained, opens offline) and, for each chart, its
 * Vega-Lite spec and a rendered SVG for slides. Each file is written atomically, so a reader
 * never opens a half-written report; the HTML goes last, so once it exists the charts it
 * mentions exist too.
 */
import { join } from "node:path";
import { writeFileAtomic } from "../output/files.js";
import { type ReportInput, renderReportHtml, reportCharts } from "./html.js";
import { renderSvg } from "./svg.js";

/** Returns the paths written, index.html last. */
export async function writeReport(outDir: string, input: ReportInput): Promise<string[]> {
  const charts = reportCharts(input);
  const written: string[] = [];
  for (const chart of charts) {
    const specPath = join(outDir, "charts", `${chart.name}.vl.json`);
    writeFileAtomic(specPath, `${JSON.stringify(chart.spec, null, 2)}\n`);
    written.push(specPath);
    const svgPath = join(outDir, "charts", `${chart.name}.svg`);
    writeFileAtomic(svgPath, await renderSvg(chart.spec));
    written.push(svgPath);
  }
  const htmlPath = join(outDir, "index.html");
  writeFileAtomic(htmlPath, renderReportHtml(input, charts));
  written.push(htmlPath);
  return written;
}
