import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeValues, encodeValues } from "../../src/batch/record-codec.js";
import {
  type CompactRecord,
  compactRecord,
  parseRecords,
  type RecordLayout,
  type ReplicationRecord,
  recordLine,
} from "../../src/batch/records.js";
import { runBatch } from "../../src/node/batch.js";
import { readManifest } from "../../src/node/manifest-file.js";
import { mergeBatches } from "../../src/node/merge.js";
import { readRecords } from "../../src/node/records-file.js";
import { ROOT } from "../cli-helpers.js";
import { tempDir, writeScenario } from "./helpers.js";

/** What a value reads back as: NaN as null (JSON lines always did), everything else itself. */
const expected = (x: number | null): number | null => (x === null || Number.isNaN(x) ? null : x);

const sameValues = (a: readonly (number | null)[], b: readonly (number | null)[]): boolean =>
  a.length === b.length && a.every((x, i) => Object.is(x, b[i]));

describe("record values as base64", () => {
  it("round-trips every double bit for bit, null, NaN as null, −0, subnormals and huge values", () => {
    const value = fc.oneof(
      fc.double(),
      fc.constant(null),
      fc.constantFrom(-0, 0, Number.MIN_VALUE, -Number.MIN_VALUE, 2.2250738585072e-308, Number.MAX_VALUE),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 2 ** 53, -(2 ** 53)),
      fc.integer({ min: -(2 ** 31), max: 2 ** 31 }),
      fc.maxSafeInteger(),
      fc.integer({ min: -100_000, max: 100_000 }).map((k) => k / 100),
    );
    fc.assert(
      fc.property(fc.array(value, { maxLength: 200 }), (values) => {
        const decoded = decodeValues(encodeValues(values));
        expect(decoded).toBeDefined();
        expect(sameValues(decoded!, values.map(expected))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("repeats an earlier double by reference, and writes whole numbers and hundredths short", () => {
    const x = 0.1 + 0.2;
    expect(decodeValues(encodeValues([x, 5, x]))).toEqual([x, 5, x]);
    // Tag + 8 bytes for x, 2 bytes for 5, 2 for the repeat: 13 bytes, 20 base64 characters.
    expect(encodeValues([x, 5, x])).toHaveLength(20);
    // 198.31 as hundredths: tag + varint of 19831 (3 bytes) = 4 bytes, 8 characters.
    expect(encodeValues([198.31])).toHaveLength(8);
  });

  it("refuses text that is not its encoding", () => {
    for (const bad of ["A", "AQ=", "!!!!", "AQE=", "BA==", "Aw==", "AQID"]) {
      expect(decodeValues(bad), bad).toBeUndefined();
    }
  });
});

const NAMES = ["a.mean", "b.count", "c.none"];
const LAYOUT: RecordLayout = Object.assign(new Map([["v", NAMES]]), { inputKeys: ["x.mean", "y.mean"] });

const full = (replication: number, inputs: Record<string, number>): ReplicationRecord => ({
  variant: "v",
  replication,
  seed: 7,
  complete: true,
  stability: {
    verdict: "not-stable",
    evidence: [
      "1,700 patients waiting for a bed at the end",
      "assessment is offered 95.1 assessors' worth of work against 95 (100%)",
      '221 patients on average were waiting for "step-down" in the run\'s last week',
    ],
  },
  warnings: [
    "unstable: assessment is offered 95.1 assessors' worth of work against 95; its queue will grow",
    'growing: 221 patients on average were waiting for "step-down" in the run\'s last week; demand may exceed',
  ],
  metrics: { "a.mean": 1 / 3, "b.count": 4337, "c.none": null },
  daily: { start: "2026-01-10", occupiedBeds: [198.31, 0.07, 1 / 7] },
  inputs,
});

describe("careflow-batch/3 lines", () => {
  it("read back as the record written: evidence, warnings, series and drawn inputs", () => {
    const inOrder = full(0, { "x.mean": 1.5, "y.mean": Math.PI });
    const otherKeys = full(1, { "y.mean": 2, "x.mean": 1e-300 });
    const text =
      recordLine(inOrder, NAMES, LAYOUT.inputKeys) + recordLine(otherKeys, NAMES, LAYOUT.inputKeys);
    const line = text.split("\n")[0]!;
    // Evidence drawn from a warning is written as a reference, not again as text.
    expect(line.match(/step-down/g)).toHaveLength(1);
    expect(line).not.toContain("x.mean");
    expect(parseRecords(text, "r.jsonl", LAYOUT).records).toEqual([inOrder, otherKeys]);
  });

  it("refuses a line whose evidence points at a warning it lacks", () => {
    const line = recordLine(full(0, { "x.mean": 1, "y.mean": 2 }), NAMES, LAYOUT.inputKeys);
    const broken = line.replace(/"warnings":\[[^\]]*\]/, '"warnings":[]');
    expect(() =>
      parseRecords(broken + line.replace('"replication":0', '"replication":1'), "r.jsonl", LAYOUT),
    ).toThrow(/r\.jsonl, line 1: not a replication record/);
  });
});

/** A line as careflow-batch/2 wrote it (values and series as decimal text, evidence in full). */
function version2Line(r: CompactRecord): string {
  return `${JSON.stringify({
    variant: r.variant,
    replication: r.replication,
    seed: r.seed,
    complete: r.complete,
    ...(r.stability === undefined ? {} : { stability: r.stability }),
    ...(r.warnings === undefined ? {} : { warnings: r.warnings }),
    values: r.values,
    ...(r.daily === undefined ? {} : { daily: r.daily }),
    ...(r.inputs === undefined ? {} : { inputs: r.inputs }),
  })}\n`;
}

/** Rewrites a batch folder as careflow-batch/2 would have written it. */
function toVersion2(dir: string): void {
  const manifest = readManifest(dir)!;
  const layout = new Map(
    manifest.variants.map((v, i) => [v.name, manifest.metricNames.sets[manifest.metricNames.ofVariant[i]!]!]),
  );
  const withKeys: RecordLayout = Object.assign(layout, {
    inputKeys: manifest.uncertainInputs?.map((i) => i.key),
  });
  const records = readRecords(join(dir, "replications.jsonl"), withKeys).records;
  writeFileSync(
    join(dir, "replications.jsonl"),
    records.map((r) => version2Line(compactRecord(r, layout.get(r.variant)!))).join(""),
  );
  writeFileSync(join(dir, "batch.json"), JSON.stringify({ ...manifest, format: "careflow-batch/2" }));
}

describe("careflow-batch/2 folders", () => {
  const dir = tempDir();
  const scenario = writeScenario(dir);
  const shard = (k: number) =>
    runBatch({
      scenario,
      variants: ["standard", "d2a"],
      replications: 6,
      workers: 1,
      series: true,
      shard: { index: k, count: 3 },
      outDir: join(dir, `s${k}`),
    }).then((r) => r.outDir);

  it("merge with careflow-batch/3 shards into the same summary as all-new shards", async () => {
    const shards = [await shard(0), await shard(1), await shard(2)];
    await mergeBatches({ inputs: shards, outDir: join(dir, "new") });
    toVersion2(shards[1]!);
    expect(readFileSync(join(shards[1]!, "replications.jsonl"), "utf8")).toMatch(/"values":\[/);
    await mergeBatches({ inputs: shards, outDir: join(dir, "mixed") });
    for (const file of ["summary.json", "replications.jsonl", "batch.json"]) {
      expect(readFileSync(join(dir, "mixed", file), "utf8"), file).toBe(
        readFileSync(join(dir, "new", file), "utf8"),
      );
    }
    expect(readManifest(join(dir, "mixed"))!.format).toBe("careflow-batch/3");
  });

  it("resume: a format 2 folder missing replications is completed to the summary of a fresh batch", async () => {
    const options = { scenario, variants: ["standard", "d2a"], replications: 4, workers: 1 };
    const fresh = await runBatch({ ...options, outDir: join(dir, "fresh") });
    const partial = await runBatch({ ...options, outDir: join(dir, "partial") });
    toVersion2(partial.outDir);
    const path = join(partial.outDir, "replications.jsonl");
    const lines = readFileSync(path, "utf8")
      .split("\n")
      .filter((l) => l !== "");
    writeFileSync(path, `${lines.slice(0, 5).join("\n")}\n`);
    const resumed = await runBatch({ ...options, outDir: partial.outDir, resume: true });
    expect(resumed.runInfo.ran).toBe(3);
    const text = readFileSync(path, "utf8");
    expect(text).toMatch(/"values":\[/);
    expect(text).toMatch(/"values":"/);
    expect(readFileSync(join(partial.outDir, "summary.json"), "utf8")).toBe(
      readFileSync(join(fresh.outDir, "summary.json"), "utf8"),
    );
  });
});

describe("record size", () => {
  const dir = tempDir();

  it("acute-medical records, inputs drawn, average at most 1.5 KB and stable ones each under it", async () => {
    const result = await runBatch({
      scenario: join(ROOT, "scenarios", "acute-medical.yaml"),
      variants: ["standard", "d2a"],
      replications: 2,
      workers: 1,
      outDir: join(dir, "acute"),
    });
    expect(result.manifest.uncertainInputs?.length).toBeGreaterThan(0);
    const lines = readFileSync(join(result.outDir, "replications.jsonl"), "utf8").trimEnd().split("\n");
    expect(lines).toHaveLength(8);
    const bytes = lines.map((l) => Buffer.byteLength(l) + 1);
    expect(bytes.reduce((a, b) => a + b, 0) / bytes.length).toBeLessThanOrEqual(1536);
    const withoutWarnings = lines.filter((l) => l.includes('"warnings":[]'));
    expect(withoutWarnings.length).toBeGreaterThan(0);
    for (const l of withoutWarnings) expect(Buffer.byteLength(l) + 1).toBeLessThanOrEqual(1536);
  }, 120_000);
});
