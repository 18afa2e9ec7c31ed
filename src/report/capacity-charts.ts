/**
 * Charts of the queue-theory capacity report (`careflow capacity`): each a self-contained
 * Vega-Lite spec (data inlined, the shared theme embedded) with a title, a description and a
 * unit in every quantitative axis title, like the run report's charts.
 *
 * - demand against capacity by hour of the week: m(t) against scheduled beds and the beds the
 *   blocking target asks for at each hour;
 * - Erlang B blocking against beds, today's beds marked;
 * - the Bagust curves: occupancy against the probability of a full ward for a few ward sizes,
 *   with each ward of today marked.
 */
import type { TopLevelSpec } from "vega-lite";
import type { CapacityReport, UnitCapacity } from "../capacity/types.js";
import { log, pow } from "../engine/math.js";
import { carriedOccupancy, erlangB, fullProbabilityAtOccupancy } from "../queueing/index.js";
import { type NamedChart, VEGA_LITE_SCHEMA_URL } from "./charts.js";
import { CATEGORY_COLOURS, OKABE_ITO, rowFacet, SEMANTIC_COLOURS, SIZES, THEME } from "./theme.js";

const DAY_LABELS = "['Mon','Tue','Wed','Thu','Fri','Sat','Sun'][floor(datum.value / 24) % 7]";

const round = (x: number, digits: number): number => {
  const f = pow(10, digits);
  return Math.round(x * f) / f;
};

function frame(title: string, description: string, subtitle: string) {
  return {
    $schema: VEGA_LITE_SCHEMA_URL,
    config: THEME,
    title: { text: title, subtitle },
    description,
  };
}

const wardsOf = (report: CapacityReport): UnitCapacity[] => report.units.filter((u) => u.kind === "ward");
const pctLabel = (x: number): string => `${round(100 * x, 1)}%`;

// ---------------------------------------------------------------------------------------------
// Demand against capacity by hour of week

/** Short names, so the legend fits under the chart: "Beds for ≤ 5% full", "Beds for 85% occupancy". */
const seriesNames = (report: CapacityReport) =>
  ({
    load: "Offered load m(t)",
    beds: "Scheduled beds",
    needed: `Beds for ≤ ${pctLabel(report.targets.blocking)} full`,
    occupancy: `Beds for ${pctLabel(report.targets.occupancy)} occupancy`,
  }) as const;

/** The least and most beds, over wards and hours, that the full-ward target asks above the load. */
function headroomRange(report: CapacityReport): [number, number] {
  const gaps = report.wardHours.map((h) => h.neededForBlocking - h.load);
  return [Math.min(...gaps), Math.max(...gaps)];
}

