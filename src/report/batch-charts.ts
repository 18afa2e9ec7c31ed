/**
 * Charts of a Monte Carlo batch: the same frame, theme and variant colours as the run report's
 * charts, built from the batch's summary, comparison, fan and replication records. Each builder
 * returns undefined when the batch has no data for it (one variant: no differences; no sweep: no
 * sweep chart; records from an older careflow: no fan), so a chart never shows an empty frame.
 *
 * Data stays small whatever the number of replications: intervals come from the summary, the fan
 * holds quantiles per day, and distributions are binned here rather than shipped raw.
 */
import type { TopLevelSpec } from "vega-lite";
import type { BatchComparison, BatchSummary, MetricStats, VariantSummary } from "../batch/aggregate.js";
import type { BatchFan } from "../batch/fan.js";
import type { SweepValue } from "../batch/plan.js";
import type { ReplicationRecord } from "../batch/records.js";
import { decimalsFor, formatNumber } from "../batch/report-text.js";
import { cbrt, log, log10, pow } from "../engine/math.js";
import { pinVariantColours, variantColours } from "./chart-kit.js";
import {
  type ChartDefinitionOf,
  type ConcatCell,
  frame,
  type NamedChart,
  namedCharts,
  round,
  variantColour,
} from "./charts.js";
import { inFigureUnits, KEY_FIGURES, type KeyFigure } from "./figures.js";
import { CATEGORY_COLOURS, rowFacet, SEMANTIC_COLOURS, SIZES } from "./theme.js";

export interface BatchChartContext {
  summary: BatchSummary;
  comparison: BatchComparison | undefined;
  fan: BatchFan | undefined;
  /** Replication records of the batch, for the distributions; may be empty. */
  records: readonly ReplicationRecord[];
  /** The scenario file's variants, baseline first: each variant's colour on every page. */
  variantOrder?: readonly string[];
  /** Readable titles for sweep paths ("General medical wards: beds" for wards.medicine.beds). */
  sweepTitles?: Readonly<Record<string, string>>;
  /** Today's value of each swept path (the scenario's own), marked on the sweep chart. */
  sweepToday?: Readonly<Record<string, number>>;
  /** Beds on all wards together, for the fan chart's capacity line. */
  beds?: number;
}

/** Beyond this many variants a row per variant stops being readable (the sweep chart remains). */
const MAX_ROW_VARIANTS = 40;
/** Distributions and fans get a panel per variant; more than this is a wall, not a chart. */
const MAX_PANEL_VARIANTS = 6;
/** Fewer replications than this give a histogram of a handful of bars that says nothing. */
const MIN_DISTRIBUTION_REPLICATIONS = 5;
/** Figures whose spread across replications matters most to a planner. */
const DISTRIBUTION_FIGURES = ["beds-occupied", "los", "time-to-bed", "cost-total"] as const;

/** One layer of a layered view, derived from the public type as ConcatCell is. */
type LayerCell = Extract<ConcatCell, { layer: unknown }>["layer"][number];

const COMPARED = KEY_FIGURES.filter((f) => f.compare);
const axisTitle = (f: KeyFigure): string => `${f.label} (${f.unit})`;
const names = (summary: BatchSummary): string[] => summary.variants.map((v) => v.name);
const variantY = (variants: readonly string[]) => ({
  field: "variant",
  type: "nominal" as const,
  sort: [...variants],
  title: null,
});

/** A figure's statistics in the figure's units (£ million, not £). */
function statsOf(v: VariantSummary, figure: KeyFigure): MetricStats | undefined {
  const s = v.metrics[figure.metric];
  if (s === undefined || s.mean === null) return undefined;
  const scale = (x: number | null): number | null => (x === null ? null : inFigureUnits(figure, x));
  return {
    ...s,
    mean: scale(s.mean),
    ciLow: scale(s.ciLow),
    ciHigh: scale(s.ciHigh),
    halfWidth: scale(s.halfWidth),
  };
}

/** The compared figures that some variant of the batch has a value for. */
function shownFigures(summary: BatchSummary, figures: readonly KeyFigure[] = COMPARED): KeyFigure[] {
  return figures.filter((f) => summary.variants.some((v) => statsOf(v, f) !== undefined));
}

