/**
 * The report of a Monte Carlo batch: the run report's page shell, header, warnings box, charts
 * section and Model and method section, filled with means and 95% confidence intervals across
 * replications instead of one run's figures. The same safety holds: user text is escaped, specs
 * are embedded with `<` escaped, and the page needs nothing but itself.
 */
import type { BatchComparison, BatchSummary, VariantSummary } from "../batch/aggregate.js";
import type { BatchFan } from "../batch/fan.js";
import type { BatchManifest } from "../batch/manifest.js";
import type { RunInfo } from "../batch/outputs.js";
import type { ReplicationRecord } from "../batch/records.js";
import { comparisonSentences, formatNumber } from "../batch/report-text.js";
import { DAY } from "../engine/time.js";
import type { Scenario } from "../scenario/schema.js";
import { buildBatchCharts, intervalDecimals } from "./batch-charts.js";
import { scenarioVariantOrder } from "./chart-kit.js";
import type { NamedChart } from "./charts.js";
import type { ReportEnvironment } from "./environment.js";
import { escapeHtml as e } from "./escape.js";
import { inFigureUnits, KEY_FIGURES, type KeyFigure } from "./figures.js";
import { type BatchHeadlineContext, batchComparisonBar, batchHeadline } from "./headline.js";
import { headerBlock, methodVersions, renderPage, warningsBlock } from "./html.js";
import { INPUT_UNCERTAINTY_TOC, inputMethodText, inputUncertaintySection } from "./input-uncertainty-html.js";
import { type BatchMethodVariant, formatSeconds, renderMethodSection } from "./method.js";

export interface ShardRunTimes {
  /** Shard folders merged. */
  count: number;
  /** Sum of their sessions' wall-clock seconds (their run-info.json), when every one was found. */
  wallSeconds: number | null;
  ran: number;
}

export interface BatchReportInput {
  manifest: BatchManifest;
  summary: BatchSummary;
  comparison: BatchComparison | undefined;
  fan: BatchFan | undefined;
  /** The batch's replication records (0 … n − 1 of each variant), for the distributions. */
  records: readonly ReplicationRecord[];
  /** run-info.json of the session that wrote the results, when there is one. */
  runInfo: RunInfo | undefined;
  /** For a merged batch: what its shards' own run-info.json files say. */
  shards?: ShardRunTimes;
  /** The scenario as validated for the first variant (the inputs the method section lists). */
  scenario: Scenario;
  /** Discharge policy of each variant, by name. */
  policies: Readonly<Record<string, "standard" | "d2a">>;
  scenarioFile: string;
  environment: ReportEnvironment;
  /** Overrides the environment's careflow version (tests). */
  careflowVersion?: string;
  /** Each variant's run length, services and verdict, for the headline. */
  headlineContext?: BatchHeadlineContext;
  /** Today's value (the scenario's own) of each swept path. */
  sweepToday?: Readonly<Record<string, number>>;
}

/**
 * Above this many variants, or for a sweep, the key figures table turns: a row per variant,
 * compared figures only.
 */
const MAX_VARIANT_COLUMNS = 5;

export function batchReportCharts(input: BatchReportInput): NamedChart[] {
  const scenario = input.scenario;
  return buildBatchCharts({
    summary: input.summary,
    comparison: input.comparison,
    fan: input.fan,
    records: input.records,
    variantOrder: scenarioVariantOrder(scenario),
    sweepTitles: Object.fromEntries(
      (input.summary.sweep ?? []).map((a) => [a.path, sweepTitle(a.path, scenario)]),
    ),
    ...(input.sweepToday === undefined ? {} : { sweepToday: input.sweepToday }),
    // The same beds in every variant, or no single line to draw.
    ...(sameBeds(input) === undefined ? {} : { beds: sameBeds(input)! }),
  });
}

/** Beds on all wards of the scenario, when no variant changes a ward's beds. */
function sameBeds(input: BatchReportInput): number | undefined {
  const changesBeds = input.manifest.variants.some((v) =>
    Object.keys(v.overrides).some((k) => k.startsWith("wards")),
  );
  const sweepsBeds = (input.summary.sweep ?? []).some((a) => a.path.startsWith("wards"));
  if (changesBeds || sweepsBeds) return undefined;
  return input.scenario.wards.reduce(
    (a, w) => a + Math.max(w.beds, ...(w.bedSchedule ?? []).map((b) => b.beds)),
    0,
  );
}

