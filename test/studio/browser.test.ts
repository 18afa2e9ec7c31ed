/**
 * careflow studio in Debian's Chromium, served by the real command line (`careflow studio`), with
 * every request that is not to that local server refused and recorded: a flow coach's session end
 * to end, the browser's records against Node's for the same tasks, bad input, cancelling and
 * re-running, a refresh, the accessibility of each screen (axe-core), and the server's refusals.
 * Runs use a 30-day horizon so the suite stays short. Fails, not skips, without Chromium.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { planVariants } from "../../src/batch/plan.js";
import { type ReplicationRecord, recordLine } from "../../src/batch/records.js";
import { type ReplicationTask, runReplication } from "../../src/batch/replication.js";
import { runBatch, scenarioSource } from "../../src/node/batch.js";
import { headlineContextFor } from "../../src/report/batch-input.js";
import { batchHeadline, headlineText } from "../../src/report/headline.js";
import { BIN, ROOT, runCli } from "../cli-helpers.js";

const CHROMIUM = "/usr/bin/chromium";
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
const ACUTE = join(ROOT, "scenarios", "acute-medical.yaml");

interface Served {
  url: string;
  child: ChildProcess;
  exited: Promise<number | null>;
}

const temporary: string[] = [];
const servers: Served[] = [];
let launching: Promise<Browser> | undefined;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "careflow-studio-"));
  temporary.push(dir);
  return dir;
}

/** `careflow studio [file] --no-open` as a user starts it; resolves with the address it prints. */
function serve(args: string[]): Promise<Served> {
  const child = spawn(process.execPath, [BIN, "studio", ...args, "--no-open"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`careflow studio printed no address: ${out}`)), 20_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
      if (match !== null) {
        clearTimeout(timer);
        const served = { url: match[0], child, exited };
        servers.push(served);
        resolve(served);
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on("exit", () => reject(new Error(`careflow studio stopped: ${out}`)));
  });
}

let acuteServer: Promise<Served> | undefined;
const acute = (): Promise<Served> => {
  acuteServer ??= serve([ACUTE]);
  return acuteServer;
};

function browser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium" (.ci/run does)`,
    );
  }
  launching ??= chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS });
  return launching;
}

interface Session {
  context: BrowserContext;
  page: Page;
  /** Requests to anywhere but the studio's server: refused, and listed here. */
  blocked: string[];
  errors: string[];
}

/** A fresh profile (empty local storage) on the studio's page, the network cut off. */
async function open(url: string, viewport = { width: 1280, height: 900 }): Promise<Session> {
  const context = await (await browser()).newContext({ acceptDownloads: true, viewport });
  const blocked: string[] = [];
  const errors: string[] = [];
  await context.route("**/*", (route) => {
    const target = route.request().url();
    if (target.startsWith(url)) return route.continue();
    blocked.push(target);
    return route.abort();
  });
  const page = await context.newPage();
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  await page.goto(url);
  return { context, page, blocked, errors };
}

async function loadedWorkbench(page: Page): Promise<void> {
  await page.locator("table.variants").waitFor({ timeout: 20_000 });
}

/** Zero serious or critical accessibility violations on what the page shows now. */
async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${screen}: ${v.id} (${v.impact}) ${v.help}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
    );
  expect(bad).toEqual([]);
}

async function setShortRun(page: Page, replications: number): Promise<void> {
  await page.fill("#horizon", "30d");
  await page.fill("#replications", String(replications));
}

/** Keeps only the variants named, removing the others by their Remove buttons. */
async function keepVariants(page: Page, keep: readonly string[]): Promise<void> {
  for (;;) {
    const names = await page
      .locator(".variant-heading input")
      .evaluateAll((inputs) => inputs.map((i) => (i as unknown as { value: string }).value));
    const extra = names.find((n) => !keep.includes(n));
    if (extra === undefined) return;
    await page.getByRole("button", { name: `Remove ${extra}`, exact: true }).click();
  }
}