/**
 * Decimals for a mean and its CI: the half-width to two significant digits when they start 1.0 to
 * 3.5, else one (0.13 → 2, 0.9 → 1, 1.2 → 1, 35 → 0, 0.0043 → 3), the usual rule for quoting
 * an uncertainty: the precision the interval supports, and no more. Without an interval, the
 * terminal's rule.
 */
export function intervalDecimals(halfWidth: number | null, value: number): number {
  if (halfWidth === null || !(halfWidth > 0)) return decimalsFor(null, value);
  const exponent = Math.floor(log10(halfWidth));
  const digits = halfWidth / pow(10, exponent) < 3.55 ? 2 : 1;
  return Math.max(0, Math.min(4, digits - 1 - exponent));
}

/** "12.35 (95% CI 12.10 to 12.60)", with as many decimals as the interval's width warrants. */
export function meanWithInterval(mean: number, low: number | null, high: number | null): string {
  if (low === null || high === null) return formatNumber(mean, decimalsFor(null, mean));
  const places = intervalDecimals((high - low) / 2, mean);
  const f = (x: number): string => formatNumber(x, places);
  return `${f(mean)} (95% CI ${f(low)} to ${f(high)})`;
}

const sigDigits = (x: number | null): number | null => (x === null ? null : Number(x.toPrecision(6)));

// ---------------------------------------------------------------------------------------------
// Means with confidence intervals

/** Point and interval layers shared by the means and the differences panels. */
function intervalLayers(
  variants: readonly string[],
  title: string,
  tooltipTitle: string,
  zero: boolean,
): LayerCell[] {
  const colour = { ...variantColour(variants), legend: null };
  return [
    {
      transform: [{ filter: "datum.low != null" }],
      mark: { type: "errorbar", ticks: true, thickness: 1.6 },
      encoding: {
        y: variantY(variants),
        // Padding keeps an interval's end tick off the frame.
        x: { field: "low", type: "quantitative", title, scale: { zero, padding: 8 } },
        x2: { field: "high" },
        color: colour,
      },
    },
    {
      mark: { type: "point", filled: true, size: 60, opacity: 1 },
      encoding: {
        y: variantY(variants),
        x: { field: "value", type: "quantitative", title },
        color: colour,
        tooltip: [
          { field: "variant", type: "nominal", title: "Variant" },
          { field: "text", type: "nominal", title: tooltipTitle },
          { field: "n", type: "quantitative", title: "Replications" },
        ],
      },
    },
  ];
}

function meansPanel(summary: BatchSummary, figure: KeyFigure): ConcatCell {
  const variants = names(summary);
  const values = summary.variants.flatMap((v) => {
    const s = statsOf(v, figure);
    if (s === undefined || s.mean === null) return [];
    return [
      {
        variant: v.name,
        value: sigDigits(s.mean),
        low: sigDigits(s.ciLow),
        high: sigDigits(s.ciHigh),
        n: s.n,
        text: meanWithInterval(s.mean, s.ciLow, s.ciHigh),
      },
    ];
  });
  return {
    width: SIZES.panelWidth,
    height: { step: 22 },
    data: { values },
    // Not from zero: the intervals are narrow next to the means, and their overlap is the point.
    layer: intervalLayers(variants, axisTitle(figure), `${figure.label}, mean`, false),
  };
}

/**
 * A sweep's points are read along the sweep chart; a row per point, labelled with every swept
 * value, would repeat it less readably.
 */
const rowsReadable = (summary: BatchSummary): boolean =>
  summary.sweep === null && summary.variants.length > 0 && summary.variants.length <= MAX_ROW_VARIANTS;

export function meansChart(ctx: BatchChartContext): TopLevelSpec | undefined {
  const { summary } = ctx;
  if (!rowsReadable(summary)) return undefined;
  const figures = shownFigures(summary);
  if (figures.length === 0) return undefined;
  const n = summary.replications;
  return {
    ...frame(
      "Key figures with 95% confidence intervals",
      `Mean of each key figure over ${n} replication${n === 1 ? "" : "s"} per variant (dot) with its 95% confidence interval (bar; Student t, ${n - 1} degrees of freedom), one row per variant. Each panel has its own scale, not starting at zero.`,
      `Dot: mean over ${n} replications; bar: 95% confidence interval`,
    ),
    columns: 2,
    concat: figures.map((f) => meansPanel(summary, f)),
  };
}