/** "General medical wards: beds" for wards.medicine.beds; the path itself when it is not known. */
export function sweepTitle(path: string, scenario: Scenario): string {
  const [head, id, ...rest] = path.split(".");
  const words = (key: string): string => key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  const named = (items: readonly { id: string; name?: string | undefined }[]) =>
    items.find((x) => x.id === id)?.name ?? id;
  const tail = rest.map(words).join(" ");
  if (head === "wards" && id !== undefined && rest.length > 0) return `${named(scenario.wards)}: ${tail}`;
  if (head === "community" && id !== undefined && rest.length > 0)
    return `${named(scenario.community)}: ${tail}`;
  if (head === "groups" && id !== undefined && rest.length > 0) return `${named(scenario.groups)}: ${tail}`;
  return path.split(".").map(words).join(" › ");
}

// ---------------------------------------------------------------------------------------------

export function runTimeText(input: Pick<BatchReportInput, "runInfo" | "shards">): string {
  const info = input.runInfo;
  if (info === undefined) return "unknown (no run-info.json)";
  if (info.command === "merge") {
    const shards = input.shards;
    if (shards === undefined) return `merged in ${formatSeconds(info.wallSeconds)}`;
    const time =
      shards.wallSeconds === null
        ? "their run times are in each folder's run-info.json"
        : `they ran ${shards.ran.toLocaleString("en-GB")} replications in ${formatSeconds(shards.wallSeconds)} of wall-clock time together`;
    return `merged from ${shards.count} shard folders; ${time}`;
  }
  const where = info.mode === "main thread" ? "in the main thread" : `on ${info.workers} worker threads`;
  const reused =
    info.reused > 0 ? `; ${info.reused.toLocaleString("en-GB")} more found done by an earlier session` : "";
  return `${formatSeconds(info.wallSeconds)} for ${info.ran.toLocaleString("en-GB")} replications ${where}${reused}`;
}

/** A sweep axis in a few words: its path and values, or their range when there are many. */
function axisText(axis: { path: string; values: readonly unknown[] }): string {
  const values = axis.values.map(String);
  const shown =
    values.length <= 8 ? values.join(", ") : `${values[0]}, ${values[1]}, … ${values[values.length - 1]}`;
  return `<code>${e(axis.path)}</code> = ${e(shown)}`;
}

function variantsText(input: BatchReportInput): string {
  const { summary } = input;
  const variants = summary.variants;
  if (summary.sweep !== null) {
    const bases = [...new Set(variants.map((v) => v.base))];
    const of = bases.length > 1 ? ` of each of ${bases.map((b) => e(b)).join(", ")}` : "";
    return `${variants.length} sweep points${of}: ${summary.sweep.map(axisText).join(" × ")}`;
  }
  const list = variants.map((v) => e(v.name)).join(", ");
  return variants.length > 1 ? `${list} (differences are from ${e(variants[0]!.name)})` : list;
}

function replicationsText(summary: BatchSummary): string {
  const p = summary.precision;
  const base = `${summary.replications} per variant`;
  if (p === null) return base;
  const target = `${formatNumber(100 * p.target, 1)}%`;
  return `${base}, set by the precision rule (95% CI half-width within ${target} of the mean: ${p.met ? "met" : "not met"})`;
}

/**
 * The page's title says what ran. A scenario's name often names its comparison ("standard versus
 * D2A"), which a sweep of one variant never makes, so a sweep is titled by its axes and the
 * variants it swept, and the scenario's name moves to the facts below.
 */
export function batchTitle(input: BatchReportInput): string {
  const { summary } = input;
  if (summary.sweep === null) return input.scenario.name;
  const axes = summary.sweep.map((a) => sweepTitle(a.path, input.scenario)).join(" and ");
  const bases = [...new Set(summary.variants.map((v) => v.base))];
  return `Sweep of ${axes} (${bases.length === 1 ? `${bases[0]} only` : bases.join(", ")})`;
}

function header(input: BatchReportInput, version: string): string {
  const run = input.scenario.run;
  const title = batchTitle(input);
  return headerBlock("careflow Monte Carlo batch report", title, [
    ...(title === input.scenario.name ? [] : [["Scenario", e(input.scenario.name)] as [string, string]]),
    ["Scenario file", `<code>${e(input.scenarioFile)}</code>`],
    ["Variants", variantsText(input)],
    ["Seed", e(String(input.summary.seed))],
    ["Replications", e(replicationsText(input.summary))],
    ["Start date", e(run.start)],
    ["Warm-up", `${e(String(run.warmup / DAY))} days (discarded)`],
    ["Horizon", `${e(String(run.horizon / DAY))} days observed`],
    ["careflow version", e(version)],
    ["Run time", e(runTimeText(input))],
  ]);
}

