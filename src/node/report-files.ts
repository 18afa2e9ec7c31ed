/**
 * Writes a report folder: index.html (self-contained, opens offline) and, for each chart, its
 * Vega-Lite spec and a rendered SVG for slides. Each file is written atomically, so a reader
 * never opens a half-written report; the HTML goes last, so once it exists the charts it
 * mentions exist too.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { BATCH_CHARTS } from "../report/batch-charts.js";
import { type BatchReportInput, batchReportCharts, renderBatchReportHtml } from "../report/batch-html.js";
import type { NamedChart } from "../report/charts.js";
import { type ReportInput, renderReportHtml, reportCharts } from "../report/html.js";
import { renderSvg } from "../report/svg.js";
import { writeFileAtomic } from "./files.js";

const chartFiles = (outDir: string, name: string): [string, string] => [
  join(outDir, "charts", `${name}.vl.json`),
  join(outDir, "charts", `${name}.svg`),
];

/** Writes each chart's spec and SVG, then the page; returns the paths written, index.html last. */
async function writeReportFiles(
  outDir: string,
  charts: readonly NamedChart[],
  html: (charts: readonly NamedChart[]) => string,
): Promise<string[]> {
  const written: string[] = [];
  for (const chart of charts) {
    const [specPath, svgPath] = chartFiles(outDir, chart.name);
    writeFileAtomic(specPath, `${JSON.stringify(chart.spec, null, 2)}\n`);
    writeFileAtomic(svgPath, await renderSvg(chart.spec));
    written.push(specPath, svgPath);
  }
  const htmlPath = join(outDir, "index.html");
  writeFileAtomic(htmlPath, html(charts));
  written.push(htmlPath);
  return written;
}

/** Returns the paths written, index.html last. */
export function writeReport(outDir: string, input: ReportInput): Promise<string[]> {
  return writeReportFiles(outDir, reportCharts(input), (charts) => renderReportHtml(input, charts));
}

/**
 * The batch report. A batch folder is rewritten in place (resume, overwrite, merge into the same
 * folder), so a chart of an earlier report that this batch has no data for is removed rather
 * than left to pass for this batch's; only files named like our own charts are touched.
 */
export function writeBatchReport(outDir: string, input: BatchReportInput): Promise<string[]> {
  const charts = batchReportCharts(input);
  const built = new Set(charts.map((c) => c.name));
  for (const { name } of BATCH_CHARTS) {
    if (!built.has(name)) for (const path of chartFiles(outDir, name)) rmSync(path, { force: true });
  }
  return writeReportFiles(outDir, charts, (c) => renderBatchReportHtml(input, c));
}
