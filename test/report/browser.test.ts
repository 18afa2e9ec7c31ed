/**
 * The report in a real headless Chromium, offline: every chart draws, nothing goes to the
 * network, the console stays clean, and hostile names stay text. Uses Debian's Chromium (never a
 * browser download); the test fails, not skips, when Chromium cannot be launched, because a
 * report that was never opened in a browser has not been tested.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { renderBatchReportHtml } from "../../src/report/batch-html.js";
import { renderReportHtml } from "../../src/report/html.js";
import { evilBatch, removeBatchFolders, smallBatch, sweepBatch } from "./batch-fixtures.js";
import { acuteInput, EVIL_NAME, EVIL_VARIANT, EVIL_WARD, evilInput } from "./fixtures.js";

const CHROMIUM = "/usr/bin/chromium";
const OUTPUT = fileURLToPath(new URL("../../test-output/", import.meta.url));
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * The little of the DOM these tests touch, typed here because the project compiles without the
 * DOM library; the casts vanish when Playwright sends the functions to the page.
 */
interface PageElement {
  getAttribute(name: string): string | null;
  querySelectorAll(selector: string): { length: number };
}
interface PageGlobals {
  document: {
    querySelectorAll(selector: string): ArrayLike<PageElement>;
    scripts: { length: number };
    images: { length: number };
  };
}

interface PageLog {
  errors: string[];
  warnings: string[];
  network: string[];
  dialogs: string[];
}

const temporary: string[] = [];
const network: string[] = [];
let launching: Promise<BrowserContext> | undefined;

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporary.push(dir);
  return dir;
}

/**
 * Launched by the first test that needs it rather than in a hook: a launch failure then fails
 * each test (a failing hook would report the tests as skipped).
 */
function browser(): Promise<BrowserContext> {
  launching ??= launch();
  return launching;
}

async function launch(): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium" (test/global-setup.ts does, as root)`,
    );
  }
  const context = await chromium.launchPersistentContext(tempDir("careflow-chromium-"), {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1100, height: 900 },
  });
  // Only the report file itself may load; anything else is recorded and refused.
  await context.route("**/*", (route) => {
    const url = route.request().url();
    if (url.startsWith("file:")) return route.continue();
    network.push(url);
    return route.abort();
  });
  context.on("request", (request) => {
    if (!/^(file|data|blob|about):/.test(request.url())) network.push(request.url());
  });
  return context;
}

afterAll(async () => {
  const context = await launching?.catch(() => undefined);
  await context?.close();
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
  removeBatchFolders();
});

/**
 * Writes index.html alone (writeReport's SVGs are tested elsewhere and cost time here) and opens
 * it once every chart is drawn.
 */
async function openReport(html: string): Promise<{ page: Page; log: PageLog }> {
  const context = await browser();
  const dir = tempDir("careflow-report-");
  writeFileSync(join(dir, "index.html"), html);
  const page = await context.newPage();
  const log: PageLog = { errors: [], warnings: [], network, dialogs: [] };
  page.on("console", (message) => {
    if (message.type() === "error") log.errors.push(message.text());
    if (message.type() === "warning") log.warnings.push(message.text());
  });
  page.on("pageerror", (error) => log.errors.push(error.message));
  page.on("dialog", (dialog) => {
    log.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(pathToFileURL(join(dir, "index.html")).href, { waitUntil: "load" });
  await page.waitForFunction(
    () => {
      const { document } = globalThis as unknown as PageGlobals;
      const nodes = Array.from(document.querySelectorAll(".chart"));
      return (
        nodes.length > 0 &&
        nodes.every(
          (n) =>
            n.getAttribute("data-rendered") === "error" ||
            n.querySelectorAll("svg g.role-mark:not(.mark-group) > *, canvas").length > 0,
        )
      );
    },
    undefined,
    { timeout: 15_000 },
  );
  return { page, log };
}

/** Data marks drawn in each chart container, by chart name. */
function marksByChart(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const { document } = globalThis as unknown as PageGlobals;
    const out: Record<string, number> = {};
    for (const n of Array.from(document.querySelectorAll(".chart"))) {
      out[n.getAttribute("data-chart") ?? "?"] = n.querySelectorAll(
        "svg g.role-mark:not(.mark-group) > *",
      ).length;
    }
    return out;
  });
}

