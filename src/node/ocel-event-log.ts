/**
 * `careflow run --events log.jsonocel`: the patient event log as OCEL 2.0 JSON, for
 * object-centric process-mining tools (pm4py, OCPA, Celonis):
 *
 *   { "objectTypes": [...], "eventTypes": [...], "events": [...], "objects": [...] }
 *
 * Object types: patient (group, pathway, variant, replication), ward, service and place (any
 * other place an event names). Every event relates to its patient (qualifier "patient") and,
 * when it has one, to its ward or service. Times are the hospital's wall clock from run.start,
 * written with "Z": the model has no time zone, so read them as local times.
 *
 * Streamed with bounded memory: events go to the file in blocks of about a megabyte as the run
 * makes them; each object is written, when first named, to a temporary file beside the log,
 * which is copied in after the events. Object ids are scoped by run ("d2a/0/patient/17"), so
 * several variants share one log and each object's events stay in time order. Which patients
 * already have their object is one bit a patient id (9 kB for a simulated year of acute-medical).
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import type { PatientEvent, PatientEventSink } from "../model/patient-events.js";
import { PATIENT_EVENTS } from "../model/patient-events.js";
import type { EventLog, RunPlaces } from "./event-log.js";
import { WallClock } from "./event-log-time.js";

const FLUSH_CHARACTERS = 1 << 20;
const COPY_BYTES = 1 << 20;

const OBJECT_TYPES = [
  {
    name: "patient",
    attributes: [
      { name: "group", type: "string" },
      { name: "pathway", type: "integer" },
      { name: "variant", type: "string" },
      { name: "replication", type: "integer" },
    ],
  },
  { name: "ward", attributes: [] },
  { name: "service", attributes: [] },
  { name: "place", attributes: [] },
];

const EVENT_TYPES = PATIENT_EVENTS.map((name) => ({ name, attributes: [] }));

/** A growable bit set over small whole numbers (patient ids count up from 0 in a run). */
class Seen {
  private bits = new Uint32Array(1024);

  /** True the first time `n` is seen. */
  add(n: number): boolean {
    const word = n >>> 5;
    if (word >= this.bits.length) {
      const grown = new Uint32Array(Math.max(word + 1, this.bits.length * 2));
      grown.set(this.bits);
      this.bits = grown;
    }
    const mask = 1 << (n & 31);
    if ((this.bits[word]! & mask) !== 0) return false;
    this.bits[word]! |= mask;
    return true;
  }
}

class BlockWriter {
  private pending = "";
  constructor(readonly fd: number) {}

  append(text: string): void {
    this.pending += text;
    if (this.pending.length >= FLUSH_CHARACTERS) this.flush();
  }

  flush(): void {
    if (this.pending === "") return;
    writeSync(this.fd, this.pending);
    this.pending = "";
  }
}

export class OcelEventLog implements EventLog {
  private readonly events: BlockWriter;
  private readonly objects: BlockWriter;
  private readonly objectsPath: string;
  private objectCount = 0;
  written = 0;

  constructor(path: string) {
    this.events = new BlockWriter(openSync(path, "w"));
    this.objectsPath = `${path}.objects.tmp`;
    this.objects = new BlockWriter(openSync(this.objectsPath, "w+"));
    this.events.append(
      `{"objectTypes":${JSON.stringify(OBJECT_TYPES)},\n"eventTypes":${JSON.stringify(EVENT_TYPES)},\n"events":[`,
    );
  }

  sinkFor(variant: string, replication: number, start: string, places: RunPlaces): PatientEventSink {
    const clock = new WallClock(start, "T");
    const prefix = `${variant}/${replication}/`;
    const patientRef = JSON.stringify(`${prefix}patient/`).slice(0, -1); // '"d2a/0/patient/' to add the id to
    const variantField = JSON.stringify(variant);
    const seen = new Seen();
    // Each place's relationship text, made (and its object written) the first time it is named.
    const placeRelations = new Map<string, string>();
    const kinds = new Map<string, string>();
    for (const w of places.wards) kinds.set(w, "ward");
    for (const s of places.services) if (!kinds.has(s)) kinds.set(s, "service");
    const relationTo = (place: string): string => {
      let text = placeRelations.get(place);
      if (text === undefined) {
        const kind = kinds.get(place) ?? "place";
        const id = JSON.stringify(`${prefix}${kind}/${place}`);
        text = `,{"objectId":${id},"qualifier":"${kind}"}`;
        placeRelations.set(place, text);
        this.writeObject(`{"id":${id},"type":"${kind}","attributes":[],"relationships":[]}`);
      }
      return text;
    };
    const groups = new Map<string, string>();
    return {
      record: (e: PatientEvent) => {
        const time = clock.format(e.time);
        if (seen.add(e.patient)) {
          let group = groups.get(e.group);
          if (group === undefined) {
            group = JSON.stringify(e.group);
            groups.set(e.group, group);
          }
          this.writeObject(
            `{"id":${patientRef}${e.patient}","type":"patient","attributes":[` +
              `{"name":"group","value":${group},"time":"${time}Z"},` +
              `{"name":"pathway","value":${e.pathway},"time":"${time}Z"},` +
              `{"name":"variant","value":${variantField},"time":"${time}Z"},` +
              `{"name":"replication","value":${replication},"time":"${time}Z"}],"relationships":[]}`,
          );
        }
        const place = e.place === "" ? "" : relationTo(e.place);
        this.events.append(
          `${this.written === 0 ? "\n" : ",\n"}{"id":"e${this.written + 1}","type":"${e.event}","time":"${time}Z","attributes":[],` +
            `"relationships":[{"objectId":${patientRef}${e.patient}","qualifier":"patient"}${place}]}`,
        );
        this.written++;
      },
    };
  }

  private writeObject(text: string): void {
    this.objects.append(`${this.objectCount === 0 ? "\n" : ",\n"}${text}`);
    this.objectCount++;
  }

  /** Ends the events, copies the objects in after them, and closes the JSON. */
  close(): void {
    this.events.append('\n],\n"objects":[');
    this.events.flush();
    this.objects.flush();
    const buffer = new Uint8Array(COPY_BYTES);
    let position = 0;
    for (;;) {
      const read = readSync(this.objects.fd, buffer, 0, buffer.length, position);
      if (read === 0) break;
      writeSync(this.events.fd, buffer, 0, read);
      position += read;
    }
    closeSync(this.objects.fd);
    rmSync(this.objectsPath, { force: true });
    writeSync(this.events.fd, "\n]}\n");
    closeSync(this.events.fd);
  }
}
