/**
 * Combining the shards of one batch into the records a single run would have produced: the
 * summary is then computed from the same records in the same sorted order, so summary.json is
 * byte-identical to an unsharded run's. (src/node/merge.ts reads the shard folders and writes.)
 *
 * Refuses folders of different batches (see manifest.ts for what must agree), duplicated
 * replications (the same shard given twice, overlapping shard schemes) and missing ones (a
 * shard not given or not finished), naming them, rather than summarising a partial batch.
 */
import type { PrecisionOutcome } from "./aggregate.js";
import { BatchInputError } from "./input-error.js";
import { type BatchManifest, manifestDifferences } from "./manifest.js";
import { replayPrecision } from "./precision.js";
import { type ReplicationRecord, recordKey, sortRecords } from "./records.js";

/** One shard: its folder (as named in messages), manifest and records. */
export interface ShardInput {
  dir: string;
  manifest: BatchManifest;
  records: ReplicationRecord[];
}

function checkSameBatch(inputs: readonly ShardInput[]): void {
  const first = inputs[0]!;
  for (const other of inputs.slice(1)) {
    const differences = manifestDifferences(first.manifest, other.manifest);
    if (differences.length > 0) {
      throw new BatchInputError(
        `${other.dir} and ${first.dir} hold different batches (they differ in ${differences.join(", ")}); ` +
          "only shards of one batch can be merged",
      );
    }
  }
}

const listSome = (items: readonly string[], max = 8): string =>
  items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")} and ${items.length - max} more`;

/** Shards that the manifests say exist but no input is. */
function missingShards(inputs: readonly ShardInput[]): number[] {
  const count = inputs[0]!.manifest.shard?.count;
  if (count === undefined) return [];
  const given = new Set(inputs.map((i) => i.manifest.shard?.index));
  return Array.from({ length: count }, (_, k) => k).filter((k) => !given.has(k));
}

function combine(inputs: readonly ShardInput[]): ReplicationRecord[] {
  const from = new Map<string, string>();
  const duplicates: string[] = [];
  const records: ReplicationRecord[] = [];
  for (const input of inputs) {
    for (const r of input.records) {
      const key = recordKey(r.variant, r.replication);
      const earlier = from.get(key);
      if (earlier !== undefined) {
        duplicates.push(`${r.variant} #${r.replication} (in ${earlier} and ${input.dir})`);
        continue;
      }
      from.set(key, input.dir);
      records.push(r);
    }
  }
  if (duplicates.length > 0) {
    throw new BatchInputError(
      `${duplicates.length} replications appear twice: ${listSome(duplicates, 4)}; ` +
        "was a folder given twice, or were shards of different splits mixed?",
    );
  }
  return records;
}

function settle(manifest: BatchManifest, records: readonly ReplicationRecord[]) {
  if (manifest.precision === null) return { n: manifest.replications!, precision: null };
  const state = replayPrecision(records, manifest.variants, manifest.precision);
  if (state.kind === "run") {
    throw new BatchInputError(
      `the batch is unfinished: its precision rule still needs ${state.replications} replications a variant; ` +
        "complete it with careflow batch --resume",
    );
  }
  return { n: state.outcome.replications, precision: state.outcome as PrecisionOutcome };
}

function checkCoverage(
  inputs: readonly ShardInput[],
  manifest: BatchManifest,
  records: readonly ReplicationRecord[],
  n: number,
): void {
  const present = new Set(records.map((r) => recordKey(r.variant, r.replication)));
  const names = new Set(manifest.variants.map((v) => v.name));
  const stray = records.find((r) => !names.has(r.variant) || r.replication >= n);
  if (stray !== undefined) {
    throw new BatchInputError(
      `replication ${stray.replication} of "${stray.variant}" is not part of this batch`,
    );
  }
  const missing: string[] = [];
  for (const v of manifest.variants) {
    for (let r = 0; r < n; r++) if (!present.has(recordKey(v.name, r))) missing.push(`${v.name} #${r}`);
  }
  if (missing.length > 0) {
    const shards = missingShards(inputs);
    const hint =
      shards.length > 0
        ? `; shards not given: ${listSome(shards.map(String), 12)} of ${inputs[0]!.manifest.shard?.count}`
        : "; some shard is unfinished (complete it with careflow batch --resume)";
    throw new BatchInputError(`missing ${missing.length} replications: ${listSome(missing)}${hint}`);
  }
}

export interface MergedRecords {
  manifest: BatchManifest;
  /** Sorted by (variant order, replication). */
  records: ReplicationRecord[];
  n: number;
  precision: PrecisionOutcome | null;
}

/** Checks the shards are one whole batch and returns its records; refuses anything else. */
export function mergeShards(inputs: readonly ShardInput[]): MergedRecords {
  if (inputs.length === 0) throw new BatchInputError("merge needs at least one batch folder");
  checkSameBatch(inputs);
  const records = combine(inputs);
  const manifest: BatchManifest = { ...inputs[0]!.manifest, shard: null };
  const { n, precision } = settle(manifest, records);
  checkCoverage(inputs, manifest, records, n);
  const sorted = sortRecords(
    records,
    manifest.variants.map((v) => v.name),
  );
  return { manifest, records: sorted, n, precision };
}
