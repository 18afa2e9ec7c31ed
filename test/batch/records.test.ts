import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { recordLine as namedLine, type ReplicationRecord } from "../../src/batch/records.js";
import { RecordWriter, readRecords } from "../../src/node/records-file.js";
import { tempDir } from "./helpers.js";

const record = (variant: string, replication: number): ReplicationRecord => ({
  variant,
  replication,
  seed: 1,
  complete: true,
  metrics: { "headline.occupiedBedsMean": replication + 0.5, "timeToBed.meanHours": null },
});

const NAMES = ["headline.occupiedBedsMean", "timeToBed.meanHours"];
const LAYOUT = new Map([
  ["a", NAMES],
  ["b", NAMES],
]);
const recordLine = (r: ReplicationRecord): string => namedLine(r, NAMES);

describe("replications.jsonl", () => {
  const dir = tempDir();

  it("drops a torn last line, and the writer cuts it off before appending", () => {
    const path = join(dir, "torn.jsonl");
    writeFileSync(path, recordLine(record("a", 0)) + recordLine(record("a", 1)));
    appendFileSync(path, '{"variant":"a","replica');
    const read = readRecords(path, LAYOUT);
    expect(read.records.map((r) => r.replication)).toEqual([0, 1]);
    expect(read.tornLine).toBe(true);
    const writer = new RecordWriter(path, read.intactBytes, LAYOUT);
    writer.append(record("a", 2));
    writer.close();
    const again = readRecords(path, LAYOUT);
    expect(again.tornLine).toBe(false);
    expect(again.records.map((r) => r.replication)).toEqual([0, 1, 2]);
    expect(readFileSync(path, "utf8").endsWith("\n")).toBe(true);
  });

  it("keeps the first of duplicates and refuses damage in the middle", () => {
    const path = join(dir, "dup.jsonl");
    writeFileSync(path, recordLine(record("a", 0)) + recordLine(record("a", 0)) + recordLine(record("b", 0)));
    const read = readRecords(path, LAYOUT);
    expect(read.records).toHaveLength(2);
    expect(read.duplicates).toBe(1);
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, `${recordLine(record("a", 0))}not json\n${recordLine(record("a", 1))}`);
    expect(() => readRecords(bad, LAYOUT)).toThrow(/line 2/);
  });

  it("round-trips numbers exactly and keeps nulls", () => {
    const path = join(dir, "exact.jsonl");
    const r = record("a", 3);
    r.metrics["headline.occupiedBedsMean"] = 0.1 + 0.2;
    writeFileSync(path, recordLine(r));
    expect(readRecords(path, LAYOUT).records[0]).toEqual(r);
  });

  it("round-trips a daily series, and reads records without one", () => {
    const path = join(dir, "daily.jsonl");
    const withDaily = { ...record("a", 0), daily: { start: "2026-01-12", occupiedBeds: [60.25, 61, 59.5] } };
    writeFileSync(path, recordLine(withDaily) + recordLine(record("a", 1)));
    const read = readRecords(path, LAYOUT).records;
    expect(read[0]).toEqual(withDaily);
    expect(read[1]).toEqual(record("a", 1));
    expect(recordLine(record("a", 1))).not.toContain("daily");
    const bad = join(dir, "bad-daily.jsonl");
    const broken = recordLine(record("a", 0)).replace(
      "}\n",
      ',"daily":{"start":"2026-01-12","occupiedBeds":["x"]}}\n',
    );
    writeFileSync(bad, `${broken}${recordLine(record("a", 1))}`);
    expect(() => readRecords(bad, LAYOUT)).toThrow(/line 1/);
  });
});