function batchWarnings(summary: BatchSummary): string[] {
  const items: string[] = [];
  for (const v of summary.variants) {
    // Summaries written before careflow kept a verdict have none.
    if (v.stability !== undefined && v.stability.verdict !== "stable")
      items.push(`<b>${e(v.name)}</b>: ${e(v.stability.evidence.join("; "))}`);
    for (const w of v.warnings ?? [])
      items.push(`<b>${e(v.name)}</b> (${w.replications} of ${v.replications} replications): ${e(w.text)}`);
  }
  items.push(
    ...summary.variants
      .filter((v) => v.incomplete > 0)
      .map(
        (v) =>
          `<b>${e(v.name)}</b>: ${v.incomplete} of ${v.replications} replications stopped at the scenario's event limit; their figures cover only the part simulated.`,
      ),
  );
  const p = summary.precision;
  if (p !== null && !p.met) {
    items.push(
      `The precision target (95% CI half-width within ${e(formatNumber(100 * p.target, 1))}% of the mean) was not reached within the cap of ${p.replications} replications a variant.`,
    );
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// Key figures: mean and 95% CI

/** Occupied beds on each ward, as figures of their own (the run report shows them too). */
function wardFigures(scenario: Scenario): KeyFigure[] {
  return scenario.wards.map((w) => ({
    id: `ward-${w.id}`,
    label: `${w.name ?? w.id}: occupied beds, mean`,
    unit: "beds",
    metric: `wards.${w.id}.occupancyMean`,
    value: (s) => s.wards.find((x) => x.id === w.id)?.occupancyMean ?? Number.NaN,
    format: (x) => x.toFixed(1),
    compare: false,
  }));
}

/**
 * Decimals for one figure across variants, from its widest interval: a row or column of the
 * table reads evenly, and no variant claims more precision than the least precise one has.
 */
function figureDecimals(variants: readonly VariantSummary[], figure: KeyFigure): number {
  let widest: number | null = null;
  let mean = 0;
  for (const v of variants) {
    const s = v.metrics[figure.metric];
    if (s?.mean == null) continue;
    mean = inFigureUnits(figure, s.mean);
    if (s.halfWidth !== null) widest = Math.max(widest ?? 0, inFigureUnits(figure, s.halfWidth));
  }
  return intervalDecimals(widest, mean);
}

function figureCell(v: VariantSummary, figure: KeyFigure, places: number): string {
  const s = v.metrics[figure.metric];
  if (s === undefined || s.mean === null) return "<td>—</td>";
  const f = (x: number): string => e(formatNumber(inFigureUnits(figure, x), places));
  if (s.ciLow === null || s.ciHigh === null) return `<td>${f(s.mean)}</td>`;
  return `<td>${f(s.mean)}<br><span class="unit">${f(s.ciLow)} to ${f(s.ciHigh)}</span></td>`;
}

const figureHeading = (f: KeyFigure): string => `${e(f.label)} <span class="unit">(${e(f.unit)})</span>`;

function figuresDown(variants: readonly VariantSummary[], figures: readonly KeyFigure[]): string {
  const head = variants.map((v) => `<th scope="col">${e(v.name)}</th>`).join("");
  const rows = figures.map((f) => {
    const sub = f.label.startsWith("of which");
    const places = figureDecimals(variants, f);
    const cells = variants.map((v) => figureCell(v, f, places)).join("");
    return `<tr><th scope="row"${sub ? ' class="sub"' : ""}>${figureHeading(f)}</th>${cells}</tr>`;
  });
  return `<table class="figures"><thead><tr><th scope="col">Figure</th>${head}</tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table>`;
}

/** The cells naming a variant: its swept values in columns of their own, else its name. */
function variantColumns(summary: BatchSummary): {
  head: string[];
  cells: (v: VariantSummary) => string[];
  /** Short values (a sweep point's), not names that need the usual wide first column. */
  compact: boolean;
} {
  const axes = summary.sweep ?? [];
  if (axes.length === 0) return { head: ["Variant"], cells: (v) => [e(v.name)], compact: false };
  const severalBases = new Set(summary.variants.map((v) => v.base)).size > 1;
  return {
    compact: true,
    // Break long paths at their dots only: a narrow column would otherwise split them anywhere.
    head: [
      ...(severalBases ? ["Variant"] : []),
      ...axes.map((a) => `<code class="path">${e(a.path).replaceAll(".", ".<wbr>")}</code>`),
    ],
    cells: (v) => [
      ...(severalBases ? [e(v.base)] : []),
      ...axes.map((a) => e(String(v.point?.[a.path] ?? "—"))),
    ],
  };
}

function variantsDown(summary: BatchSummary, figures: readonly KeyFigure[]): string {
  const naming = variantColumns(summary);
  const places = figures.map((f) => figureDecimals(summary.variants, f));
  const head = [
    ...naming.head.map((h) => `<th scope="col">${h}</th>`),
    ...figures.map((f) => `<th scope="col">${figureHeading(f)}</th>`),
  ].join("");
  const rows = summary.variants.map((v) => {
    const names = naming
      .cells(v)
      .map((c) => `<th scope="row"${naming.compact ? ' class="point"' : ""}>${c}</th>`);
    return `<tr>${names.join("")}${figures.map((f, i) => figureCell(v, f, places[i]!)).join("")}</tr>`;
  });
  return `<div class="table-scroll"><table class="figures"><thead><tr>${head}</tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table></div>`;
}

export function batchFiguresTable(summary: BatchSummary, scenario: Scenario): string {
  const variants = summary.variants;
  const shown = (f: KeyFigure) => variants.some((v) => v.metrics[f.metric]?.mean != null);
  if (variants.length > MAX_VARIANT_COLUMNS || summary.sweep !== null) {
    return variantsDown(
      summary,
      KEY_FIGURES.filter((f) => f.compare && shown(f)),
    );
  }
  return figuresDown(variants, [...KEY_FIGURES, ...wardFigures(scenario)].filter(shown));
}

function keyFiguresSection(input: BatchReportInput): string {
  const { summary } = input;
  const n = summary.replications;
  return `<section id="key-figures"><h2>Key figures</h2>
<p class="note">Mean over ${n} replication${n === 1 ? "" : "s"} per variant of each figure over the ${e(String(input.scenario.run.horizon / DAY))} observed days after warm-up; below it, the 95% confidence interval for that mean (Student t, ${Math.max(0, n - 1)} degrees of freedom). Every metric, with standard deviations and percentiles, is in <code>summary.csv</code>.</p>
${summary.variants.length > 0 ? `<div class="table-scroll">${batchFiguresTable(summary, input.scenario)}</div>` : "<p>No replications.</p>"}
</section>`;
}

function differencesSection(input: BatchReportInput): string {
  const { comparison, manifest } = input;
  if (comparison === undefined || manifest.sweep !== null) return "";
  const bar = batchComparisonBar(input.summary, input.headlineContext ?? defaultContext(input));
  const sentences = comparisonSentences(comparison, manifest.keyMetrics, bar);
  if (sentences.length === 0) return "";
  return `<section id="differences"><h2>Differences from ${e(comparison.baseline)}</h2>
<p class="note">Paired replication by replication (common random numbers), with 95% confidence intervals. Every metric is in <code>comparison.csv</code>.</p>
<ul>${sentences.map((s) => `<li>${e(s)}</li>`).join("\n")}</ul>
</section>`;
}

function methodVariants(input: BatchReportInput): BatchMethodVariant[] {
  const byName = new Map(input.summary.variants.map((v) => [v.name, v]));
  // Drawn twins are described in the input-uncertainty section, not as variants of their own.
  return input.manifest.variants
    .filter((spec) => spec.inputs === undefined)
    .map((spec) => ({
      name: spec.name,
      base: spec.base,
      overrides: spec.overrides,
      policy: input.policies[spec.name] ?? input.scenario.discharge.policy,
      replications: byName.get(spec.name)?.replications ?? 0,
      incomplete: byName.get(spec.name)?.incomplete ?? 0,
    }));
}

/** Without per-variant figures: every variant runs the first one's length. */
function defaultContext(input: BatchReportInput): BatchHeadlineContext {
  const days = input.scenario.run.horizon / DAY;
  return { horizonDays: Object.fromEntries(input.summary.variants.map((v) => [v.name, days])) };
}

const KEY_FIGURES_TOC: [string, string] = ["key-figures", "Key figures"];

export function renderBatchReportHtml(
  input: BatchReportInput,
  charts: readonly NamedChart[] = batchReportCharts(input),
): string {
  const environment = input.environment;
  const version = input.careflowVersion ?? environment.versions.careflow;
  const { summary } = input;
  const method = renderMethodSection({
    design: {
      kind: "batch",
      seed: summary.seed,
      replications: summary.replications,
      confidence: summary.confidence,
      variants: methodVariants(input),
      precision: summary.precision,
      sweep: summary.sweep,
      runTime: runTimeText(input),
      ...((summary.inputs ?? []).length > 0 ? { inputUncertainty: inputMethodText() } : {}),
    },
    scenario: input.scenario,
    scenarioFile: input.scenarioFile,
    versions: methodVersions(environment, version),
    generatedAt: environment.generatedAt,
  });
  const differences = differencesSection(input);
  const uncertainty = inputUncertaintySection(summary, input.comparison, input.manifest.keyMetrics);
  return renderPage({
    title: batchTitle(input),
    kind: "careflow batch report",
    version,
    environment,
    header: header(input, version),
    headline: batchHeadline(summary, input.comparison, input.headlineContext ?? defaultContext(input)),
    toc: [
      ...(differences === ""
        ? [KEY_FIGURES_TOC]
        : [KEY_FIGURES_TOC, ["differences", "Differences"] as [string, string]]),
      ...(uncertainty === "" ? [] : [INPUT_UNCERTAINTY_TOC]),
    ],
    sections: [warningsBlock(batchWarnings(summary)), keyFiguresSection(input), differences, uncertainty],
    charts,
    method,
  });
}
