/**
 * `careflow run --events FILE`: every patient event of the run as CSV, written as the run goes in
 * blocks of about a megabyte, so memory stays bounded however long the run. The first six columns
 * are vidigi's event-log layout (patient, pathway, event_type, event, time, resource_id; time in
 * minutes from run.start, resource_id the ward or service); then group, variant, replication and
 * the wall-clock date-time.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import type { PatientEvent, PatientEventName, PatientEventSink } from "../model/patient-events.js";

const EVENT_TYPE: Record<PatientEventName, string> = {
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

export class CsvEventLog {
  private readonly fd: number;
  private buffer: string[] = [];
  private buffered = 0;
  written = 0;

  constructor(path: string) {
    this.fd = openSync(path, "w");
    this.append(`${EVENT_LOG_HEADER}\n`);
  }

  /** A sink for one run: its variant, replication and start date label every line. */
  sinkFor(variant: string, replication: number, start: string): PatientEventSink {
    const startMs = Date.parse(`${start}T00:00:00Z`);
    const tail = `,${csvField(variant)},${replication},`;
    return {
      record: (e: PatientEvent) => {
        const datetime = new Date(startMs + e.time * 60_000).toISOString().slice(0, 19).replace("T", " ");
        this.append(
          `${e.patient},P${e.pathway},${EVENT_TYPE[e.event]},${e.event},${e.time},${csvField(e.place)},${csvField(e.group)}${tail}${datetime}\n`,
        );
        this.written++;
      },
    };
  }

  private append(line: string): void {
    this.buffer.push(line);
    this.buffered += line.length;
    if (this.buffered >= FLUSH_CHARACTERS) this.flush();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    writeSync(this.fd, this.buffer.join(""));
    this.buffer = [];
    this.buffered = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
