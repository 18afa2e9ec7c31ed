/**
 * Every chart of every shipped scenario, checked on its specification (issue 15): each variant
 * keeps one colour on every page; variants compared on one chart share a scale; sweep figures
 * and differences include zero; a capacity rule wherever the data has a capacity; no panel
 * without data; no Vega-Lite warning. Runs are short (two weeks) to keep this quick.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { TopLevelSpec } from "vega-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyseCapacity } from "../../src/capacity/analyse.js";
import { simulateScenario } from "../../src/model/run.js";
import type { RunResult } from "../../src/model/summary.js";
import { runBatch } from "../../src/node/batch.js";
import { readBatchReportInput } from "../../src/node/batch-report.js";
import { readScenarioFile } from "../../src/node/scenario-file.js";
import { batchReportCharts } from "../../src/report/batch-html.js";
import { capacityDemandChart } from "../../src/report/capacity-charts.js";
import { buildCharts, type NamedChart } from "../../src/report/charts.js";
import { CATEGORY_COLOURS, SEMANTIC_COLOURS, VARIANT_COLOURS } from "../../src/report/theme.js";
import { validateParsed } from "../../src/scenario/parse.js";
import { capacityTargetProblems, compileWarnings, type Json } from "./spec-checks.js";

const SCENARIOS = fileURLToPath(new URL("../../scenarios/", import.meta.url));
const SHIPPED = readdirSync(SCENARIOS).filter((f) => f.endsWith(".yaml"));
const SHORT = { "run.horizon": "14d", "run.warmup": "7d" };

interface Page {
  page: string;
  charts: NamedChart[];
}

/** Every object in a spec, depth first, with the path to it. */
function* nodes(node: unknown, path = "$"): Generator<[Record<string, unknown>, string]> {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) yield* nodes(node[i], `${path}[${i}]`);
    return;
  }
  if (node === null || typeof node !== "object") return;
  const o = node as Record<string, unknown>;
  yield [o, path];
  for (const [key, value] of Object.entries(o)) if (key !== "config") yield* nodes(value, `${path}.${key}`);
}

/** variant → colours it is drawn in, from every explicit variant colour scale. */
function variantColours(spec: TopLevelSpec): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [o] of nodes(spec)) {
    const scale = o.scale as { domain?: unknown; range?: unknown } | undefined;
    if (o.field !== "variant" || !Array.isArray(scale?.domain) || !Array.isArray(scale?.range)) continue;
    (scale.domain as string[]).forEach((v, i) => {
      const colours = out.get(v) ?? new Set<string>();
      colours.add(String((scale.range as unknown[])[i]));
      out.set(v, colours);
    });
  }
  return out;
}

const pages = new Map<string, Page[]>();
const work = mkdtempSync(join(tmpdir(), "careflow-shipped-charts-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  for (const file of SHIPPED) {
    const parsed = readScenarioFile(join(SCENARIOS, file));
    const defined = Object.keys((parsed.raw.variants ?? {}) as object);
    const variants = ["baseline", ...defined];
    const loaded = variants.map((v) => validateParsed(parsed, v, SHORT));
    const results: RunResult[] = loaded.map((l) =>
      simulateScenario(l.scenario, { variant: l.variant, scenarioName: l.scenario.name }),
    );
    const list: Page[] = loaded.map((l, i) => ({
      page: `run ${l.variant}`,
      charts: buildCharts({ results: [results[i]!], scenario: l.scenario }),
    }));
    list.push({ page: "comparison", charts: buildCharts({ results, scenario: loaded[0]!.scenario }) });
    // A short batch of the file's first two variants (the same run length), in the main thread.
    const short = join(work, file);
    writeFileSync(
      short,
      readFileSync(join(SCENARIOS, file), "utf8")
        .replace(/^(\s+)horizon: .*$/m, "$1horizon: 14d")
        .replace(/^(\s+)warmup: .*$/m, "$1warmup: 7d"),
    );
    const dir = join(work, `${file}-batch`);
    await runBatch({
      scenario: short,
      outDir: dir,
      workers: 1,
      replications: 5,
      variants: defined.slice(0, 2),
    });
    const input = readBatchReportInput(dir);
    if ("skipped" in input) throw new Error(input.skipped);
    list.push({ page: "batch", charts: batchReportCharts(input) });
    pages.set(file, list);
  }
}, 240_000);

