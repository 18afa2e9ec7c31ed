/**
 * `careflow sensitivity`'s files: the tornado chart (Vega-Lite spec, and SVG when the adapter
 * renders one), tornado.csv, variance-shares.csv, sensitivity.html and sensitivity.json last.
 */
import type { TopLevelSpec } from "vega-lite";
import type { SensitivityResult } from "../batch/sensitivity.js";
import { toCsv } from "../output/csv.js";
import type { NamedChart } from "./chart-kit.js";
import { VEGA_LITE_SCHEMA_URL } from "./charts.js";
import type { ReportEnvironment } from "./environment.js";
import { renderNamedChartsHtml } from "./named-charts-html.js";
import { OKABE_ITO, THEME } from "./theme.js";

const shareOf = (result: SensitivityResult, key: string) => result.variance.shares.find((s) => s.key === key);

/** "61.2% (95% CI 55.0% to 66.9%)", or "–" without a share. */
export function shareText(share: SensitivityResult["variance"]["shares"][number] | undefined): string {
  if (share === undefined || share.share === null) return "–";
  const p = (x: number) => `${(100 * x).toFixed(1)}%`;
  const ci =
    share.shareCiLow === null || share.shareCiHigh === null
      ? ""
      : ` (95% CI ${p(share.shareCiLow)} to ${p(share.shareCiHigh)})`;
  return `${p(share.share)}${ci}`;
}

const LEVELS = { low: "at its 10th percentile", high: "at its 90th percentile" } as const;

export function tornadoRows(result: SensitivityResult): Record<string, string | number | null>[] {
  return result.bars.map((bar, i) => ({
    rank: i + 1,
    input: bar.key,
    distribution: bar.distribution,
    source: bar.source,
    low_value: bar.low.shown,
    high_value: bar.high.shown,
    outcome_at_low: bar.low.outcome.mean,
    outcome_at_high: bar.high.outcome.mean,
    swing: bar.swing.mean,
    swing_ci_low: bar.swing.ciLow,
    swing_ci_high: bar.swing.ciHigh,
    variance_share: shareOf(result, bar.key)?.share ?? null,
    variance_share_ci_low: shareOf(result, bar.key)?.shareCiLow ?? null,
    variance_share_ci_high: shareOf(result, bar.key)?.shareCiHigh ?? null,
  }));
}

/** Bars from the central outcome to the outcome at each end of each input's range, largest swing on top. */
export function tornadoChart(result: SensitivityResult): TopLevelSpec {
  const central = result.central.mean ?? 0;
  const order = result.bars.map((b) => b.key);
  const values = result.bars.flatMap((bar) =>
    (["low", "high"] as const).map((level) => ({
      input: bar.key,
      level: LEVELS[level],
      value: bar[level].shown,
      from: central,
      to: bar[level].outcome.mean ?? central,
    })),
  );
  return {
    $schema: VEGA_LITE_SCHEMA_URL,
    config: THEME,
    title: {
      text: `What ${result.metric} (${result.outcome}) rests on`,
      subtitle: `Each uncertain input at its 10th and 90th percentile, the others central; ${result.replications} paired replications each`,
    },
    description:
      "Tornado chart: for each uncertain input, bars from the outcome at every input's central value to the outcome with that input at its 10th and 90th percentile; inputs ranked by the swing between the two.",
    width: 560,
    layer: [
      {
        data: { values },
        mark: { type: "bar", height: { band: 0.7 } },
        encoding: {
          y: { field: "input", type: "nominal", sort: order, title: null },
          x: {
            field: "from",
            type: "quantitative",
            title: `${result.metric} (${result.outcome})`,
            scale: { zero: false },
          },
          x2: { field: "to" },
          color: {
            field: "level",
            type: "nominal",
            title: "Input",
            scale: { domain: [LEVELS.low, LEVELS.high], range: [OKABE_ITO.skyBlue, OKABE_ITO.vermillion] },
          },
          tooltip: [
            { field: "input", title: "Input" },
            { field: "level", title: "Set" },
            { field: "value", title: "Value" },
            { field: "to", title: "Outcome", format: ",.2f" },
          ],
        },
      },
      {
        data: { values: [{ central }] },
        mark: { type: "rule", strokeDash: [4, 3] },
        encoding: { x: { field: "central", type: "quantitative" } },
      },
    ],
  } as TopLevelSpec;
}

