/**
 * Every shipped scenario's comparison report in headless Chromium at a laptop's width (issue 15):
 * no chart wider than its column, no Vega warning in the console, and the headline at the top,
 * saying what the runs' summaries (summary.json) say. Short runs (two weeks) keep it quick.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { plainVariants, variantNames } from "../../src/cli/run-command.js";
import { simulateScenario } from "../../src/model/run.js";
import type { RunSummary } from "../../src/model/summary.js";
import { nodeReportEnvironment } from "../../src/node/report-environment.js";
import { readScenarioFile } from "../../src/node/scenario-file.js";
import { headlineText, runsHeadline } from "../../src/report/headline.js";
import { renderReportHtml } from "../../src/report/html.js";
import { validateParsed } from "../../src/scenario/parse.js";

const CHROMIUM = "/usr/bin/chromium";
const SCENARIOS = fileURLToPath(new URL("../../scenarios/", import.meta.url));
const SHIPPED = readdirSync(SCENARIOS).filter((f) => f.endsWith(".yaml"));
const SHORT = { "run.horizon": "14d", "run.warmup": "7d" };
const WIDTH = 1400;

interface Box {
  name: string;
  width: number;
}
interface PageGlobals {
  document: {
    querySelector(
      selector: string,
    ): { getBoundingClientRect(): { width: number }; clientWidth: number } | null;
    querySelectorAll(selector: string): ArrayLike<{
      getAttribute(name: string): string | null;
      getBoundingClientRect(): { width: number };
      querySelector(selector: string): { getBoundingClientRect(): { width: number } } | null;
      textContent: string | null;
    }>;
  };
}

const temporary: string[] = [];
let launching: Promise<BrowserContext> | undefined;

async function launch(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}`);
  const profile = mkdtempSync(join(tmpdir(), "careflow-chromium-"));
  temporary.push(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--disable-background-networking",
    ],
    viewport: { width: WIDTH, height: 900 },
  });
  await context.route("**/*", (route) =>
    route.request().url().startsWith("file:") ? route.continue() : route.abort(),
  );
  return context;
}

afterAll(async () => {
  const context = await launching?.catch(() => undefined);
  await context?.close();
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** Every variant of a shipped scenario, two weeks each, as `careflow run --variant all` would. */
function comparison(file: string) {
  const parsed = readScenarioFile(join(SCENARIOS, file));
  const names = variantNames(
    "all",
    Object.keys((parsed.raw.variants ?? {}) as object),
    plainVariants(parsed.raw.variants),
  );
  const loaded = names.map((v) => validateParsed(parsed, v, SHORT));
  const results = loaded.map((l) =>
    simulateScenario(l.scenario, { variant: l.variant, scenarioName: l.scenario.name }),
  );
  return {
    html: renderReportHtml({
      results,
      scenario: loaded[0]!.scenario,
      scenarioFile: `scenarios/${file}`,
      runSeconds: 0,
      environment: nodeReportEnvironment(),
    }),
    // What each variant's summary.json holds, read back as a reader of the file would.
    summaries: results.map((r) => JSON.parse(JSON.stringify(r.summary)) as RunSummary),
  };
}

describe.each(SHIPPED)("%s in headless Chromium", (file) => {
  it("fits its charts in the column, logs no warning, and heads the page with the summaries' headline", async () => {
    launching ??= launch();
    const context = await launching;
    const { html, summaries } = comparison(file);
    const dir = mkdtempSync(join(tmpdir(), "careflow-shipped-"));
    temporary.push(dir);
    writeFileSync(join(dir, "index.html"), html);
    const page = await context.newPage();
    const messages: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "warning" || m.type() === "error") messages.push(`${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => messages.push(`pageerror: ${e.message}`));
    await page.goto(pathToFileURL(join(dir, "index.html")).href, { waitUntil: "load" });
    await page.waitForFunction(
      () =>
        (
          globalThis as unknown as { document: { body: { getAttribute(n: string): string | null } } }
        ).document.body.getAttribute("data-charts-ready") === "true",
      undefined,
      { timeout: 30_000 },
    );
    expect(messages).toEqual([]);

    const { column, charts } = await page.evaluate(() => {
      const { document } = globalThis as unknown as PageGlobals;
      const main = document.querySelector("main")!;
      const boxes: Box[] = Array.from(document.querySelectorAll(".chart[data-chart]")).map((n) => ({
        name: n.getAttribute("data-chart") ?? "?",
        width: n.querySelector("svg")?.getBoundingClientRect().width ?? 0,
      }));
      // The content box: main's width less its padding (28 px a side).
      return { column: main.getBoundingClientRect().width - 56, charts: boxes };
    });
    expect(charts.length).toBeGreaterThan(0);
    for (const chart of charts) {
      expect(chart.width, chart.name).toBeGreaterThan(0);
      expect(chart.width, `${chart.name} is wider than its ${column}px column`).toBeLessThanOrEqual(
        column + 1,
      );
    }

    // The headline, first on the page, says what the summaries say.
    const shown = await page.locator("section#headline li").allTextContents();
    expect(shown).toEqual(headlineText(runsHeadline(summaries)));
    const first = summaries[0]!;
    const own = shown.find((l) => l.startsWith(first.variant) && l.includes("beds occupied on average for"))!;
    expect(own).toContain(
      `about ${Math.round(first.headline.occupiedBedsMean).toLocaleString("en-GB")} beds occupied`,
    );
    const order = await page.evaluate(() => {
      const { document } = globalThis as unknown as PageGlobals;
      return Array.from(document.querySelectorAll("main > section, main > header, main > nav")).map(
        (n) => n.getAttribute("id") ?? n.getAttribute("class") ?? "",
      );
    });
    expect(order.indexOf("headline")).toBe(1);
    await page.close();
  }, 90_000);
});