export function capacityDemandChart(report: CapacityReport): TopLevelSpec | undefined {
  if (report.wardHours.length === 0) return undefined;
  const names = new Map(report.units.map((u) => [u.id, u.name]));
  const SERIES = seriesNames(report);
  const values = report.wardHours.flatMap((h) => {
    const ward = names.get(h.ward) ?? h.ward;
    return [
      { ward, hour: h.hourOfWeek, series: SERIES.load, value: round(h.load, 2) },
      { ward, hour: h.hourOfWeek, series: SERIES.beds, value: h.scheduledBeds },
      { ward, hour: h.hourOfWeek, series: SERIES.needed, value: h.neededForBlocking },
      { ward, hour: h.hourOfWeek, series: SERIES.occupancy, value: h.neededForOccupancy },
    ];
  });
  const order = wardsOf(report).map((u) => u.name);
  const [least, most] = headroomRange(report).map((x) => Math.round(x)) as [number, number];
  const blocking = pctLabel(report.targets.blocking);
  const occupancy = pctLabel(report.targets.occupancy);
  return {
    ...frame(
      "Demand against beds by hour of the week",
      "For each ward, the mean number of beds that would be busy in each hour of the week if no one were " +
        "turned away (infinite-server offered load m(t), lag from arrival to stay included), against the scheduled " +
        `beds; the beds that would keep the chance of a full ward at or below ${blocking} in that hour (Erlang B ` +
        `applied to m(t): modified offered load), which for wards this size is only ${least} to ${most} beds above ` +
        `the load (large wards pool their beds), so that line runs just above the load; and the beds for ${occupancy} ` +
        "mean occupancy, the usual planning rule, which asks far more.",
      `Mean beds busy in each hour (Monday 00:00 first); long dashes: beds for ≤ ${blocking} full (${least}–${most} above the load); dots: beds for ${occupancy} occupancy`,
    ),
    data: { values },
    facet: rowFacet("ward", order),
    resolve: { scale: { y: "independent" } },
    spec: {
      width: SIZES.width,
      height: SIZES.facetHeight,
      mark: { type: "line", interpolate: "step-after", strokeWidth: 1.6 },
      encoding: {
        x: {
          field: "hour",
          type: "quantitative",
          title: "Hour of the week (hours from Monday 00:00)",
          scale: { domain: [0, 168], nice: false },
          axis: {
            values: [0, 24, 48, 72, 96, 120, 144],
            // Vega thins explicit values down to tickCount; the theme's 5 would drop every other day.
            tickCount: 7,
            labelExpr: DAY_LABELS,
            labelAlign: "left",
            labelOverlap: false,
            grid: true,
          },
        },
        y: { field: "value", type: "quantitative", title: "Beds (beds)", scale: { zero: false } },
        color: {
          field: "series",
          type: "nominal",
          title: null,
          legend: { columns: 2 },
          scale: {
            domain: [SERIES.load, SERIES.beds, SERIES.needed, SERIES.occupancy],
            range: [
              SEMANTIC_COLOURS.acuteBeds,
              SEMANTIC_COLOURS.capacity,
              OKABE_ITO.vermillion,
              OKABE_ITO.reddishPurple,
            ],
          },
        },
        strokeDash: {
          field: "series",
          type: "nominal",
          title: null,
          scale: {
            domain: [SERIES.load, SERIES.beds, SERIES.needed, SERIES.occupancy],
            range: [
              [1, 0],
              [1, 0],
              [6, 3],
              [2, 2],
            ],
          },
        },
        tooltip: [
          { field: "series", type: "nominal", title: "Series" },
          { field: "hour", type: "quantitative", title: "Hour of the week" },
          { field: "value", type: "quantitative", title: "Beds", format: ",.1f" },
        ],
      },
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Blocking against beds

/** Beds from well below today's load to past the target, at most ~120 points per ward. */
function bedRange(u: UnitCapacity): number[] {
  const top = Math.max(u.capacity, u.offeredLoad, u.needed?.forBlocking ?? 0);
  const lo = Math.max(1, Math.floor(0.75 * Math.min(u.offeredLoad, u.capacity)));
  const hi = Math.ceil(1.2 * top) + 2;
  const step = Math.max(1, Math.ceil((hi - lo) / 120));
  const out: number[] = [];
  for (let c = lo; c <= hi; c += step) out.push(c);
  if (!out.includes(u.capacity)) out.push(u.capacity);
  return out.sort((a, b) => a - b);
}

/** Below this a blocking probability is drawn at the floor of the log axis. */
const BLOCKING_FLOOR = 1e-6;

export function blockingCurveChart(report: CapacityReport): TopLevelSpec | undefined {
  const wards = wardsOf(report).filter((u) => u.offeredLoad > 0);
  if (wards.length === 0) return undefined;
  const values: Record<string, string | number>[] = [];
  for (const u of wards) {
    for (const c of bedRange(u)) {
      values.push({
        kind: "curve",
        ward: u.name,
        beds: c,
        blocking: Math.max(BLOCKING_FLOOR, erlangB(c, u.offeredLoad)),
      });
    }
    values.push({
      kind: "today",
      ward: u.name,
      beds: u.capacity,
      blocking: Math.max(BLOCKING_FLOOR, erlangB(u.capacity, u.offeredLoad)),
      label: `Today: ${u.capacity} beds`,
    });
  }
  const target = report.targets.blocking;
  return {
    ...frame(
      "Blocking probability against beds",
      "For each ward, the Erlang B probability that an admission finds every bed busy, against the number of beds, " +
        `at the ward's offered load (insensitive to the length-of-stay distribution). The dot marks today's beds; ` +
        `the dashed line is the ${pctLabel(target)} target.`,
      `Erlang B at each ward's offered load; dot: today's beds; dashed: the ${pctLabel(target)} target`,
    ),
    data: { values },
    facet: {
      column: { field: "ward", type: "nominal", title: null, sort: wards.map((u) => u.name) },
    },
    resolve: { scale: { x: "independent" } },
    spec: {
      width: SIZES.panelWidth - 60,
      height: SIZES.height,
      layer: [
        {
          transform: [{ filter: "datum.kind === 'curve'" }],
          mark: { type: "line", color: SEMANTIC_COLOURS.acuteBeds },
          encoding: {
            x: { field: "beds", type: "quantitative", title: "Beds (beds)", scale: { zero: false } },
            y: {
              field: "blocking",
              type: "quantitative",
              title: "Admissions refused (probability, log scale)",
              scale: { type: "log", domain: [BLOCKING_FLOOR, 1] },
              axis: { format: "~%" },
            },
            tooltip: [
              { field: "beds", type: "quantitative", title: "Beds" },
              { field: "blocking", type: "quantitative", title: "P(refused)", format: ".3%" },
            ],
          },
        },
        {
          transform: [{ filter: "datum.kind === 'today'" }],
          mark: { type: "point", filled: true, size: 70, color: SEMANTIC_COLOURS.capacity },
          encoding: {
            x: { field: "beds", type: "quantitative" },
            y: { field: "blocking", type: "quantitative" },
            tooltip: [
              { field: "label", type: "nominal", title: "Ward today" },
              { field: "blocking", type: "quantitative", title: "P(refused)", format: ".3%" },
            ],
          },
        },
        {
          mark: { type: "rule", color: SEMANTIC_COLOURS.reference, strokeDash: [5, 3] },
          encoding: { y: { datum: target, type: "quantitative" } },
        },
      ],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Bagust curves

const GENERIC_SIZES = [10, 25, 50, 100, 250] as const;
/** Bagust curves are drawn down to this probability (a log axis cannot reach 0). */
const FULL_FLOOR = 1e-4;
const MAX_CURVES = CATEGORY_COLOURS.length;

/** Generic sizes plus today's ward sizes, at most one per colour; today's sizes are never dropped. */
function curveSizes(wards: readonly UnitCapacity[]): number[] {
  const today = [...new Set(wards.map((u) => u.capacity).filter((c) => c >= 1))];
  // A generic size within 30% of a ward's own adds a curve no one can tell apart from the ward's.
  const generic = GENERIC_SIZES.filter((s) => today.every((t) => Math.abs(log(s / t)) > log(1.3)));
  // Drop the generic sizes nearest to a ward's own size first: they add least.
  const distance = (s: number) =>
    Math.min(...today.map((t) => Math.abs(log(s / t))), Number.POSITIVE_INFINITY);
  const kept = [...generic]
    .sort((a, b) => distance(b) - distance(a))
    .slice(0, Math.max(0, MAX_CURVES - today.length));
  return [...new Set([...kept, ...today])].sort((a, b) => a - b).slice(0, Math.max(MAX_CURVES, today.length));
}

export function bagustChart(report: CapacityReport): TopLevelSpec | undefined {
  const wards = wardsOf(report).filter((u) => u.capacity >= 1);
  if (wards.length === 0) return undefined;
  const sizes = curveSizes(wards);
  // Today's wards are named in the legend rather than labelled on the plot, where wards of
  // similar size and occupancy would print over each other.
  const sizeLabel = (c: number) => {
    const named = wards.filter((u) => u.capacity === c).map((u) => u.name);
    return named.length > 0 ? `${c} beds: ${named.join(", ")}` : `${c} beds`;
  };
  const values: Record<string, string | number>[] = [];
  for (const c of sizes) {
    for (let occupancy = 0.5; occupancy <= 0.981; occupancy += 0.01) {
      const point = fullProbabilityAtOccupancy(c, round(occupancy, 2));
      if (point.fullProbability < FULL_FLOOR) continue;
      values.push({
        kind: "curve",
        size: sizeLabel(c),
        occupancy: round(occupancy, 2),
        full: point.fullProbability,
      });
    }
  }
  for (const u of wards) {
    values.push({
      kind: "today",
      size: sizeLabel(u.capacity),
      ward: u.name,
      occupancy: carriedOccupancy(u.capacity, u.offeredLoad),
      full: Math.max(FULL_FLOOR, erlangB(u.capacity, u.offeredLoad)),
    });
  }
  const domain = sizes.map(sizeLabel);
  const range = sizes.map((_, i) => CATEGORY_COLOURS[i % CATEGORY_COLOURS.length]!);
  return {
    ...frame(
      "Occupancy against the chance of a full ward",
      "Bagust curves: for wards of several sizes run as loss systems (Erlang B), the probability that an " +
        "admission finds the ward full at each mean occupancy. Small wards reach a given risk at far lower " +
        "occupancy than large ones, so one occupancy target does not suit every ward (Bagust, Place & Posnett, " +
        "BMJ 1999; de Bruin et al. 2010). Each ward of today is marked at its carried occupancy and named in the legend.",
      "One curve per ward size (today's wards named); dots: today's wards at their offered load",
    ),
    data: { values },
    width: SIZES.width,
    height: SIZES.height + 60,
    layer: [
      {
        transform: [{ filter: "datum.kind === 'curve'" }],
        mark: { type: "line" },
        encoding: {
          x: {
            field: "occupancy",
            type: "quantitative",
            title: "Mean bed occupancy (share of beds)",
            scale: { domain: [0.5, 1] },
            axis: { format: "~%" },
          },
          y: {
            field: "full",
            type: "quantitative",
            title: "Admissions finding the ward full (probability, log scale)",
            scale: { type: "log", domain: [FULL_FLOOR, 1] },
            axis: { format: "~%" },
          },
          color: {
            field: "size",
            type: "nominal",
            title: "Ward size",
            scale: { domain, range },
            sort: domain,
            legend: { orient: "right", direction: "vertical" },
          },
          tooltip: [
            { field: "size", type: "nominal", title: "Ward size" },
            { field: "occupancy", type: "quantitative", title: "Occupancy", format: ".0%" },
            { field: "full", type: "quantitative", title: "P(full)", format: ".2%" },
          ],
        },
      },
      {
        transform: [{ filter: "datum.kind === 'today'" }],
        mark: { type: "point", filled: true, size: 80, stroke: SEMANTIC_COLOURS.capacity, strokeWidth: 1 },
        encoding: {
          x: { field: "occupancy", type: "quantitative" },
          y: { field: "full", type: "quantitative" },
          color: { field: "size", type: "nominal", scale: { domain, range } },
          tooltip: [
            { field: "ward", type: "nominal", title: "Ward today" },
            { field: "size", type: "nominal", title: "Beds" },
            { field: "occupancy", type: "quantitative", title: "Occupancy", format: ".1%" },
            { field: "full", type: "quantitative", title: "P(full)", format: ".2%" },
          ],
        },
      },
    ],
  };
}

const CAPACITY_CHARTS: { name: string; build: (r: CapacityReport) => TopLevelSpec | undefined }[] = [
  { name: "capacity-demand-by-hour", build: capacityDemandChart },
  { name: "capacity-blocking-vs-beds", build: blockingCurveChart },
  { name: "capacity-occupancy-vs-full", build: bagustChart },
];

/** Every file name a capacity chart can have, for removing an earlier run's. */
export const CAPACITY_CHART_FILES = CAPACITY_CHARTS.flatMap(({ name }) => [
  `charts/${name}.vl.json`,
  `charts/${name}.svg`,
]);

/** Every capacity chart with data, named for its file (charts/<name>.vl.json). */
export function buildCapacityCharts(report: CapacityReport): NamedChart[] {
  const charts: NamedChart[] = [];
  for (const { name, build } of CAPACITY_CHARTS) {
    const spec = build(report);
    if (spec === undefined) continue;
    const title = (spec as { title?: { text?: string } }).title?.text ?? name;
    const description = (spec as { description?: string }).description ?? "";
    charts.push({ name, title, description, spec });
  }
  return charts;
}
