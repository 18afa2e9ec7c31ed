/** Which event log `careflow run --events FILE` writes: OCEL 2.0 JSON for .jsonocel/.json, else CSV. */
import { CsvEventLog, type EventLog } from "./event-log.js";
import { OcelEventLog } from "./ocel-event-log.js";

export type EventLogFormat = "csv" | "ocel";

export function eventLogFormat(path: string, requested?: string): EventLogFormat | undefined {
  if (requested !== undefined) return requested === "csv" || requested === "ocel" ? requested : undefined;
  return /\.(jsonocel|json)$/i.test(path) ? "ocel" : "csv";
}

export function openEventLog(path: string, format: EventLogFormat): EventLog {
  return format === "ocel" ? new OcelEventLog(path) : new CsvEventLog(path);
}