// ---------------------------------------------------------------------------------------------
// Paired differences from the first variant

/** Differences of a percentage are in percentage points, not per cent of the percentage. */
const differenceUnit = (unit: string): string => (unit.startsWith("%") ? "percentage points" : unit);
const lowerFirst = (text: string): string => text.charAt(0).toLowerCase() + text.slice(1);

function differencesPanel(comparison: BatchComparison, figure: KeyFigure, variants: string[]): ConcatCell {
  const values = comparison.comparisons.flatMap((c) => {
    const m = c.metrics[figure.metric];
    if (m === undefined || m.meanDifference === null) return [];
    const d = inFigureUnits(figure, m.meanDifference);
    const low = m.paired === null ? null : inFigureUnits(figure, m.paired.low);
    const high = m.paired === null ? null : inFigureUnits(figure, m.paired.high);
    return [
      {
        variant: c.variant,
        value: sigDigits(d),
        low: sigDigits(low),
        high: sigDigits(high),
        n: m.pairs,
        text: meanWithInterval(d, low, high),
      },
    ];
  });
  const title = `Difference in ${lowerFirst(figure.label)} (${differenceUnit(figure.unit)})`;
  return {
    width: SIZES.panelWidth,
    height: { step: 22 },
    layer: [
      { data: { values }, layer: intervalLayers(variants, title, "Difference", true) },
      {
        data: { values: [{ zero: 0 }] },
        mark: { type: "rule", color: SEMANTIC_COLOURS.reference, strokeDash: [4, 3] },
        encoding: { x: { field: "zero", type: "quantitative" } },
      },
    ],
  };
}

export function differencesChart(ctx: BatchChartContext): TopLevelSpec | undefined {
  const { summary, comparison } = ctx;
  if (comparison === undefined || comparison.comparisons.length === 0) return undefined;
  if (!rowsReadable(summary)) return undefined;
  const figures = shownFigures(summary).filter((f) =>
    comparison.comparisons.some((c) => c.metrics[f.metric]?.meanDifference != null),
  );
  if (figures.length === 0) return undefined;
  const baseline = comparison.baseline;
  return {
    ...frame(
      `Differences from ${baseline}, with 95% confidence intervals`,
      `Mean paired difference of each variant from ${baseline} (dot: variant minus ${baseline}, replication by replication, with common random numbers) and its 95% confidence interval (bar; paired Student t). An interval that crosses the dashed zero line means no clear difference.`,
      `Variant minus ${baseline}; dashed line: no difference`,
    ),
    columns: 2,
    concat: figures.map((f) => differencesPanel(comparison, f, names(summary))),
  };
}

// ---------------------------------------------------------------------------------------------
// Sweep: mean against the swept value, with a CI band

/** A unit for a swept parameter, guessed from its path's last part; "value" when unknown. */
export function sweepUnit(path: string): string {
  const leaf = path.split(".").pop() ?? path;
  if (/beds$/i.test(leaf)) return "beds";
  if (/capacity$/i.test(leaf)) return "capacity";
  if (/assessors$/i.test(leaf)) return "assessors";
  if (/perDay$/i.test(leaf)) return "per day";
  if (/rate$/i.test(leaf)) return "rate";
  return "value";
}

/** The line a variant belongs to in a sweep chart: its base variant and the other axes' values. */
function sweepGroup(v: VariantSummary, otherAxes: readonly string[], severalBases: boolean): string {
  const parts = [
    ...(severalBases ? [v.base] : []),
    ...otherAxes.map((path) => `${path}=${String(v.point?.[path] ?? "")}`),
  ];
  return parts.length === 0 ? "all" : parts.join(", ");
}

