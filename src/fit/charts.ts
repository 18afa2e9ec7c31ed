/**
 * The fit report's charts as Vega-Lite specifications (`charts/*.vl.json`, open in any Vega-Lite
 * viewer): the stay histogram against each candidate's density, QQ plots, and the arrival
 * profiles. Only binned or summarised data go in: the histogram comes from the Kaplan–Meier
 * estimate (so open stays count), and a bin holding fewer than 5 stays is shown as empty.
 */
import type { FittedGroup } from "./fit.js";
import { SMALL_NUMBER } from "./fit.js";
import type { CandidateFit, StayFit } from "./los.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
const BINS = 40;
const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

function kmCdfAt(stay: StayFit, t: number): number {
  const { times, cdf } = stay.kaplanMeier;
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : cdf[lo - 1]!;
}

function quantileOf(fit: CandidateFit, p: number, upper: number): number {
  let lo = 0;
  let hi = upper;
  while (fit.cdf(hi) < p && hi < 1e6) hi *= 2;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (fit.cdf(mid) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

function histogramSpec(group: FittedGroup, stay: StayFit): object {
  const top = stay.empiricalPoints[stay.empiricalPoints.length - 1]!;
  const width = top / BINS;
  const n = stay.finished + stay.censored;
  const values: object[] = [];
  for (let i = 0; i < BINS; i++) {
    const from = i * width;
    const mass = kmCdfAt(stay, from + width) - kmCdfAt(stay, from);
    const stays = mass * n;
    values.push({
      days: from + width / 2,
      density: stays < SMALL_NUMBER ? 0 : mass / width,
      series: "data (Kaplan–Meier)",
    });
    for (const c of stay.candidates)
      values.push({
        days: from + width / 2,
        density: (c.cdf(from + width) - c.cdf(from)) / width,
        series: c.family,
      });
  }
  return {
    $schema: SCHEMA,
    title: `${group.id}: length of stay against each fitted density (bins under ${SMALL_NUMBER} stays empty)`,
    data: { values },
    layer: [
      {
        transform: [{ filter: "datum.series === 'data (Kaplan–Meier)'" }],
        mark: { type: "bar", opacity: 0.4 },
        encoding: {
          x: { field: "days", type: "quantitative", title: "days" },
          y: { field: "density", type: "quantitative" },
        },
      },
      {
        transform: [{ filter: "datum.series !== 'data (Kaplan–Meier)'" }],
        mark: "line",
        encoding: {
          x: { field: "days", type: "quantitative" },
          y: { field: "density", type: "quantitative" },
          color: { field: "series", type: "nominal", title: "fit" },
        },
      },
    ],
  };
}

function qqSpec(group: FittedGroup, stay: StayFit): object {
  const points = stay.empiricalPoints;
  const values = stay.candidates.flatMap((c) =>
    points.map((observed, i) => {
      const p = 0.005 + (0.99 * i) / (points.length - 1);
      return { fit: c.family, observed, fitted: quantileOf(c, p, Math.max(1, observed)) };
    }),
  );
  return {
    $schema: SCHEMA,
    title: `${group.id}: QQ plot, Kaplan–Meier quantiles (0.5%–99.5%) against each fit`,
    data: { values },
    facet: { field: "fit", type: "nominal" },
    columns: 2,
    spec: {
      layer: [
        {
          mark: "point",
          encoding: {
            x: { field: "fitted", type: "quantitative", title: "fitted quantile (days)" },
            y: { field: "observed", type: "quantitative", title: "data quantile (days)" },
          },
        },
        {
          mark: { type: "rule", strokeDash: [4, 4] },
          encoding: {
            x: { datum: 0 },
            y: { datum: 0 },
            x2: { datum: points[points.length - 1] },
            y2: { datum: points[points.length - 1] },
          },
        },
      ],
    },
  };
}

function profileSpec(group: FittedGroup): object {
  const values = [
    ...group.dayOfWeek.map((w, d) => ({ profile: "day of week", at: DAYS[d], order: d, weight: w })),
    ...(group.hourOfDay ?? []).map((w, h) => ({
      profile: "hour of day",
      at: String(h).padStart(2, "0"),
      order: h,
      weight: w,
    })),
  ];
  return {
    $schema: SCHEMA,
    title: `${group.id}: arrival profiles (mean 1)`,
    data: { values },
    facet: { field: "profile", type: "nominal" },
    resolve: { scale: { x: "independent" } },
    spec: {
      mark: "bar",
      encoding: {
        x: { field: "at", type: "ordinal", sort: { field: "order" }, title: null },
        y: { field: "weight", type: "quantitative" },
      },
    },
  };
}

export function fitChartFiles(groups: readonly FittedGroup[]): [string, string][] {
  return groups.flatMap((g): [string, string][] => [
    [`charts/${g.id}-arrivals.vl.json`, JSON.stringify(profileSpec(g), null, 1)],
    ...(g.stay
      ? ([
          [`charts/${g.id}-stay.vl.json`, JSON.stringify(histogramSpec(g, g.stay), null, 1)],
          [`charts/${g.id}-qq.vl.json`, JSON.stringify(qqSpec(g, g.stay), null, 1)],
        ] as [string, string][])
      : []),
  ]);
}
