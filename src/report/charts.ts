/**
 * Chart builders: one function per chart, each turning run results into a self-contained
 * Vega-Lite spec (data inlined, theme embedded) or `undefined` when the run has no data for it,
 * so a chart never shows an empty frame.
 *
 * Every spec carries the shared theme, a title, a description (read aloud by screen readers and
 * used as the caption in the report) and a unit in every quantitative or time axis title, because
 * a chart cut out into a slide loses the page around it.
 *
 * To add a chart: write a builder `(ctx: ChartContext) => TopLevelSpec | undefined` and append it
 * to CHARTS. The context is the whole set of results so later features (replications, theatre
 * or staff data) can extend it without changing existing builders.
 */
import type { TopLevelSpec } from "vega-lite";
import { DELAY_REASON_LABELS } from "../model/patient.js";
import type { RunResult, RunSummary } from "../model/summary.js";
import {
  type ChartContext,
  type ChartDefinition,
  type ChartDefinitionOf,
  capitalise,
  frame,
  type NamedChart,
  pinVariantColours,
  round,
  scenarioVariantOrder,
  variantColour,
  variantsOf,
} from "./chart-kit.js";
import { figureApplies, KEY_FIGURES, type KeyFigure } from "./figures.js";
import {
  staffUtilisationChart,
  taskWaitsChart,
  theatreCancellationsChart,
  theatreTimeChart,
  waitingListChart,
} from "./operations-charts.js";
import { CATEGORY_COLOURS, rowFacet, SEMANTIC_COLOURS, SEQUENTIAL_SCHEME, SIZES } from "./theme.js";

export {
  type ChartContext,
  type ChartDefinition,
  type ChartDefinitionOf,
  capitalise,
  frame,
  type NamedChart,
  round,
  VEGA_LITE_SCHEMA_URL,
  variantColour,
  variantsOf,
} from "./chart-kit.js";

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;

const PATHWAY_LABELS = [
  "P0: home, no new support",
  "P1: home with new support",
  "P2: rehab or step-down bed",
  "P3: care home",
] as const;

const pathwayLabel = (p: number): string => PATHWAY_LABELS[p] ?? `P${p}`;

// ---------------------------------------------------------------------------------------------
// Shared pieces

/** Unique display labels: a name shared by two wards gets its id appended. */
function uniqueLabels(items: readonly { id: string; name: string }[]): Map<string, string> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.name, (counts.get(item.name) ?? 0) + 1);
  return new Map(
    items.map((item) => [
      item.id,
      (counts.get(item.name) ?? 0) > 1 ? `${item.name} (${item.id})` : item.name,
    ]),
  );
}

/** Items across variants by id, first appearance first (a variant may add or drop wards). */
function unionById<T extends { id: string; name: string }>(
  lists: readonly (readonly T[])[],
): { id: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const list of lists) for (const item of list) if (!seen.has(item.id)) seen.set(item.id, item.name);
  return [...seen].map(([id, name]) => ({ id, name }));
}

/** Days actually observed: the horizon, or the simulated part of a run stopped early. */
function observedDays(result: RunResult): number {
  const s = result.summary;
  if (s.complete || result.daily.length === 0) return s.horizonDays;
  return result.daily.length;
}

const count = (x: number): string => Math.round(x).toLocaleString("en-GB");
// ---------------------------------------------------------------------------------------------
// Occupancy