function sweepPanel(
  summary: BatchSummary,
  figure: KeyFigure,
  x: { path: string; values: SweepValue[] },
  groups: string[],
  groupOf: (v: VariantSummary) => string,
  labels: { title: string; today: number | undefined; colours: string[] },
): ConcatCell {
  const numeric = x.values.every((v) => typeof v === "number");
  const values = summary.variants.flatMap((v) => {
    const s = statsOf(v, figure);
    const at = v.point?.[x.path];
    if (s === undefined || s.mean === null || at === undefined) return [];
    return [
      {
        x: numeric ? at : String(at),
        group: groupOf(v),
        variant: v.name,
        mean: sigDigits(s.mean),
        low: sigDigits(s.ciLow),
        high: sigDigits(s.ciHigh),
        text: meanWithInterval(s.mean, s.ciLow, s.ciHigh),
      },
    ];
  });
  const xEncoding = numeric
    ? {
        field: "x",
        type: "quantitative" as const,
        title: labels.title,
        // The swept input's own range: zero beds is no option anyone is weighing.
        scale: { zero: false },
      }
    : {
        field: "x",
        type: "ordinal" as const,
        title: labels.title,
        sort: x.values.map(String),
        axis: { labelAngle: 0 },
      };
  const colour =
    groups.length > 1
      ? {
          field: "group",
          type: "nominal" as const,
          title: "Line",
          sort: groups,
          scale: { domain: groups, range: labels.colours },
          // The band layer comes first, and would otherwise lend the legend its faint fill.
          legend: { symbolType: "stroke", symbolOpacity: 1, symbolStrokeWidth: 2.5 },
        }
      : { value: labels.colours[0]! };
  // The panel title names the figure; a long name down the y axis would overrun the panel.
  const yTitle = `Mean (${figure.unit})`;
  // From zero: a change of 221 to 228 beds must not look like a trend.
  const y = { field: "mean", type: "quantitative" as const, title: yTitle, scale: { zero: true } };
  const today: LayerCell[] =
    numeric && labels.today !== undefined
      ? [
          {
            data: { values: [{ x: labels.today, label: "today" }] },
            mark: { type: "rule", color: SEMANTIC_COLOURS.reference, strokeDash: [4, 3] },
            encoding: { x: { field: "x", type: "quantitative" } },
          },
          {
            data: { values: [{ x: labels.today, label: "today" }] },
            mark: {
              type: "text",
              align: "left",
              baseline: "top",
              dx: 3,
              y: 2,
              fontSize: 10,
              color: "#333333",
            },
            encoding: { x: { field: "x", type: "quantitative" }, text: { field: "label" } },
          },
        ]
      : [];
  return {
    title: { text: figure.label, anchor: "start", fontSize: 13, offset: 6 },
    width: SIZES.panelWidth,
    height: 150,
    data: { values },
    layer: [
      {
        transform: [{ filter: "datum.low != null" }],
        mark: { type: "area", opacity: 0.2 },
        encoding: {
          x: xEncoding,
          y: { field: "low", type: "quantitative", title: yTitle, scale: { zero: true } },
          y2: { field: "high" },
          color: colour,
        },
      },
      { mark: { type: "line" }, encoding: { x: xEncoding, y, color: colour } },
      ...today,
      {
        mark: { type: "point", filled: true, size: 30 },
        encoding: {
          x: xEncoding,
          y,
          color: colour,
          tooltip: [
            { field: "variant", type: "nominal", title: "Sweep point" },
            { field: "text", type: "nominal", title: figure.label },
          ],
        },
      },
    ],
  };
}

