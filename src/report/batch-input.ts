/**
 * Everything the batch report needs, assembled from a finished batch's parts — wherever they
 * were kept (a folder under Node, memory in a browser).
 */
import type { BatchComparison, BatchSummary } from "../batch/aggregate.js";
import { asTable, type RecordSource } from "../batch/aggregate.js";
import type { BatchFan } from "../batch/fan.js";
import type { BatchManifest } from "../batch/manifest.js";
import type { RunInfo } from "../batch/outputs.js";
import type { VariantSpec } from "../batch/plan.js";
import type { ReplicationRecord } from "../batch/records.js";
import { loadVariant, type ScenarioSource } from "../batch/replication.js";
import { DAY } from "../engine/time.js";
import { stabilityWarnings } from "../model/stability.js";
import type { BatchReportInput, ShardRunTimes } from "./batch-html.js";
import type { ReportEnvironment } from "./environment.js";
import { KEY_FIGURES } from "./figures.js";
import type { BatchHeadlineContext, StabilityLike } from "./headline.js";

export interface BatchReportInputParts {
  manifest: BatchManifest;
  summary: BatchSummary;
  comparison: BatchComparison | undefined;
  fan: BatchFan | undefined;
  /** Every record found; those outside the summary's replications are left out. */
  records: RecordSource;
  runInfo: RunInfo | undefined;
  shards?: ShardRunTimes;
  /** The scenario the batch ran (its SHA-256 already checked against the manifest's). */
  source: ScenarioSource;
  scenarioFile: string;
  environment: ReportEnvironment;
}

type Policy = "standard" | "d2a";
const isPolicy = (x: unknown): x is Policy => x === "standard" || x === "d2a";

/**
 * Each variant's discharge policy. Validating every sweep point would cost seconds for a large
 * sweep, so each named variant is validated once and a point's own "discharge.policy" wins.
 */
function policies(source: ScenarioSource, variants: readonly VariantSpec[]): Record<string, Policy> {
  const byBase = new Map<string, Policy>();
  const basePolicy = (spec: VariantSpec): Policy => {
    let policy = byBase.get(spec.base);
    if (policy === undefined) {
      policy = loadVariant(source, { name: spec.base, base: spec.base, overrides: {} }).scenario.discharge
        .policy;
      byBase.set(spec.base, policy);
    }
    return policy;
  };
  const out: Record<string, Policy> = {};
  for (const spec of variants) {
    const own = spec.overrides["discharge.policy"];
    out[spec.name] = isPolicy(own) ? own : basePolicy(spec);
  }
  return out;
}

/**
 * Replications 0 … n − 1 of every variant, sorted by (variant, replication), holding only the
 * metrics the charts draw: objects for 100,000 replications stay tens of megabytes.
 */
function chartRecords(manifest: BatchManifest, source: RecordSource, n: number): ReplicationRecord[] {
  const table = asTable(manifest.variants, source);
  const drawn = new Set(KEY_FIGURES.map((f) => f.metric));
  const records: ReplicationRecord[] = [];
  for (const v of manifest.variants) {
    const names = table.metricNames(v.name) ?? [];
    for (let r = 0; r < n; r++) {
      const compact = table.compact(v.name, r, manifest.seed);
      if (compact === undefined) continue;
      const metrics: Record<string, number | null> = {};
      names.forEach((name, i) => {
        if (drawn.has(name)) metrics[name] = compact.values[i] ?? null;
      });
      records.push({
        variant: v.name,
        replication: r,
        seed: compact.seed,
        complete: compact.complete,
        metrics,
      });
    }
  }
  return records;
}

/** Variants validated for the headline's figures; a larger sweep is described by its table. */
const HEADLINE_VARIANTS = 40;

/** Each variant's run length and community services, for the headline (a year's cost, capacity used). */
export function batchHeadlineContext(
  source: ScenarioSource,
  variants: readonly VariantSpec[],
): BatchHeadlineContext {
  const horizonDays: Record<string, number> = {};
  const services: Record<string, { id: string; name: string; capacity: number }[]> = {};
  const stability: Record<string, StabilityLike> = {};
  for (const spec of variants.slice(0, HEADLINE_VARIANTS)) {
    const scenario = loadVariant(source, spec).scenario;
    horizonDays[spec.name] = scenario.run.horizon / DAY;
    services[spec.name] = scenario.community.map((c) => ({
      id: c.id,
      name: c.name ?? c.id,
      capacity: c.capacity,
    }));
    // Offered load at or above capacity before anything runs: not stable, whatever the means say.
    // A verdict from the replications themselves, when the summary has one, comes first.
    const overloaded = stabilityWarnings(scenario).map((w) => w.replace(/^unstable: /, "").split(";")[0]!);
    if (overloaded.length > 0) stability[spec.name] = { verdict: "not-stable", evidence: overloaded };
  }
  return { horizonDays, services, stability };
}

/**
 * The headline's context for a finished batch: the figures each variant's scenario gives, when the
 * scenario at hand is the one the batch ran (its SHA-256 is the manifest's); else none, and the
 * headline says what the records alone can. `careflow batch`, `careflow merge` and the studio all
 * build it here, so they print the same sentences for the same batch.
 */
export function headlineContextFor(
  source: ScenarioSource | undefined,
  manifest: Pick<BatchManifest, "scenario" | "variants">,
): BatchHeadlineContext {
  if (source === undefined || source.sha256 !== manifest.scenario.sha256) return {};
  return batchHeadlineContext(source, manifest.variants);
}

/** The value at an override path ("wards.medicine.beds") in a validated scenario, if a number. */
export function numberAtPath(scenario: unknown, path: string): number | undefined {
  let node: unknown = scenario;
  for (const segment of path
    .replace(/\[(\d+)\]/g, ".$1")
    .split(".")
    .filter((x) => x !== "")) {
    if (Array.isArray(node)) {
      const byId = node.find((item) => (item as { id?: unknown } | null)?.id === segment);
      node = byId ?? (/^\d+$/.test(segment) ? node[Number(segment)] : undefined);
    } else if (node !== null && typeof node === "object") {
      node = (node as Record<string, unknown>)[segment];
    } else {
      return undefined;
    }
  }
  return typeof node === "number" && Number.isFinite(node) ? node : undefined;
}

/** Today's value of each swept path: the first variant's own scenario, before the sweep. */
function sweepToday(source: ScenarioSource, manifest: BatchManifest): Record<string, number> {
  const first = manifest.variants[0];
  if (manifest.sweep === null || first === undefined) return {};
  const today = loadVariant(source, { name: first.base, base: first.base, overrides: {} }).scenario;
  const out: Record<string, number> = {};
  for (const axis of manifest.sweep) {
    const value = numberAtPath(today, axis.path);
    if (value !== undefined) out[axis.path] = value;
  }
  return out;
}

export function batchReportInput(parts: BatchReportInputParts): BatchReportInput {
  const { manifest, summary, source } = parts;
  const records = chartRecords(manifest, parts.records, summary.replications);
  return {
    manifest,
    summary,
    comparison: parts.comparison,
    fan: parts.fan,
    records,
    runInfo: parts.runInfo,
    ...(parts.shards === undefined ? {} : { shards: parts.shards }),
    scenario: loadVariant(source, manifest.variants[0]!).scenario,
    policies: policies(source, manifest.variants),
    scenarioFile: parts.scenarioFile,
    environment: parts.environment,
    headlineContext: batchHeadlineContext(source, manifest.variants),
    sweepToday: sweepToday(source, manifest),
  };
}
