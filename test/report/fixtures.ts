/**
 * Report test inputs made by the real model, so the tests see the shapes a real run produces.
 * Runs are short (two weeks after one week of warm-up) to keep the suite fast.
 */
import { fileURLToPath } from "node:url";
import { simulateScenario } from "../../src/model/run.js";
import type { RunResult } from "../../src/model/summary.js";
import { nodeReportEnvironment } from "../../src/node/report-environment.js";
import { readScenarioFile } from "../../src/node/scenario-file.js";
import type { ReportInput } from "../../src/report/html.js";
import { loadScenarioText, validateParsed } from "../../src/scenario/parse.js";

export const ACUTE_FILE = fileURLToPath(new URL("../../scenarios/acute-medical.yaml", import.meta.url));
const SHORT_RUN = { "run.horizon": "14d", "run.warmup": "7d" };

let acute: ReportInput | undefined;

/** The acute-medical scenario, variants standard and d2a, shortened. */
export function acuteInput(): ReportInput {
  if (acute === undefined) {
    const parsed = readScenarioFile(ACUTE_FILE);
    const started = performance.now();
    const loaded = ["standard", "d2a"].map((variant) => validateParsed(parsed, variant, SHORT_RUN));
    const results = loaded.map((l) =>
      simulateScenario(l.scenario, { variant: l.variant, scenarioName: l.scenario.name }),
    );
    acute = {
      results,
      scenario: loaded[0]!.scenario,
      scenarioFile: "scenarios/acute-medical.yaml",
      runSeconds: (performance.now() - started) / 1000,
      environment: nodeReportEnvironment(),
    };
  }
  return acute;
}

const OPERATIONS_RUN = { "run.horizon": "14d", "run.warmup": "0d" };
const operations = new Map<string, ReportInput>();

/** A scenario's baseline run over two weeks with no warm-up (theatres and rosters from day 0). */
function operationsInput(name: string): ReportInput {
  let input = operations.get(name);
  if (input === undefined) {
    const file = fileURLToPath(new URL(`../../scenarios/${name}.yaml`, import.meta.url));
    const loaded = validateParsed(readScenarioFile(file), undefined, OPERATIONS_RUN);
    const started = performance.now();
    const result = simulateScenario(loaded.scenario, {
      variant: loaded.variant,
      scenarioName: loaded.scenario.name,
    });
    input = {
      results: [result],
      scenario: loaded.scenario,
      scenarioFile: `scenarios/${name}.yaml`,
      runSeconds: (performance.now() - started) / 1000,
      environment: nodeReportEnvironment(),
    };
    operations.set(name, input);
  }
  return input;
}

/** Elective theatre lists: sessions, cancellations and a waiting list. */
export const theatreInput = (): ReportInput => operationsInput("theatre-lists");
/** Staff rosters and tasks. */
export const skillMixInput = (): ReportInput => operationsInput("skill-mix");

export const EVIL_NAME = "<script>alert(1)</script>";
export const EVIL_WARD = "</script><script>alert(2)</script>";
export const EVIL_DESCRIPTION = "<img src=x onerror=alert(3)> & \"quotes\" 'too'";
/** Markup without a "/": variant names become folder names, so a "/" is refused by validation. */
export const EVIL_VARIANT = "<img src=x onerror=alert(1)>";

/** A small scenario whose every free-text field tries to break out of HTML or script. */
export const EVIL_YAML = `
name: ${JSON.stringify(EVIL_NAME)}
description: ${JSON.stringify(EVIL_DESCRIPTION)}
seed: 7
run: { horizon: 10d, warmup: 2d }
wards:
  - id: ward-a
    name: ${JSON.stringify(EVIL_WARD)}
    beds: 12
    costPerOccupiedBedDay: 400
community:
  - id: home
    name: "<b>Home</b> & care"
    kind: caseload
    capacity: 4
    lengthOfSupport: 5d
  - id: beds
    name: "Beds <!-- comment"
    kind: beds
    capacity: 3
    lengthOfSupport: { dist: exponential, mean: 8d }
groups:
  - id: g1
    name: "Group \\"one\\" <u>"
    arrivals: { perDay: 6 }
    stages: [{ ward: ward-a, los: { dist: lognormal, mean: 2d, sd: 1d } }]
    dischargePathways: { p0: 0.5, p1: 0.3, p2: 0.1, p3: 0.1 }
discharge:
  policy: standard
  standard:
    assessment: { assessors: 2, duration: 12h }
    services: { p1: home, p2: beds, p3: beds }
  d2a:
    assessment: { assessors: 2, duration: 12h }
    services: { p1: home, p2: beds, p3: beds }
variants:
  ${JSON.stringify(EVIL_VARIANT)}: { "discharge.policy": d2a }
`;

export function evilInput(): ReportInput {
  const results: RunResult[] = [];
  const base = loadScenarioText(EVIL_YAML, "evil.yaml");
  for (const variant of ["baseline", EVIL_VARIANT]) {
    const loaded = loadScenarioText(EVIL_YAML, "evil.yaml", variant);
    results.push(simulateScenario(loaded.scenario, { variant, scenarioName: loaded.scenario.name }));
  }
  return {
    results,
    scenario: base.scenario,
    scenarioFile: "<evil>.yaml",
    runSeconds: 0.1,
    environment: nodeReportEnvironment(),
  };
}

/** Data marks (bars, lines, rules, cells, labels) drawn by Vega, as opposed to axes, legends and titles. */
export const dataMarks = (svg: string): number =>
  [...svg.matchAll(/<g class="mark-(?!group)[a-z]+ role-mark[^"]*"[^>]*>(.*?)<\/g>/gs)].reduce(
    (n, m) => n + (m[1]?.match(/<(path|rect|line|text|circle)\b/g)?.length ?? 0),
    0,
  );
