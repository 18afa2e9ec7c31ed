import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunInfo } from "../../src/batch/outputs.js";
import { formatNumber } from "../../src/batch/report-text.js";
import { readBatchReportInput } from "../../src/node/batch-report.js";
import { writeBatchReport } from "../../src/node/report-files.js";
import { buildBatchCharts, intervalDecimals } from "../../src/report/batch-charts.js";
import { type BatchReportInput, renderBatchReportHtml, runTimeText } from "../../src/report/batch-html.js";
import { escapeHtml } from "../../src/report/escape.js";
import { evilBatch, removeBatchFolders, smallBatch, sweepBatch } from "./batch-fixtures.js";
import { dataMarks, EVIL_DESCRIPTION, EVIL_NAME, EVIL_VARIANT, EVIL_WARD } from "./fixtures.js";

afterAll(removeBatchFolders);

/** The embedded chart specs, read back the way the page reads them. */
function embeddedSpecs(html: string): Record<string, unknown> {
  const match = /<script type="application\/json" id="careflow-specs">(.*?)<\/script>/s.exec(html);
  expect(match).not.toBeNull();
  return JSON.parse(match![1]!) as Record<string, unknown>;
}

/** The page without the three inlined libraries, whose own strings hold markup of theirs. */
const withoutLibraries = (html: string): string =>
  html.replace(/<script>[\s\S]*?<\/script>/g, (m) =>
    m.length > 20_000 ? "<script>/* library */</script>" : m,
  );

const section = (html: string, id: string): string => {
  const start = html.indexOf(`<section id="${id}">`);
  expect(start, id).toBeGreaterThan(0);
  return html.slice(start, html.indexOf("</section>", start));
};

