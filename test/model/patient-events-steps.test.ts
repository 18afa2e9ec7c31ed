/**
 * The event log's later steps: assessments, community support and theatre cases. Each start has
 * its end (or is still running when the run stops), theatre patients' events come in the order a
 * case goes, and one id space holds every patient of a run, emergency and elective alike.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { PatientEvent, PatientEventName } from "../../src/model/patient-events.js";
import { simulateScenario } from "../../src/model/run.js";
import { CsvEventLog } from "../../src/node/event-log.js";
import { OcelEventLog } from "../../src/node/ocel-event-log.js";
import { readScenarioFile } from "../../src/node/scenario-file.js";
import { validateParsed } from "../../src/scenario/parse.js";

const SHORT = { "run.horizon": "120d", "run.warmup": "14d" };

function load(name: string, variant?: string) {
  const file = fileURLToPath(new URL(`../../scenarios/${name}.yaml`, import.meta.url));
  return validateParsed(readScenarioFile(file), variant, SHORT);
}

function eventsOf(name: string, variant?: string) {
  const loaded = load(name, variant);
  const events: PatientEvent[] = [];
  const result = simulateScenario(loaded.scenario, {
    variant: loaded.variant,
    scenarioName: loaded.scenario.name,
    patientEvents: { record: (e) => events.push(e) },
  });
  const byPatient = new Map<number, PatientEvent[]>();
  for (const e of events) (byPatient.get(e.patient) ?? byPatient.set(e.patient, []).get(e.patient)!).push(e);
  return { scenario: loaded.scenario, events, byPatient, result };
}

const count = (list: PatientEvent[], name: PatientEventName) => list.filter((e) => e.event === name).length;

describe("acute-medical d2a: assessments and community support", () => {
  const { scenario, events, byPatient } = eventsOf("acute-medical", "d2a");

  it("every assessment_start has one assessment_end, or the patient is still being assessed at the end", () => {
    let started = 0;
    let open = 0;
    for (const [patient, list] of byPatient) {
      const starts = list.filter((e) => e.event === "assessment_start");
      const ends = list.filter((e) => e.event === "assessment_end");
      expect(starts.length, `patient ${patient}`).toBeLessThanOrEqual(1);
      started += starts.length;
      if (starts.length === 0) {
        expect(ends, `patient ${patient}`).toHaveLength(0);
        continue;
      }
      if (ends.length === 0) {
        open++;
        continue;
      }
      expect(ends, `patient ${patient}`).toHaveLength(1);
      expect(ends[0]!.time).toBeGreaterThanOrEqual(starts[0]!.time);
      // D2A: assessed after leaving hospital, in the service they went to.
      const depart = list.find((e) => e.event === "depart")!;
      expect(starts[0]!.time).toBeGreaterThanOrEqual(depart.time);
      expect(starts[0]!.place).toBe(ends[0]!.place);
      expect(scenario.community.map((c) => c.id)).toContain(starts[0]!.place);
    }
    expect(started).toBeGreaterThan(100);
    // Each one still open holds an assessor, so there can be no more of them than assessors.
    expect(open).toBeLessThanOrEqual(scenario.discharge.d2a.assessment.assessors);
  });

  it("community support starts and ends in pairs per service, never two at once for a patient", () => {
    let pairs = 0;
    for (const [patient, list] of byPatient) {
      let current: PatientEvent | null = null;
      for (const e of list) {
        if (e.event === "community_start") {
          expect(current, `patient ${patient}`).toBeNull();
          current = e;
        } else if (e.event === "community_end") {
          expect(current, `patient ${patient}: an end without a start`).not.toBeNull();
          expect(e.place).toBe(current!.place);
          expect(e.time).toBeGreaterThanOrEqual(current!.time);
          current = null;
          pairs++;
        }
      }
    }
    expect(pairs).toBeGreaterThan(100);
    // Every support start after a discharge follows its patient's departure.
    for (const list of byPatient.values()) {
      const depart = list.find((e) => e.event === "depart");
      const first = list.find((e) => e.event === "community_start");
      if (depart && first) expect(first.time).toBeGreaterThanOrEqual(depart.time);
    }
    expect(events.some((e) => e.event === "community_end")).toBe(true);
  });
});

describe("acute-medical standard: the in-hospital assessment", () => {
  const { byPatient } = eventsOf("acute-medical", "standard");

  it("runs between medically fit and departure, on the patient's ward", () => {
    let assessed = 0;
    for (const [patient, list] of byPatient) {
      const start = list.find((e) => e.event === "assessment_start");
      if (!start) continue;
      assessed++;
      const fit = list.find((e) => e.event === "medically_fit")!;
      expect(start.time, `patient ${patient}`).toBeGreaterThanOrEqual(fit.time);
      const end = list.find((e) => e.event === "assessment_end");
      const depart = list.find((e) => e.event === "depart");
      if (depart) {
        expect(end, `patient ${patient}`).toBeDefined();
        expect(depart.time).toBeGreaterThanOrEqual(end!.time);
        expect(start.place).toBe(depart.place);
      }
    }
    expect(assessed).toBeGreaterThan(100);
  });
});

describe("theatre-lists: theatre patients", () => {
  const { events, byPatient, result } = eventsOf("theatre-lists");
  const surgical = new Set(["listed", "surgery_start", "surgery_end", "surgery_cancelled"]);

  it("each id is one patient: one group, and at most one arrival or listing", () => {
    for (const [patient, list] of byPatient) {
      expect(new Set(list.map((e) => e.group)).size, `patient ${patient}`).toBe(1);
      expect(count(list, "arrival") + count(list, "listed"), `patient ${patient}`).toBeLessThanOrEqual(1);
      // An emergency patient never has theatre events, an elective one never arrives.
      if (list.some((e) => surgical.has(e.event))) expect(count(list, "arrival")).toBe(0);
    }
    expect(events.some((e) => e.event === "arrival")).toBe(true);
    expect(events.some((e) => e.event === "surgery_start")).toBe(true);
  });

  it("go in order: listed, any cancellations, surgery start, admitted, surgery end, then the ward", () => {
    let operated = 0;
    let cancelled = 0;
    for (const [patient, list] of byPatient) {
      for (let i = 1; i < list.length; i++)
        expect(list[i]!.time, `patient ${patient}`).toBeGreaterThanOrEqual(list[i - 1]!.time);
      if (!list.some((e) => surgical.has(e.event))) continue;
      const names = list.map((e) => e.event);
      const start = names.indexOf("surgery_start");
      cancelled += count(list, "surgery_cancelled");
      if (names.includes("listed")) expect(names[0]).toBe("listed");
      if (start < 0) {
        expect(names).not.toContain("surgery_end");
        expect(names).not.toContain("admitted");
        continue;
      }
      operated++;
      expect(count(list, "surgery_start"), `patient ${patient}`).toBe(1);
      expect(names.lastIndexOf("surgery_cancelled")).toBeLessThan(start);
      const end = names.indexOf("surgery_end");
      if (end >= 0) {
        expect(list[end]!.place).toBe(list[start]!.place);
        expect(list[end]!.pathway).toBe(list[start]!.pathway);
      }
      const admitted = names.indexOf("admitted");
      if (admitted >= 0) {
        expect(admitted).toBeGreaterThan(start);
        expect(list[admitted]!.time).toBe(list[start]!.time);
        expect(list[admitted]!.pathway).toBe(list[start]!.pathway);
      } else {
        // A day case: out of theatre and gone, with pathway 0.
        expect(list[start]!.pathway).toBe(0);
        expect(names).not.toContain("depart");
      }
    }
    expect(operated).toBeGreaterThan(50);
    expect(cancelled).toBeGreaterThan(0);
    // After warm-up, the cases the log shows are the summary's.
    const warmup = 14 * 1440;
    const started = events.filter((e) => e.event === "surgery_start" && e.time >= warmup).length;
    expect(started).toBe(result.summary.theatres!.cases);
  });
});

describe("the new events in the files", () => {
  const dir = mkdtempSync(join(tmpdir(), "careflow-event-steps-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("CSV and OCEL carry theatre and community events, and OCEL declares every type it uses", () => {
    const loaded = load("theatre-lists");
    const csvPath = join(dir, "events.csv");
    const ocelPath = join(dir, "events.jsonocel");
    const places = {
      wards: loaded.scenario.wards.map((w) => w.id),
      services: loaded.scenario.community.map((c) => c.id),
    };
    for (const log of [new CsvEventLog(csvPath), new OcelEventLog(ocelPath)]) {
      simulateScenario(loaded.scenario, {
        variant: loaded.variant,
        patientEvents: log.sinkFor("baseline", 0, loaded.scenario.run.start, places),
      });
      log.close();
    }
    const rows = readFileSync(csvPath, "utf8").trimEnd().split("\n").slice(1);
    const ocel = JSON.parse(readFileSync(ocelPath, "utf8")) as {
      eventTypes: { name: string }[];
      events: { type: string }[];
    };
    expect(ocel.events).toHaveLength(rows.length);
    const declared = new Set(ocel.eventTypes.map((t) => t.name));
    for (const e of ocel.events) expect(declared).toContain(e.type);
    const typeOf = (event: string) => rows.find((r) => r.split(",")[3] === event)?.split(",")[2];
    expect(typeOf("surgery_start")).toBe("resource_use");
    expect(typeOf("surgery_end")).toBe("resource_use_end");
    expect(typeOf("surgery_cancelled")).toBe("queue");
    expect(typeOf("listed")).toBe("queue");
  });
});

describe("ed-front-door: emergency department events", () => {
  const { scenario, byPatient, result } = eventsOf("ed-front-door");
  const ed = result.summary.ed!;
  const endings = new Set(["ed_discharged", "left_before_triage", "left_before_seen", "decision_to_admit"]);

  it("each visit starts with its arrival in ED and ends the department at most once", () => {
    let visits = 0;
    for (const [patient, list] of byPatient) {
      if (list[0]!.event !== "ed_arrival") continue;
      visits++;
      expect(count(list, "ed_arrival"), `patient ${patient}`).toBe(1);
      expect(list.filter((e) => endings.has(e.event)).length, `patient ${patient}`).toBeLessThanOrEqual(1);
      for (let i = 1; i < list.length; i++) expect(list[i]!.time).toBeGreaterThanOrEqual(list[i - 1]!.time);
      const names = list.map((e) => e.event);
      if (names.includes("seen") && names.includes("triage_start"))
        expect(names.indexOf("triage_start")).toBeLessThan(names.indexOf("seen"));
      const decision = names.indexOf("decision_to_admit");
      if (decision >= 0) {
        expect(names.indexOf("seen")).toBeLessThan(decision);
        // The hospital takes over at once, under the same id: an arrival from ED asking for a bed.
        expect(list[decision + 1]).toMatchObject({
          event: "arrival",
          place: "ed",
          time: list[decision]!.time,
        });
      }
    }
    expect(visits).toBeGreaterThan(1000);
  });

  it("agree with the summary's ED figures in the window: attendances, decisions to admit, those who left", () => {
    const warmup = scenario.run.warmup;
    const inWindow = [...byPatient.values()].filter(
      (list) => list[0]!.event === "ed_arrival" && list[0]!.time >= warmup,
    );
    const having = (name: PatientEventName) => inWindow.filter((list) => count(list, name) > 0).length;
    expect(ed.decisionsToAdmit).toBeGreaterThan(0);
    expect(inWindow.length).toBe(ed.arrivals);
    expect(having("decision_to_admit")).toBe(ed.decisionsToAdmit);
    expect(having("left_before_triage") + having("left_before_seen") + having("left_before_bed")).toBe(
      ed.left,
    );
    expect(having("ed_discharged")).toBe(ed.outcomes.home + ed.outcomes.sdec);
  });
});
