/**
 * The streaming path of merge, --resume and summaries: a records file read a chunk at a time,
 * line by line, into a RecordTable of typed-array columns. Memory is measured in the merge bench
 * (npm run bench -- merge); here: that the reader hands over one record at a time whatever the
 * chunk size, and that the table keeps numbers in typed arrays, not objects.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compareBatch, summariseBatch } from "../../src/batch/aggregate.js";
import type { BatchManifest } from "../../src/batch/manifest.js";
import { type CompactRecord, compactLine, type ReplicationRecord } from "../../src/batch/records.js";
import { RecordTable } from "../../src/batch/table.js";
import { scanRecordsFile } from "../../src/node/records-file.js";
import { tempDir } from "./helpers.js";

const NAMES = ["x", "y", "z"];
// A variant name of multi-byte characters, so chunk edges fall inside UTF-8 sequences.
const VARIANTS = ["a", "pré-op ✓"];
const LAYOUT = new Map(VARIANTS.map((v) => [v, NAMES]));

const compact = (variant: string, replication: number): CompactRecord => ({
  variant,
  replication,
  seed: 1,
  complete: replication % 5 !== 4,
  values: [replication + 0.1, replication % 3 === 0 ? null : -replication / 7, 1e300 / (replication + 1)],
});

describe("scanRecordsFile", () => {
  const dir = tempDir();

  it("hands over each record in file order, whatever the chunk size, and counts the bytes kept", () => {
    const records = [0, 1, 2, 3, 4, 5].flatMap((r) => VARIANTS.map((v) => compact(v, r)));
    const text = records.map((r) => compactLine(r)).join("");
    const path = join(dir, "chunks.jsonl");
    writeFileSync(path, `${text}{"variant":"a","repl`);
    for (const chunkBytes of [1, 7, 64, 1 << 20]) {
      const seen: CompactRecord[] = [];
      const scanned = scanRecordsFile(path, LAYOUT, (r) => seen.push(r) > 0, chunkBytes);
      expect(seen, `chunk ${chunkBytes}`).toEqual(records);
      expect(scanned.tornLine).toBe(true);
      expect(scanned.intactBytes).toBe(Buffer.byteLength(text));
      expect(scanned.records).toBe(records.length);
    }
  });

  it("refuses damage before the last line, and a variant the batch does not have", () => {
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, `${compactLine(compact("a", 0))}{oops\n${compactLine(compact("a", 1))}`);
    expect(() => scanRecordsFile(bad, LAYOUT, () => true, 16)).toThrow(/bad\.jsonl, line 2/);
    const stray = join(dir, "stray.jsonl");
    writeFileSync(stray, compactLine({ ...compact("a", 0), variant: "b" }));
    expect(() => scanRecordsFile(stray, LAYOUT, () => true)).toThrow(
      /"b", a variant this batch does not have/,
    );
  });
});

describe("RecordTable", () => {
  const manifest = {
    careflow: "test",
    scenario: { name: "t", sha256: "0" },
    seed: 1,
    sweep: null,
    variants: VARIANTS.map((name) => ({ name, base: name, overrides: {} })),
  } as unknown as BatchManifest;
  const asObject = (c: CompactRecord): ReplicationRecord => ({
    variant: c.variant,
    replication: c.replication,
    seed: c.seed,
    complete: c.complete,
    metrics: Object.fromEntries(NAMES.map((n, i) => [n, c.values[i] ?? null])),
  });

  it("gives the same summary and comparison as the records as objects, whatever order they arrive in", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray([...Array(40).keys()], { minLength: 40, maxLength: 40 }), (order) => {
        const records = order.flatMap((r) => VARIANTS.map((v) => compact(v, r)));
        const table = new RecordTable(VARIANTS.map((name) => ({ name, metrics: NAMES })));
        for (const r of records) expect(table.add(r)).toBe(true);
        expect(table.add(records[0]!)).toBe(false);
        const objects = records.map(asObject);
        expect(JSON.stringify(summariseBatch(manifest, table, 40, null))).toBe(
          JSON.stringify(summariseBatch(manifest, objects, 40, null)),
        );
        expect(JSON.stringify(compareBatch(manifest, table, 40))).toBe(
          JSON.stringify(compareBatch(manifest, objects, 40)),
        );
        // Summed in replication order, as by hand: 0.1 + 1.1 + … + 39.1.
        let total = 0;
        for (let r = 0; r < 40; r++) total += r + 0.1;
        const summary = summariseBatch(manifest, table, 40, null);
        expect(summary.variants[1]!.metrics.x!.mean).toBe(total / 40);
        expect(summary.variants[1]!.incomplete).toBe(8);
        expect(summary.variants[0]!.metrics.y!.n).toBe(40 - 14);
      }),
      { numRuns: 20 },
    );
  });

  it("keeps the numbers in typed arrays: about 8 bytes a value, however many records", () => {
    const table = new RecordTable([{ name: "a", metrics: NAMES }]);
    const rows = 10_000;
    for (let r = 0; r < rows; r++) table.add(compact("a", r));
    expect(table.size).toBe(rows);
    // Capacity doubles, so at most twice the rows; 3 values of 8 bytes and 5 bytes of flags a row.
    expect(table.columnBytes).toBeLessThanOrEqual(2 * rows * (3 * 8 + 5));
    expect(table.columnBytes).toBeGreaterThanOrEqual(rows * (3 * 8 + 5));
    expect(table.compact("a", 9_999, 1)).toEqual(compact("a", 9_999));
    expect(table.values("a", "y", rows)).toHaveLength(rows - Math.ceil(rows / 3));
  });

  it("keeps a shard's replications only, in rows of their own", () => {
    const table = new RecordTable([{ name: "a", metrics: NAMES }], 100_000, { index: 1, count: 3 });
    for (const r of [7, 1, 4]) table.add(compact("a", r));
    // A third of the batch's rows: 33,333 of them.
    expect(table.columnBytes).toBe(33_333 * (3 * 8 + 5));
    expect([...table.keys()]).toEqual([
      ["a", 1],
      ["a", 4],
      ["a", 7],
    ]);
    expect(table.has("a", 4)).toBe(true);
    expect(table.has("a", 2)).toBe(false);
    expect(() => table.add(compact("a", 2))).toThrow(/not this shard's/);
    expect(table.values("a", "x", 5)).toEqual([1.1, 4.1]);
    expect(table.compact("a", 7, 1)).toEqual(compact("a", 7));
  });
});
