/**
 * The capacity charts: valid Vega-Lite (the library's JSON schema and a warning-free compile),
 * titled and described, with a unit in brackets on every quantitative axis, colours from the
 * colour-blind-safe theme.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv } from "ajv";
import { logger, Warn } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { describe, expect, it } from "vitest";
import { analyseCapacity } from "../../src/capacity/analyse.js";
import { buildCapacityCharts } from "../../src/report/capacity-charts.js";
import { CATEGORY_COLOURS, OKABE_ITO, SEMANTIC_COLOURS, THEME } from "../../src/report/theme.js";
import { ampleDischarge, ampleService, scenario } from "../model/builders.js";

const require = createRequire(import.meta.url);

const report = analyseCapacity(
  scenario({
    name: "two wards",
    run: { horizon: "10d" },
    wards: [
      { id: "amu", name: "Assessment unit", beds: 30 },
      {
        id: "med",
        name: "Medicine",
        beds: 60,
        bedSchedule: [
          { days: ["mon", "tue", "wed", "thu", "fri"], from: "08:00", beds: 66 },
          { days: ["sat"], from: "08:00", beds: 60 },
        ],
      },
    ],
    community: [ampleService],
    groups: [
      {
        id: "p",
        arrivals: {
          perDay: 30,
          hourOfDay: [1, 1, 1, 1, 1, 1, 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1],
        },
        stages: [
          { ward: "amu", los: { dist: "lognormal", mean: "20h", sd: "10h" } },
          { ward: "med", los: { dist: "gamma", mean: "1.5d", cv: 0.8 } },
        ],
        dischargePathways: { p0: 1, p1: 0, p2: 0, p3: 0 },
      },
    ],
    discharge: { ...ampleDischarge, hours: { from: "08:00", to: "20:00" } },
  }),
  { replications: 0 },
);
const charts = buildCapacityCharts(report);

/** Vega-Lite's own JSON schema, compiled once (string formats checked loosely: not our concern). */
const validate = new Ajv({
  allErrors: true,
  strict: false,
  formats: { uri: true, "uri-reference": true, "color-hex": true },
}).compile(JSON.parse(readFileSync(require.resolve("vega-lite/vega-lite-schema.json"), "utf8")) as object);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** x/y field encodings of quantitative type that carry a title must name a unit in brackets. */
function untitledUnits(node: Json): string[] {
  if (Array.isArray(node)) return node.flatMap(untitledUnits);
  if (node === null || typeof node !== "object") return [];
  const out: string[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "config" || key === "data") continue;
    if (
      (key === "x" || key === "y") &&
      value !== null &&
      typeof value === "object" &&
      !Array.isArray(value)
    ) {
      const enc = value as Record<string, Json>;
      if (enc.type === "quantitative" && typeof enc.field === "string" && "title" in enc) {
        if (!/\(.+\)/.test(String(enc.title))) out.push(String(enc.title));
      }
    }
    out.push(...untitledUnits(value));
  }
  return out;
}

function colours(node: Json): string[] {
  if (Array.isArray(node)) return node.flatMap(colours);
  if (node === null || typeof node !== "object")
    return typeof node === "string" && /^#[0-9a-f]{6}$/i.test(node) ? [node] : [];
  return Object.entries(node).flatMap(([key, value]) => (key === "config" ? [] : colours(value)));
}

describe("capacity charts", () => {
  it("builds the three charts for a scenario with wards", () => {
    expect(charts.map((c) => c.name)).toEqual([
      "capacity-demand-by-hour",
      "capacity-blocking-vs-beds",
      "capacity-occupancy-vs-full",
    ]);
  });

  it.each(charts.map((c) => [c.name, c] as const))(
    "%s is valid, described and compiles without warnings",
    (_, chart) => {
      expect(validate(chart.spec), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
      const warnings: string[] = [];
      compile(chart.spec as TopLevelSpec, {
        logger: logger(Warn, undefined, (_m, level, args) => {
          warnings.push(`${level} ${args.map(String).join(" ")}`);
        }),
      });
      expect(warnings).toEqual([]);
      expect(chart.title.length).toBeGreaterThan(5);
      expect(chart.description.length).toBeGreaterThan(40);
      expect((chart.spec as { config?: unknown }).config).toBe(THEME);
      expect(untitledUnits(chart.spec as unknown as Json)).toEqual([]);
      const palette = new Set<string>([
        ...CATEGORY_COLOURS,
        ...Object.values(SEMANTIC_COLOURS),
        ...Object.values(OKABE_ITO),
      ]);
      for (const c of colours(chart.spec as unknown as Json)) expect(palette.has(c)).toBe(true);
    },
  );

  it("marks today's beds and wards, and draws scheduled beds by hour", () => {
    const json = JSON.stringify(charts);
    expect(json).toContain("Today: 30 beds");
    const demand = charts[0]!.spec as unknown as {
      data: { values: { ward: string; series: string; value: number }[] };
    };
    const beds = demand.data.values.filter((v) => v.ward === "Medicine" && v.series === "Scheduled beds");
    expect(new Set(beds.map((v) => v.value))).toEqual(new Set([60, 66]));
    const bagust = charts[2]!.spec as unknown as { data: { values: { kind: string; ward?: string }[] } };
    expect(bagust.data.values.filter((v) => v.kind === "today").map((v) => v.ward)).toEqual([
      "Assessment unit",
      "Medicine",
    ]);
  });
});
