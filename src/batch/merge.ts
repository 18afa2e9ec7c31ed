/**
 * Combining the shards of one batch into the records a single run would have produced: the
 * summary is then computed from the same records in replication order, so summary.json is
 * byte-identical to an unsharded run's. (src/node/merge.ts reads the shard folders and writes.)
 *
 * Shards are read one record at a time into a RecordTable (ShardMerger.add), so merging holds
 * one compact table, never every shard's records as objects or text.
 *
 * Refuses folders of different batches (see manifest.ts for what must agree), duplicated
 * replications (the same shard given twice, overlapping shard schemes), replications outside
 * a shard's share, torn last lines (a job killed mid-write) and missing replications (a shard not
 * given or not finished), naming them, rather than summarising a partial batch.
 */
import type { PrecisionOutcome } from "./aggregate.js";
import { BatchInputError } from "./input-error.js";
import { type BatchManifest, manifestDifferences, recordLayout } from "./manifest.js";
import { inShard } from "./plan.js";
import { replayPrecision } from "./precision.js";
import { type CompactRecord, compactRecord, RECORDS_FILE, type ReplicationRecord } from "./records.js";
import { type RecordTable, tableFor } from "./table.js";

/** One shard: its folder (as named in messages) and manifest. */
export interface ShardHeader {
  dir: string;
  manifest: BatchManifest;
}

/** One shard with its records as objects (small batches, tests). */
export interface ShardInput extends ShardHeader {
  records: ReplicationRecord[];
}

function checkSameBatch(inputs: readonly ShardHeader[]): void {
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
function missingShards(inputs: readonly ShardHeader[]): number[] {
  const count = inputs[0]!.manifest.shard?.count;
  if (count === undefined) return [];
  const given = new Set(inputs.map((i) => i.manifest.shard?.index));
  return Array.from({ length: count }, (_, k) => k).filter((k) => !given.has(k));
}

export interface MergedRecords {
  manifest: BatchManifest;
  /** Replications 0 … n − 1 of every variant. */
  table: RecordTable;
  n: number;
  precision: PrecisionOutcome | null;
}

/** Only the first few duplicates are kept for the message; the rest are counted. */
const KEEP_DUPLICATES = 4;

/**
 * Checks the shards' manifests, then takes their records one by one (`add`) and, once all are
 * in, checks they are one whole batch (`finish`).
 */
export class ShardMerger {
  readonly manifest: BatchManifest;
  readonly table: RecordTable;
  private duplicates: string[] = [];
  private duplicateCount = 0;
  private readonly torn: string[] = [];

  constructor(private readonly inputs: readonly ShardHeader[]) {
    if (inputs.length === 0) throw new BatchInputError("merge needs at least one batch folder");
    checkSameBatch(inputs);
    this.manifest = { ...inputs[0]!.manifest, shard: null };
    this.table = tableFor(this.manifest);
  }

  /**
   * A record of input `source`; false when that input already had it (a duplicate within one
   * file keeps the first, as when reading it). Refuses records that are not this shard's.
   */
  add(source: number, record: CompactRecord): boolean {
    const input = this.inputs[source]!;
    const where = `${input.dir}/${RECORDS_FILE}`;
    if (!this.table.knows(record.variant)) {
      throw new BatchInputError(
        `${where} holds replication ${record.replication} of "${record.variant}", a variant this batch does not have`,
      );
    }
    if (record.seed !== this.manifest.seed) {
      throw new BatchInputError(
        `${where} holds replication ${record.replication} of "${record.variant}" with seed ${record.seed}, not the batch's ${this.manifest.seed}`,
      );
    }
    const shard = input.manifest.shard;
    if (!inShard(record.replication, shard)) {
      throw new BatchInputError(
        `${where} holds replication ${record.replication} of "${record.variant}", outside its shard ${shard!.index}/${shard!.count} ` +
          "(were shards of different splits mixed?)",
      );
    }
    const earlier = this.table.sourceOf(record.variant, record.replication);
    if (earlier === source) return false;
    if (earlier !== undefined) {
      this.duplicateCount++;
      if (this.duplicates.length < KEEP_DUPLICATES) {
        this.duplicates.push(
          `${record.variant} #${record.replication} (in ${this.inputs[earlier]!.dir} and ${input.dir})`,
        );
      }
      return true;
    }
    this.table.add(record, source);
    return true;
  }

  /** Input `source` ended in a torn line: that replication is lost until the shard is resumed. */
  tornLine(source: number): void {
    this.torn.push(this.inputs[source]!.dir);
  }

  /** Checks the records are one whole batch; refuses anything else, naming what is wrong. */
  finish(): MergedRecords {
    if (this.torn.length > 0) {
      throw new BatchInputError(
        `${listSome(this.torn, 4)}: ${RECORDS_FILE} ends in a torn line (a job killed mid-write), so a replication is lost; ` +
          "complete the shard with careflow batch --resume (the same options and --out), then merge again",
      );
    }
    if (this.duplicateCount > 0) {
      const more = this.duplicateCount - this.duplicates.length;
      throw new BatchInputError(
        `${this.duplicateCount} replications appear twice: ${this.duplicates.join(", ")}${more > 0 ? ` and ${more} more` : ""}; ` +
          "was a folder given twice, or were shards of different splits mixed?",
      );
    }
    const { n, precision } = this.settle();
    this.checkCoverage(n);
    return { manifest: this.manifest, table: this.table, n, precision };
  }

  private settle(): { n: number; precision: PrecisionOutcome | null } {
    const manifest = this.manifest;
    if (manifest.precision === null) return { n: manifest.replications!, precision: null };
    const state = replayPrecision(this.table, manifest.variants, manifest.precision);
    if (state.kind === "run") {
      throw new BatchInputError(
        `the batch is unfinished: its precision rule still needs ${state.replications} replications a variant; ` +
          "complete it with careflow batch --resume",
      );
    }
    return { n: state.outcome.replications, precision: state.outcome };
  }

  private checkCoverage(n: number): void {
    for (const [variant, replication] of this.table.keys()) {
      if (replication >= n) {
        throw new BatchInputError(`replication ${replication} of "${variant}" is not part of this batch`);
      }
    }
    const missing: string[] = [];
    let count = 0;
    for (const v of this.manifest.variants) {
      for (let r = 0; r < n; r++) {
        if (this.table.has(v.name, r)) continue;
        count++;
        if (missing.length < 9) missing.push(`${v.name} #${r}`);
      }
    }
    if (count > 0) {
      const shards = missingShards(this.inputs);
      const hint =
        shards.length > 0
          ? `; shards not given: ${listSome(shards.map(String), 12)} of ${this.inputs[0]!.manifest.shard?.count}`
          : "; some shard is unfinished (complete it with careflow batch --resume)";
      const more = count - Math.min(count, 8);
      const named = missing.slice(0, 8).join(", ");
      throw new BatchInputError(
        `missing ${count} replications: ${named}${more > 0 ? ` and ${more} more` : ""}${hint}`,
      );
    }
  }
}

/** Checks shards given with their records as objects are one whole batch, and returns it. */
export function mergeShards(inputs: readonly ShardInput[]): MergedRecords {
  const merger = new ShardMerger(inputs);
  const layout = recordLayout(merger.manifest);
  inputs.forEach((input, source) => {
    for (const r of input.records) {
      const names = layout.get(r.variant);
      if (names === undefined) {
        throw new BatchInputError(
          `${input.dir} holds replication ${r.replication} of "${r.variant}", a variant this batch does not have`,
        );
      }
      merger.add(source, compactRecord(r, names));
    }
  });
  return merger.finish();
}
