/**
 * batch.json: what a batch folder holds, so that `--resume` and `careflow merge` never mix the
 * replications of two different batches. Two manifests describe the same batch when everything
 * that decides a replication's numbers agrees: careflow's version, the scenario file's bytes
 * (SHA-256), the seed, the variants with their overrides, the number of replications or the
 * precision rule, the sweep, whether daily series are kept, and the metric names the records'
 * values stand for. The scenario's path and the shard do not count (shards of one batch differ
 * only in their shard; a cluster may mount the file elsewhere).
 *
 * Format 3 holds compact records (values in the order of `metricNames`, as base64, see
 * records.ts). Format 2 folders, whose lines held the values as decimal text, read as format 3
 * (the reader takes both kinds of line), so they resume and merge with format 3 folders; a folder
 * resumed or merged is then written as format 3. Format 1 folders, whose records named every
 * metric on every line, are refused with a message saying which careflow can finish them.
 */
import { BatchInputError } from "./input-error.js";
import type { SweepAxis, VariantSpec } from "./plan.js";
import type { RecordLayout } from "./records.js";
import type { InputDescription } from "./uncertainty-types.js";

export const MANIFEST_FILE = "batch.json";
export const MANIFEST_FORMAT = "careflow-batch/3";
const OLDER_FORMATS = ["careflow-batch/1"];
/** Formats whose records this careflow still reads: their lines differ only in encoding (records.ts). */
const READABLE_FORMATS = ["careflow-batch/2"];

export interface PrecisionRule {
  /** Target CI half-width as a fraction of the mean (0.05 for 5 %). */
  target: number;
  metrics: string[];
  /** Replications in the first round. */
  initial: number;
  max: number;
}

export interface BatchManifest {
  format: typeof MANIFEST_FORMAT;
  careflow: string;
  scenario: { file: string; sha256: string; name: string };
  seed: number;
  variants: VariantSpec[];
  /** Replications per variant; null when the precision rule decides. */
  replications: number | null;
  precision: PrecisionRule | null;
  sweep: SweepAxis[] | null;
  /** Metrics printed in sentences; presentation only, so not part of the identity. */
  keyMetrics: string[];
  shard: { index: number; count: number; scheme: "modulo" } | null;
  /** Whether each record keeps its per-day series (`--series`; the fan chart needs them). */
  series: boolean;
  /**
   * The metric names of each variant's records, in the order of a line's values: the distinct
   * lists once (`sets`), and for each variant, in the order of `variants`, the index of its list.
   */
  metricNames: { sets: string[][]; ofVariant: number[] };
  /** The scenario's uncertain inputs that can vary (absent when none): follows from the file, so not identity. */
  uncertainInputs?: InputDescription[];
}

const IDENTITY_FIELDS = [
  "format",
  "careflow",
  "scenario.sha256",
  "seed",
  "variants",
  "replications",
  "precision",
  "sweep",
  "series",
  "metricNames",
] as const;

function field(m: BatchManifest, name: (typeof IDENTITY_FIELDS)[number]): string {
  const value = name === "scenario.sha256" ? m.scenario.sha256 : m[name];
  return JSON.stringify(value ?? null);
}

/** Names of the identity fields in which two manifests differ (empty: the same batch). */
export function manifestDifferences(a: BatchManifest, b: BatchManifest): string[] {
  return IDENTITY_FIELDS.filter((name) => field(a, name) !== field(b, name)).map((name) =>
    name === "scenario.sha256"
      ? "scenario file contents"
      : name === "series"
        ? "--series"
        : name === "metricNames"
          ? "metric names"
          : name,
  );
}

/** The distinct name lists once, each variant pointing at its own. */
export function metricNameSets(perVariant: readonly (readonly string[])[]): BatchManifest["metricNames"] {
  const sets: string[][] = [];
  const index = new Map<string, number>();
  const ofVariant = perVariant.map((names) => {
    const key = JSON.stringify(names);
    let i = index.get(key);
    if (i === undefined) {
      i = sets.length;
      sets.push([...names]);
      index.set(key, i);
    }
    return i;
  });
  return { sets, ofVariant };
}

/** Each variant's metric names, by variant name: how to read its records. */
export function recordLayout(manifest: BatchManifest): RecordLayout {
  const { sets, ofVariant } = manifest.metricNames;
  const layout: RecordLayout = new Map(manifest.variants.map((v, i) => [v.name, sets[ofVariant[i]!] ?? []]));
  return manifest.uncertainInputs === undefined
    ? layout
    : Object.assign(layout, { inputKeys: manifest.uncertainInputs.map((input) => input.key) });
}

/** Checks parsed JSON is a manifest; `path` names the file in messages. */
export function asManifest(parsed: unknown, path: string): BatchManifest {
  const format =
    parsed !== null && typeof parsed === "object" ? (parsed as { format?: unknown }).format : undefined;
  if (typeof format === "string" && OLDER_FORMATS.includes(format)) {
    const careflow = (parsed as { careflow?: unknown }).careflow;
    throw new BatchInputError(
      `${path} was written by careflow ${typeof careflow === "string" ? careflow : "(unknown version)"} in an older format ` +
        `(${format}: records that name every metric on every line); this careflow reads ${MANIFEST_FORMAT}. ` +
        "Resume or merge it with the careflow that wrote it, or run the batch again",
    );
  }
  const readable =
    format === MANIFEST_FORMAT || (typeof format === "string" && READABLE_FORMATS.includes(format));
  if (!readable || !isMetricNames((parsed as { metricNames?: unknown }).metricNames)) {
    throw new BatchInputError(`${path} is not a careflow batch manifest (${MANIFEST_FORMAT})`);
  }
  return { ...(parsed as BatchManifest), format: MANIFEST_FORMAT };
}

function isMetricNames(value: unknown): value is BatchManifest["metricNames"] {
  if (value === null || typeof value !== "object") return false;
  const { sets, ofVariant } = value as { sets?: unknown; ofVariant?: unknown };
  return (
    Array.isArray(sets) &&
    sets.every((s) => Array.isArray(s) && s.every((n) => typeof n === "string")) &&
    Array.isArray(ofVariant) &&
    ofVariant.every((i) => Number.isInteger(i) && i >= 0 && i < sets.length)
  );
}
