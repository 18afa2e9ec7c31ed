/**
 * `careflow capacity`'s files: the tables as CSV, each chart's Vega-Lite spec, the page, and
 * capacity.json last (once it exists, the files it summarises exist too).
 */

import { staffHourRows, unitRows, wardHourRows } from "../capacity/format.js";
import type { CapacityReport } from "../capacity/types.js";
import { toCsv } from "../output/csv.js";
import { buildCapacityCharts } from "./capacity-charts.js";
import type { ReportEnvironment } from "./environment.js";
import { renderNamedChartsHtml } from "./named-charts-html.js";

export function capacityFiles(report: CapacityReport, environment: ReportEnvironment): [string, string][] {
  const files: [string, string][] = [
    ["wards.csv", toCsv(unitRows(report))],
    ["beds-by-hour.csv", toCsv(wardHourRows(report))],
  ];
  if (report.staff !== null) files.push(["staff-by-hour.csv", toCsv(staffHourRows(report.staff))]);
  const charts = buildCapacityCharts(report);
  for (const chart of charts) {
    files.push([`charts/${chart.name}.vl.json`, `${JSON.stringify(chart.spec, null, 2)}\n`]);
  }
  files.push(["capacity.html", capacityHtml(report, charts, environment)]);
  files.push(["capacity.json", `${JSON.stringify(report, null, 2)}\n`]);
  return files;
}

const percent = (x: number): string => `${Math.round(1000 * x) / 10}%`;

function capacityHtml(
  report: CapacityReport,
  charts: ReturnType<typeof buildCapacityCharts>,
  environment: ReportEnvironment,
): string {
  const { targets } = report;
  return renderNamedChartsHtml({
    title: report.scenario,
    kind: "careflow capacity report",
    facts: [
      [
        "Variant",
        `${report.variant} (${report.policy === "d2a" ? "Discharge to Assess" : "standard discharge"})`,
      ],
      [
        "Targets",
        `blocking ≤ ${percent(targets.blocking)}, occupancy ≤ ${percent(targets.occupancy)}, delay ≤ ${percent(targets.delay)}`,
      ],
      ["Simulated replications", `${report.replications} (seed ${report.seed})`],
    ],
    charts,
    notes: [
      report.method.stationary,
      report.method.timeVarying,
      report.method.staffing,
      ...report.method.survival,
      ...report.method.notes,
    ].filter((n) => n.trim() !== ""),
    environment,
  });
}
