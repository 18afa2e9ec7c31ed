/** The patient-level event log: what the hospital reports through the hook agrees with itself and with the summary. */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { PatientEvent } from "../../src/model/patient-events.js";
import { simulateScenario } from "../../src/model/run.js";
import { runCli } from "../cli-helpers.js";
import { ampleDischarge, ampleService, scenario } from "./builders.js";

// Two wards, a transfer between them, pathways 0–3, a ward that diverts when full: every event kind.
const twoWards = scenario({
  name: "events",
  run: { horizon: "60d", warmup: "10d" },
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
});

function run(): { events: PatientEvent[]; result: ReturnType<typeof simulateScenario> } {
  const events: PatientEvent[] = [];
  const result = simulateScenario(twoWards, { seed: 11, patientEvents: { record: (e) => events.push(e) } });
  return { events, result };
}

describe("patient events", () => {
  const { events, result } = run();
  const byPatient = new Map<number, PatientEvent[]>();
  for (const e of events) (byPatient.get(e.patient) ?? byPatient.set(e.patient, []).get(e.patient)!).push(e);

  it("come in time order for every patient, starting with the arrival", () => {
    expect(byPatient.size).toBeGreaterThan(400);
    for (const [patient, list] of byPatient) {
      expect(list[0]!.event, `patient ${patient}`).toBe("arrival");
      for (let i = 1; i < list.length; i++) expect(list[i]!.time).toBeGreaterThanOrEqual(list[i - 1]!.time);
    }
  });

  it("every admitted patient: arrival ≤ admitted ≤ transfer ≤ medically fit ≤ depart", () => {
    const order: PatientEvent["event"][] = [
      "arrival",
      "bed_requested",
      "admitted",
      "transfer",
      "medically_fit",
      "depart",
    ];
    for (const [patient, list] of byPatient) {
      // The first of each: a transfer asks for a bed again.
      const times = new Map<PatientEvent["event"], number>();
      for (const e of list) if (!times.has(e.event)) times.set(e.event, e.time);
      if (!times.has("admitted")) continue;
      const present = order.filter((name) => times.has(name)).map((name) => times.get(name)!);
      for (let i = 1; i < present.length; i++)
        expect(present[i]!, `patient ${patient}`).toBeGreaterThanOrEqual(present[i - 1]!);
      if (times.has("depart")) expect(times.has("medically_fit")).toBe(true);
    }
  });

  it("agree with the summary: arrivals, admissions, diversions and discharges in the window", () => {
    const warmup = twoWards.run.warmup;
    const arrivedInWindow = new Set(
      events.filter((e) => e.event === "arrival" && e.time >= warmup).map((e) => e.patient),
    );
    const count = (name: PatientEvent["event"], ofWindowArrivals: boolean): number =>
      events.filter(
        (e) => e.event === name && (ofWindowArrivals ? arrivedInWindow.has(e.patient) : e.time >= warmup),
      ).length;
    const flow = result.summary.unmetDemand;
    expect(arrivedInWindow.size).toBe(flow.arrivals);
    expect(count("admitted", true)).toBe(flow.admitted);
    expect(count("diverted", true)).toBe(flow.diverted);
    expect(count("diverted", true)).toBeGreaterThan(0);
    expect(count("depart", false)).toBe(flow.discharged);
    expect(count("transfer", false)).toBeGreaterThan(0);
  });

  it("change nothing in the run: the summary is the same with the log on and off", () => {
    const off = simulateScenario(twoWards, { seed: 11 });
    expect(JSON.stringify(off.summary)).toBe(JSON.stringify(result.summary));
  });
});

describe("careflow run --events", () => {
  it("writes the log as CSV with vidigi's columns first and a real date-time", () => {
    const dir = mkdtempSync(join(tmpdir(), "careflow-events-"));
    const file = join(dir, "events.csv");
    const cli = runCli([
      "run",
      "scenarios/acute-medical.yaml",
      "--out",
      join(dir, "run"),
      "--no-report",
      "--events",
      file,
    ]);
    expect(cli.code).toBe(0);
    const lines = readFileSync(file, "utf8").trimEnd().split("\n");
    expect(lines[0]).toBe(
      "patient,pathway,event_type,event,time,resource_id,group,variant,replication,datetime",
    );
    // acute-medical starts on Monday 2026-01-05; the first arrival is that day.
    expect(lines[1]).toMatch(
      /^\d+,P[0-3],arrival_departure,arrival,[\d.]+,,[a-z-]+,baseline,0,2026-01-05 \d\d:\d\d:\d\d$/,
    );
    expect(cli.stdout).toContain(`(${lines.length - 1} patient events)`);
  });
});
