import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ReplicationRecord, recordLine } from "../../src/batch/records.js";
import { RecordWriter, readRecords } from "../../src/node/records-file.js";
import { tempDir } from "./helpers.js";

const record = (variant: string, replication: number): ReplicationRecord => ({
  variant,
  replication,
  seed: 1,
  complete: true,
  metrics: { "headline.occupiedBedsMean": replication + 0.5, "timeToBed.meanHours": null },
});

describe("replications.jsonl", () => {
  const dir = tempDir();

  it("drops a torn last line, and the writer cuts it off before appending", () => {
    const path = join(dir, "torn.jsonl");
    writeFileSync(path, recordLine(record("a", 0)) + recordLine(record("a", 1)));
    appendFileSync(path, '{"variant":"a","replica');
    const read = readRecords(path);
    expect(read.records.map((r) => r.replication)).toEqual([0, 1]);
    expect(read.tornLine).toBe(true);
    const writer = new RecordWriter(path, read.intactBytes);
    writer.append(record("a", 2));
    writer.close();
    const again = readRecords(path);
    expect(again.tornLine).toBe(false);
    expect(again.records.map((r) => r.replication)).toEqual([0, 1, 2]);
    expect(readFileSync(path, "utf8").endsWith("\n")).toBe(true);
  });

  it("keeps the first of duplicates and refuses damage in the middle", () => {
    const path = join(dir, "dup.jsonl");
    writeFileSync(path, recordLine(record("a", 0)) + recordLine(record("a", 0)) + recordLine(record("b", 0)));
    const read = readRecords(path);
    expect(read.records).toHaveLength(2);
    expect(read.duplicates).toBe(1);
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, `${recordLine(record("a", 0))}not json\n${recordLine(record("a", 1))}`);
    expect(() => readRecords(bad)).toThrow(/line 2/);
  });

  it("round-trips numbers exactly and keeps nulls", () => {
    const path = join(dir, "exact.jsonl");
    const r = record("a", 3);
    r.metrics.x = 0.1 + 0.2;
    writeFileSync(path, recordLine(r));
    expect(readRecords(path).records[0]).toEqual(r);
  });

  it("round-trips a daily series, and still reads records written before there was one", () => {
    const path = join(dir, "daily.jsonl");
    const withDaily = { ...record("a", 0), daily: { start: "2026-01-12", occupiedBeds: [60.25, 61, 59.5] } };
    writeFileSync(path, recordLine(withDaily) + recordLine(record("a", 1)));
    const read = readRecords(path).records;
    expect(read[0]).toEqual(withDaily);
    expect(read[1]).toEqual(record("a", 1));
    expect(recordLine(record("a", 1))).not.toContain("daily");
    const bad = join(dir, "bad-daily.jsonl");
    const broken = { ...record("a", 0), daily: { start: "2026-01-12", occupiedBeds: ["x"] } };
    writeFileSync(bad, `${JSON.stringify(broken)}\n${recordLine(record("a", 1))}`);
    expect(() => readRecords(bad)).toThrow(/line 1/);
  });
});