export function sweepChart(ctx: BatchChartContext): TopLevelSpec | undefined {
  const { summary } = ctx;
  const [first, ...others] = summary.sweep ?? [];
  if (first === undefined) return undefined;
  const figures = shownFigures(summary);
  if (figures.length === 0) return undefined;
  const otherAxes = others.map((a) => a.path);
  const severalBases = new Set(summary.variants.map((v) => v.base)).size > 1;
  const groupOf = (v: VariantSummary) => sweepGroup(v, otherAxes, severalBases);
  const groups = [...new Set(summary.variants.map(groupOf))];
  const lines =
    groups.length > 1
      ? `, one line per ${[...(severalBases ? ["variant"] : []), ...otherAxes].join(" and ")}`
      : "";
  return {
    ...frame(
      `Key figures across the sweep of ${ctx.sweepTitles?.[first.path] ?? first.path}`,
      `Mean of each key figure at each value of ${first.path} (line and dots) with its 95% confidence interval (band), over ${summary.replications} replications per point${lines}. The points share random numbers, so the shape of each line is sharper than the bands suggest.`,
      "Line: mean; band: 95% confidence interval",
    ),
    columns: 2,
    concat: figures.map((f) =>
      sweepPanel(summary, f, first, groups, groupOf, {
        title: ctx.sweepTitles?.[first.path] ?? `${first.path} (${sweepUnit(first.path)})`,
        today: ctx.sweepToday?.[first.path],
        colours:
          severalBases && otherAxes.length === 0
            ? variantColours(groups, ctx.variantOrder ?? [])
            : groups.map((_, i) => CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]!),
      }),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Distributions across replications

/** The step of 1, 2, 2.5 or 5 times a power of ten nearest to `raw`: bin edges a reader can name. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = pow(10, Math.floor(log10(raw)));
  const candidates = [1, 2, 2.5, 5, 10].map((m) => m * power);
  return candidates.reduce((best, c) => (Math.abs(log(c / raw)) < Math.abs(log(best / raw)) ? c : best));
}

export interface Histogram {
  start: number;
  step: number;
  /** Counts per variant, in the order given. */
  counts: number[][];
}

/** Smallest and largest value; a loop, since spreading 100,000 values into Math.min overflows the stack. */
function extent(samples: readonly (readonly number[])[]): { lo: number; hi: number } {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const s of samples) {
    for (const v of s) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return { lo, hi };
}

/**
 * Common bins for several samples, so the variants' histograms line up. About 2·n^⅓ bins
 * (Terrell and Scott's rule), between 5 and 30.
 */
export function histogram(samples: readonly (readonly number[])[]): Histogram | undefined {
  if (samples.every((s) => s.length === 0)) return undefined;
  const { lo, hi } = extent(samples);
  const n = Math.max(...samples.map((s) => s.length));
  const bins = Math.min(30, Math.max(5, Math.round(2 * cbrt(n))));
  const step = niceStep(hi > lo ? (hi - lo) / bins : Math.abs(lo) / 100 || 1);
  const start = Math.floor(lo / step) * step;
  const size = Math.floor((hi - start) / step + 1e-9) + 1;
  const counts = samples.map((sample) => {
    const c = new Array<number>(size).fill(0);
    for (const v of sample) c[Math.min(size - 1, Math.floor((v - start) / step + 1e-9))]!++;
    return c;
  });
  return { start, step, counts };
}

function valuesOf(records: readonly ReplicationRecord[], variant: string, figure: KeyFigure): number[] {
  const out: number[] = [];
  for (const r of records) {
    const v = r.variant === variant ? r.metrics[figure.metric] : undefined;
    if (typeof v === "number") out.push(inFigureUnits(figure, v));
  }
  return out;
}

/**
 * Common bins let a reader compare variants, but when a variant moves a figure far more than
 * replications vary (a policy that frees a hundred beds), each histogram would be a bar or two.
 * Then every variant gets bins and a scale of its own.
 */
export function sharesBins(samples: readonly (readonly number[])[]): boolean {
  const whole = extent(samples);
  const span = whole.hi - whole.lo;
  if (!(span > 0)) return true;
  return samples.every((s) => {
    const own = extent([s]);
    return s.length === 0 || (own.hi - own.lo) / span >= 0.25;
  });
}

type BinRow = {
  kind: "bin";
  variant: string;
  from: number;
  to: number;
  count: number;
  percent: number;
  range: string;
};

function binRows(variant: string, h: Histogram, counts: readonly number[], total: number): BinRow[] {
  const places = Math.max(0, Math.min(6, -Math.floor(log10(h.step)) + 1));
  return counts.flatMap((count, bin) => {
    if (count === 0) return [];
    const from = round(h.start + bin * h.step, places);
    const to = round(h.start + (bin + 1) * h.step, places);
    const range = `${formatNumber(from, places)} to ${formatNumber(to, places)}`;
    return [
      { kind: "bin" as const, variant, from, to, count, percent: round((100 * count) / total, 2), range },
    ];
  });
}

function distributionPanel(
  ctx: BatchChartContext,
  figure: KeyFigure,
  variants: string[],
): ConcatCell | undefined {
  const samples = variants.map((v) => valuesOf(ctx.records, v, figure));
  const shared = sharesBins(samples);
  const common = shared ? histogram(samples) : undefined;
  const values: Record<string, string | number>[] = [];
  // One x range for every variant, whether they share bins or not: variants compared on one chart
  // share a scale, or a narrow spread and a wide one would look alike.
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  variants.forEach((variant, i) => {
    const sample = samples[i]!;
    const h = common ?? histogram([sample]);
    if (h === undefined) return;
    lo = Math.min(lo, h.start);
    hi = Math.max(hi, h.start + h.counts[0]!.length * h.step);
    values.push(...binRows(variant, h, h.counts[common ? i : 0]!, sample.length));
    const summary = ctx.summary.variants.find((v) => v.name === variant);
    const s = summary === undefined ? undefined : statsOf(summary, figure);
    if (s?.mean != null)
      values.push({ kind: "mean", variant, value: round(s.mean, 6), count: sample.length });
  });
  if (values.length === 0) return undefined;
  const x = {
    field: "from",
    type: "quantitative" as const,
    title: axisTitle(figure),
    scale: { domain: [lo, hi], nice: false },
  };
  return {
    title: {
      text: shared ? figure.label : `${figure.label} (bins of each variant's own width)`,
      anchor: "start",
      fontSize: 13,
      offset: 6,
    },
    data: { values },
    facet: rowFacet("variant", variants),
    spec: {
      width: SIZES.panelWidth,
      height: 56,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'bin'" }],
          // Rectangles from zero up to the share: a bar with x and x2 would be a horizontal range.
          mark: { type: "rect", stroke: "white", strokeWidth: 0.5 },
          encoding: {
            x,
            x2: { field: "to" },
            y: { field: "percent", type: "quantitative", title: "Replications (%)", axis: { tickCount: 3 } },
            y2: { datum: 0 },
            color: { ...variantColour(variants), legend: null },
            tooltip: [
              { field: "variant", type: "nominal", title: "Variant" },
              { field: "range", type: "nominal", title: axisTitle(figure) },
              { field: "count", type: "quantitative", title: "Replications" },
              { field: "percent", type: "quantitative", title: "% of replications", format: ".1f" },
            ],
          },
        },
        {
          transform: [{ filter: "datum.kind === 'mean'" }],
          mark: { type: "rule", color: SEMANTIC_COLOURS.capacity, strokeWidth: 1.5 },
          encoding: {
            x: { field: "value", type: "quantitative" },
            tooltip: [
              { field: "variant", type: "nominal", title: "Variant" },
              { field: "value", type: "quantitative", title: "Mean", format: ",.2f" },
            ],
          },
        },
      ],
    },
  };
}

