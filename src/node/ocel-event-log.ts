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
import { closeSync, readSync, rmSync, writeSync } from "node:fs";
import type { PatientEvent, PatientEventSink } from "../model/patient-events.js";
import { PATIENT_EVENTS } from "../model/patient-events.js";
import { BlockFile, utf8 } from "./block-file.js";
import type { EventLog, RunPlaces } from "./event-log.js";
import { WallClock } from "./event-log-time.js";

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

/** An event's text from its id to its time, as bytes: `","type":"admitted","time":"`. */
const EVENT_TYPE_BYTES = new Map(PATIENT_EVENTS.map((name) => [name, utf8(`","type":"${name}","time":"`)]));
const FIRST_EVENT = utf8('\n{"id":"e');
const NEXT_EVENT = utf8(',\n{"id":"e');
const PATIENT_QUALIFIER = utf8('","qualifier":"patient"}');
const EVENT_END = utf8("]}");
const FIRST_OBJECT = utf8("\n");
const NEXT_OBJECT = utf8(",\n");
const PATIENT_GROUP = utf8('","type":"patient","attributes":[{"name":"group","value":');
const TIME = utf8(',"time":"');
const PATIENT_PATHWAY = utf8('Z"},{"name":"pathway","value":');
const PATIENT_END = utf8('Z"}],"relationships":[]}');

/** A run's own pieces of a patient's object: its id's prefix, the variant and the replication. */
interface PatientPieces {
  id: Uint8Array;
  variant: Uint8Array;
  replication: Uint8Array;
  length: number;
}

/** Digits, the date-time and the fixed text: an event's length besides its object ids. */
const FIXED_BYTES = 200;

export class OcelEventLog implements EventLog {
  private readonly events: BlockFile;
  private readonly objects: BlockFile;
  private readonly objectsPath: string;
  private objectCount = 0;
  private readonly groups = new Map<string, Uint8Array>();
  written = 0;

  constructor(path: string) {
    this.events = new BlockFile(path);
    this.objectsPath = `${path}.objects.tmp`;
    this.objects = new BlockFile(this.objectsPath, "w+");
    this.events.text(
      `{"objectTypes":${JSON.stringify(OBJECT_TYPES)},\n"eventTypes":${JSON.stringify(EVENT_TYPES)},\n"events":[`,
    );
  }

  sinkFor(variant: string, replication: number, start: string, places: RunPlaces): PatientEventSink {
    const clock = new WallClock(start, "T");
    const prefix = `${variant}/${replication}/`;
    const patientRef = JSON.stringify(`${prefix}patient/`).slice(0, -1); // '"d2a/0/patient/' to add the id to
    // From the time's end to the patient's id: `Z","attributes":[],"relationships":[{"objectId":"d2a/0/patient/`.
    const toPatient = utf8(`Z","attributes":[],"relationships":[{"objectId":${patientRef}`);
    const id = utf8(`{"id":${patientRef}`);
    const variantPiece = utf8(`Z"},{"name":"variant","value":${JSON.stringify(variant)}`);
    const replicationPiece = utf8(`Z"},{"name":"replication","value":${replication}`);
    const patient: PatientPieces = {
      id,
      variant: variantPiece,
      replication: replicationPiece,
      length: id.length + variantPiece.length + replicationPiece.length,
    };
    const seen = new Seen();
    // Each place's relationship as bytes, made (and its object written) the first time it is named.
    const placeRelations = new Map<string, Uint8Array>();
    const kinds = new Map<string, string>();
    for (const w of places.wards) kinds.set(w, "ward");
    for (const s of places.services) if (!kinds.has(s)) kinds.set(s, "service");
    const relationTo = (place: string): Uint8Array => {
      let bytes = placeRelations.get(place);
      if (bytes === undefined) {
        const kind = kinds.get(place) ?? "place";
        const id = JSON.stringify(`${prefix}${kind}/${place}`);
        bytes = utf8(`,{"objectId":${id},"qualifier":"${kind}"}`);
        placeRelations.set(place, bytes);
        this.writeObject(`{"id":${id},"type":"${kind}","attributes":[],"relationships":[]}`);
      }
      return bytes;
    };
    const noPlace = new Uint8Array(0);
    const file = this.events;
    return {
      record: (e: PatientEvent) => {
        if (seen.add(e.patient)) this.writePatient(e, clock, patient);
        const place = e.place === "" ? noPlace : relationTo(e.place);
        file.reserve(FIXED_BYTES + toPatient.length + place.length);
        file.bytes(this.written === 0 ? FIRST_EVENT : NEXT_EVENT);
        file.integer(this.written + 1);
        file.bytes(EVENT_TYPE_BYTES.get(e.event)!);
        clock.write(file, e.time);
        file.bytes(toPatient);
        file.integer(e.patient);
        file.bytes(PATIENT_QUALIFIER);
        file.bytes(place);
        file.bytes(EVENT_END);
        this.written++;
      },
    };
  }

  /**
   * A patient's object, at its first event (an arrival, or for an initial patient whatever comes
   * first), written as bytes like an event: there is one a spell.
   */
  private writePatient(e: PatientEvent, clock: WallClock, pieces: PatientPieces): void {
    const file = this.objects;
    const group = this.groupBytes(e.group);
    file.reserve(FIXED_BYTES * 2 + pieces.length + group.length);
    file.bytes(this.objectCount === 0 ? FIRST_OBJECT : NEXT_OBJECT);
    file.bytes(pieces.id);
    file.integer(e.patient);
    file.bytes(PATIENT_GROUP);
    file.bytes(group);
    file.bytes(TIME);
    clock.write(file, e.time);
    file.bytes(PATIENT_PATHWAY);
    file.integer(e.pathway);
    file.bytes(TIME);
    clock.write(file, e.time);
    file.bytes(pieces.variant);
    file.bytes(TIME);
    clock.write(file, e.time);
    file.bytes(pieces.replication);
    file.bytes(TIME);
    clock.write(file, e.time);
    file.bytes(PATIENT_END);
    this.objectCount++;
  }

  private groupBytes(group: string): Uint8Array {
    let bytes = this.groups.get(group);
    if (bytes === undefined) {
      bytes = utf8(JSON.stringify(group));
      this.groups.set(group, bytes);
    }
    return bytes;
  }

  private writeObject(text: string): void {
    this.objects.text(`${this.objectCount === 0 ? "\n" : ",\n"}${text}`);
    this.objectCount++;
  }

  /** Ends the events, copies the objects in after them, and closes the JSON. */
  close(): void {
    this.events.text('\n],\n"objects":[');
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
