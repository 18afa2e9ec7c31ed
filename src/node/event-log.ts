/**
 * `careflow run --events FILE`: every patient event of the run as CSV, written as the run goes in
 * blocks of about a megabyte, so memory stays bounded however long the run. The first six columns
 * are vidigi's event-log layout (patient, pathway, event_type, event, time, resource_id; time in
 * minutes from run.start, to 0.01, resource_id the ward or service); then group, variant, replication and
 * the wall-clock date-time.
 */
import type { PatientEvent, PatientEventName, PatientEventSink } from "../model/patient-events.js";
import { BlockFile, utf8 } from "./block-file.js";
import { WallClock, writeHundredths } from "./event-log-time.js";

export const EVENT_TYPE: Record<PatientEventName, string> = {
  arrival: "arrival_departure",
  depart: "arrival_departure",
  diverted: "arrival_departure",
  bed_requested: "queue",
  medically_fit: "queue",
  community_referred: "queue",
  admitted: "resource_use",
  transfer: "resource_use",
  assessment_start: "resource_use",
  assessment_end: "resource_use_end",
  community_start: "resource_use",
  community_end: "resource_use_end",
  listed: "queue",
  surgery_cancelled: "queue",
  surgery_start: "resource_use",
  surgery_end: "resource_use_end",
  ed_arrival: "arrival_departure",
  triage_start: "resource_use",
  seen: "resource_use",
  decision_to_admit: "queue",
  ed_discharged: "arrival_departure",
  left_before_triage: "arrival_departure",
  left_before_seen: "arrival_departure",
  left_before_bed: "arrival_departure",
};

export const EVENT_LOG_HEADER =
  "patient,pathway,event_type,event,time,resource_id,group,variant,replication,datetime";

/** What `careflow run --events` writes to: CSV, or OCEL 2.0 JSON (ocel-event-log.ts). */
export interface EventLog {
  /** Events written so far. */
  readonly written: number;
  /** A sink for one run: its variant, replication, start date and places label every event. */
  sinkFor(variant: string, replication: number, start: string, places: RunPlaces): PatientEventSink;
  close(): void;
}

/** The run's wards and community services, so a log can say which a place is. */
export interface RunPlaces {
  wards: readonly string[];
  services: readonly string[];
}

/** An event's two type columns between their commas, as bytes. */
const EVENT_COLUMNS = new Map(
  Object.entries(EVENT_TYPE).map(([event, type]) => [event, utf8(`,${type},${event},`)]),
);
const PATHWAY = utf8(",P");
const COMMA = utf8(",");
const NEWLINE = utf8("\n");
/** Digits, commas, the date-time and the event columns: a line's length besides its fields. */
const FIXED_BYTES = 96;

export class CsvEventLog implements EventLog {
  private readonly file: BlockFile;
  /** Each place's and group's CSV field as bytes (there are few). */
  private readonly fields = new Map<string, Uint8Array>();
  written = 0;

  constructor(path: string) {
    this.file = new BlockFile(path);
    this.file.text(`${EVENT_LOG_HEADER}\n`);
  }

  sinkFor(variant: string, replication: number, start: string): PatientEventSink {
    const clock = new WallClock(start, " ");
    const tail = utf8(`,${csvField(variant)},${replication},`);
    const file = this.file;
    return {
      record: (e: PatientEvent) => {
        const place = this.field(e.place);
        const group = this.field(e.group);
        file.reserve(FIXED_BYTES + place.length + group.length + tail.length);
        file.integer(e.patient);
        file.bytes(PATHWAY);
        file.integer(e.pathway);
        file.bytes(EVENT_COLUMNS.get(e.event)!);
        writeHundredths(file, e.time);
        file.bytes(COMMA);
        file.bytes(place);
        file.bytes(COMMA);
        file.bytes(group);
        file.bytes(tail);
        clock.write(file, e.time);
        file.bytes(NEWLINE);
        this.written++;
      },
    };
  }

  private field(text: string): Uint8Array {
    let field = this.fields.get(text);
    if (field === undefined) {
      field = utf8(csvField(text));
      this.fields.set(text, field);
    }
    return field;
  }

  close(): void {
    this.file.close();
  }
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
