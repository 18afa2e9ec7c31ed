/**
 * The report as ONE self-contained HTML file: Vega, Vega-Lite and vega-embed are inlined from
 * node_modules and every chart's data travels inside the page, so it opens by double-click on a
 * PC with no internet and makes no network request.
 *
 * Safety: every piece of user text (scenario name, description, ids, names) is HTML-escaped, and
 * the chart specs are embedded as JSON with `<` escaped, so no text can close the script element.
 */
import { DAY } from "../engine/time.js";
import type { RunResult, RunSummary } from "../model/summary.js";
import type { Scenario } from "../scenario/schema.js";
import { buildCharts, type NamedChart, withDistinctVariants } from "./charts.js";
import type { ReportEnvironment } from "./environment.js";
import { escapeHtml as e, jsonForScript } from "./escape.js";
import { figureApplies, KEY_FIGURES } from "./figures.js";
import { type HeadlineLine, runsHeadline } from "./headline.js";
import { formatSeconds, renderMethodSection } from "./method.js";
import { FONT_STACK } from "./theme.js";

export interface ReportInput {
  results: RunResult[];
  scenario: Scenario;
  scenarioFile: string;
  runSeconds: number;
  environment: ReportEnvironment;
  /** Overrides the environment's careflow version (tests). */
  careflowVersion?: string;
  /** Variants run for another length, left out of this comparison (they have pages of their own). */
  otherLengths?: readonly RunSummary[];
}

export function reportCharts(input: ReportInput): NamedChart[] {
  return buildCharts({ results: input.results, scenario: input.scenario });
}

// ---------------------------------------------------------------------------------------------

const CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { font-family: ${FONT_STACK}; color: #1a1a1a; background: #fff; margin: 0; line-height: 1.45; font-size: 15px; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 28px 48px; }
h1 { font-size: 1.7rem; margin: 0 0 4px; line-height: 1.25; }
h2 { font-size: 1.3rem; margin: 36px 0 12px; padding-bottom: 4px; border-bottom: 2px solid #0072B2; }
h3 { font-size: 1.05rem; margin: 24px 0 8px; }
.kicker { text-transform: uppercase; letter-spacing: 0.06em; font-size: 0.78rem; color: #555; margin: 0 0 6px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 16px 0 0; font-size: 0.92rem; }
dl.meta dt { color: #555; }
dl.meta dd { margin: 0; }
nav.toc { font-size: 0.9rem; margin: 20px 0 0; padding: 10px 14px; background: #f5f7fa; border-radius: 4px; }
nav.toc a { color: #0b5a8c; margin-right: 14px; white-space: nowrap; }
.warnings { border-left: 4px solid #D55E00; background: #fff4ec; padding: 10px 14px; margin: 20px 0; }
.warnings ul { margin: 4px 0 0; padding-left: 20px; }
section.headline { border-left: 4px solid #0072B2; background: #f2f8fc; padding: 10px 14px; margin: 20px 0; }
section.headline h2 { margin: 0 0 6px; border: 0; padding: 0; font-size: 1.15rem; }
section.headline ul { margin: 0; padding-left: 20px; }
section.headline li { margin: 3px 0; }
section.headline li.warning { color: #8a2a00; font-weight: 600; }
section.headline li.caution { color: #6b4a00; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 8px 0 16px; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { padding: 5px 10px; border-bottom: 1px solid #e2e2e2; vertical-align: top; text-align: left; }
thead th { border-bottom: 2px solid #bbb; background: #f5f7fa; }
table.figures td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.figures thead th:not(:first-child) { text-align: right; }
table.figures th.sub { padding-left: 26px; font-weight: normal; color: #444; }
table.figures th[scope=row] { font-weight: normal; min-width: 16em; }
table.figures th.point { min-width: 0; text-align: right; font-variant-numeric: tabular-nums; }
code.path { overflow-wrap: normal; }
table.figures .unit { color: #666; font-size: 0.85em; }
.table-scroll { overflow-x: auto; }
table.inputs { width: 100%; }
table.inputs.compact { width: auto; }
table.inputs th[scope=row] { font-weight: 600; }
.profile { font-size: 0.82em; color: #444; }
.id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.88em; color: #444; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.88em; background: #f3f3f3; padding: 0 3px; border-radius: 2px; overflow-wrap: anywhere; }
.other { font-size: 0.85em; color: #444; margin-top: 4px; }
figure.chart-figure { margin: 0 0 32px; padding: 0; break-inside: avoid; page-break-inside: avoid; }
.chart { min-height: 40px; overflow-x: auto; }
figure.chart-figure figcaption { font-size: 0.88rem; color: #444; max-width: 760px; margin-top: 4px; }
.note { color: #444; font-size: 0.92rem; }
footer { margin-top: 40px; font-size: 0.82rem; color: #666; border-top: 1px solid #ddd; padding-top: 8px; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  nav.toc, .vega-embed details, .vega-actions { display: none !important; }
  /* Charts wider than the page scale down (Vega's SVGs carry a viewBox) rather than being cut off. */
  .chart { overflow: visible; }
  .chart svg { max-width: 100%; height: auto; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table { break-inside: auto; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
`;

/** Runs in the page: draws every chart, marks each container when done, logs failures. */
const BOOTSTRAP = `
(function () {
  "use strict";
  var specs = JSON.parse(document.getElementById("careflow-specs").textContent);
  var nodes = document.querySelectorAll(".chart[data-chart]");
  var pending = [];
  Array.prototype.forEach.call(nodes, function (node) {
    var spec = specs[node.getAttribute("data-chart")];
    if (!spec) return;
    pending.push(
      vegaEmbed(node, spec, {
        mode: "vega-lite",
        renderer: "svg",
        actions: { export: true, source: false, compiled: false, editor: false },
      }).then(function () {
        node.setAttribute("data-rendered", "true");
      }).catch(function (error) {
        node.setAttribute("data-rendered", "error");
        node.textContent = "This chart could not be drawn: " + (error && error.message ? error.message : error);
        console.error(error);
      })
    );
  });
  Promise.all(pending).then(function () {
    document.body.setAttribute("data-charts-ready", "true");
  });
})();
`;

function keyFiguresTable(results: readonly RunResult[]): string {
  const summaries = results.map((r) => r.summary);
  const header = summaries
    .map(
      (s) =>
        `<th scope="col">${e(s.variant)}<br><span class="unit">${e(s.policy === "d2a" ? "Discharge to Assess" : "standard discharge")}</span></th>`,
    )
    .join("");
  const rows = KEY_FIGURES.filter((f) => figureApplies(f, summaries)).map((f) => {
    const sub = f.label.startsWith("of which");
    const cells = summaries.map((s) => `<td>${e(f.format(f.value(s)))}</td>`).join("");
    return `<tr><th scope="row"${sub ? ' class="sub"' : ""}>${e(f.label)} <span class="unit">(${e(f.unit)})</span></th>${cells}</tr>`;
  });
  // Ward rows per ward id, so a variant with different wards shows a dash rather than a wrong row.
  const wardIds = [
    ...new Map(summaries.flatMap((s) => s.wards.map((w) => [w.id, w.name] as const))).entries(),
  ];
  for (const [id, name] of wardIds) {
    const cells = summaries
      .map((s) => {
        const w = s.wards.find((x) => x.id === id);
        return w === undefined
          ? "<td>—</td>"
          : `<td>${e(w.occupancyMean.toFixed(1))} / ${e(String(Math.round(w.occupancyP95)))} of ${e(String(Math.round(w.bedsMean)))} <br><span class="unit">${e((100 * w.occupancyRate).toFixed(0))}% occupied, full ${e(w.percentTimeFull.toFixed(1))}% of the time</span></td>`;
      })
      .join("");
    rows.push(`<tr><th scope="row">${e(name)}: occupied beds mean / p95 of beds</th>${cells}</tr>`);
  }
  return `<table class="figures"><thead><tr><th scope="col">Figure</th>${header}</tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>`;
}

/** Variants of another run length: named, with their lengths, never summed beside these. */
function otherLengthsNote(others: readonly RunSummary[]): string {
  if (others.length === 0) return "";
  const list = others
    .map(
      (s) =>
        `<b>${e(s.variant)}</b> (${e(String(s.horizonDays))} days after ${e(String(s.warmupDays))} days' warm-up)`,
    )
    .join(", ");
  return `<p class="note">Not in this comparison, because it ran for another length: ${list}. Its totals cover a different period; see its own report in its folder.</p>`;
}

/** The report's heading: kicker, title and a definition list of facts (values are HTML). */
export function headerBlock(kicker: string, title: string, meta: readonly [string, string][]): string {
  return `<header>
<p class="kicker">${e(kicker)}</p>
<h1>${e(title)}</h1>
<dl class="meta">${meta.map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join("")}</dl>
</header>`;
}

function header(input: ReportInput, version: string): string {
  const first = input.results[0]?.summary;
  const run = input.scenario.run;
  const variants = input.results.map((r) => r.summary.variant);
  const seeds = [...new Set(input.results.map((r) => r.summary.seed))];
  return headerBlock("careflow simulation report", input.scenario.name, [
    ["Scenario file", `<code>${e(input.scenarioFile)}</code>`],
    ["Variants", variants.length > 0 ? variants.map((v) => e(v)).join(", ") : "none"],
    ["Seed", seeds.length > 0 ? seeds.map(String).join(", ") : String(input.scenario.seed)],
    ["Start date", e(first?.startDate ?? run.start)],
    ["Warm-up", `${e(String(first?.warmupDays ?? run.warmup / DAY))} days (discarded)`],
    ["Horizon", `${e(String(first?.horizonDays ?? run.horizon / DAY))} days observed`],
    ["Replications", "1 per variant (no confidence intervals)"],
    ["careflow version", e(version)],
    ["Run time", e(formatSeconds(input.runSeconds))],
  ]);
}

/** A warnings box from items already escaped; empty when there are none. */
export function warningsBlock(items: readonly string[]): string {
  if (items.length === 0) return "";
  return `<section class="warnings" id="warnings"><b>Warnings</b><ul>${items.map((i) => `<li>${i}</li>`).join("")}</ul></section>`;
}

function runWarnings(results: readonly RunResult[]): string[] {
  return results.flatMap((r) => r.summary.warnings.map((w) => `<b>${e(r.summary.variant)}</b>: ${e(w)}`));
}

function chartsSection(charts: readonly NamedChart[]): string {
  if (charts.length === 0)
    return `<section id="charts"><h2>Charts</h2><p>No chart has data in this report.</p></section>`;
  const figures = charts.map(
    (c) => `<figure class="chart-figure" id="chart-${e(c.name)}">
<div class="chart" data-chart="${e(c.name)}" role="img" aria-label="${e(`${c.title}. ${c.description}`)}"></div>
<figcaption>${e(c.description)}</figcaption>
</figure>`,
  );
  return `<section id="charts"><h2>Charts</h2>
<noscript><p class="warnings">The charts need JavaScript. The same charts are in the <code>charts/</code> folder beside this file as SVG images.</p></noscript>
${figures.join("\n")}
</section>`;
}

/** The headline block: the sentences of src/report/headline.ts, escaped, warnings marked. */
export function headlineBlock(lines: readonly HeadlineLine[]): string {
  if (lines.length === 0) return "";
  const items = lines.map((l) => `<li class="${l.tone}">${e(l.text)}</li>`).join("\n");
  return `<section class="headline" id="headline" aria-label="Headline"><h2>Headline</h2><ul>\n${items}\n</ul></section>`;
}

/** Everything a report page holds; each part but `title` is HTML, escaped by its maker. */
export interface PageParts {
  /** Plain text: the scenario name. */
  title: string;
  /** Plain text after the title in the browser tab, e.g. "careflow report". */
  kind: string;
  version: string;
  environment: ReportEnvironment;
  header: string;
  /** The answer first: shown under the heading, before everything else. */
  headline?: readonly HeadlineLine[];
  /** Section ids and labels for the contents line; the charts and method are added. */
  toc: readonly [string, string][];
  /** Sections between the contents line and the charts (warnings, key figures, …). */
  sections: readonly string[];
  charts: readonly NamedChart[];
  /** The "Model and method" section (id "method"), or "" for a page without one. */
  method: string;
}

/** The one page shell of every careflow report: styles, libraries, specs and their bootstrap. */
export function renderPage(parts: PageParts): string {
  const specs: Record<string, unknown> = {};
  for (const c of parts.charts) specs[c.name] = c.spec;
  const entries: [string, string][] = [...parts.toc, ["charts", "Charts"]];
  if (parts.method !== "") entries.push(["method", "Model and method"]);
  const toc = entries.map(([id, label]) => `<a href="#${e(id)}">${e(label)}</a>`).join("");
  const scripts = parts.environment.scripts.map((source) => `<script>${source}</script>`).join("\n");
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="careflow ${e(parts.version)}">
<title>${e(parts.title)} · ${e(parts.kind)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${parts.header}
${headlineBlock(parts.headline ?? [])}
<nav class="toc">${toc}</nav>
${parts.sections.join("\n")}
${chartsSection(parts.charts)}
${parts.method}
<footer>Made by careflow ${e(parts.version)} on ${e(parts.environment.generatedAt)}. Self-contained: charts drawn with Vega-Lite ${e(parts.environment.versions.vegaLite)}, embedded in this file.</footer>
</main>
${scripts}
<script type="application/json" id="careflow-specs">${jsonForScript(specs)}</script>
<script>${BOOTSTRAP}</script>
</body>
</html>
`;
}

export function renderReportHtml(
  report: ReportInput,
  charts: readonly NamedChart[] = reportCharts(report),
): string {
  const input: ReportInput = { ...report, results: withDistinctVariants(report.results) };
  const environment = input.environment;
  const version = input.careflowVersion ?? environment.versions.careflow;
  const method = renderMethodSection({
    design: { kind: "runs", results: input.results },
    scenario: input.scenario,
    scenarioFile: input.scenarioFile,
    runSeconds: input.runSeconds,
    versions: methodVersions(environment, version),
    generatedAt: environment.generatedAt,
  });
  const keyFigures = `<section id="key-figures"><h2>Key figures</h2>
<p class="note">Over the ${e(String(input.results[0]?.summary.horizonDays ?? ""))} observed days after warm-up. One replication per variant: no confidence intervals.</p>
${otherLengthsNote(input.otherLengths ?? [])}
${input.results.length > 0 ? `<div class="table-scroll">${keyFiguresTable(input.results)}</div>` : "<p>No runs.</p>"}
</section>`;
  return renderPage({
    title: input.scenario.name,
    kind: "careflow report",
    version,
    environment,
    header: header(input, version),
    headline: runsHeadline(input.results.map((r) => r.summary)),
    toc: [["key-figures", "Key figures"]],
    sections: [warningsBlock(runWarnings(input.results)), keyFigures],
    charts,
    method,
  });
}

/** The versions table of the method section (its "Node.js" row shows the runtime). */
export function methodVersions(environment: ReportEnvironment, careflow: string) {
  const { runtime, ...libraries } = environment.versions;
  return { ...libraries, careflow, node: runtime };
}