describe("renderBatchReportHtml", () => {
  let input: BatchReportInput;
  let html: string;
  beforeAll(async () => {
    input = (await smallBatch()).input;
    html = renderBatchReportHtml({ ...input, careflowVersion: "9.9.9-test" });
  });

  it("is one self-contained file in the run report's shell", () => {
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(withoutLibraries(html)).not.toMatch(/<img\b/i);
    expect(html).not.toMatch(/@import|@font-face|url\(\s*['"]?https?:/i);
    expect(html.match(/<script\b/gi)).toHaveLength(5);
    expect(html.match(/<\/script>/gi)).toHaveLength(5);
    expect(html).toContain("<title>Small test hospital · careflow batch report</title>");
  });

  it("has a container and an embedded spec for every chart", () => {
    const charts = buildBatchCharts({ ...input });
    expect(Object.keys(embeddedSpecs(html))).toEqual(charts.map((c) => c.name));
    for (const c of charts) expect(html).toContain(`<div class="chart" data-chart="${c.name}"`);
  });

  it("heads the report with scenario, variants, seed, replications, horizon, warm-up, version and run time", () => {
    const header = html.slice(html.indexOf("<header>"), html.indexOf("</header>"));
    expect(header).toContain("careflow Monte Carlo batch report");
    expect(header).toContain("Small test hospital");
    expect(header).toContain("<code>small.yaml</code>");
    expect(header).toContain("standard, d2a (differences are from standard)");
    expect(header).toContain("<dd>42</dd>");
    expect(header).toContain("8 per variant");
    expect(header).toContain("25 days observed");
    expect(header).toContain("5 days (discarded)");
    expect(header).toContain("9.9.9-test");
    expect(header).toMatch(/s for 16 replications in the main thread/);
  });

  it("gives each key figure's mean and 95% CI per variant", () => {
    const table = section(html, "key-figures");
    expect(table).toContain('<th scope="col">standard</th><th scope="col">d2a</th>');
    // Every variant's row shows the decimals its widest interval supports.
    const [standard, d2a] = input.summary.variants.map((v) => v.metrics["los.overall.meanDays"]!);
    const places = intervalDecimals(Math.max(standard!.halfWidth!, d2a!.halfWidth!), d2a!.mean!);
    const f = (x: number | null) => formatNumber(x!, places);
    expect(table).toContain(
      `<td>${f(d2a!.mean)}<br><span class="unit">${f(d2a!.ciLow)} to ${f(d2a!.ciHigh)}</span></td>`,
    );
    expect(table).toContain("Total cost");
    expect(table).toContain("amu: occupied beds, mean");
    // The small test hospital is stable (every offered load ≤ 80% of capacity), so its variants
    // are compared in better/worse words, with the paired interval.
    expect(section(html, "differences")).toMatch(
      /d2a uses [\d.]+ fewer occupied beds than standard \(95% CI/,
    );
  });

  it("states the batch's method: replications, Student t CIs, CRN, seeding and run time", () => {
    const method = html.slice(html.indexOf('<section id="method">'));
    expect(method).toContain("Written from this batch");
    expect(method).toContain("8 replications per variant (replications 0 to 7)");
    expect(method).toContain("Student's t distribution");
    expect(method).toContain("95% confidence interval");
    expect(method).toContain(
      "common random numbers: replication <i>i</i> of every variant draws from the same named random streams",
    );
    expect(method).toContain("careflow:&lt;seed&gt;:&lt;replication&gt;:&lt;name&gt;");
    expect(method).toContain("with seed 42 and replication <i>i</i>");
    expect(method).toContain("Every replication ran to the end of the horizon.");
    expect(method).toContain("<code>discharge.policy</code> = <code>&quot;d2a&quot;</code>");
    expect(method).toContain(escapeHtml(runTimeText(input)));
    expect(method).not.toContain("One replication per variant");
  });

  it("turns the table for a sweep: a row per point, a column per swept parameter", async () => {
    const sweep = renderBatchReportHtml((await sweepBatch()).input);
    const header = sweep.slice(sweep.indexOf("<header>"), sweep.indexOf("</header>"));
    expect(header).toContain(
      "6 sweep points: <code>wards.medicine.beds</code> = 45, 55, 65 × <code>wards.amu.beds</code> = 25, 35",
    );
    const table = section(sweep, "key-figures");
    expect(table).toContain('<code class="path">wards.<wbr>medicine.<wbr>beds</code>');
    expect(table.match(/<tr><th scope="row" class="point">/g)).toHaveLength(6);
    expect(sweep).not.toContain('<section id="differences">');
    expect(sweep).toContain("A parameter sweep: <code>wards.medicine.beds</code> over 3 values");
  });

  it("titles a sweep by what ran (its axes and the one variant swept), not the scenario's name", async () => {
    const { input } = await sweepBatch();
    const sweep = renderBatchReportHtml(input);
    const h1 = sweep.slice(sweep.indexOf("<h1>") + 4, sweep.indexOf("</h1>"));
    const medicine = input.scenario.wards.find((w) => w.id === "medicine")!.name ?? "medicine";
    const amu = input.scenario.wards.find((w) => w.id === "amu")!.name ?? "amu";
    expect(h1).toBe(escapeHtml(`Sweep of ${medicine}: beds and ${amu}: beds (baseline only)`));
    expect(h1).not.toContain(escapeHtml(input.scenario.name));
    // The scenario's own name is still on the page, as a fact.
    expect(sweep).toContain(`<dt>Scenario</dt><dd>${escapeHtml(input.scenario.name)}</dd>`);
  });
});

describe("runTimeText", () => {
  const info = (o: Partial<RunInfo>): RunInfo => ({
    command: "batch",
    startedAt: "",
    finishedAt: "",
    wallSeconds: 12.34,
    workers: 8,
    mode: "worker threads",
    ran: 150,
    reused: 50,
    replicationsPerSecond: 12,
    host: "h",
    node: "v20",
    careflow: "0",
    shard: null,
    ...o,
  });

  it("says how the replications ran, including a merge's shards", () => {
    expect(runTimeText({ runInfo: info({}) })).toBe(
      "12.3 s for 150 replications on 8 worker threads; 50 more found done by an earlier session",
    );
    expect(
      runTimeText({
        runInfo: info({ command: "merge" }),
        shards: { count: 4, wallSeconds: 600, ran: 2000 },
      }),
    ).toBe(
      "merged from 4 shard folders; they ran 2,000 replications in 10 min 0 s of wall-clock time together",
    );
    expect(runTimeText({ runInfo: undefined })).toBe("unknown (no run-info.json)");
  });
});

describe("the batch report with hostile text", () => {
  let html: string;
  let input: BatchReportInput;
  beforeAll(async () => {
    input = (await evilBatch()).input;
    html = withoutLibraries(renderBatchReportHtml(input));
  });

  it("shows user text as text, never as markup", () => {
    expect(html).not.toContain(EVIL_NAME);
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("<img");
    expect(html).not.toContain(EVIL_VARIANT);
    expect(html).toContain(`<h1>${escapeHtml(EVIL_NAME)}</h1>`);
    expect(html).toContain(`<title>${escapeHtml(EVIL_NAME)} · careflow batch report</title>`);
    expect(html).toContain(escapeHtml(EVIL_DESCRIPTION));
    expect(html).toContain(escapeHtml(EVIL_WARD));
    expect(html).toContain(escapeHtml(EVIL_VARIANT));
    expect(html).toContain(escapeHtml("<evil>.yaml"));
  });

  it("keeps hostile names inside the embedded JSON, intact once parsed", () => {
    const text = JSON.stringify(embeddedSpecs(html));
    expect(text).toContain(EVIL_VARIANT);
    const raw = html.slice(html.indexOf('id="careflow-specs">'), html.lastIndexOf("<script>"));
    expect(raw).not.toContain(EVIL_VARIANT);
    expect(raw).toContain("\\u003cimg src=x onerror=alert(1)\\u003e");
  });
});

describe("writeBatchReport", () => {
  it("writes a spec and an SVG with marks per chart, then index.html, and removes charts it no longer has", async () => {
    const { dir, input } = await smallBatch();
    writeFileSync(join(dir, "charts-placeholder.txt"), "");
    const stale = join(dir, "charts", "sweep.svg");
    const written = await writeBatchReport(dir, input);
    const charts = buildBatchCharts({ ...input });
    expect(written).toHaveLength(charts.length * 2 + 1);
    expect(written.at(-1)).toBe(join(dir, "index.html"));
    for (const chart of charts) {
      const svg = readFileSync(join(dir, "charts", `${chart.name}.svg`), "utf8");
      expect(dataMarks(svg), chart.name).toBeGreaterThan(0);
      expect(svg, chart.name).toContain(chart.title);
    }
    writeFileSync(stale, "<svg/>");
    const without = { ...input, summary: { ...input.summary, replications: 4 } };
    await writeBatchReport(dir, without);
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(join(dir, "charts", "distributions.svg"))).toBe(false);
    expect(existsSync(join(dir, "charts-placeholder.txt"))).toBe(true);
    expect(readdirSync(join(dir, "charts")).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("reads its input from the batch folder, and declines when the scenario file has changed", async () => {
    const { dir } = await smallBatch();
    const again = readBatchReportInput(dir);
    expect("skipped" in again).toBe(false);
    const scenario = join(dir, "..", "small.yaml");
    const text = readFileSync(scenario, "utf8");
    try {
      writeFileSync(scenario, `${text}\n# edited\n`);
      expect(readBatchReportInput(dir)).toEqual({
        skipped: expect.stringMatching(/small\.yaml has changed since the batch ran/),
      });
    } finally {
      writeFileSync(scenario, text);
    }
  });
});