describe.each(SHIPPED)("the charts of %s", (file) => {
  const all = () => pages.get(file)!;
  const each = () => all().flatMap((p) => p.charts.map((c) => ({ page: p.page, chart: c })));

  it("give each variant one colour on every page, from the variants' palette only", () => {
    const seen = new Map<string, Set<string>>();
    for (const { chart } of each()) {
      for (const [variant, colours] of variantColours(chart.spec)) {
        const set = seen.get(variant) ?? new Set<string>();
        for (const c of colours) set.add(c);
        seen.set(variant, set);
      }
    }
    expect(seen.size).toBeGreaterThan(0);
    for (const [variant, colours] of seen) {
      expect([...colours], variant).toHaveLength(1);
      expect(VARIANT_COLOURS).toContain([...colours][0]);
    }
    // Categories (cost components, parts of a stay, series) never borrow a variant's colour.
    for (const c of CATEGORY_COLOURS) expect(VARIANT_COLOURS).not.toContain(c);
  });

  it("never give variants compared on one chart scales of their own", () => {
    for (const { page, chart } of each()) {
      for (const [o, path] of nodes(chart.spec)) {
        const facet = o.facet as { row?: { field?: string }; field?: string } | undefined;
        const byVariant = facet?.row?.field === "variant" || facet?.field === "variant";
        if (!byVariant) continue;
        const resolve = JSON.stringify(o.resolve ?? {});
        expect(resolve, `${page} ${chart.name} ${path}`).not.toMatch(/"[xy]":"independent"/);
      }
    }
  });

  it("draw sweep figures from zero and differences around zero", () => {
    for (const { page, chart } of each()) {
      if (chart.name === "variant-differences") {
        expect(JSON.stringify(chart.spec), `${page}`).toContain('{"zero":0}');
      }
      if (chart.name === "variant-comparison") {
        for (const [o] of nodes(chart.spec)) {
          const x = (o.encoding as { x?: { scale?: { domain?: number[] } } } | undefined)?.x;
          if (x?.scale?.domain) expect(x.scale.domain[0]).toBe(0);
        }
      }
    }
  });

  it("draw a capacity line wherever the data has a capacity", () => {
    const capacityMarks = (spec: TopLevelSpec) =>
      [...nodes(spec)].filter(([o]) => {
        const mark = o.mark as { type?: string; color?: string } | undefined;
        return (mark?.type === "rule" || mark?.type === "tick") && mark.color === SEMANTIC_COLOURS.capacity;
      }).length;
    for (const { page, chart } of each()) {
      if (["occupancy", "community-services"].includes(chart.name)) {
        expect(capacityMarks(chart.spec), `${page} ${chart.name}`).toBeGreaterThan(0);
      }
    }
    const fan = all()
      .find((p) => p.page === "batch")!
      .charts.find((c) => c.name === "occupancy-fan");
    if (fan !== undefined) expect(capacityMarks(fan.spec)).toBeGreaterThan(0);
  });

  it("draw the capacity page's targets where the formulas put them, not on the demand line", () => {
    const loaded = validateParsed(readScenarioFile(join(SCENARIOS, file)), undefined, SHORT);
    const report = analyseCapacity(loaded.scenario, { replications: 0 });
    const spec = capacityDemandChart(report);
    if (report.wardHours.length === 0) return expect(spec).toBeUndefined();
    expect(capacityTargetProblems(spec!, report.targets)).toEqual([]);
    expect(compileWarnings(spec!)).toEqual([]);
  });

  it("have data in every panel and compile without a Vega-Lite warning", () => {
    for (const { page, chart } of each()) {
      const where = `${page} ${chart.name}`;
      for (const [o, path] of nodes(chart.spec)) {
        const data = o.data as { values?: unknown[] } | undefined;
        if (Array.isArray(data?.values)) expect(data.values.length, `${where} ${path}`).toBeGreaterThan(0);
        // Every row of a faceted chart has rows of data of its own.
        const facet = o.facet as { row?: { field?: string; sort?: unknown } } | undefined;
        const rows = facet?.row;
        const values = (o.data as { values?: Record<string, Json>[] } | undefined)?.values;
        if (rows?.field !== undefined && Array.isArray(rows.sort) && values !== undefined) {
          for (const key of rows.sort as string[]) {
            expect(
              values.some((v) => v[rows.field!] === key),
              `${where}: panel "${key}" has no data`,
            ).toBe(true);
          }
        }
      }
      expect(compileWarnings(chart.spec), where).toEqual([]);
    }
  });
});
