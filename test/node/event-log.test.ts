/** The event log files: CSV and OCEL 2.0 JSON from the same runs, read back and checked against each other. */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { simulateScenario } from "../../src/model/run.js";
import { BlockFile } from "../../src/node/block-file.js";
import { CsvEventLog, type EventLog } from "../../src/node/event-log.js";
import { WallClock, writeHundredths } from "../../src/node/event-log-time.js";
import { OcelEventLog } from "../../src/node/ocel-event-log.js";
import type { Scenario } from "../../src/scenario/schema.js";
import { writeScenario } from "../batch/helpers.js";
import { runCli } from "../cli-helpers.js";
import { ampleDischarge, ampleService, scenario } from "../model/builders.js";

const dir = mkdtempSync(join(tmpdir(), "careflow-event-log-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// A transfer between wards, pathways to a community service, a ward that diverts, and an initial
// state (patients whose first event is not an arrival).
const hospital = scenario({
  name: "events",
  run: { horizon: "30d", warmup: "5d", start: "2026-03-27" },
  wards: [
    { id: "amu", beds: 5, maxWaiting: 2 },
    { id: "medicine", beds: 30 },
  ],
  community: [ampleService],
  groups: [
    {
      id: "through",
      arrivals: { perDay: 8 },
      stages: [
        { ward: "amu", los: { dist: "exponential", mean: "12h" } },
        { ward: "medicine", los: { dist: "lognormal", mean: "3d", sd: "2d" } },
      ],
      dischargePathways: { p0: 0.7, p1: 0.1, p2: 0.1, p3: 0.1 },
    },
  ],
  discharge: ampleDischarge,
  initialState: { wards: [{ ward: "medicine", group: "through", patients: 10 }] },
});
const d2a: Scenario = { ...hospital, discharge: { ...hospital.discharge, policy: "d2a" } };
const places = { wards: ["amu", "medicine"], services: ["ample"] };

function writeLog(log: EventLog): void {
  for (const [variant, s] of [
    ["standard", hospital],
    ["d2a", d2a],
  ] as const) {
    for (const replication of [0, 1]) {
      simulateScenario(s, {
        seed: 5,
        replication,
        patientEvents: log.sinkFor(variant, replication, s.run.start, places),
      });
    }
  }
  log.close();
}

interface Ocel {
  objectTypes: { name: string; attributes: { name: string; type: string }[] }[];
  eventTypes: { name: string; attributes: unknown[] }[];
  events: {
    id: string;
    type: string;
    time: string;
    attributes: unknown[];
    relationships: { objectId: string; qualifier: string }[];
  }[];
  objects: {
    id: string;
    type: string;
    attributes: { name: string; value: unknown; time: string }[];
    relationships: unknown[];
  }[];
}

describe("the OCEL 2.0 JSON event log", () => {
  const csvPath = join(dir, "events.csv");
  const ocelPath = join(dir, "events.jsonocel");
  const csv = new CsvEventLog(csvPath);
  writeLog(csv);
  const ocelLog = new OcelEventLog(ocelPath);
  writeLog(ocelLog);
  const rows = readFileSync(csvPath, "utf8").trimEnd().split("\n").slice(1);
  const ocel = JSON.parse(readFileSync(ocelPath, "utf8")) as Ocel;

  it("holds the CSV's events, one for one, in the same order and at the same date-times", () => {
    expect(ocelLog.written).toBe(csv.written);
    expect(ocel.events).toHaveLength(rows.length);
    expect(rows.length).toBeGreaterThan(1000);
    ocel.events.forEach((event, i) => {
      const [patient, , , name, , place, , variant, replication, datetime] = rows[i]!.split(",");
      expect(event.type).toBe(name);
      expect(event.time).toBe(`${datetime!.replace(" ", "T")}Z`);
      expect(event.relationships[0]).toEqual({
        objectId: `${variant}/${replication}/patient/${patient}`,
        qualifier: "patient",
      });
      expect(event.relationships).toHaveLength(place === "" ? 1 : 2);
    });
    const count = (name: string): number => rows.filter((r) => r.split(",")[3] === name).length;
    for (const t of ocel.eventTypes)
      expect(ocel.events.filter((e) => e.type === t.name).length).toBe(count(t.name));
    expect(new Set(ocel.events.map((e) => e.id)).size).toBe(ocel.events.length);
  });

  it("declares every type, and every relationship names an object the log holds", () => {
    const objectTypes = new Set(ocel.objectTypes.map((t) => t.name));
    const eventTypes = new Set(ocel.eventTypes.map((t) => t.name));
    const objects = new Map(ocel.objects.map((o) => [o.id, o]));
    expect(objects.size).toBe(ocel.objects.length); // ids unique
    const declared = new Map(
      ocel.objectTypes.map((t) => [t.name, new Map(t.attributes.map((a) => [a.name, a.type]))]),
    );
    const isOfType: Record<string, (v: unknown) => boolean> = {
      string: (v) => typeof v === "string",
      integer: (v) => Number.isInteger(v),
    };
    for (const o of ocel.objects) {
      expect(objectTypes.has(o.type), o.id).toBe(true);
      for (const a of o.attributes) {
        const type = declared.get(o.type)!.get(a.name);
        expect(type, `${o.type}.${a.name}`).toBeDefined();
        expect(isOfType[type!]!(a.value), `${o.id} ${a.name}`).toBe(true);
        expect(Number.isNaN(Date.parse(a.time))).toBe(false);
      }
    }
    for (const e of ocel.events) {
      expect(eventTypes.has(e.type)).toBe(true);
      expect(Number.isNaN(Date.parse(e.time))).toBe(false);
      for (const r of e.relationships) {
        const object = objects.get(r.objectId);
        expect(object, r.objectId).toBeDefined();
        expect(r.qualifier).toBe(object!.type);
      }
    }
    // Every patient of the CSV is an object, with its group and pathway; the wards and service too.
    const patients = new Set(rows.map((r) => r.split(",")).map((c) => `${c[7]}/${c[8]}/patient/${c[0]}`));
    expect(ocel.objects.filter((o) => o.type === "patient").length).toBe(patients.size);
    const someone = ocel.objects.find((o) => o.type === "patient")!;
    expect(someone.attributes.map((a) => a.name)).toEqual(["group", "pathway", "variant", "replication"]);
    expect(someone.attributes[0]!.value).toBe("through");
    expect(objects.has("d2a/1/ward/medicine")).toBe(true);
    expect(objects.get("standard/0/service/ample")?.type).toBe("service");
    // Initial patients start in a bed, with no arrival: they are objects all the same.
    const firstEvent = new Map<string, string>();
    for (const e of ocel.events)
      if (!firstEvent.has(e.relationships[0]!.objectId)) firstEvent.set(e.relationships[0]!.objectId, e.type);
    expect([...firstEvent.values()].some((t) => t !== "arrival")).toBe(true);
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("gives each object its events in time order", () => {
    const last = new Map<string, number>();
    for (const e of ocel.events) {
      const t = Date.parse(e.time);
      for (const r of e.relationships) {
        expect(t, `${r.objectId} at ${e.id}`).toBeGreaterThanOrEqual(last.get(r.objectId) ?? -Infinity);
        last.set(r.objectId, t);
      }
    }
  });
});

describe("event log text, made without a Date a line", () => {
  /** What `write` puts in a file, as text. */
  function written(write: (file: BlockFile) => void): string {
    const path = join(dir, "pieces.txt");
    const file = new BlockFile(path);
    write(file);
    file.close();
    return readFileSync(path, "utf8");
  }

  it("writes minutes to 0.01 exactly as Math.round(x × 100) / 100 prints", () => {
    const cases = fc.sample(
      fc.oneof(
        fc.double({ min: 0, max: 60 * 24 * 3660, noNaN: true }),
        fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 100),
      ),
      { numRuns: 20_000, seed: 7 },
    );
    const text = written((file) => {
      for (const minutes of cases) {
        file.reserve(64);
        writeHundredths(file, minutes);
        file.text("\n");
      }
    });
    expect(text.split("\n").slice(0, -1)).toEqual(cases.map((m) => String(Math.round(m * 100) / 100)));
  });

  it("gives the date-time Date would, to the second, across months, leap days and years", () => {
    const start = Date.parse("2027-12-30T00:00:00Z");
    // Away from a whole second by more than float rounding, where the two may disagree.
    const cases = fc
      .sample(fc.double({ min: 0, max: 60 * 24 * 800, noNaN: true }), { numRuns: 20_000, seed: 8 })
      .filter((m) => Math.abs(m * 60 - Math.round(m * 60)) > 1e-6);
    const expected = cases.map((m) =>
      new Date(start + Math.floor(m * 60) * 1000).toISOString().slice(0, 19).replace("T", " "),
    );
    const clock = new WallClock("2027-12-30", " ");
    expect(cases.map((m) => clock.format(m))).toEqual(expected);
    const text = written((file) => {
      for (const minutes of cases) {
        file.reserve(64);
        clock.write(file, minutes);
        file.text("\n");
      }
    });
    expect(text.split("\n").slice(0, -1)).toEqual(expected);
  });
});

describe("careflow run --events log.jsonocel", () => {
  it("writes OCEL 2.0 JSON, chosen by the file's extension", () => {
    const file = join(dir, "cli.jsonocel");
    const small = writeScenario(dir);
    const cli = runCli([
      "run",
      small,
      "--variant",
      "all",
      "--out",
      join(dir, "run"),
      "--no-report",
      "--events",
      file,
    ]);
    expect(cli.code, cli.stderr).toBe(0);
    const log = JSON.parse(readFileSync(file, "utf8")) as Ocel;
    expect(cli.stdout).toContain(`(${log.events.length} patient events)`);
    // The small scenario starts on Monday 2026-01-05; the first arrival is that day.
    expect(log.events[0]!.time).toMatch(/^2026-01-05T\d\d:\d\d:\d\dZ$/);
    const variants = new Set(log.objects.map((o) => o.id.split("/")[0]));
    expect(variants.size).toBeGreaterThan(1);
    const bad = runCli(["run", small, "--events", file, "--events-format", "xes"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--events-format must be csv or ocel/);
  }, 120_000);
});