export function distributionsChart(ctx: BatchChartContext): TopLevelSpec | undefined {
  const { summary } = ctx;
  const variants = names(summary);
  if (variants.length === 0 || variants.length > MAX_PANEL_VARIANTS) return undefined;
  if (summary.replications < MIN_DISTRIBUTION_REPLICATIONS) return undefined;
  const figures = shownFigures(
    summary,
    DISTRIBUTION_FIGURES.flatMap((id) => KEY_FIGURES.filter((f) => f.id === id)),
  );
  const panels = figures.flatMap((f) => distributionPanel(ctx, f, variants) ?? []);
  if (panels.length === 0) return undefined;
  return {
    ...frame(
      "Spread across replications",
      `How ${figures.map((f) => lowerFirst(f.label)).join(", ")} vary from one replication to the next: the share of ${summary.replications} replications per variant falling in each range (bars), with the mean (black line). The spread is what one year could look like; the confidence intervals above are for the mean.`,
      "Bars: share of replications in each range; black line: mean",
    ),
    columns: 2,
    concat: panels,
  };
}

// ---------------------------------------------------------------------------------------------
// Fan chart of occupied beds over time

const DAY_MS = 86_400_000;

function dayDate(start: string, day: number): string | undefined {
  const t = Date.parse(`${start}T00:00:00Z`);
  return Number.isNaN(t) ? undefined : new Date(t + day * DAY_MS).toISOString().slice(0, 10);
}

