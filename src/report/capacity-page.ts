/**
 * `careflow capacity`'s files: the tables as CSV, each chart's Vega-Lite spec and SVG, the page
 * (index.html, like every other report: headline, the terminal's tables and reasons, charts), and
 * capacity.json last (once it exists, the files it summarises exist too).
 */

import { capacityTables, staffHourRows, unitRows, wardHourRows } from "../capacity/format.js";
import type { CapacityReport } from "../capacity/types.js";
import { toCsv } from "../output/csv.js";
import { buildCapacityCharts } from "./capacity-charts.js";
import type { ReportEnvironment } from "./environment.js";
import { escapeHtml as e } from "./escape.js";
import { capacityHeadline } from "./headline.js";
import { renderNamedChartsHtml } from "./named-charts-html.js";
import { renderSvg } from "./svg.js";

export const CAPACITY_PAGE = "index.html";

export async function capacityFiles(
  report: CapacityReport,
  environment: ReportEnvironment,
): Promise<[string, string][]> {
  const files: [string, string][] = [
    ["wards.csv", toCsv(unitRows(report))],
    ["beds-by-hour.csv", toCsv(wardHourRows(report))],
  ];
  if (report.staff !== null) files.push(["staff-by-hour.csv", toCsv(staffHourRows(report.staff))]);
  const charts = buildCapacityCharts(report);
  for (const chart of charts) {
    files.push([`charts/${chart.name}.vl.json`, `${JSON.stringify(chart.spec, null, 2)}\n`]);
    files.push([`charts/${chart.name}.svg`, await renderSvg(chart.spec)]);
  }
  files.push([CAPACITY_PAGE, capacityHtml(report, charts, environment)]);
  files.push(["capacity.json", `${JSON.stringify(report, null, 2)}\n`]);
  return files;
}

const percent = (x: number): string => `${Math.round(1000 * x) / 10}%`;

/** The terminal's tables, as HTML: figures down, one column per ward or service. */
function tablesSection(report: CapacityReport): string {
  const tables = capacityTables(report).map((t) => {
    const head = t.header.map((h, i) => `<th scope="col">${i === 0 ? "Figure" : e(h)}</th>`).join("");
    const rows = t.body
      .map(
        ([label, ...cells]) =>
          `<tr><th scope="row"${label!.startsWith("  ") ? ' class="sub"' : ""}>${e(label!.trim())}</th>${cells.map((c) => `<td>${e(c)}</td>`).join("")}</tr>`,
      )
      .join("\n");
    return `<h3>${e(t.title)}</h3>
<div class="table-scroll"><table class="figures"><thead><tr>${head}</tr></thead><tbody>
${rows}
</tbody></table></div>`;
  });
  return `<section id="tables"><h2>Capacity needed</h2>
<p class="note">Queueing formulas (Erlang B and C, offered load a = arrivals × time held) beside the simulation's means with ${Math.round(100 * report.confidence)}% confidence intervals, as <code>careflow capacity</code> prints them.</p>
${tables.join("\n")}
</section>`;
}

/** Where the formulas and the simulation disagree, and why, in plain words. */
function reasonsSection(report: CapacityReport): string {
  const flagged = report.units.filter((u) => u.flag !== null);
  if (flagged.length === 0) {
    return report.replications > 1
      ? `<section id="reasons"><h2>Formulas and simulation</h2><p>The formulas and the simulation agree within the confidence intervals.</p></section>`
      : "";
  }
  const items = flagged.map(
    (u) =>
      `<li><b>${e(u.name)}</b>: ${e(u.flag!)}${u.reasons.length > 0 ? `<ul>${u.reasons.map((r) => `<li>${e(r)}</li>`).join("")}</ul>` : ""}</li>`,
  );
  return `<section id="reasons"><h2>Where the formulas and the simulation disagree</h2><ul>${items.join("\n")}</ul></section>`;
}

function capacityHtml(
  report: CapacityReport,
  charts: ReturnType<typeof buildCapacityCharts>,
  environment: ReportEnvironment,
): string {
  const { targets } = report;
  const reasons = reasonsSection(report);
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
    headline: capacityHeadline(report),
    toc: [
      ["tables", "Capacity needed"],
      ...(reasons === "" ? [] : ([["reasons", "Formulas and simulation"]] as [string, string][])),
    ],
    sections: [tablesSection(report), reasons],
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
