/**
 * `careflow run --events FILE`: every patient event of the run as CSV, written as the run goes in
 * blocks of about a megabyte, so memory stays bounded however long the run. The first six columns
 * are vidigi's event-log layout (patient, pathway, event_type, event, time, resource_id; time in
 * minutes from run.start, to 0.01, resource_id the ward or service); then group, variant, replication and
 * the wall-clock date-time.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import type { PatientEvent, PatientEventName, PatientEventSink } from "../model/patient-events.js";
import { hundredthsText, WallClock } from "./event-log-time.js";

export const EVENT_TYPE: Record<PatientEventName, string> = {
  arrival: "arrival_departure",
  depart: "arrival_departure",
  diverted: "arrival_departure",
  bed_requested: "queue",
  medically_fit: "queue",
  community_referred: "queue",
  admitted: "resource_use",
  transfer: "resource_use",
};

export const EVENT_LOG_HEADER =
  "patient,pathway,event_type,event,time,resource_id,group,variant,replication,datetime";
const FLUSH_CHARACTERS = 1 << 20;

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

/**
 * Text pieces that repeat on every line (an event's two type columns, a ward's or group's
 * quoted field) are made once: with the date-time from WallClock, a line is a few
 * concatenations and one number formatted.
 */
const EVENT_COLUMNS = Object.fromEntries(
  Object.entries(EVENT_TYPE).map(([event, type]) => [event, `,${type},${event},`]),
) as Record<PatientEventName, string>;
const PATHWAY_COLUMN = ["P0", "P1", "P2", "P3"];

export class CsvEventLog implements EventLog {
  private readonly fd: number;
  private pending = "";
  private readonly fields = new Map<string, string>();
  written = 0;

  constructor(path: string) {
    this.fd = openSync(path, "w");
    this.append(`${EVENT_LOG_HEADER}\n`);
  }

  sinkFor(variant: string, replication: number, start: string): PatientEventSink {
    const clock = new WallClock(start, " ");
    const tail = `,${csvField(variant)},${replication},`;
    return {
      record: (e: PatientEvent) => {
        this.append(
          `${e.patient},${PATHWAY_COLUMN[e.pathway] ?? `P${e.pathway}`}${EVENT_COLUMNS[e.event]}${hundredthsText(e.time)},${this.field(e.place)},${this.field(e.group)}${tail}${clock.format(e.time)}\n`,
        );
        this.written++;
      },
    };
  }

  /** A place's or group's CSV field, quoted once per distinct text (there are few). */
  private field(text: string): string {
    let field = this.fields.get(text);
    if (field === undefined) {
      field = csvField(text);
      this.fields.set(text, field);
    }
    return field;
  }

  private append(line: string): void {
    this.pending += line;
    if (this.pending.length >= FLUSH_CHARACTERS) this.flush();
  }

  private flush(): void {
    if (this.pending === "") return;
    writeSync(this.fd, this.pending);
    this.pending = "";
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
