import { compile } from "vega-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareBatch, summariseBatch } from "../../src/batch/aggregate.js";
import { fanTable } from "../../src/batch/fan.js";
import { flattenSummary, metricDefinitions, scenarioShape } from "../../src/batch/metrics.js";
import type { ReplicationRecord } from "../../src/batch/records.js";
import {
  BATCH_CHARTS,
  type BatchChartContext,
  buildBatchCharts,
  distributionsChart,
  histogram,
  intervalDecimals,
  meanWithInterval,
  niceStep,
  occupancyFanChart,
  sharesBins,
  sweepUnit,
} from "../../src/report/batch-charts.js";
import { type BatchReportInput, renderBatchReportHtml } from "../../src/report/batch-html.js";
import { figureApplies, inFigureUnits, KEY_FIGURES } from "../../src/report/figures.js";
import { THEME } from "../../src/report/theme.js";
import { type BatchFixture, removeBatchFolders, smallBatch, sweepBatch } from "./batch-fixtures.js";
import { acuteInput, skillMixInput, theatreInput } from "./fixtures.js";
import { axisTitleProblems, compileWarnings, type Json, schemaValidator } from "./spec-checks.js";

afterAll(removeBatchFolders);

const context = (f: BatchFixture): BatchChartContext => ({
  summary: f.input.summary,
  comparison: f.input.comparison,
  fan: f.input.fan,
  records: f.input.records,
});