export function occupancyFanChart(ctx: BatchChartContext): TopLevelSpec | undefined {
  const fans = ctx.fan?.variants ?? [];
  if (fans.length === 0 || fans.length > MAX_PANEL_VARIANTS) return undefined;
  const variants = fans.map((f) => f.name);
  const values = fans.flatMap((f) =>
    f.mean.flatMap((_, day) => {
      const date = dayDate(f.start, day);
      if (date === undefined) return [];
      const q = f.quantiles;
      return [
        {
          variant: f.name,
          date,
          p5: q.p5[day]!,
          p25: q.p25[day]!,
          p50: q.p50[day]!,
          p75: q.p75[day]!,
          p95: q.p95[day]!,
        },
      ];
    }),
  );
  if (values.length === 0) return undefined;
  const x = {
    field: "date",
    type: "temporal" as const,
    scale: { type: "utc" as const },
    title: "Date (day)",
  };
  const colour = { ...variantColour(names(ctx.summary).filter((n) => variants.includes(n))), legend: null };
  const replications = Math.max(...fans.map((f) => f.replications));
  return {
    ...frame(
      "Occupied beds day by day across replications",
      `Total occupied beds over all wards each day (daily mean), across ${replications} replications per variant: the line is the median replication, the dark band holds the middle 50% of replications and the light band 90% (5th to 95th percentile). A wide band means a day's occupancy is hard to predict, whatever the mean.`,
      "Line: median; dark band: 25th–75th percentile; light band: 5th–95th percentile",
    ),
    data: { values },
    facet: rowFacet("variant", variants),
    spec: {
      width: SIZES.width,
      height: SIZES.facetHeight,
      layer: [
        {
          mark: { type: "area", opacity: 0.18 },
          encoding: {
            x,
            y: { field: "p5", type: "quantitative", title: "Occupied beds (beds)", scale: { zero: false } },
            y2: { field: "p95" },
            color: colour,
          },
        },
        ...(ctx.beds === undefined
          ? []
          : [
              {
                data: { values: [{ beds: ctx.beds, label: `${ctx.beds.toLocaleString("en-GB")} beds` }] },
                mark: { type: "rule" as const, color: SEMANTIC_COLOURS.capacity, strokeWidth: 1.5 },
                encoding: { y: { field: "beds", type: "quantitative" as const } },
              },
              {
                data: { values: [{ beds: ctx.beds, label: `${ctx.beds.toLocaleString("en-GB")} beds` }] },
                mark: {
                  type: "text" as const,
                  align: "left" as const,
                  baseline: "bottom" as const,
                  x: 4,
                  dy: -2,
                  fontSize: 10,
                  color: SEMANTIC_COLOURS.capacity,
                },
                encoding: { y: { field: "beds", type: "quantitative" as const }, text: { field: "label" } },
              },
            ]),
        {
          mark: { type: "area", opacity: 0.35 },
          encoding: { x, y: { field: "p25", type: "quantitative" }, y2: { field: "p75" }, color: colour },
        },
        {
          mark: { type: "line", strokeWidth: 1.6 },
          encoding: {
            x,
            y: { field: "p50", type: "quantitative" },
            color: colour,
            tooltip: [
              { field: "variant", type: "nominal", title: "Variant" },
              {
                field: "date",
                type: "temporal",
                timeUnit: "utcyearmonthdate",
                title: "Date",
                format: "%a %d %b %Y",
              },
              { field: "p50", type: "quantitative", title: "Median (beds)", format: ",.1f" },
              { field: "p25", type: "quantitative", title: "25th percentile", format: ",.1f" },
              { field: "p75", type: "quantitative", title: "75th percentile", format: ",.1f" },
              { field: "p5", type: "quantitative", title: "5th percentile", format: ",.1f" },
              { field: "p95", type: "quantitative", title: "95th percentile", format: ",.1f" },
            ],
          },
        },
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Registry

/** Report order: a sweep's own chart first, then intervals, differences, time, spread. */
export const BATCH_CHARTS: readonly ChartDefinitionOf<BatchChartContext>[] = [
  { name: "sweep", build: sweepChart },
  { name: "variant-means", build: meansChart },
  { name: "variant-differences", build: differencesChart },
  { name: "occupancy-fan", build: occupancyFanChart },
  { name: "distributions", build: distributionsChart },
];

export function buildBatchCharts(
  ctx: BatchChartContext,
  definitions: readonly ChartDefinitionOf<BatchChartContext>[] = BATCH_CHARTS,
): NamedChart[] {
  const order = ctx.variantOrder ?? [];
  return namedCharts(ctx, definitions).map((c) => ({ ...c, spec: pinVariantColours(c.spec, order) }));
}
