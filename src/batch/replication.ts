/**
 * One replication, the unit of work of a batch. The same functions run in a worker thread and in
 * the main thread, and a replication's numbers depend only on (scenario text, variant, seed,
 * replication index): its random streams are seeded from exactly those, so neither the worker it
 * lands on nor the order it finishes in can change a digit.
 */

import { simulateScenario } from "../model/run.js";
import type { DailyRow } from "../model/summary.js";
import type { CensusData } from "../scenario/census-schema.js";
import {
  type LoadedScenario,
  type ParsedFile,
  parseScenarioText,
  validateParsed,
} from "../scenario/parse.js";
import { drawInputs, type InputValues } from "../scenario/uncertain.js";
import { flattenSummary, type MetricDefinition, metricDefinitions, scenarioShape } from "./metrics.js";
import type { VariantSpec } from "./plan.js";
import type { DailyFigures, ReplicationRecord } from "./records.js";

/** The scenario file's text travels with each task, so workers never read a file edited mid-run. */
export interface ScenarioSource {
  file: string;
  text: string;
  /** Of the text and, when there is one, the census read beside it. */
  sha256: string;
  /** The census files' rows, read once with the scenario (workers read no files). */
  census?: CensusData;
}

export interface ReplicationTask {
  kind: "replication";
  source: ScenarioSource;
  variant: VariantSpec;
  seed: number;
  replication: number;
  /** Keep the per-day occupancy series in the record. */
  series: boolean;
}

export interface DailyTask {
  kind: "daily";
  source: ScenarioSource;
  variant: VariantSpec;
  seed: number;
  replication: number;
}

export type Task = ReplicationTask | DailyTask;

export interface DailySeries {
  replication: number;
  rows: DailyRow[];
}

interface Prepared {
  loaded: LoadedScenario;
  definitions: MetricDefinition[];
}

// Parsing and validating takes ~15 ms; a worker runs hundreds of replications of few variants.
const parsedCache = new Map<string, ParsedFile>();
const preparedCache = new Map<string, Prepared>();

/** The variant with its uncertain inputs at the given values (central when none are given). */
export function loadVariant(
  source: ScenarioSource,
  variant: VariantSpec,
  inputs?: InputValues,
): LoadedScenario {
  let parsed = parsedCache.get(source.sha256);
  if (parsed === undefined) {
    parsed = parseScenarioText(source.text, source.file);
    if (source.census !== undefined) parsed = { ...parsed, census: source.census };
    parsedCache.set(source.sha256, parsed);
  }
  const extra = Object.keys(variant.overrides).length > 0 ? variant.overrides : undefined;
  const values = inputs ?? (typeof variant.inputs === "object" ? variant.inputs : undefined);
  return validateParsed(parsed, variant.base === "baseline" ? undefined : variant.base, extra, values);
}

function prepare(source: ScenarioSource, variant: VariantSpec): Prepared {
  const key = `${source.sha256}\u0000${JSON.stringify(variant)}`;
  let prepared = preparedCache.get(key);
  if (prepared === undefined) {
    const loaded = loadVariant(source, variant);
    prepared = { loaded, definitions: metricDefinitions(scenarioShape(loaded.scenario)) };
    preparedCache.set(key, prepared);
  }
  return prepared;
}

/**
 * The scenario a task simulates. A drawn twin's inputs differ every replication, so it is
 * validated afresh each time (≈ 15 ms, against seconds of simulation) and never cached: the cache
 * keys on the variant, and a drawn scenario is the variant plus this replication's draws.
 */
function scenarioFor(task: Task): { loaded: LoadedScenario; drawn?: InputValues } {
  const prepared = prepare(task.source, task.variant);
  if (task.variant.inputs !== "drawn") return prepared;
  const drawn = drawInputs(prepared.loaded.inputs, task.seed, task.replication);
  return { loaded: loadVariant(task.source, task.variant, drawn), drawn };
}

function simulate(task: Task, loaded: LoadedScenario) {
  return simulateScenario(loaded.scenario, {
    seed: task.seed,
    replication: task.replication,
    variant: task.variant.name,
    scenarioName: loaded.scenario.name,
  });
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/**
 * The day-by-day total of occupied beds, for the fan chart: one number a day, rounded, keeps a
 * record small (≈ 2 kB a simulated year) where the full daily rows would be ten times that.
 */
export function dailyFigures(rows: readonly DailyRow[]): DailyFigures | undefined {
  const first = rows[0];
  if (first === undefined) return undefined;
  const occupiedBeds = rows.map((row) => {
    let total = 0;
    // Key order is the wards' order in every row, so the sum runs in a fixed order.
    for (const [key, value] of Object.entries(row)) {
      if (key.startsWith("occupancy_") && typeof value === "number" && Number.isFinite(value)) total += value;
    }
    return round2(total);
  });
  return { start: first.date, occupiedBeds };
}

export function runReplication(task: ReplicationTask): ReplicationRecord {
  const { definitions } = prepare(task.source, task.variant);
  const { loaded, drawn } = scenarioFor(task);
  const { summary, daily } = simulate(task, loaded);
  const figures = task.series ? dailyFigures(daily) : undefined;
  return {
    variant: task.variant.name,
    replication: task.replication,
    seed: task.seed,
    complete: summary.complete,
    stability: summary.stability,
    warnings: summary.warnings,
    metrics: flattenSummary(summary, definitions),
    ...(figures === undefined ? {} : { daily: figures }),
    ...(drawn === undefined ? {} : { inputs: drawn }),
  };
}

export function runDaily(task: DailyTask): DailySeries {
  return { replication: task.replication, rows: simulate(task, scenarioFor(task).loaded).daily };
}

export function runTask(task: Task): ReplicationRecord | DailySeries {
  return task.kind === "replication" ? runReplication(task) : runDaily(task);
}