describe("batch chart specs", () => {
  let validate: ReturnType<typeof schemaValidator>;
  let small: BatchFixture;
  let sweep: BatchFixture;
  beforeAll(async () => {
    validate = schemaValidator();
    [small, sweep] = await Promise.all([smallBatch(), sweepBatch()]);
  });
  const everyChart = () => [...buildBatchCharts(context(small)), ...buildBatchCharts(context(sweep))];

  it("builds intervals, differences, fan and distributions for two variants; the sweep chart for a sweep", () => {
    expect(buildBatchCharts(context(small)).map((c) => c.name)).toEqual([
      "variant-means",
      "variant-differences",
      "occupancy-fan",
      "distributions",
    ]);
    // A sweep is read along its own chart; six points still get fans and distributions.
    expect(buildBatchCharts(context(sweep)).map((c) => c.name)).toEqual([
      "sweep",
      "occupancy-fan",
      "distributions",
    ]);
    const names = BATCH_CHARTS.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it("compiles every spec with Vega-Lite without a warning, into marks", () => {
    for (const chart of everyChart()) {
      expect(compileWarnings(chart.spec), chart.name).toEqual([]);
      expect(compile(chart.spec).spec.marks?.length ?? 0, chart.name).toBeGreaterThan(0);
    }
  });

  it("validates every spec against the Vega-Lite JSON schema", () => {
    for (const chart of everyChart()) {
      const ok = validate(chart.spec);
      expect(ok ? [] : validate.errors?.slice(0, 5), chart.name).toEqual([]);
    }
  });

  it("gives every chart the theme, a title, a description and units on its axes, with data inline", () => {
    for (const chart of everyChart()) {
      expect(chart.spec.config, chart.name).toBe(THEME);
      expect(chart.title.length, chart.name).toBeGreaterThan(5);
      expect(chart.description.length, chart.name).toBeGreaterThan(20);
      const json = JSON.parse(JSON.stringify(chart.spec)) as Json;
      expect(axisTitleProblems(json), chart.name).toEqual([]);
      expect(JSON.stringify(chart.spec), chart.name).not.toMatch(/"url"\s*:/);
    }
  });

  it("shows each variant's mean and 95% CI, and the paired differences with a zero line", () => {
    const [means, differences] = buildBatchCharts(context(small));
    const text = JSON.stringify(means!.spec);
    const los = small.input.summary.variants[1]!.metrics["los.overall.meanDays"]!;
    expect(text).toContain(`"variant":"d2a","value":${Number(los.mean!.toPrecision(6))}`);
    expect(text).toContain(`"low":${Number(los.ciLow!.toPrecision(6))}`);
    const diff = small.input.comparison!.comparisons[0]!.metrics["los.overall.meanDays"]!;
    const d = JSON.stringify(differences!.spec);
    expect(d).toContain(`"high":${Number(diff.paired!.high.toPrecision(6))}`);
    expect(d).toContain('{"zero":0}');
  });

  it("draws one fan per variant from fan.json: median with 50% and 90% bands, a row per day", () => {
    const spec = occupancyFanChart(context(small)) as unknown as {
      data: { values: { variant: string; date: string; p5: number; p50: number; p95: number }[] };
    };
    const fan = small.input.fan!;
    expect(spec.data.values).toHaveLength(fan.variants.length * 25);
    const first = spec.data.values[0]!;
    expect(first).toMatchObject({ variant: "standard", date: fan.variants[0]!.start });
    expect(first.p5).toBeLessThanOrEqual(first.p50);
    expect(first.p50).toBeLessThanOrEqual(first.p95);
  });

  it("bins the distributions server-side: counts add up to the replications", () => {
    const spec = distributionsChart(context(small)) as unknown as {
      concat: { data: { values: { kind: string; variant: string; count: number }[] } }[];
    };
    for (const panel of spec.concat) {
      for (const variant of ["standard", "d2a"]) {
        const bins = panel.data.values.filter((v) => v.kind === "bin" && v.variant === variant);
        expect(bins.reduce((a, b) => a + b.count, 0)).toBe(8);
      }
    }
  });

  it("gives each variant its own bins, on one shared scale, when the variants lie far apart", () => {
    const ctx = context(small);
    const apart = ctx.records.map((r) =>
      r.variant === "d2a"
        ? {
            ...r,
            metrics: Object.fromEntries(
              Object.entries(r.metrics).map(([k, v]) => [k, v === null ? v : 3 * v]),
            ),
          }
        : r,
    );
    const spec = distributionsChart({ ...ctx, records: apart })!;
    // Issue 15: variants compared on one chart share a scale; only the bins are their own.
    expect(JSON.stringify(spec)).not.toContain('"independent"');
    const panels = (
      spec as unknown as {
        concat: {
          data: { values: { kind: string; variant: string; from: number; to: number }[] };
          spec: { layer: { encoding: { x?: { scale?: { domain?: number[] } } } }[] };
        }[];
      }
    ).concat;
    for (const panel of panels) {
      const domain = panel.spec.layer[0]!.encoding.x!.scale!.domain!;
      const bins = panel.data.values.filter((v) => v.kind === "bin");
      expect(Math.min(...bins.map((b) => b.from))).toBeGreaterThanOrEqual(domain[0]! - 1e-9);
      expect(Math.max(...bins.map((b) => b.to))).toBeLessThanOrEqual(domain[1]! + 1e-9);
      // Both variants' bins lie inside the one domain.
      expect(new Set(bins.map((b) => b.variant))).toEqual(new Set(["standard", "d2a"]));
    }
    expect(JSON.stringify(spec)).toContain("bins of each variant's own width");
    expect(compileWarnings(spec)).toEqual([]);
    expect(validate(spec) ? [] : validate.errors?.slice(0, 5)).toEqual([]);
  });

  describe("leaves a chart out when its data is missing", () => {
    it("one variant: no differences", () => {
      const ctx = context(small);
      const one: BatchChartContext = {
        ...ctx,
        summary: { ...ctx.summary, variants: ctx.summary.variants.slice(0, 1) },
        comparison: undefined,
      };
      expect(buildBatchCharts(one).map((c) => c.name)).toEqual([
        "variant-means",
        "occupancy-fan",
        "distributions",
      ]);
    });

    it("records from before daily series: no fan; too few replications: no distributions", () => {
      const ctx = context(small);
      expect(buildBatchCharts({ ...ctx, fan: undefined }).map((c) => c.name)).not.toContain("occupancy-fan");
      const few = { ...ctx, summary: { ...ctx.summary, replications: 4 } };
      expect(distributionsChart(few)).toBeUndefined();
    });

    it("no sweep: no sweep chart; no variants: no chart at all", () => {
      expect(buildBatchCharts(context(small)).map((c) => c.name)).not.toContain("sweep");
      const ctx = context(small);
      const none = {
        ...ctx,
        summary: { ...ctx.summary, variants: [] },
        comparison: undefined,
        fan: undefined,
      };
      expect(buildBatchCharts(none)).toEqual([]);
    });
  });

  it("draws the sweep as a line per other grid dimension against the first axis", () => {
    const chart = buildBatchCharts(context(sweep))[0]!;
    const spec = chart.spec as unknown as {
      concat: { data: { values: { x: number; group: string }[] } }[];
    };
    const values = spec.concat[0]!.data.values;
    expect([...new Set(values.map((v) => v.x))]).toEqual([45, 55, 65]);
    expect([...new Set(values.map((v) => v.group))]).toEqual(["wards.amu.beds=25", "wards.amu.beds=35"]);
    expect(JSON.stringify(chart.spec)).toContain('"title":"wards.medicine.beds (beds)"');
  });
});

describe("key figures in a batch", () => {
  it("name the batch metric that carries the same number as the run report's figure", () => {
    // Theatre and staff figures apply only to scenarios with theatres and rosters (issue 15).
    for (const { results, scenario } of [acuteInput(), theatreInput(), skillMixInput()]) {
      const definitions = metricDefinitions(scenarioShape(scenario));
      for (const r of results) {
        const metrics = flattenSummary(r.summary, definitions);
        for (const f of KEY_FIGURES.filter((k) => figureApplies(k, [r.summary]))) {
          const value = metrics[f.metric];
          expect(value, f.id).toBeTypeOf("number");
          expect(inFigureUnits(f, value!), f.id).toBeCloseTo(f.value(r.summary), 9);
        }
      }
    }
  });
});

describe("batch chart helpers", () => {
  it("picks the nearest readable bin width", () => {
    expect(niceStep(0.93)).toBe(1);
    expect(niceStep(2.2)).toBe(2);
    expect(niceStep(2.4)).toBe(2.5);
    expect(niceStep(0.0042)).toBeCloseTo(0.005, 12);
    expect(niceStep(0)).toBe(1);
  });

  it("bins samples on common edges and keeps every value", () => {
    const h = histogram([
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      [5, 5, 5],
    ])!;
    expect(h.counts.map((c) => c.reduce((a, b) => a + b, 0))).toEqual([10, 3]);
    expect(h.counts[0]!.length).toBe(h.counts[1]!.length);
    expect(h.start).toBeLessThanOrEqual(1);
    expect(h.start + h.counts[0]!.length * h.step).toBeGreaterThan(10);
    expect(histogram([[7, 7, 7]])!.counts).toEqual([[3]]);
    expect(histogram([[]])).toBeUndefined();
  });

  it("quotes a mean to the precision of its interval", () => {
    expect([0.13, 0.9, 1.2, 35, 0.0043, 0.0026].map((hw) => intervalDecimals(hw, 1))).toEqual([
      2, 1, 1, 0, 3, 4,
    ]);
    expect(intervalDecimals(null, 652.1)).toBe(0);
  });

  it("formats a mean with as many decimals as its interval warrants, never as -0", () => {
    expect(meanWithInterval(12.3456, 12.1, 12.6)).toBe("12.35 (95% CI 12.10 to 12.60)");
    expect(meanWithInterval(0.3, -0.001, 0.601)).toBe("0.30 (95% CI 0.00 to 0.60)");
    expect(meanWithInterval(1759.4, 1624, 1895)).toBe("1,759 (95% CI 1,624 to 1,895)");
    expect(meanWithInterval(4567, null, null)).toBe("4,567");
  });

  it("bins variants together only when each spans a good part of their joint range", () => {
    expect(
      sharesBins([
        [1, 5, 9],
        [3, 6, 10],
      ]),
    ).toBe(true);
    expect(
      sharesBins([
        [650, 652, 655],
        [520, 523, 526],
      ]),
    ).toBe(false);
    expect(sharesBins([[7, 7], [7]])).toBe(true);
  });

  it("guesses a swept parameter's unit from its name", () => {
    expect(sweepUnit("wards.medicine.beds")).toBe("beds");
    expect(sweepUnit("community.home-care.capacity")).toBe("capacity");
    expect(sweepUnit("groups.adult.arrivals.perDay")).toBe("per day");
    expect(sweepUnit("discharge.policy")).toBe("value");
  });
});

describe("a 1,000-replication, 365-day batch report", () => {
  /** A batch of that size made from one real record, so nothing has to simulate 2,000 years. */
  function bigInput(template: BatchReportInput): BatchReportInput {
    const base = template.records[0]!;
    const records: ReplicationRecord[] = [];
    for (const variant of ["standard", "d2a"]) {
      for (let r = 0; r < 1000; r++) {
        const jitter = (k: number) => 1 + 0.05 * Math.sin(r * 12.9898 + k * 78.233);
        const metrics: ReplicationRecord["metrics"] = {};
        Object.entries(base.metrics).forEach(([name, v], k) => {
          metrics[name] = v === null ? null : v * jitter(k);
        });
        const occupiedBeds = Array.from({ length: 365 }, (_, day) => Math.round(6000 * jitter(day)) / 100);
        records.push({
          variant,
          replication: r,
          seed: 1,
          complete: true,
          metrics,
          daily: { start: "2026-01-12", occupiedBeds },
        });
      }
    }
    const manifest = { ...template.manifest, replications: 1000 };
    return {
      ...template,
      manifest,
      records,
      summary: summariseBatch(manifest, records, 1000, null),
      comparison: compareBatch(manifest, records, 1000),
      fan: fanTable(manifest, records, 1000),
    };
  }

  it("stays well under 5 MB: quantiles per day and bins, never raw replications", async () => {
    const input = bigInput((await smallBatch()).input);
    expect(input.fan!.variants[0]!.mean).toHaveLength(365);
    const charts = buildBatchCharts(input);
    expect(charts.map((c) => c.name)).toEqual([
      "variant-means",
      "variant-differences",
      "occupancy-fan",
      "distributions",
    ]);
    const specBytes = charts.reduce((a, c) => a + JSON.stringify(c.spec).length, 0);
    expect(specBytes).toBeLessThan(300_000);
    const html = renderBatchReportHtml(input, charts);
    expect(Buffer.byteLength(html)).toBeLessThan(1.5 * 1024 * 1024);
  });
});
