/**
 * `careflow run --events FILE`: every patient event of the run as CSV, written as the run goes in
 * blocks of about a megabyte, so memory stays bounded however long the run. The first six columns
 * are vidigi's event-log layout (patient, pathway, event_type, event, time, resource_id; time in
 * minutes from run.start, to 0.01, resource_id the ward or service); then group, variant, replication and
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
  private pending = "";
  written = 0;

  constructor(path: string) {
    this.fd = openSync(path, "w");
    this.append(`${EVENT_LOG_HEADER}\n`);
  }

  /** A sink for one run: its variant, replication and start date label every line. */
  sinkFor(variant: string, replication: number, start: string): PatientEventSink {
    const startDay = Date.parse(`${start}T00:00:00Z`) / 86_400_000;
    const tail = `,${csvField(variant)},${replication},`;
    // Formatting a date is the costly part of a line: the day's text is kept until the day changes.
    let cachedDay = Number.NaN;
    let dayText = "";
    return {
      record: (e: PatientEvent) => {
        const day = Math.floor(e.time / 1440);
        if (day !== cachedDay) {
          cachedDay = day;
          dayText = new Date((startDay + day) * 86_400_000).toISOString().slice(0, 10);
        }
        const seconds = Math.floor((e.time - day * 1440) * 60);
        const clock = `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
        this.append(
          `${e.patient},P${e.pathway},${EVENT_TYPE[e.event]},${e.event},${Math.round(e.time * 100) / 100},${csvField(e.place)},${csvField(e.group)}${tail}${dayText} ${clock}\n`,
        );
        this.written++;
      },
    };
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

const two = (n: number): string => (n < 10 ? `0${n}` : String(n));

function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