async function download(page: Page, button: string | RegExp, dir: string): Promise<string> {
  const [file] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: button }).first().click(),
  ]);
  const path = join(dir, file.suggestedFilename());
  await file.saveAs(path);
  return path;
}

afterAll(async () => {
  const b = await launching?.catch(() => undefined);
  await b?.close();
  for (const s of servers) if (s.child.exitCode === null) s.child.kill("SIGINT");
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

describe("careflow studio in a browser", { timeout: 120_000 }, () => {
  it("takes a flow coach from a lever to the answer, and its download reproduces the figures in Node", async () => {
    const { url } = await acute();
    const { page, blocked, errors, context } = await open(url);
    await loadedWorkbench(page);
    await expectAccessible(page, "workbench");

    await keepVariants(page, ["standard"]);
    await page.getByRole("button", { name: "Duplicate standard", exact: true }).click();
    await page.fill("#variant-name-1", "coach");
    await page.locator("#lever-1-discharge-policy").check();
    await page.fill("#lever-1-community-d2a-home-capacity", "1100");
    await expect.poll(() => page.locator("td.changed").count()).toBe(2);
    await setShortRun(page, 5);
    await page.getByRole("button", { name: /^Run 5 replications of 2 variants/ }).click();
    await page.locator(".headline").waitFor({ timeout: 60_000 });
    await expect.poll(() => page.locator("figure.chart svg").count(), { timeout: 20_000 }).toBeGreaterThan(0);

    // The answer is the batch headline's lines, each marked by its tone in words as well as colour.
    const shown = await page.locator(".headline li").evaluateAll((items) =>
      items.map((li) => ({
        tone: li.className,
        label: li.querySelector(".tone-label")?.textContent ?? null,
        text: li.querySelector(".sentence")?.textContent ?? "",
      })),
    );
    const headline = shown.map((l) => l.text);
    expect(headline.length).toBeGreaterThan(0);
    for (const line of shown) {
      expect(["finding", "caution", "warning"]).toContain(line.tone);
      expect(line.label).toBe(
        line.tone === "warning" ? "Warning: " : line.tone === "caution" ? "Caution: " : null,
      );
    }
    // D2A with more home support frees beds: the comparison says how many, with its paired CI.
    expect(headline[0]).toMatch(
      /^coach against standard, over 5 paired replications: [\d,]+ fewer occupied beds on average \(95% CI [\d,]+ to [\d,]+\)/,
    );
    await expectAccessible(page, "results");

    const dir = tempDir();
    const yamlPath = await download(page, "Download the scenario that ran (YAML)", dir);
    const recordsPath = await download(page, "Download replications (JSONL)", dir);
    const png = readFileSync(await download(page, /^PNG of /, dir));
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    const report = readFileSync(await download(page, "Download the HTML report", dir), "utf8");
    expect(report).toMatch(/^<!doctype html>/i);
    expect(report).toContain("coach");
    const validated = runCli(["validate", yamlPath]);
    expect(validated.stderr).toBe("");
    expect(validated.stdout).toContain("valid (variants: baseline, standard, coach)");

    // The same sentences, in the same tones, as careflow batch's headline for this batch: the
    // downloaded scenario, the same variants, seed and replications, at its central values
    // (drawInputs: false, as the studio runs), and the context careflow batch builds.
    const nodeBatch = await runBatch({
      scenario: yamlPath,
      outDir: join(dir, "batch"),
      variants: ["standard", "coach"],
      replications: 5,
      workers: 1,
      drawInputs: false,
    });
    const expected = batchHeadline(
      nodeBatch.summary!,
      nodeBatch.comparison,
      headlineContextFor(scenarioSource(yamlPath), nodeBatch.manifest),
    );
    expect(headline).toEqual(headlineText(expected));
    expect(shown.map((l) => l.tone)).toEqual(expected.map((l) => l.tone));

    // Every record the browser made is byte-identical to Node's for the same task.
    const text = readFileSync(yamlPath, "utf8");
    const source = {
      file: "acute-medical.yaml",
      text,
      sha256: createHash("sha256").update(text).digest("hex"),
    };
    const specs = planVariants(["standard", "coach"], [], {});
    const lines = readFileSync(recordsPath, "utf8").trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l)).map((r) => `${r.variant} ${r.replication}`)).toEqual([
      ...[0, 1, 2, 3, 4].map((r) => `standard ${r}`),
      ...[0, 1, 2, 3, 4].map((r) => `coach ${r}`),
    ]);
    // Node runs the same tasks with the same code and the same arithmetic (src/engine/math.ts:
    // no Math.exp or Math.log, which round differently in Chromium), so the same bytes.
    const nodeRecords = lines.map((line) => {
      const record = JSON.parse(line) as { variant: string; replication: number; seed: number };
      const spec = specs.find((s) => s.name === record.variant)!;
      const task = {
        kind: "replication",
        source,
        variant: spec,
        seed: record.seed,
        replication: record.replication,
        series: false,
      };
      return runReplication(task as ReplicationTask);
    });
    // A record's line lists its values in the order of its metrics (batch.json's layout), and
    // ends with its newline: the whole download, byte for byte.
    const nodeLine = (r: ReplicationRecord): string => recordLine(r, Object.keys(r.metrics));
    expect(readFileSync(recordsPath, "utf8")).toBe(nodeRecords.map(nodeLine).join(""));

    // `careflow run` on the download gives the figures of replication 0.
    const coach0 = nodeRecords.find((r) => r.variant === "coach" && r.replication === 0)!;
    const run = runCli([
      "run",
      yamlPath,
      "--variant",
      "coach",
      "--json",
      "--no-report",
      "-o",
      join(dir, "run"),
    ]);
    expect(run.stderr).toBe("");
    // careflow-run/2: each variant's summary carries its headline figures.
    const summary = JSON.parse(run.stdout) as { variants: { headline: Record<string, number> }[] };
    const coachFigures = summary.variants[0]!.headline;
    for (const metric of [
      "occupiedBedsMean",
      "meanLosDays",
      "totalCost",
      "twelveHourBreaches",
      "readmissions",
    ]) {
      expect(coach0.metrics[`headline.${metric}`], metric).toBe(coachFigures[metric]);
    }

    // The same run again in the browser: byte-identical records, whichever worker ran which task.
    await page.getByRole("button", { name: /^Run 5 replications of 2 variants/ }).click();
    await page.getByText(/^Finished: 5 replications of 2 variants/).waitFor({ timeout: 60_000 });
    const again = await download(page, "Download replications (JSONL)", tempDir());
    expect(readFileSync(again, "utf8")).toBe(readFileSync(recordsPath, "utf8"));

    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("shows bad input where it belongs, in careflow validate's words, and keeps working", async () => {
    const { url } = await acute();
    const { page, errors, context } = await open(url);
    await loadedWorkbench(page);
    const run = page.getByRole("button", { name: /^Run / });

    await page.fill("#lever-0-wards-amu-beds", "-5");
    const cell = page.locator("td", { has: page.locator("#lever-0-wards-amu-beds") });
    await expect
      .poll(() => cell.locator(".problems").textContent())
      .toBe("wards[0].beds: must be ≥ 0, got -5");
    expect(await page.locator("#lever-0-wards-amu-beds").getAttribute("aria-invalid")).toBe("true");
    expect(await run.isDisabled()).toBe(true);
    // The same words as the command line for the same value.
    const dir = tempDir();
    const file = join(dir, "negative.yaml");
    writeFileSync(
      file,
      `${readFileSync(ACUTE, "utf8").replace(/\nvariants:[\s\S]*$/, "\n")}variants:\n  bad:\n    wards.amu.beds: -5\n`,
    );
    expect(runCli(["validate", file]).stderr).toContain("wards[0].beds (line");
    expect(runCli(["validate", file]).stderr).toContain(": must be ≥ 0, got -5");

    await page.fill("#lever-0-wards-amu-beds", "160");
    await expect.poll(() => cell.locator(".problems").count()).toBe(0);
    await expect.poll(() => run.isDisabled()).toBe(false);

    await page.fill("#lever-0-groups-frail-dischargePathways-p0", "0.5");
    await expect
      .poll(() => page.locator("tr", { hasText: "Discharge pathways: Frail 75+: problems" }).textContent())
      .toMatch(/groups\[2\]\.dischargePathways: .*must sum to 1, but p0 \+ p1 \+ p2 \+ p3 = 1\.15/);
    await expectAccessible(page, "workbench with problems");
    await page.fill("#lever-0-groups-frail-dischargePathways-p0", "0.35");
    await expect.poll(() => run.isDisabled()).toBe(false);

    await page.setInputFiles("#upload", {
      name: "broken.yaml",
      mimeType: "application/yaml",
      buffer: Buffer.from("name: broken\nwards: [\n"),
    });
    await expect
      .poll(() => page.locator("#upload-error").textContent())
      .toMatch(/^broken\.yaml: 1 problem\n {2}\(syntax\)/);
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x"]',
      "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
      "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
      "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
      "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
      "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
      "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
      "",
    ].join("\n");
    await page.setInputFiles("#upload", {
      name: "bomb.yaml",
      mimeType: "application/yaml",
      buffer: Buffer.from(bomb),
    });
    await expect.poll(() => page.locator("#upload-error").textContent()).toContain("too many YAML aliases");
    await expectAccessible(page, "upload error");
    // The loaded scenario is untouched and still runs.
    expect(await page.inputValue("#variant-name-0")).toBe("standard");
    await keepVariants(page, ["standard"]);
    await setShortRun(page, 2);
    await run.click();
    await page.getByText("Finished: 2 replications of 1 variant").waitFor({ timeout: 60_000 });
    expect(errors).toEqual([]);
    await context.close();
  });

  it("cancels mid-run and re-runs without stale results or stuck workers; a refresh keeps the settings", async () => {
    const { url } = await acute();
    const { page, errors, context } = await open(url);
    await loadedWorkbench(page);
    await keepVariants(page, ["standard", "d2a"]);
    await setShortRun(page, 40);
    const run = page.getByRole("button", { name: /^Run / });

    // Main-thread tasks over 200 ms while replications run: none (the page stays responsive).
    // Watched from the first finished replication on: the click before it parses and validates
    // every variant, which is tens of milliseconds on an idle machine.
    await run.click();
    await page.getByText(/^[1-9]\d* of 80 replications done/).waitFor({ timeout: 30_000 });
    await page.evaluate(() => {
      const scope = globalThis as unknown as { longTasks: number[] };
      scope.longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (entry.duration > 200) scope.longTasks.push(entry.duration);
      }).observe({ type: "longtask" as "mark" }); // Node's types lack "longtask"; the page has it
    });
    await page.getByText(/^[1-9]\d+ of 80 replications done/).waitFor({ timeout: 30_000 });
    expect(await page.evaluate(() => (globalThis as unknown as { longTasks: number[] }).longTasks)).toEqual(
      [],
    );
    await page.getByRole("button", { name: "Cancel" }).click();
    await page.getByText("Cancelled: no results are shown for the cancelled run.").waitFor();
    await expect.poll(() => page.workers().length).toBe(0);
    expect(await page.locator(".headline").count()).toBe(0);

    // Run, then at once run again with fewer replications: only the second run's results appear.
    await run.click();
    await page.getByText(/ of 80 replications done/).waitFor({ timeout: 30_000 });
    await page.fill("#replications", "3");
    await page.getByRole("button", { name: /^Run 3 replications/ }).click();
    await page.locator(".headline").waitFor({ timeout: 60_000 });
    expect(await page.locator(".status").textContent()).toMatch(/^Finished: 3 replications of 2 variants/);
    expect(await page.locator("table.figures thead").textContent()).toBe(
      "Figurestandard (3 replications)d2a (3 replications)",
    );
    await expect.poll(() => page.workers().length).toBe(0);

    // A refresh mid-run: the settings come back, the old page's workers are gone, nothing runs.
    await page.fill("#replications", "40");
    await run.click();
    await page.getByText(/ of 80 replications done/).waitFor({ timeout: 30_000 });
    await page.reload();
    await loadedWorkbench(page);
    expect(await page.inputValue("#horizon")).toBe("30d");
    expect(await page.inputValue("#replications")).toBe("40");
    expect(await page.locator(".variant-heading input").count()).toBe(2);
    expect(page.workers().length).toBe(0);
    expect(await page.locator(".status").textContent()).toBe("");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("reaches any field in all settings by keyboard, words its problems as careflow validate does, and downloads it as an override", async () => {
    const { url } = await acute();
    const { page, errors, blocked, context } = await open(url);
    await loadedWorkbench(page);
    await keepVariants(page, ["standard", "d2a"]);
    const run = page.getByRole("button", { name: /^Run / });

    // By keyboard: open the view, choose the variant, open a section.
    await page.locator("#all-settings > summary").focus();
    await page.keyboard.press("Enter");
    await page.locator("#settings-variant").focus();
    await page.keyboard.press("ArrowDown"); // standard → d2a
    expect(await page.inputValue("#settings-variant")).toBe("1");
    await page.locator("#setting-groups-section > summary").focus();
    await page.keyboard.press("Enter");

    // A nested field: the frail group's second stage's mean stay, in the d2a variant.
    const mean = page.locator("#setting-groups-frail-stages-1-los-mean");
    expect(await mean.inputValue()).toBe("3.5d");
    await mean.focus();
    await page.keyboard.press("ControlOrMeta+a");
    await page.keyboard.type("3d");
    await expect.poll(() => mean.evaluate((e) => e.parentElement!.className)).toContain("changed");
    // The same override the levers write: the stage's lever in the d2a column reads 86% of today.
    expect(await page.inputValue("#lever-1-groups-frail-stages-1-los")).toBe("86");
    // Another form for a stay: the select offers every distribution the schema knows.
    await page.selectOption("#setting-groups-frail-stages-0-los-form", "gamma");
    expect(await page.inputValue("#setting-groups-frail-stages-0-los-cv")).toBe("1");

    // A bad value: the problem beside the field, in validate's words; Run waits.
    const perDay = page.locator("#setting-groups-frail-arrivals-perDay");
    await perDay.fill("-3");
    await expect
      .poll(() => page.locator("#setting-groups-frail-arrivals-perDay-error").textContent())
      .toBe("groups[2].arrivals.perDay: must be ≥ 0, got -3");
    expect(await perDay.getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#setting-groups-section > summary").textContent()).toContain("1 problem");
    expect(await run.isDisabled()).toBe(true);
    const dir = tempDir();
    const bad = join(dir, "bad.yaml");
    writeFileSync(
      bad,
      `${readFileSync(ACUTE, "utf8").replace(/\nvariants:[\s\S]*$/, "\n")}variants:\n  bad:\n    groups.frail.arrivals.perDay: -3\n`,
    );
    const words = runCli(["validate", bad]).stderr;
    expect(words).toContain("groups[2].arrivals.perDay (line");
    expect(words).toContain(": must be ≥ 0, got -3");
    await expectAccessible(page, "all settings with a problem");

    // Reset by keyboard puts the file's value back and the problem goes.
    await page
      .getByRole("button", { name: "Reset groups.frail.arrivals.perDay to the file's value" })
      .focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => perDay.inputValue()).toBe("32");
    await expect.poll(() => run.isDisabled()).toBe(false);

    // Escalation beds on a ward that has none: a new entry in its weekly bed schedule.
    await page.locator("#setting-wards-section > summary").focus();
    await page.keyboard.press("Enter");
    await page.getByRole("button", { name: "Add to bedSchedule (wards.medicine.bedSchedule)" }).focus();
    await page.keyboard.press("Enter");
    await page.locator("#setting-wards-medicine-bedSchedule-0-beds").fill("300");
    await page.locator("#setting-wards-medicine-bedSchedule-0-from").fill("20:00");

    const yamlPath = await download(page, "Download scenario (YAML)", dir);
    const validated = runCli(["validate", yamlPath]);
    expect(validated.stderr).toBe("");
    expect(validated.stdout).toContain("valid (variants: baseline, standard, d2a)");
    const file = parseYaml(readFileSync(yamlPath, "utf8")) as { variants: Record<string, unknown> };
    expect(file.variants.d2a).toEqual({
      "discharge.policy": "d2a",
      "groups.frail.stages.1.los.mean": "3d",
      "groups.frail.stages.0.los": { dist: "gamma", mean: "18h", cv: 1 },
      "wards.medicine.bedSchedule": [{ from: "20:00", beds: 300 }],
    });
    expect(file.variants.standard).toEqual({});
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("offers escalation beds, demand and theatre sessions where a scenario has them", async () => {
    const { url } = await acute();
    const { page, errors, context } = await open(url);
    await loadedWorkbench(page);
    const lever = (column: number, id: string) => page.locator(`#lever-${column}-${id}`);

    // Demand as a percentage sets each group's admissions a day: frail 32 → 35.2.
    await lever(0, "demand-emergency").fill("110");
    await expect.poll(() => lever(0, "groups-frail-arrivals-perDay").inputValue()).toBe("35.2");

    // A ward with a weekly bed schedule: its escalation beds are a lever.
    const withSchedule = readFileSync(ACUTE, "utf8").replace(
      /(\n {4}beds: 160\n)/,
      '$1    bedSchedule:\n      - { days: [mon, tue, wed, thu, fri], from: "20:00", beds: 170 }\n      - { from: "08:00", beds: 160 }\n',
    );
    await page.setInputFiles("#upload", {
      name: "escalation.yaml",
      mimeType: "application/yaml",
      buffer: Buffer.from(withSchedule),
    });
    await expect.poll(() => lever(0, "wards-amu-bedSchedule-0-beds").inputValue()).toBe("170");
    expect(
      await page
        .locator("tr", { has: lever(0, "wards-amu-bedSchedule-0-beds") })
        .locator("th")
        .textContent(),
    ).toMatch(/^Acute medical unit, from 20:00 mon–fri\s*today: 170 beds$/);
    await lever(0, "wards-amu-bedSchedule-0-beds").fill("180");
    const cellOf = (column: number, id: string) => page.locator("td", { has: lever(column, id) });
    await expect.poll(() => cellOf(0, "wards-amu-bedSchedule-0-beds").getAttribute("class")).toBe("changed");
    expect(await cellOf(0, "wards-amu-bedSchedule-1-beds").getAttribute("class")).toBeNull();

    // theatre-lists: sessions a week per theatre, and elective referrals as a percentage.
    await page.getByRole("button", { name: "theatre-lists" }).click();
    await expect.poll(() => page.inputValue("#variant-name-0")).toBe("on-time-starts");
    const sessions = lever(0, "electives-theatres-general-sessions");
    expect(await sessions.inputValue()).toBe("7");
    expect(await sessions.getAttribute("max")).toBe("11");
    await sessions.fill("9");
    await lever(0, "demand-referrals").fill("120");
    await expect.poll(() => cellOf(0, "demand-referrals").getAttribute("class")).toBe("changed");
    expect(await cellOf(0, "electives-theatres-general-sessions").getAttribute("class")).toBe("changed");
    expect(await cellOf(0, "electives-theatres-ortho-sessions").getAttribute("class")).toBeNull();
    await expect.poll(() => page.locator("td .problems").count()).toBe(0);
    await expectAccessible(page, "theatre levers");
    // Every section of all settings open at once: every kind of control the schema gives
    // (selects, day choices, distributions, lists) on a scenario with theatres.
    await page.locator("details").evaluateAll((all) => {
      for (const details of all) (details as unknown as { open: boolean }).open = true;
    });
    expect(await page.locator("details.settings-section").count()).toBeGreaterThan(8);
    expect(await page.locator(".all-settings input:visible").count()).toBeGreaterThan(200);
    await expectAccessible(page, "all settings, every section open");
    const dir = tempDir();
    const yamlPath = await download(page, "Download scenario (YAML)", dir);
    expect(runCli(["validate", yamlPath]).stderr).toBe("");
    const file = parseYaml(readFileSync(yamlPath, "utf8")) as {
      variants: Record<string, Record<string, unknown>>;
    };
    const overrides = file.variants["on-time-starts"]!;
    expect((overrides["electives.theatres.general.sessions"] as { day: string }[]).map((s) => s.day)).toEqual(
      ["mon", "mon", "tue", "wed", "wed", "thu", "fri", "sat", "sat"],
    );
    expect(
      Object.entries(overrides)
        .filter(([k]) => k.endsWith(".referralsPerWeek"))
        .map(([, v]) => v),
    ).toEqual(
      // 120% of each procedure's referrals in the shipped file, to the lever's one decimal.
      (
        parseYaml(readFileSync(join(ROOT, "scenarios", "theatre-lists.yaml"), "utf8")) as {
          electives: { procedures: { referralsPerWeek: number }[] };
        }
      ).electives.procedures.map((p) => Math.round(p.referralsPerWeek * 1.2 * 10) / 10),
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  it("offers the shipped scenarios when given none, works on a phone-sized screen, and exports as static files", async () => {
    const served = await serve([]);
    const { page, errors, blocked, context } = await open(served.url, { width: 390, height: 844 });
    await page.getByRole("heading", { name: "Choose a scenario" }).waitFor();
    await expectAccessible(page, "picker");
    await page.getByRole("button", { name: "theatre-lists" }).click();
    await loadedWorkbench(page);
    expect(await page.locator("tbody tr.group th").allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^Theatres/), expect.stringMatching(/^Beds per ward/)]),
    );
    await expectAccessible(page, "workbench on a phone");
    expect(blocked).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
    served.child.kill("SIGINT");
    expect(await served.exited).toBe(0);

    const dir = tempDir();
    const exported = runCli(["studio", ACUTE, "--export", dir]);
    expect(exported.stderr).toBe("");
    for (const file of [
      "index.html",
      "app.js",
      "worker.js",
      "vendor/vega-embed.min.js",
      "scenarios/index.json",
    ]) {
      expect(existsSync(join(dir, file)), file).toBe(true);
    }
    expect(readFileSync(join(dir, "loaded-scenario.yaml"), "utf8")).toBe(readFileSync(ACUTE, "utf8"));
    expect(JSON.parse(readFileSync(join(dir, "studio-config.json"), "utf8"))).toEqual({
      scenario: { file: "acute-medical.yaml", url: "loaded-scenario.yaml" },
    });
  });
});

function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => {
        body += chunk.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("careflow studio's server", () => {
  it("answers only to its own address, serves only its files and the scenario it was given", async () => {
    const { url } = await acute();
    const port = new URL(url).port;
    expect((await get(url)).status).toBe(200);
    expect((await get(url, { Host: `localhost:${port}` })).status).toBe(200);
    expect((await get(url, { Host: "attacker.example" })).status).toBe(403);
    expect((await get(url, { Host: `attacker.example:${port}` })).status).toBe(403);
    expect((await get(`${url}loaded-scenario.yaml`)).body).toBe(readFileSync(ACUTE, "utf8"));
    for (const path of [
      "package.json",
      "..%2Fpackage.json",
      "%2E%2E/%2E%2E/package.json",
      "src/studio/app.tsx",
    ]) {
      expect((await get(`${url}${path}`)).status, path).toBe(404);
    }
  });

  it("stops on Ctrl-C", async () => {
    const served = await serve([]);
    served.child.kill("SIGINT");
    expect(await served.exited).toBe(0);
  });
});
