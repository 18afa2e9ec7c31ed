/**
 * batch.json: what a batch folder holds, so that `--resume` and `careflow merge` never mix the
 * replications of two different batches. Two manifests describe the same batch when everything
 * that decides a replication's numbers agrees: careflow's version, the scenario file's bytes
 * (SHA-256), the seed, the variants with their overrides, the number of replications or the
 * precision rule, and the sweep. The scenario's path and the shard do not count (shards of one
 * batch differ only in their shard; a cluster may mount the file elsewhere).
 */
import { BatchInputError } from "./input-error.js";
import type { SweepAxis, VariantSpec } from "./plan.js";
import type { InputDescription } from "./uncertainty-types.js";

export const MANIFEST_FILE = "batch.json";
export const MANIFEST_FORMAT = "careflow-batch/1";

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
] as const;

function field(m: BatchManifest, name: (typeof IDENTITY_FIELDS)[number]): string {
  const value = name === "scenario.sha256" ? m.scenario.sha256 : m[name];
  return JSON.stringify(value ?? null);
}

/** Names of the identity fields in which two manifests differ (empty: the same batch). */
export function manifestDifferences(a: BatchManifest, b: BatchManifest): string[] {
  return IDENTITY_FIELDS.filter((name) => field(a, name) !== field(b, name)).map((name) =>
    name === "scenario.sha256" ? "scenario file contents" : name,
  );
}

/** Checks parsed JSON is a manifest; `path` names the file in messages. */
export function asManifest(parsed: unknown, path: string): BatchManifest {
  if (
    parsed === null ||
    typeof parsed !== "object" ||
    (parsed as { format?: unknown }).format !== MANIFEST_FORMAT
  ) {
    throw new BatchInputError(`${path} is not a careflow batch manifest (${MANIFEST_FORMAT})`);
  }
  return parsed as BatchManifest;
}