describe("the report in headless Chromium", () => {
  it("draws every chart offline with a clean console and no network request", async () => {
    const { page, log } = await openReport(renderReportHtml(acuteInput()));
    const marks = await marksByChart(page);
    expect(Object.keys(marks).length).toBeGreaterThanOrEqual(9);
    for (const [name, count] of Object.entries(marks)) expect(count, name).toBeGreaterThan(0);
    const failed = await page.locator('.chart[data-rendered="error"]').count();
    expect(failed).toBe(0);
    expect(await page.getAttribute("body", "data-charts-ready")).toBe("true");
    expect(log.errors).toEqual([]);
    expect(log.warnings).toEqual([]);
    expect(log.network).toEqual([]);
    expect(log.dialogs).toEqual([]);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, "report.png"), fullPage: true });
    await page.close();
  });

  it("shows a hostile scenario name as text and runs none of its script", async () => {
    const { page, log } = await openReport(renderReportHtml(evilInput()));
    expect(await page.locator("h1").textContent()).toBe(EVIL_NAME);
    expect(await page.title()).toBe(`${EVIL_NAME} · careflow report`);
    // Only the report's own five scripts exist; no injected element made it into the page.
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.scripts.length)).toBe(5);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.images.length)).toBe(0);
    expect(
      await page.locator('[data-chart="occupancy"] svg text', { hasText: EVIL_WARD }).count(),
    ).toBeGreaterThan(0);
    const marks = await marksByChart(page);
    for (const [name, count] of Object.entries(marks)) expect(count, name).toBeGreaterThan(0);
    expect(log.dialogs).toEqual([]);
    expect(log.errors).toEqual([]);
    expect(log.network).toEqual([]);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, "report-hostile-names.png"), fullPage: true });
    await page.close();
  });
});

describe("the batch report in headless Chromium", () => {
  /** Every chart drew data marks, none failed, and the page stayed offline and quiet. */
  async function expectCleanCharts(page: Page, log: PageLog, names: readonly string[]): Promise<void> {
    const marks = await marksByChart(page);
    expect(Object.keys(marks)).toEqual(names);
    for (const [name, count] of Object.entries(marks)) expect(count, name).toBeGreaterThan(0);
    expect(await page.locator('.chart[data-rendered="error"]').count()).toBe(0);
    expect(await page.getAttribute("body", "data-charts-ready")).toBe("true");
    expect(log.errors).toEqual([]);
    expect(log.warnings).toEqual([]);
    expect(log.network).toEqual([]);
    expect(log.dialogs).toEqual([]);
  }

  it("draws the comparison, fan and distribution charts of a real batch offline", async () => {
    const { input } = await smallBatch();
    const { page, log } = await openReport(renderBatchReportHtml(input));
    await expectCleanCharts(page, log, [
      "variant-means",
      "variant-differences",
      "occupancy-fan",
      "distributions",
    ]);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, "batch-report.png"), fullPage: true });
    await page.close();
  });

  it("draws a sweep's charts", async () => {
    const { input } = await sweepBatch();
    const { page, log } = await openReport(renderBatchReportHtml(input));
    await expectCleanCharts(page, log, ["sweep", "occupancy-fan", "distributions"]);
    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, "batch-report-sweep.png"), fullPage: true });
    await page.close();
  });

  it("shows hostile names as text and runs none of their script", async () => {
    const { input } = await evilBatch();
    const { page, log } = await openReport(renderBatchReportHtml(input));
    expect(await page.locator("h1").textContent()).toBe(EVIL_NAME);
    expect(await page.title()).toBe(`${EVIL_NAME} · careflow batch report`);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.scripts.length)).toBe(5);
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).document.images.length)).toBe(0);
    expect(
      await page.locator('[data-chart="variant-means"] svg text', { hasText: EVIL_VARIANT }).count(),
    ).toBeGreaterThan(0);
    await expectCleanCharts(page, log, [
      "variant-means",
      "variant-differences",
      "occupancy-fan",
      "distributions",
    ]);
    await page.close();
  });
});
