/**
 * `careflow check --observed`'s files: observed.csv (each compared day: observed, the simulated
 * band and median, inside or not), band.csv (the simulated band over every simulated day), the
 * chart's Vega-Lite spec and SVG, index.html, and check.json last (once it exists, the files it
 * summarises exist too).
 */
import type { TopLevelSpec } from "vega-lite";
import { type ObservedCheckResult, observedLines } from "../batch/observed.js";
import { toCsv } from "../output/csv.js";
import { frame, type NamedChart } from "./chart-kit.js";
import type { ReportEnvironment } from "./environment.js";
import type { HeadlineLine } from "./headline.js";
import { renderNamedChartsHtml } from "./named-charts-html.js";
import { renderSvg } from "./svg.js";
import { OKABE_ITO } from "./theme.js";

export const CHECK_PAGE = "index.html";
export const CHECK_JSON = "check.json";

export function observedRows(result: ObservedCheckResult): Record<string, string | number | null>[] {
  return result.series.flatMap((s) =>
    s.days.map((d) => ({
      series: s.key,
      date: d.date,
      observed: d.observed,
      simulated_p5: d.p5,
      simulated_median: d.median,
      simulated_p95: d.p95,
      inside_band: d.inside ? 1 : 0,
    })),
  );
}

export function bandRows(result: ObservedCheckResult): Record<string, string | number>[] {
  return result.bands.flatMap((b) =>
    b.dates.map((date, i) => ({
      series: b.key,
      date,
      simulated_p5: b.p5[i]!,
      simulated_median: b.median[i]!,
      simulated_p95: b.p95[i]!,
    })),
  );
}

/**
 * One panel per series: the simulated 90% band (shaded) and median (line) over the observed
 * dates, and the observed days as points, filled when inside the band.
 */
export function observedChart(result: ObservedCheckResult): TopLevelSpec {
  const values = result.series.flatMap((s) =>
    s.days.map((d) => ({
      series: s.label,
      date: d.date,
      observed: d.observed,
      p5: d.p5,
      median: d.median,
      p95: d.p95,
      where: d.inside ? "inside the band" : "outside the band",
    })),
  );
  const x = { field: "date", type: "temporal" as const, title: null, axis: { format: "%d %b %Y" } };
  return {
    ...frame(
      "Observed against simulated",
      `Each observed day beside the simulated 90% band (5th–95th percentile of ${result.replications} replications of ${result.variant}) and median, by date.`,
      `${result.replications} replications of ${result.variant}; shaded: simulated 90% band; line: simulated median; points: observed`,
    ),
    data: { values },
    facet: {
      row: {
        field: "series",
        type: "nominal",
        title: null,
        sort: result.series.map((s) => s.label),
        // Above each panel, level: a long name down the side would run into the axis.
        header: { labelAngle: 0, labelOrient: "top", labelAnchor: "start", labelFontWeight: "bold" },
      },
    },
    resolve: { scale: { y: "independent" } },
    spec: {
      width: 640,
      height: 180,
      layer: [
        {
          mark: { type: "area", opacity: 0.3, color: OKABE_ITO.skyBlue },
          encoding: {
            x,
            y: { field: "p5", type: "quantitative", title: null, scale: { zero: false } },
            y2: { field: "p95" },
          },
        },
        {
          mark: { type: "line", color: OKABE_ITO.blue, strokeWidth: 1.5 },
          encoding: { x, y: { field: "median", type: "quantitative" } },
        },
        {
          mark: { type: "point", size: 24, filled: true },
          encoding: {
            x,
            y: { field: "observed", type: "quantitative" },
            color: {
              field: "where",
              type: "nominal",
              title: "Observed day",
              scale: {
                domain: ["inside the band", "outside the band"],
                range: [OKABE_ITO.black, OKABE_ITO.vermillion],
              },
            },
            shape: {
              field: "where",
              type: "nominal",
              scale: { domain: ["inside the band", "outside the band"], range: ["circle", "triangle-up"] },
            },
            tooltip: [
              { field: "date", type: "temporal", title: "Date", format: "%a %d %b %Y" },
              { field: "observed", type: "quantitative", title: "Observed" },
              { field: "median", type: "quantitative", title: "Simulated median" },
              { field: "p5", type: "quantitative", title: "Simulated 5th percentile" },
              { field: "p95", type: "quantitative", title: "Simulated 95th percentile" },
            ],
          },
        },
      ],
    },
  } as TopLevelSpec;
}

export function observedCharts(result: ObservedCheckResult): NamedChart[] {
  const spec = observedChart(result);
  return [
    { name: "observed", title: "Observed against simulated", description: spec.description ?? "", spec },
  ];
}

const percent = (x: number | null): string => (x === null ? "–" : `${(100 * x).toFixed(1)}%`);

/** The answer first: each series' coverage and error, against what a right model would show. */
export function observedHeadline(result: ObservedCheckResult): HeadlineLine[] {
  return result.series.map((s) => {
    if (s.coverage === null)
      return { text: `${s.label}: no observed day within the simulated dates.`, tone: "caution" };
    const low = s.coverage < result.expectedCoverage - 0.2;
    return {
      text:
        `${s.label}: ${percent(s.coverage)} of ${s.compared} observed days inside the simulated 90% band ` +
        `(about ${percent(result.expectedCoverage)} expected of a model that matches); mean absolute percentage error ${percent(s.mape)}.`,
      tone: low ? "warning" : "finding",
    };
  });
}

export async function observedFiles(
  result: ObservedCheckResult,
  environment: ReportEnvironment,
): Promise<[string, string][]> {
  const charts = observedCharts(result);
  const files: [string, string][] = [
    ["observed.csv", toCsv(observedRows(result))],
    ["band.csv", toCsv(bandRows(result))],
  ];
  for (const chart of charts) {
    files.push([`charts/${chart.name}.vl.json`, `${JSON.stringify(chart.spec, null, 2)}\n`]);
    files.push([`${chart.name}.svg`, await renderSvg(chart.spec)]);
  }
  files.push([
    CHECK_PAGE,
    renderNamedChartsHtml({
      title: result.scenario,
      kind: "careflow check report",
      facts: [
        [
          "Observed",
          `${result.observed.file} (${result.observed.used} rows used, ${result.observed.skipped} skipped)`,
        ],
        [
          "Simulated",
          `${result.replications} replications of ${result.variant}, seed ${result.seed}, ${result.simulated.first} to ${result.simulated.last}`,
        ],
        ...result.series.map(
          (s) =>
            [
              s.label,
              `coverage ${percent(s.coverage)} (${s.inside} of ${s.compared} days; ${s.above} above, ${s.below} below); MAPE ${percent(s.mape)}`,
            ] as [string, string],
        ),
      ],
      headline: observedHeadline(result),
      charts,
      notes: observedLines(result).filter((line) => line.trim() !== ""),
      environment,
    }),
  ]);
  files.push([CHECK_JSON, `${JSON.stringify({ ...result, bands: undefined }, null, 2)}\n`]);
  return files;
}