export function sensitivityCharts(result: SensitivityResult): NamedChart[] {
  const spec = tornadoChart(result);
  return [{ name: "tornado", title: "What the answer rests on", description: spec.description ?? "", spec }];
}

export function sensitivityFiles(
  result: SensitivityResult,
  environment: ReportEnvironment,
  svg?: string,
): [string, string][] {
  const charts = sensitivityCharts(result);
  const files: [string, string][] = [
    ["tornado.csv", toCsv(tornadoRows(result))],
    [
      "variance-shares.csv",
      toCsv(
        result.variance.shares.map((s) => ({
          input: s.key,
          src: s.src,
          share: s.share,
          share_ci_low: s.shareCiLow,
          share_ci_high: s.shareCiHigh,
        })),
      ),
    ],
  ];
  for (const chart of charts)
    files.push([`charts/${chart.name}.vl.json`, `${JSON.stringify(chart.spec, null, 2)}\n`]);
  if (svg !== undefined) files.push(["tornado.svg", svg]);
  files.push(["sensitivity.html", sensitivityHtml(result, charts, environment)]);
  files.push(["sensitivity.json", `${JSON.stringify(result, null, 2)}\n`]);
  return files;
}

const fmt = (x: number | null): string => (x === null ? "–" : String(Number(x.toPrecision(4))));

export function sensitivityLines(result: SensitivityResult): string[] {
  const lines = [
    `${result.scenario}: what ${result.metric} (${result.outcome}) rests on; ${result.replications} paired replications a setting, seed ${result.seed}`,
    `At every input's central value: ${fmt(result.central.mean)} (95% CI ${fmt(result.central.ciLow)} to ${fmt(result.central.ciHigh)})`,
    "",
    "Rank  input: outcome at its 10th → 90th percentile (swing, 95% CI; share of variance, 95% CI)",
  ];
  result.bars.forEach((bar, i) => {
    lines.push(
      `${String(i + 1).padStart(4)}  ${bar.key} ${bar.low.shown} → ${bar.high.shown}: ${fmt(bar.low.outcome.mean)} → ${fmt(bar.high.outcome.mean)} ` +
        `(swing ${fmt(bar.swing.mean)}, ${fmt(bar.swing.ciLow)} to ${fmt(bar.swing.ciHigh)}; ${shareText(shareOf(result, bar.key))})`,
    );
  });
  const r2 = result.variance.rSquared;
  lines.push(
    "",
    `Shares of variance: SRC² over ${result.variance.replications} replications drawing every input, 95% CIs by a bootstrap of ${result.variance.interval.resamples} resamples; R² ${r2 === null ? "–" : r2.toFixed(3)}` +
      (r2 !== null && r2 < 0.7
        ? " (low: the outcome is far from linear in the inputs, or noise dominates; read the shares with care)"
        : ""),
  );
  return lines;
}

function sensitivityHtml(
  result: SensitivityResult,
  charts: NamedChart[],
  environment: ReportEnvironment,
): string {
  return renderNamedChartsHtml({
    title: result.scenario,
    kind: "careflow sensitivity report",
    facts: [
      ["Outcome", `${result.metric}: ${result.outcome}`],
      [
        "Replications",
        `${result.replications} a setting, paired by common random numbers (seed ${result.seed})`,
      ],
      [
        "At central values",
        `${fmt(result.central.mean)} (95% CI ${fmt(result.central.ciLow)} to ${fmt(result.central.ciHigh)})`,
      ],
      ...result.bars.map(
        (bar, i) =>
          [
            `${i + 1}. ${bar.key}`,
            `${bar.distribution}, ${bar.source}: ${fmt(bar.low.outcome.mean)} at ${bar.low.shown}, ${fmt(bar.high.outcome.mean)} at ${bar.high.shown}; swing ${fmt(bar.swing.mean)} (95% CI ${fmt(bar.swing.ciLow)} to ${fmt(bar.swing.ciHigh)}); share of variance ${shareText(shareOf(result, bar.key))}`,
          ] as [string, string],
      ),
    ],
    charts,
    notes: [
      result.description,
      `Shares of variance: ${result.variance.method}; R² = ${fmt(result.variance.rSquared)}. They sum to R² when the inputs are drawn independently and say little when R² is low.`,
      `Their 95% CIs: ${result.variance.interval.method}; ${result.variance.interval.resamples} resamples from the stream "${result.variance.interval.stream}" seeded by the run's seed, so the same seed gives the same intervals.`,
    ],
    environment,
  });
}
