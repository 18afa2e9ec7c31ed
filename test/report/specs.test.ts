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
import { acuteInput, evilInput } from "./fixtures.js";
import { axisTitleProblems, compileWarnings, type Json, schemaValidator } from "./spec-checks.js";

describe("chart specs", () => {
  let validate: ReturnType<typeof schemaValidator>;
  beforeAll(() => {
    validate = schemaValidator();
  });

  const charts = () => {
    const input = acuteInput();
    return buildCharts({ results: input.results, scenario: input.scenario });
  };

  it("builds every chart for a two-variant run, in registry order, with unique names", () => {
    const names = charts().map((c) => c.name);
    expect(names).toEqual(CHARTS.map((c) => c.name));
    expect(new Set(names).size).toBe(names.length);
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
    const scales = charts().flatMap((c) =>
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
      hconcat: { data: { values: { variant: string; millions: number }[] } }[];
    };
    for (const r of input.results) {
      const sum = spec.hconcat[0]!.data.values.filter((v) => v.variant === r.summary.variant).reduce(
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
