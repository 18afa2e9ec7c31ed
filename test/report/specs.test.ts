import { compile } from "vega-lite";
import { beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "../../src/model/summary.js";
import {
  buildCharts,
  CHARTS,
  communityServicesChart,
  costsChart,
  occupancyChart,
  variantComparisonChart,
} from "../../src/report/charts.js";
import { THEME } from "../../src/report/theme.js";
import { acuteInput, evilInput, skillMixInput, theatreInput } from "./fixtures.js";
import { axisTitleProblems, compileWarnings, type Json, schemaValidator } from "./spec-checks.js";

describe("chart specs", () => {
  let validate: ReturnType<typeof schemaValidator>;
  beforeAll(() => {
    validate = schemaValidator();
  });

  const OPERATIONS = [
    "theatre-time",
    "theatre-cancellations",
    "waiting-list",
    "staff-utilisation",
    "task-waits",
  ];
  const acuteCharts = () => {
    const input = acuteInput();
    return buildCharts({ results: input.results, scenario: input.scenario });
  };
  /** One run as two variants, to exercise the per-variant offsets and facets. */
  const twoVariants = (results: readonly RunResult[]): RunResult[] => [
    ...results,
    ...results.map((r) => ({ ...r, summary: { ...r.summary, variant: "copy" } })),
  ];
  /** Every chart of the acute, theatre and skill-mix runs (one and two variants). */
  const charts = () =>
    [acuteInput(), theatreInput(), skillMixInput()].flatMap((input) => [
      ...buildCharts({ results: input.results, scenario: input.scenario }),
      ...(input.results.length === 1
        ? buildCharts({ results: twoVariants(input.results), scenario: input.scenario })
        : []),
    ]);

  it("builds every hospital chart for a two-variant acute run, in registry order, with unique names", () => {
    const names = acuteCharts().map((c) => c.name);
    expect(names).toEqual(CHARTS.map((c) => c.name).filter((n) => !OPERATIONS.includes(n)));
    expect(new Set(names).size).toBe(names.length);
  });

  it("registers the theatre and staff charts after the hospital charts", () => {
    const names = CHARTS.map((c) => c.name);
    expect(names.slice(-OPERATIONS.length)).toEqual(OPERATIONS);
  });

  it("builds the theatre charts for theatre lists and the staff charts for skill mix, and neither for acute", () => {
    const names = (input: ReturnType<typeof acuteInput>) =>
      buildCharts({ results: input.results, scenario: input.scenario }).map((c) => c.name);
    const theatre = names(theatreInput());
    const staff = names(skillMixInput());
    const acute = names(acuteInput());
    for (const name of ["theatre-time", "theatre-cancellations", "waiting-list"]) {
      expect(theatre, name).toContain(name);
      expect(acute, name).not.toContain(name);
    }
    for (const name of ["staff-utilisation", "task-waits"]) {
      expect(staff, name).toContain(name);
      expect(acute, name).not.toContain(name);
    }
    expect(buildCharts({ results: twoVariants(theatreInput().results) }).map((c) => c.name)).toEqual(
      expect.arrayContaining(["theatre-time", "theatre-cancellations", "waiting-list"]),
    );
  });

  it("splits planned theatre time into parts that add up to 100%", () => {
    const spec = buildCharts({ results: theatreInput().results }).find((c) => c.name === "theatre-time")!
      .spec as unknown as { hconcat: { data: { values: { percent: number }[] } }[] };
    const total = spec.hconcat[0]!.data.values.reduce((a, v) => a + v.percent, 0);
    expect(total).toBeGreaterThan(99);
    expect(total).toBeLessThan(101);
  });

  it("marks hours with nobody rostered as not rostered in the staff heatmap", () => {
    const spec = buildCharts({ results: skillMixInput().results }).find(
      (c) => c.name === "staff-utilisation",
    )!.spec as unknown as { data: { values: { percent: number | null; status: string }[] } };
    const values = spec.data.values;
    const roles = skillMixInput().results[0]!.summary.staff!.roles;
    expect(values).toHaveLength(168 * roles.length);
    expect(values.some((v) => v.percent === null && v.status === "Not rostered")).toBe(true);
    expect(values.some((v) => v.percent !== null)).toBe(true);
  });

  it("compiles every spec with Vega-Lite without a warning", () => {
    for (const chart of [...charts(), ...buildCharts({ results: evilInput().results })]) {
      expect(compileWarnings(chart.spec), chart.name).toEqual([]);
      expect(compile(chart.spec).spec.marks?.length ?? 0, chart.name).toBeGreaterThan(0);
    }
  });

  it("validates every spec against the Vega-Lite JSON schema", () => {
    for (const chart of charts()) {
      const ok = validate(chart.spec);
      expect(ok ? [] : validate.errors?.slice(0, 5), chart.name).toEqual([]);
    }
  });

  it("the schema check is not vacuous: a broken spec fails it", () => {
    const broken: unknown = { ...charts()[0]!.spec, mark: "barr", encoding: { x: { field: 1 } } };
    expect(validate(broken)).toBe(false);
  });

  it("gives every chart the theme, a title, a description and units on its axes", () => {
    for (const chart of charts()) {
      expect(chart.spec.config, chart.name).toBe(THEME);
      expect(chart.title.length, chart.name).toBeGreaterThan(5);
      expect(chart.description.length, chart.name).toBeGreaterThan(20);
      const json = JSON.parse(JSON.stringify(chart.spec)) as Json;
      expect(axisTitleProblems(json), chart.name).toEqual([]);
    }
  });

  it("the unit check is not vacuous: a title without a unit is caught", () => {
    const spec: Json = { layer: [{ encoding: { x: { field: "a", type: "quantitative", title: "Hours" } } }] };
    expect(axisTitleProblems(spec)).toHaveLength(1);
  });

  it("inlines its data: no spec refers to a URL", () => {
    for (const chart of charts()) expect(JSON.stringify(chart.spec), chart.name).not.toMatch(/"url"\s*:/);
  });

  it("keeps one colour per variant across charts", () => {
    const scales = acuteCharts().flatMap((c) =>
      [
        ...JSON.stringify(c.spec).matchAll(
          /"field":"variant","type":"nominal","title":"Variant","scale":(\{[^}]*\})/g,
        ),
      ].map((m) => m[1]),
    );
    expect(scales.length).toBeGreaterThan(4);
    expect(new Set(scales).size).toBe(1);
  });

  describe("leaves a chart out when its data is missing", () => {
    const clone = (results: readonly RunResult[]): RunResult[] => structuredClone([...results]);

    it("no comparison for a single variant", () => {
      const input = acuteInput();
      expect(variantComparisonChart({ results: input.results.slice(0, 1) })).toBeUndefined();
      expect(buildCharts({ results: input.results.slice(0, 1) }).map((c) => c.name)).not.toContain(
        "variant-comparison",
      );
    });

    it("no occupancy without daily rows, no services chart without services, no cost chart without costs", () => {
      const results = clone(acuteInput().results);
      for (const r of results) {
        r.daily = [];
        r.summary.services = [];
        r.summary.costs = { ...r.summary.costs, total: 0 };
      }
      expect(occupancyChart({ results })).toBeUndefined();
      expect(communityServicesChart({ results })).toBeUndefined();
      expect(costsChart({ results })).toBeUndefined();
      const names = buildCharts({ results }).map((c) => c.name);
      expect(names).not.toContain("admissions-discharges");
      expect(names).toContain("time-to-bed");
    });

    it("no charts at all for no results", () => {
      expect(buildCharts({ results: [] })).toEqual([]);
    });
  });

  it("splits costs into components that add up to each variant's total", () => {
    const input = acuteInput();
    const spec = costsChart({ results: input.results }) as unknown as {
      vconcat: { data: { values: { variant: string; millions: number }[] } }[];
    };
    for (const r of input.results) {
      const sum = spec.vconcat[0]!.data.values.filter((v) => v.variant === r.summary.variant).reduce(
        (a, v) => a + v.millions,
        0,
      );
      expect(sum).toBeCloseTo(r.summary.costs.total / 1e6, 2);
    }
  });

  it("never merges two runs that share a variant name", () => {
    const [first] = acuteInput().results;
    const charts = buildCharts({ results: [first!, first!] });
    const comparison = charts.find((c) => c.name === "variant-comparison")!;
    expect(JSON.stringify(comparison.spec)).toContain('"standard (2)"');
  });

  it("draws the bed line and the 85% and 92% lines for each ward", () => {
    const input = acuteInput();
    const spec = occupancyChart({ results: input.results, scenario: input.scenario });
    const values = (spec as { data: { values: { kind: string; ward: string; value: number }[] } }).data
      .values;
    const ward = input.results[0]!.summary.wards[0]!;
    const refs = values.filter((v) => v.kind === "reference" && v.ward === ward.name).map((v) => v.value);
    expect(refs).toEqual(
      expect.arrayContaining(
        [ward.bedsMean, ward.bedsMean * 0.92, ward.bedsMean * 0.85].map((x) => Math.round(x * 100) / 100),
      ),
    );
  });
});