export function occupancyChart(ctx: ChartContext): TopLevelSpec | undefined {
  const { results } = ctx;
  const variants = variantsOf(results);
  const wards = unionById(results.map((r) => r.summary.wards));
  const labels = uniqueLabels(wards);
  const values: Record<string, string | number>[] = [];
  for (const r of results) {
    for (const ward of wards) {
      const key = `occupancy_${ward.id}` as const;
      for (const row of r.daily) {
        const value = row[key];
        if (typeof value === "number" && Number.isFinite(value)) {
          values.push({
            kind: "occupancy",
            ward: labels.get(ward.id)!,
            variant: r.summary.variant,
            date: row.date,
            value: round(value, 2),
          });
        }
      }
    }
  }
  if (values.length === 0) return undefined;

  // Bed lines come from the summary's mean staffed beds: with a bed schedule that is an average,
  // which the legend says. Identical lines from several variants are drawn once.
  const references = new Map<string, Record<string, string | number>>();
  const scheduled = new Set(
    (ctx.scenario?.wards ?? []).filter((w) => (w.bedSchedule?.length ?? 0) > 0).map((w) => w.id),
  );
  const bedLevel = scheduled.size > 0 ? "Staffed beds (mean)" : "Staffed beds";
  for (const r of results) {
    for (const w of r.summary.wards) {
      if (!(w.bedsMean > 0)) continue;
      for (const [level, factor] of [
        [bedLevel, 1],
        ["92% of beds", 0.92],
        ["85% of beds", 0.85],
      ] as const) {
        const ward = labels.get(w.id) ?? w.name;
        const value = round(w.bedsMean * factor, 2);
        references.set(`${ward}\u0000${level}\u0000${value}`, { kind: "reference", ward, level, value });
      }
    }
  }
  // No staffed beds anywhere (an outpatient-only scenario): no occupancy against beds to draw.
  if (references.size === 0) return undefined;
  values.push(...references.values());
  const wardOrder = wards.map((w) => labels.get(w.id)!);
  const dateAxis = {
    field: "date",
    type: "temporal" as const,
    scale: { type: "utc" as const },
    title: "Date (daily mean)",
  };

  return {
    ...frame(
      "Ward occupancy against beds",
      `Daily mean occupied beds on each ward${variants.length > 1 ? ", by variant" : ""} (thin) with its 7-day rolling mean (thick), against staffed beds and 85% and 92% of beds. Occupancy above about 85% brings regular bed shortages.`,
      "Thin: daily mean occupied beds; thick: 7-day rolling mean; black: staffed beds, dashed 92% and 85%",
    ),
    data: { values },
    facet: rowFacet("ward", wardOrder),
    resolve: { scale: { y: "independent" } },
    spec: {
      width: SIZES.width,
      height: SIZES.facetHeight,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'occupancy'" }],
          mark: { type: "line", strokeWidth: 1, strokeOpacity: variants.length > 1 ? 0.3 : 0.45 },
          encoding: {
            x: dateAxis,
            // Not from zero: the band between 85% and 100% of beds is what a planner reads.
            y: {
              field: "value",
              type: "quantitative",
              title: "Occupied beds (beds)",
              scale: { zero: false },
            },
            color: variantColour(variants),
            tooltip: [
              { field: "variant", type: "nominal", title: "Variant" },
              {
                field: "date",
                type: "temporal",
                timeUnit: "utcyearmonthdate",
                title: "Date",
                format: "%a %d %b %Y",
              },
              { field: "value", type: "quantitative", title: "Occupied beds (mean)", format: ",.1f" },
            ],
          },
        },
        {
          // A week's rolling mean: the daily lines of several variants are noise laid on noise.
          transform: [
            { filter: "datum.kind === 'occupancy'" },
            {
              window: [{ op: "mean", field: "value", as: "weekly" }],
              frame: [-6, 0],
              groupby: ["ward", "variant"],
              sort: [{ field: "date" }],
            },
          ],
          mark: { type: "line", strokeWidth: 2.5 },
          encoding: {
            x: dateAxis,
            y: {
              field: "weekly",
              type: "quantitative",
              title: "Occupied beds (beds)",
              scale: { zero: false },
            },
            color: variantColour(variants),
          },
        },
        {
          transform: [{ filter: "datum.kind === 'reference'" }],
          mark: { type: "rule", color: SEMANTIC_COLOURS.capacity, strokeWidth: 1.2 },
          encoding: {
            y: { field: "value", type: "quantitative" },
            strokeDash: {
              field: "level",
              type: "nominal",
              title: "Reference",
              scale: {
                domain: [bedLevel, "92% of beds", "85% of beds"],
                range: [
                  [1, 0],
                  [6, 3],
                  [2, 3],
                ],
              },
            },
            tooltip: [
              { field: "level", type: "nominal", title: "Reference" },
              { field: "value", type: "quantitative", title: "Beds", format: ",.1f" },
            ],
          },
        },
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Time to bed

export function timeToBedChart(ctx: ChartContext): TopLevelSpec | undefined {
  const results = ctx.results.filter((r) => r.summary.timeToBed.admissions > 0);
  if (results.length === 0) return undefined;
  const variants = variantsOf(results);
  const statistics = ["Mean", "Median", "90th percentile", "95th percentile"];
  const percentiles = results.flatMap((r) => {
    const t = r.summary.timeToBed;
    const v = r.summary.variant;
    return [
      { variant: v, statistic: "Mean", hours: t.meanHours },
      { variant: v, statistic: "Median", hours: t.medianHours },
      { variant: v, statistic: "90th percentile", hours: t.p90Hours },
      { variant: v, statistic: "95th percentile", hours: t.p95Hours },
    ].map((d) => ({ ...d, hours: round(d.hours!, 2), label: `${d.hours!.toFixed(1)} h` })); // admissions > 0
  });
  const breaches = results.flatMap((r) => {
    const t = r.summary.timeToBed;
    return [
      { threshold: "Over 4 hours", count: t.breaches4h },
      { threshold: "Over 12 hours", count: t.breaches12h },
    ].map((b) => {
      const percent = (100 * b.count) / t.admissions;
      return {
        variant: r.summary.variant,
        threshold: b.threshold,
        count: b.count,
        percent: round(percent, 2),
        label: `${percent.toFixed(1)}% (${count(b.count)})`,
      };
    });
  });
  const yOffset = {
    field: "variant",
    type: "nominal" as const,
    sort: variants,
    scale: { paddingInner: 0.1 },
  };
  const maxHours = Math.max(12, ...percentiles.map((p) => p.hours));
  const maxPercent = Math.max(0, ...breaches.map((b) => b.percent));
  const breachY = {
    field: "threshold",
    type: "nominal" as const,
    sort: ["Over 4 hours", "Over 12 hours"],
    title: null,
  };

  return {
    ...frame(
      "Time from decision to admit to a bed",
      `Mean, median, 90th and 95th percentile of the wait for a bed in hours, against the 4-hour and 12-hour marks, and the share of admissions that waited longer than each (${results
        .map(
          (r) =>
            `${r.summary.variant}: ${count(r.summary.timeToBed.breaches4h)} over 4 h and ${count(r.summary.timeToBed.breaches12h)} over 12 h of ${count(r.summary.timeToBed.admissions)} admissions`,
        )
        .join("; ")}). The run keeps these summary percentiles, not every wait.`,
      "Percentiles of the wait; dashed lines mark 4 and 12 hours",
    ),
    hconcat: [
      {
        width: 360,
        height: { step: 16 },
        layer: [
          {
            data: { values: percentiles },
            mark: { type: "bar", cornerRadiusEnd: 2 },
            encoding: {
              y: { field: "statistic", type: "nominal", sort: statistics, title: null },
              yOffset,
              x: {
                field: "hours",
                type: "quantitative",
                title: "Wait for a bed (hours)",
                scale: { domain: [0, Math.ceil(maxHours * 1.12)] },
              },
              color: variantColour(variants),
              tooltip: [
                { field: "variant", type: "nominal", title: "Variant" },
                { field: "statistic", type: "nominal", title: "Statistic" },
                { field: "hours", type: "quantitative", title: "Hours", format: ",.2f" },
              ],
            },
          },
          {
            data: { values: percentiles },
            mark: { type: "text", align: "left", dx: 3, fontSize: 10, color: "#333333" },
            encoding: {
              y: { field: "statistic", type: "nominal", sort: statistics },
              yOffset,
              x: { field: "hours", type: "quantitative" },
              text: { field: "label", type: "nominal" },
            },
          },
          {
            data: {
              values: [
                { hours: 4, label: "4 h" },
                { hours: 12, label: "12 h" },
              ],
            },
            layer: [
              {
                mark: { type: "rule", strokeDash: [5, 3], color: SEMANTIC_COLOURS.reference },
                encoding: { x: { field: "hours", type: "quantitative" } },
              },
              {
                mark: {
                  type: "text",
                  baseline: "bottom",
                  dy: -2,
                  fontSize: 11,
                  color: SEMANTIC_COLOURS.reference,
                },
                encoding: {
                  x: { field: "hours", type: "quantitative" },
                  y: { value: 0 },
                  text: { field: "label", type: "nominal" },
                },
              },
            ],
          },
        ],
      },
      {
        width: 230,
        height: { step: 16 },
        data: { values: breaches },
        layer: [
          {
            mark: { type: "bar", cornerRadiusEnd: 2 },
            encoding: {
              y: breachY,
              yOffset,
              x: {
                field: "percent",
                type: "quantitative",
                title: "Admissions waiting longer (% of admissions)",
                // Room for the "12.3% (4,567)" labels beyond the longest bar.
                scale: { domain: [0, Math.max(1, maxPercent * 1.6)], nice: false },
              },
              color: variantColour(variants),
              tooltip: [
                { field: "variant", type: "nominal", title: "Variant" },
                { field: "threshold", type: "nominal", title: "Wait" },
                { field: "count", type: "quantitative", title: "Admissions", format: "," },
                { field: "percent", type: "quantitative", title: "% of admissions", format: ".1f" },
              ],
            },
          },
          {
            mark: { type: "text", align: "left", dx: 3, fontSize: 10, color: "#333333" },
            encoding: {
              y: breachY,
              yOffset,
              x: { field: "percent", type: "quantitative" },
              text: { field: "label", type: "nominal" },
            },
          },
        ],
      },
    ],
    resolve: { scale: { color: "shared" } },
  };
}

// ---------------------------------------------------------------------------------------------
// Length of stay by pathway

export function losByPathwayChart(ctx: ChartContext): TopLevelSpec | undefined {
  const variants = variantsOf(ctx.results);
  const values = ctx.results.flatMap((r) =>
    r.summary.los.byPathway
      .filter((p) => p.spells > 0)
      .flatMap((p) => [
        {
          variant: r.summary.variant,
          pathway: pathwayLabel(p.pathway),
          component: "Treatment",
          order: 0,
          days: round(p.treatmentDays!, 3), // spells > 0
          spells: p.spells,
          meanDays: round(p.meanDays!, 3),
        },
        {
          variant: r.summary.variant,
          pathway: pathwayLabel(p.pathway),
          component: "Delayed discharge",
          order: 1,
          days: round(p.delayDays!, 3),
          spells: p.spells,
          meanDays: round(p.meanDays!, 3),
        },
      ]),
  );
  if (values.length === 0) return undefined;
  // Side by side for two variants; beyond, one row each, so the chart keeps to its column.
  const sideBySide = variants.length === 2;
  const panelWidth = sideBySide ? Math.floor((SIZES.width - 160) / 2) : 440;
  return {
    ...frame(
      "Length of stay by discharge pathway",
      "Mean length of stay of spells ending in each discharge pathway, split into treatment days (until medically fit) and delayed-discharge days (medically fit, still in a bed).",
      "Mean days per spell: treatment, then delayed discharge",
    ),
    data: { values },
    facet: sideBySide
      ? {
          column: {
            field: "variant",
            type: "nominal",
            title: null,
            sort: variants,
            header: { labelOrient: "top" },
          },
        }
      : rowFacet("variant", variants),
    spec: {
      width: panelWidth,
      height: { step: 26 },
      mark: { type: "bar" },
      encoding: {
        y: { field: "pathway", type: "nominal", sort: [...PATHWAY_LABELS], title: null },
        x: { field: "days", type: "quantitative", stack: "zero", title: "Mean length of stay (days)" },
        color: {
          field: "component",
          type: "nominal",
          title: "Part of the stay",
          scale: {
            domain: ["Treatment", "Delayed discharge"],
            range: [SEMANTIC_COLOURS.treatment, SEMANTIC_COLOURS.delay],
          },
        },
        order: { field: "order", type: "quantitative" },
        tooltip: [
          { field: "variant", type: "nominal", title: "Variant" },
          { field: "pathway", type: "nominal", title: "Pathway" },
          { field: "component", type: "nominal", title: "Part" },
          { field: "days", type: "quantitative", title: "Days", format: ",.2f" },
          { field: "meanDays", type: "quantitative", title: "Mean LOS (days)", format: ",.2f" },
          { field: "spells", type: "quantitative", title: "Spells", format: "," },
        ],
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Admissions and discharges

export function admissionsDischargesChart(ctx: ChartContext): TopLevelSpec | undefined {
  const variants = variantsOf(ctx.results);
  // Every admission to a bed, planned surgery included, so that over the run admissions less
  // discharges is the change in patients in beds, and neither line runs above the other for want
  // of a kind of patient.
  const planned = ctx.results.some((r) => r.daily.some((row) => row.elective_admissions !== undefined));
  const admitted = "Admissions";
  const values = ctx.results.flatMap((r) =>
    r.daily.flatMap((row) => [
      {
        variant: r.summary.variant,
        date: row.date,
        series: admitted,
        count: row.admissions + (row.elective_admissions ?? 0),
        ...(planned ? { emergency: row.admissions, elective: row.elective_admissions ?? 0 } : {}),
      },
      { variant: r.summary.variant, date: row.date, series: "Discharges", count: row.discharges },
    ]),
  );
  if (values.length === 0) return undefined;
  const x = {
    field: "date",
    type: "temporal" as const,
    scale: { type: "utc" as const },
    title: "Date (day)",
  };
  const colour = {
    field: "series",
    type: "nominal" as const,
    title: null,
    scale: {
      domain: [admitted, "Discharges"],
      range: [SEMANTIC_COLOURS.admissions, SEMANTIC_COLOURS.discharges],
    },
  };
  return {
    ...frame(
      "Admissions and discharges per day",
      `Admissions and discharges each day (thin lines) with their 7-day rolling means (thick lines). Discharges dip at weekends when the weekend discharge rate is below the weekday rate.${planned ? " Admissions are emergency and planned surgical admissions to a bed together (the tooltip splits them)." : ""} Over the run, admissions less discharges is the change in patients in beds.`,
      "Thin: each day; thick: 7-day rolling mean",
    ),
    data: { values },
    facet: rowFacet("variant", variants),
    spec: {
      width: SIZES.width,
      height: SIZES.facetHeight,
      layer: [
        {
          mark: { type: "line", strokeWidth: 1, strokeOpacity: 0.35 },
          encoding: {
            x,
            y: { field: "count", type: "quantitative", title: "Patients (per day)" },
            color: colour,
            tooltip: [
              {
                field: "date",
                type: "temporal",
                timeUnit: "utcyearmonthdate",
                title: "Date",
                format: "%a %d %b %Y",
              },
              { field: "series", type: "nominal", title: "Series" },
              { field: "count", type: "quantitative", title: "Patients", format: "," },
              ...(planned
                ? [
                    {
                      field: "emergency",
                      type: "quantitative" as const,
                      title: "Emergency admissions",
                      format: ",",
                    },
                    {
                      field: "elective",
                      type: "quantitative" as const,
                      title: "Planned surgical admissions",
                      format: ",",
                    },
                  ]
                : []),
            ],
          },
        },
        {
          transform: [
            {
              window: [{ op: "mean", field: "count", as: "rolling" }],
              frame: [-6, 0],
              groupby: ["variant", "series"],
              sort: [{ field: "date" }],
            },
          ],
          mark: { type: "line", strokeWidth: 2.5 },
          encoding: {
            x,
            y: { field: "rolling", type: "quantitative", title: "Patients (per day)" },
            color: colour,
          },
        },
      ],
    },
  };
}

export function dischargesByWeekdayChart(ctx: ChartContext): TopLevelSpec | undefined {
  const results = ctx.results.filter(
    (r) => r.summary.dischargesByWeekday.length === 7 && r.summary.dischargesByWeekday.some((x) => x > 0),
  );
  if (results.length === 0) return undefined;
  const variants = variantsOf(results);
  const values = results.flatMap((r) => {
    // Means per calendar day of the week, so a horizon with one extra Monday does not tilt the bars.
    const daysOfWeek = weekdayCounts(r);
    return WEEKDAYS.map((day, i) => {
      const total = r.summary.dischargesByWeekday[i] ?? 0;
      const n = daysOfWeek[i] ?? 0;
      return { variant: r.summary.variant, day, total, perDay: n > 0 ? round(total / n, 2) : 0 };
    });
  });
  return {
    ...frame(
      "Discharges by day of the week",
      "Mean discharges on each day of the week over the observed period. Weekend discharge rates below weekday rates show as a dip on Saturday and Sunday and a Monday catch-up.",
    ),
    data: { values },
    width: SIZES.width,
    height: SIZES.height,
    mark: { type: "bar", cornerRadiusEnd: 2 },
    encoding: {
      x: {
        field: "day",
        type: "ordinal",
        sort: [...WEEKDAYS],
        title: "Day of the week",
        axis: { labelAngle: 0 },
      },
      xOffset: { field: "variant", type: "nominal", sort: variants },
      y: { field: "perDay", type: "quantitative", title: "Discharges (mean per day)" },
      color: variantColour(variants),
      tooltip: [
        { field: "variant", type: "nominal", title: "Variant" },
        { field: "day", type: "ordinal", title: "Day" },
        { field: "perDay", type: "quantitative", title: "Discharges a day (mean)", format: ",.1f" },
        { field: "total", type: "quantitative", title: "Discharges in the run", format: "," },
      ],
    },
  };
}

/** How many Mondays, Tuesdays, … the daily rows cover; falls back to whole weeks of the horizon. */
function weekdayCounts(r: RunResult): number[] {
  const counts = [0, 0, 0, 0, 0, 0, 0];
  for (const row of r.daily) {
    const time = Date.parse(`${row.date}T00:00:00Z`);
    if (Number.isNaN(time)) continue;
    counts[(new Date(time).getUTCDay() + 6) % 7]!++;
  }
  if (counts.some((c) => c > 0)) return counts;
  return counts.map(() => observedDays(r) / 7);
}

// ---------------------------------------------------------------------------------------------
// Delays

export function delaysChart(ctx: ChartContext): TopLevelSpec | undefined {
  const results = ctx.results.filter((r) => r.summary.delays.some((d) => d.bedDays > 0));
  if (results.length === 0) return undefined;
  const variants = variantsOf(results);
  const reasons = results[0]!.summary.delays.map((d) =>
    capitalise(DELAY_REASON_LABELS[d.reason] ?? d.reason),
  );
  const values = results.flatMap((r) =>
    r.summary.delays.map((d) => ({
      variant: r.summary.variant,
      reason: capitalise(DELAY_REASON_LABELS[d.reason] ?? d.reason),
      perDay: round(d.perDay, 3),
      bedDays: round(d.bedDays, 1),
    })),
  );
  return {
    ...frame(
      "Bed-days lost to delayed discharge, by reason",
      "Bed-days spent by medically fit patients waiting to leave, per day of the observed period, by what they were waiting for. A bed-day lost per day is one bed occupied all the time.",
      "Mean delayed bed-days per day (≈ beds held by patients ready to leave)",
    ),
    data: { values },
    width: 360,
    height: { step: 14 },
    mark: { type: "bar", cornerRadiusEnd: 2 },
    encoding: {
      y: { field: "reason", type: "nominal", sort: reasons, title: null, axis: { labelLimit: 360 } },
      yOffset: { field: "variant", type: "nominal", sort: variants },
      x: { field: "perDay", type: "quantitative", title: "Delayed bed-days per day (bed-days/day)" },
      color: variantColour(variants),
      tooltip: [
        { field: "variant", type: "nominal", title: "Variant" },
        { field: "reason", type: "nominal", title: "Reason" },
        { field: "perDay", type: "quantitative", title: "Bed-days a day", format: ",.1f" },
        { field: "bedDays", type: "quantitative", title: "Bed-days in the run", format: ",.0f" },
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Community services

export function communityServicesChart(ctx: ChartContext): TopLevelSpec | undefined {
  const services = unionById(ctx.results.map((r) => r.summary.services));
  const labels = uniqueLabels(services);
  // A service the variant's policy never uses (e.g. D2A beds under standard discharge) is left
  // out rather than drawn as a misleading zero.
  const used = (s: RunSummary["services"][number]) =>
    s.starts > 0 || s.inServiceMean > 0 || s.waitingMean > 0;
  const values = ctx.results.flatMap((r) =>
    r.summary.services.filter(used).map((s) => ({
      variant: r.summary.variant,
      service: labels.get(s.id) ?? s.name,
      kind: s.kind,
      inService: round(s.inServiceMean, 2),
      // Visit services count capacity in visits a day, not people, so no capacity mark for them.
      capacity: s.kind === "visits" ? null : s.capacity,
      capacityLabel: s.kind === "visits" ? `${s.capacity} visits a day` : `${s.capacity}`,
      utilisation: round(100 * s.utilisation, 1),
      waitMean: s.waitMeanDays === null ? null : round(s.waitMeanDays, 3),
      waitP90: s.waitP90Days === null ? null : round(s.waitP90Days, 3),
      waitingMean: round(s.waitingMean, 2),
      starts: s.starts,
    })),
  );
  if (values.length === 0) return undefined;
  const variants = [...new Set(values.map((v) => v.variant))];
  const maxWait = Math.max(0, ...values.map((v) => Math.max(v.waitMean ?? 0, v.waitP90 ?? 0)));
  const order = services
    .map((s) => labels.get(s.id)!)
    .filter((label) => values.some((v) => v.service === label));
  const y = { field: "service", type: "nominal" as const, sort: order, title: null };
  const yOffset = { field: "variant", type: "nominal" as const, sort: variants };
  const tooltip = [
    { field: "variant", type: "nominal" as const, title: "Variant" },
    { field: "service", type: "nominal" as const, title: "Service" },
    { field: "inService", type: "quantitative" as const, title: "In service (mean)", format: ",.1f" },
    { field: "capacityLabel", type: "nominal" as const, title: "Capacity" },
    { field: "utilisation", type: "quantitative" as const, title: "Utilisation (%)", format: ".1f" },
    { field: "waitingMean", type: "quantitative" as const, title: "Waiting (mean people)", format: ",.1f" },
    { field: "waitMean", type: "quantitative" as const, title: "Wait, mean (days)", format: ".2f" },
    { field: "waitP90", type: "quantitative" as const, title: "Wait, 90th percentile (days)", format: ".2f" },
    { field: "starts", type: "quantitative" as const, title: "Starts", format: "," },
  ];
  return {
    ...frame(
      "Community service queues",
      "For each community service: the mean share of its capacity in use (places, beds, or visits a day for visit-based services) against its capacity (black line at 100%), and the wait for a start in days (bar: mean; dot: 90th percentile). Patients waiting for a service wait in an acute bed. The tooltip gives the numbers in use and the capacity.",
      "Left: capacity in use (mean) against capacity; right: wait for a start",
    ),
    data: { values },
    hconcat: [
      {
        width: 250,
        height: { step: 16 },
        layer: [
          {
            mark: { type: "bar", cornerRadiusEnd: 2 },
            encoding: {
              y: { ...y, axis: { labelLimit: 330 } },
              yOffset,
              // Share of capacity, so every service — places, beds or visits a day — is read
              // against the same capacity line at 100%.
              x: {
                field: "utilisation",
                type: "quantitative",
                title: "Capacity in use (% of places, beds or visits a day)",
                scale: {
                  domain: [0, Math.max(100, ...values.map((v) => v.utilisation)) * 1.05],
                  nice: false,
                },
              },
              color: variantColour(variants),
              tooltip,
            },
          },
          {
            data: { values: [{ capacity: 100, label: "capacity" }] },
            mark: { type: "rule", color: SEMANTIC_COLOURS.capacity, strokeWidth: 2 },
            encoding: { x: { field: "capacity", type: "quantitative" } },
          },
        ],
      },
      {
        width: 190,
        height: { step: 16 },
        layer: [
          {
            mark: { type: "bar", cornerRadiusEnd: 2 },
            encoding: {
              y: { ...y, axis: null },
              yOffset,
              x: {
                field: "waitMean",
                type: "quantitative",
                title: "Wait for a start (days)",
                // A fixed domain keeps an all-zero wait readable instead of one "0.000000" tick.
                scale: { domain: [0, maxWait > 0 ? maxWait * 1.1 : 1], nice: true },
              },
              color: variantColour(variants),
              tooltip,
            },
          },
          {
            mark: { type: "point", filled: true, color: SEMANTIC_COLOURS.capacity, size: 30 },
            encoding: {
              y: { ...y, axis: null },
              yOffset,
              x: { field: "waitP90", type: "quantitative" },
              tooltip,
            },
          },
        ],
      },
    ],
    resolve: { scale: { y: "shared" } },
  };
}

// ---------------------------------------------------------------------------------------------
// Costs

/** Labels for the cost fields of a summary; acute bed costs (occupied and open) are one bar. */
const COST_LABELS: Readonly<Record<string, string>> = {
  occupiedBedDays: "Acute beds",
  openBedDays: "Acute beds",
  community: "Community services",
  assessments: "Assessments",
  theatres: "Theatres",
  staff: "Staff",
};
const NOT_COST_COMPONENTS = new Set(["total", "perSpell", "byPathway"]);

const COST_COLOURS: Readonly<Record<string, string>> = {
  "Acute beds": SEMANTIC_COLOURS.acuteBeds,
  "Community services": SEMANTIC_COLOURS.community,
  Assessments: SEMANTIC_COLOURS.assessments,
  Theatres: SEMANTIC_COLOURS.theatres,
  Staff: SEMANTIC_COLOURS.staff,
};

/**
 * Every numeric component of the cost summary, so a cost added to the model later (theatres,
 * staff, ...) appears in the breakdown and the bars still add up to the total.
 */
function costComponents(costs: RunSummary["costs"]): { label: string; order: number; pounds: number }[] {
  const byLabel = new Map<string, number>();
  for (const [key, value] of Object.entries(costs)) {
    if (NOT_COST_COMPONENTS.has(key) || typeof value !== "number" || !Number.isFinite(value)) continue;
    const label = COST_LABELS[key] ?? capitalise(key.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase());
    byLabel.set(label, (byLabel.get(label) ?? 0) + value);
  }
  return [...byLabel].map(([label, pounds], order) => ({ label, order, pounds }));
}

export function costsChart(ctx: ChartContext): TopLevelSpec | undefined {
  const results = ctx.results.filter((r) => r.summary.costs.total > 0);
  if (results.length === 0) return undefined;
  const variants = variantsOf(results);
  const totals = results.flatMap((r) =>
    costComponents(r.summary.costs).map((d) => ({
      variant: r.summary.variant,
      component: d.label,
      order: d.order,
      millions: round(d.pounds / 1e6, 4),
    })),
  );
  // Components that are zero in every variant (no theatres modelled, say) stay out of the legend.
  const shown = new Set(totals.filter((t) => t.millions > 0).map((t) => t.component));
  const components = [...new Set(totals.map((t) => t.component))].filter((c) => shown.has(c));
  const componentColours = components.map(
    (c, i) => COST_COLOURS[c] ?? CATEGORY_COLOURS[(i + 4) % CATEGORY_COLOURS.length]!,
  );
  const perSpell = results.flatMap((r) =>
    r.summary.costs.byPathway
      .filter((p) => p.spells > 0)
      .map((p) => ({
        variant: r.summary.variant,
        pathway: pathwayLabel(p.pathway),
        perSpell: round(p.perSpell!, 0), // spells > 0
        spells: p.spells,
      })),
  );
  const spec = {
    ...frame(
      "Cost breakdown",
      `Total cost of the observed period by component (${components.join(", ").toLowerCase()}), and cost per spell by discharge pathway including community support after discharge.`,
      "Top: total cost by component; below: cost per spell by pathway",
    ),
    // One above the other: side by side, with a variant per row, they overflow a page.
    vconcat: [
      {
        width: 440,
        height: { step: 34 },
        data: { values: totals.filter((t) => shown.has(t.component)) },
        mark: { type: "bar" },
        encoding: {
          y: { field: "variant", type: "nominal", sort: variants, title: null },
          x: { field: "millions", type: "quantitative", stack: "zero", title: "Total cost (£ million)" },
          color: {
            field: "component",
            type: "nominal",
            title: "Component",
            scale: { domain: components, range: componentColours },
            legend: { orient: "bottom", direction: "vertical" },
          },
          order: { field: "order", type: "quantitative" },
          tooltip: [
            { field: "variant", type: "nominal", title: "Variant" },
            { field: "component", type: "nominal", title: "Component" },
            { field: "millions", type: "quantitative", title: "£ million", format: ",.2f" },
          ],
        },
      },
      {
        width: 440,
        height: { step: 14 },
        data: { values: perSpell },
        mark: { type: "bar", cornerRadiusEnd: 2 },
        encoding: {
          y: { field: "pathway", type: "nominal", sort: [...PATHWAY_LABELS], title: null },
          yOffset: { field: "variant", type: "nominal", sort: variants },
          x: {
            field: "perSpell",
            type: "quantitative",
            title: "Cost per spell (£)",
            axis: { format: ",.0f" },
          },
          color: { ...variantColour(variants), legend: { orient: "bottom", direction: "vertical" } },
          tooltip: [
            { field: "variant", type: "nominal", title: "Variant" },
            { field: "pathway", type: "nominal", title: "Pathway" },
            { field: "perSpell", type: "quantitative", title: "£ per spell", format: ",.0f" },
            { field: "spells", type: "quantitative", title: "Spells", format: "," },
          ],
        },
      },
    ],
    resolve: { scale: { color: "independent" }, legend: { color: "independent" } },
  };
  // Without inpatient spells (an outpatient-only scenario) there is nothing to show per spell.
  if (perSpell.length === 0) return { ...spec, vconcat: spec.vconcat.slice(0, 1) } as TopLevelSpec;
  return spec as TopLevelSpec;
}

// ---------------------------------------------------------------------------------------------
// Arrivals

export function arrivalsHeatmapChart(ctx: ChartContext): TopLevelSpec | undefined {
  const results = ctx.results.filter(
    (r) => r.summary.arrivalsByHourOfWeek.length === 168 && r.summary.arrivalsByHourOfWeek.some((x) => x > 0),
  );
  if (results.length === 0) return undefined;
  // Variants usually share their arrivals (common random numbers); draw each distinct pattern once.
  const patterns = new Map<string, { variants: string[]; result: RunResult }>();
  for (const r of results) {
    const key = `${r.summary.arrivalsByHourOfWeek.join(",")}|${observedDays(r)}`;
    const existing = patterns.get(key);
    if (existing === undefined) patterns.set(key, { variants: [r.summary.variant], result: r });
    else existing.variants.push(r.summary.variant);
  }
  const panels = [...patterns.values()].map((p) => ({
    label: patterns.size === 1 && results.length > 1 ? "All variants" : p.variants.join(", "),
    result: p.result,
  }));
  const values = panels.flatMap(({ label, result }) => {
    const weeks = observedDays(result) / 7;
    return result.summary.arrivalsByHourOfWeek.map((count, i) => ({
      panel: label,
      day: WEEKDAYS[Math.floor(i / 24)]!,
      hour: i % 24,
      perHour: round(count / weeks, 2),
      count,
    }));
  });
  return {
    ...frame(
      "Arrivals by hour of the week",
      "Mean emergency arrivals in each hour of the week (Monday 00:00 to Sunday 24:00) over the observed period.",
      "Mean arrivals per hour",
    ),
    data: { values },
    facet: {
      row: {
        field: "panel",
        type: "nominal",
        title: null,
        header:
          panels.length > 1
            ? { labelAngle: 0, labelOrient: "top", labelAnchor: "start", labelAlign: "left" }
            : null,
      },
    },
    spec: {
      width: SIZES.width - 60,
      height: { step: 20 },
      mark: { type: "rect" },
      encoding: {
        x: {
          field: "hour",
          type: "ordinal",
          title: "Hour of the day (starting hour, 0–23)",
          axis: { labelAngle: 0 },
        },
        y: { field: "day", type: "ordinal", sort: [...WEEKDAYS], title: null },
        color: {
          field: "perHour",
          type: "quantitative",
          title: "Arrivals per hour (mean)",
          scale: { scheme: SEQUENTIAL_SCHEME, zero: true },
          legend: { orient: "right", direction: "vertical", gradientLength: 120 },
        },
        tooltip: [
          { field: "day", type: "ordinal", title: "Day" },
          { field: "hour", type: "ordinal", title: "Hour" },
          { field: "perHour", type: "quantitative", title: "Arrivals per hour (mean)", format: ".1f" },
          { field: "count", type: "quantitative", title: "Arrivals in the run", format: "," },
        ],
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Variant comparison

export function variantComparisonChart(ctx: ChartContext): TopLevelSpec | undefined {
  if (ctx.results.length < 2) return undefined;
  const variants = variantsOf(ctx.results);
  const figures = KEY_FIGURES.filter(
    (f) =>
      f.compare &&
      figureApplies(
        f,
        ctx.results.map((r) => r.summary),
      ),
  );
  return {
    ...frame(
      "Variants compared",
      `Key figures for each variant (${variants.join(", ")}), one panel per figure, each on its own scale.`,
      "One panel per key figure; each on its own scale",
    ),
    columns: 2,
    concat: figures.map((figure) => comparisonPanel(ctx.results, variants, figure)),
  };
}

/** One cell of a concat layout, derived from the public type rather than vega-lite internals. */
export type ConcatCell = Extract<TopLevelSpec, { concat: unknown }>["concat"][number];

function comparisonPanel(
  results: readonly RunResult[],
  variants: readonly string[],
  figure: KeyFigure,
): ConcatCell {
  const values = results.map((r) => {
    const value = figure.value(r.summary);
    // A variant without the figure (no day cases, say) gets no bar; its label says "none".
    const drawn = Number.isFinite(value) ? round(value, 4) : 0;
    return { variant: r.summary.variant, value: drawn, label: figure.format(value) };
  });
  // Room to the right of the longest bar for its value label.
  const max = Math.max(0, ...values.map((v) => v.value));
  return {
    width: 250,
    height: { step: 18 },
    data: { values },
    layer: [
      {
        mark: { type: "bar", cornerRadiusEnd: 2 },
        encoding: {
          y: { field: "variant", type: "nominal", sort: [...variants], title: null },
          x: {
            field: "value",
            type: "quantitative",
            title: `${figure.label} (${figure.unit})`,
            scale: { domain: [0, max > 0 ? max * 1.25 : 1], nice: false },
            axis: { tickCount: 4, labelOverlap: true },
          },
          color: { ...variantColour(variants), legend: null },
          tooltip: [
            { field: "variant", type: "nominal", title: "Variant" },
            { field: "label", type: "nominal", title: figure.label },
          ],
        },
      },
      {
        mark: { type: "text", align: "left", dx: 3, fontSize: 11, color: "#222222" },
        encoding: {
          y: { field: "variant", type: "nominal", sort: [...variants] },
          x: { field: "value", type: "quantitative" },
          text: { field: "label", type: "nominal" },
        },
      },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Registry

/**
 * Report order: comparison first (when there is one), then flow, then delays, then money, then
 * theatres and staff (only when the scenario models them).
 */
export const CHARTS: readonly ChartDefinition[] = [
  { name: "variant-comparison", build: variantComparisonChart },
  { name: "occupancy", build: occupancyChart },
  { name: "time-to-bed", build: timeToBedChart },
  { name: "admissions-discharges", build: admissionsDischargesChart },
  { name: "discharges-by-weekday", build: dischargesByWeekdayChart },
  { name: "los-by-pathway", build: losByPathwayChart },
  { name: "delays", build: delaysChart },
  { name: "community-services", build: communityServicesChart },
  { name: "costs", build: costsChart },
  { name: "arrivals-heatmap", build: arrivalsHeatmapChart },
  { name: "theatre-time", build: theatreTimeChart },
  { name: "theatre-cancellations", build: theatreCancellationsChart },
  { name: "waiting-list", build: waitingListChart },
  { name: "staff-utilisation", build: staffUtilisationChart },
  { name: "task-waits", build: taskWaitsChart },
];

/**
 * Results whose variant names repeat (e.g. a file that defines its own "baseline" run alongside
 * the implicit one) get "(2)", "(3)", … appended, so charts never merge two runs into one bar.
 */
export function withDistinctVariants(results: readonly RunResult[]): RunResult[] {
  const seen = new Map<string, number>();
  return results.map((r) => {
    const n = (seen.get(r.summary.variant) ?? 0) + 1;
    seen.set(r.summary.variant, n);
    return n === 1 ? r : { ...r, summary: { ...r.summary, variant: `${r.summary.variant} (${n})` } };
  });
}

export function buildCharts(
  ctx: ChartContext,
  definitions: readonly ChartDefinition[] = CHARTS,
): NamedChart[] {
  if (ctx.results.length === 0) return [];
  const order = ctx.variantOrder ?? scenarioVariantOrder(ctx.scenario);
  return namedCharts({ ...ctx, results: withDistinctVariants(ctx.results) }, definitions).map((c) => ({
    ...c,
    spec: pinVariantColours(c.spec, order),
  }));
}

/** Runs each builder on the context, keeping the charts that have data, in registry order. */
export function namedCharts<Context>(
  ctx: Context,
  definitions: readonly ChartDefinitionOf<Context>[],
): NamedChart[] {
  const charts: NamedChart[] = [];
  for (const definition of definitions) {
    const spec = definition.build(ctx);
    if (spec === undefined) continue;
    charts.push({ name: definition.name, title: specTitle(spec), description: spec.description ?? "", spec });
  }
  return charts;
}

function specTitle(spec: TopLevelSpec): string {
  const title: unknown = spec.title;
  if (typeof title === "string") return title;
  if (typeof title === "object" && title !== null && "text" in title && typeof title.text === "string")
    return title.text;
  return "";
}
